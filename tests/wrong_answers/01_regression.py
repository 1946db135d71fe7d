"""Plausible wrong answers for solutions/01_regression.ipynb: every check must reject each of them."""

WRONG_ANSWERS = {
    "1.1": [
        # dropped the factor 2 of the squared error
        "return theta - lr * (X.T @ (X @ theta - y)) / X.shape[0]",
        # summed instead of averaged over the N examples
        "return theta - lr * 2.0 * (X.T @ (X @ theta - y))",
        # stepped up the gradient (ascent)
        "return theta + lr * (2.0 / X.shape[0]) * (X.T @ (X @ theta - y))",
        # returned the gradient, not the new parameters
        "return (2.0 / X.shape[0]) * (X.T @ (X @ theta - y))",
        # transpose on the wrong side: shape error inside the student's code
        "return theta - lr * (2.0 / X.shape[0]) * ((X @ theta - y) @ X.T)",
        # N hard-coded from one test problem (30 examples): passes a check with a single input size
        "return theta - lr * (2.0 / 30) * (X.T @ (X @ theta - y))",
    ],
    "1.2": [
        # the unbiased variance, dividing by N - 1
        "r = y_pred - y\nreturn jnp.sum(r ** 2) / (r.shape[0] - 1)",
        # the standard deviation sigma instead of the variance sigma^2
        "return jnp.sqrt(jnp.mean((y - y_pred) ** 2))",
        # the variance of the residuals around their own mean
        "return jnp.var(y - y_pred)",
        # forgot the mean: one squared residual per example
        "return (y - y_pred) ** 2",
    ],
    "1.3": [
        # forgot the 1/N of the mean
        "return jnp.clip(y_pred - y, -delta, delta)",
        # residual with the wrong sign
        "return jnp.clip(y - y_pred, -delta, delta) / y.shape[0]",
        # the MSE-style gradient, never clipped
        "return (y_pred - y) / y.shape[0]",
        # outside the threshold: sign(r) without the factor delta
        "r = y_pred - y\nreturn jnp.where(jnp.abs(r) <= delta, r, jnp.sign(r)) / y.shape[0]",
        # summed into one number instead of one entry per example
        "return jnp.sum(jnp.clip(y_pred - y, -delta, delta)) / y.shape[0]",
        # jax.grad of the Huber loss, which the statement forbids: right values, no derivation
        "h = lambda r: jnp.where(jnp.abs(r) <= delta, 0.5 * r ** 2, delta * (jnp.abs(r) - 0.5 * delta))\n"
        "return jax.grad(lambda p: jnp.mean(h(p - y)))(y_pred)",
        # the same through an alias, imported inside the answer
        "from jax import grad as derivative\n"
        "return derivative(lambda p: jnp.mean(jnp.where(jnp.abs(p - y) <= delta, 0.5 * (p - y) ** 2,\n"
        "                                                delta * (jnp.abs(p - y) - 0.5 * delta))))(y_pred)",
    ],
    "1.4": [
        # forgot the penalty
        "return jnp.linalg.solve(X.T @ X, X.T @ y)",
        # penalty of the mean squared error, N times too strong for the summed objective
        "return jnp.linalg.solve(X.T @ X + lam * X.shape[0] * jnp.eye(X.shape[1]), X.T @ y)",
        # penalty added to the solution instead of to X^T X
        "return jnp.linalg.solve(X.T @ X, X.T @ y) + lam",
        # penalty on every entry of X^T X instead of on the diagonal
        "return jnp.linalg.solve(X.T @ X + lam, X.T @ y)",
        # identity of a fixed size (3 features): passes a check with a single input size
        "return jnp.linalg.solve(X.T @ X + lam * jnp.eye(3), X.T @ y)",
    ],
    "1.5": [
        # forgot the factor 2/N in the Hessian
        "return 2.0 / jnp.linalg.eigvalsh(X.T @ X)[-1]",
        # 1 / lambda_max: monotone descent, but not the largest stable rate
        "return 1.0 / jnp.linalg.eigvalsh((2.0 / X.shape[0]) * (X.T @ X))[-1]",
        # the smallest eigenvalue instead of the largest
        "return 2.0 / jnp.linalg.eigvalsh((2.0 / X.shape[0]) * (X.T @ X))[0]",
        # returned all the per-eigenvalue limits instead of the binding one
        "return 2.0 / jnp.linalg.eigvalsh((2.0 / X.shape[0]) * (X.T @ X))",
    ],
    "1.6": [
        # the edge of stability, where rho = 1
        "return 2.0 / jnp.linalg.eigvalsh((2.0 / X.shape[0]) * (X.T @ X))[-1]",
        # 1 / lambda_max: safe but slow
        "return 1.0 / jnp.linalg.eigvalsh((2.0 / X.shape[0]) * (X.T @ X))[-1]",
        # eigenvalues of X^T X instead of H = (2/N) X^T X
        "lams = jnp.linalg.eigvalsh(X.T @ X)\nreturn 2.0 / (lams[0] + lams[-1])",
        # 1 / lambda_min: far past the edge of stability
        "return 1.0 / jnp.linalg.eigvalsh((2.0 / X.shape[0]) * (X.T @ X))[0]",
    ],
    "1.7": [
        # the unbiased variance, dividing by R - 1: bias2 + variance no longer equals the mean squared error
        "f_bar = preds.mean(axis=0)\nreturn float(np.mean((f_bar - f_x) ** 2)), float(np.mean(preds.var(axis=0, ddof=1)))",
        # averaged the bias over the inputs before squaring it: positive and negative biases cancel
        "f_bar = preds.mean(axis=0)\nreturn float(np.mean(f_bar - f_x) ** 2), float(np.mean(preds.var(axis=0)))",
        # variance over the inputs instead of over the resamples
        "f_bar = preds.mean(axis=0)\nreturn float(np.mean((f_bar - f_x) ** 2)), float(np.mean(preds.var(axis=1)))",
        # the bias itself, not squared (mean absolute gap)
        "f_bar = preds.mean(axis=0)\nreturn float(np.mean(np.abs(f_bar - f_x))), float(np.mean(preds.var(axis=0)))",
        # the mean squared error against f returned as the bias2 (it already contains the variance)
        "return float(np.mean((preds - f_x) ** 2)), float(np.mean(preds.var(axis=0)))",
    ],
}
