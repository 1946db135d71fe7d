"""Plausible wrong answers for solutions/04_optimisation.ipynb: every check must reject each of them."""


def _adam_quadratic(rotation="c, s = math.cos(angle), math.sin(angle)",
                    matrix="R @ jnp.diag(jnp.array([1.0, kappa], jnp.float32)) @ R.T",
                    start="R @ jnp.ones(2, jnp.float32)", optimiser="optax.adam(lr)", gradient="A @ theta",
                    result="np.concatenate([[1.0], np.asarray(norms) / float(jnp.linalg.norm(theta0))])") -> str:
    """Exercise 4.8's answer with one piece replaced."""
    return (f"{rotation}\nR = jnp.array([[c, -s], [s, c]], jnp.float32)\nA = {matrix}\ntheta0 = {start}\n"
            f"tx = {optimiser}\n"
            "def step(carry, _):\n    theta, state = carry\n"
            f"    updates, state = tx.update({gradient}, state, theta)\n"
            "    theta = optax.apply_updates(theta, updates)\n    return (theta, state), jnp.linalg.norm(theta)\n"
            "_, norms = jax.lax.scan(step, (theta0, tx.init(theta0)), None, length=steps)\n"
            f"return {result}")


WRONG_ANSWERS = {
    "4.1": [
        # an exponential moving average (optax.ema) instead of the trace beta v + g
        "v_new = beta * v + (1 - beta) * g\nreturn theta - lr * v_new, v_new",
        # stepped with the old velocity
        "return theta - lr * v, beta * v + g",
        # the Nesterov step instead of the heavy ball
        "v_new = beta * v + g\nreturn theta - lr * (g + beta * v_new), v_new",
        # plain gradient descent, velocity ignored
        "return theta - lr * g, v",
    ],
    "4.2": [
        # no bias correction
        "t = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * m / (jnp.sqrt(v) + eps), (m, v, t)",
        # the source material's 'Adam': no second moment
        "t = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * m / (1 - b1 ** t), (m, v, t)",
        # eps inside the square root (optax.adam puts it outside)
        "t = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (1 - b1 ** t)) / jnp.sqrt(v / (1 - b2 ** t) + eps), (m, v, t)",
        # bias correction with t before incrementing: division by zero at the first step
        "m = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps), (m, v, t + 1)",
    ],
    "4.3": [
        # the cosine runs over all T steps instead of the T - W after the warm-up
        "if t < warmup:\n    return peak * t / warmup\n"
        "return end + (peak - end) * 0.5 * (1.0 + math.cos(math.pi * min(t, total) / total))",
        # no clamp after T: the cosine climbs back up
        "if t < warmup:\n    return peak * t / warmup\n"
        "return end + (peak - end) * 0.5 * (1.0 + math.cos(math.pi * (t - warmup) / (total - warmup)))",
        # warm-up off by one: reaches the peak one step early
        "if t < warmup:\n    return peak * (t + 1) / warmup\n"
        "progress = min(t - warmup, total - warmup) / (total - warmup)\n"
        "return end + (peak - end) * 0.5 * (1.0 + math.cos(math.pi * progress))",
        # decays to 0, ignoring end
        "if t < warmup:\n    return peak * t / warmup\n"
        "progress = min(t - warmup, total - warmup) / (total - warmup)\n"
        "return peak * 0.5 * (1.0 + math.cos(math.pi * progress))",
    ],
    "4.4": [
        # the norm, not the squared norm (the source material's L2 penalty)
        "return lam * jnp.sqrt(sum(jnp.sum(p ** 2) for p in jax.tree.leaves(params)))",
        # the L1 penalty
        "return lam * sum(jnp.sum(jnp.abs(p)) for p in jax.tree.leaves(params))",
        # only the first layer's weights
        "return lam * jnp.sum(params['w'] ** 2)",
        # mean instead of sum within each array
        "return lam * sum(jnp.mean(p ** 2) for p in jax.tree.leaves(params))",
        # forgot lam
        "return sum(jnp.sum(p ** 2) for p in jax.tree.leaves(params))",
    ],
    "4.5": [
        # subgradient descent: never lands exactly on zero
        "n = X.shape[0]\neta = 1.0 / (2.0 / n * jnp.linalg.eigvalsh(X.T @ X)[-1])\n"
        "step = lambda _, th: th - eta * (2.0 / n * X.T @ (X @ th - y) + lam * jnp.sign(th))\n"
        "return jax.lax.fori_loop(0, steps, step, jnp.zeros(X.shape[1], X.dtype))",
        # thresholds at eta instead of eta * lam
        "n = X.shape[0]\neta = 1.0 / (2.0 / n * jnp.linalg.eigvalsh(X.T @ X)[-1])\n"
        "def step(_, th):\n    z = th - eta * 2.0 / n * X.T @ (X @ th - y)\n"
        "    return jnp.sign(z) * jnp.maximum(jnp.abs(z) - eta, 0.0)\n"
        "return jax.lax.fori_loop(0, steps, step, jnp.zeros(X.shape[1], X.dtype))",
        # solves scikit-learn's objective with alpha = lam (threshold eta * lam / 2 for our scaling)
        "n = X.shape[0]\neta = 1.0 / (2.0 / n * jnp.linalg.eigvalsh(X.T @ X)[-1])\n"
        "def step(_, th):\n    z = th - eta * 2.0 / n * X.T @ (X @ th - y)\n"
        "    return jnp.sign(z) * jnp.maximum(jnp.abs(z) - eta * lam / 2, 0.0)\n"
        "return jax.lax.fori_loop(0, steps, step, jnp.zeros(X.shape[1], X.dtype))",
        # hard thresholding: keeps the survivors unshrunk
        "n = X.shape[0]\neta = 1.0 / (2.0 / n * jnp.linalg.eigvalsh(X.T @ X)[-1])\n"
        "def step(_, th):\n    z = th - eta * 2.0 / n * X.T @ (X @ th - y)\n"
        "    return jnp.where(jnp.abs(z) > eta * lam, z, 0.0)\n"
        "return jax.lax.fori_loop(0, steps, step, jnp.zeros(X.shape[1], X.dtype))",
    ],
    "4.6": [
        # L2 inside Adam: the decay goes through the moments
        "g = g + wd * theta\nt = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps), (m, v, t)",
        # decay not multiplied by the learning rate
        "t = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps) - wd * theta, (m, v, t)",
        # no bias correction
        "t = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (jnp.sqrt(v) + eps) + wd * theta), (m, v, t)",
        # eps inside the square root
        "t = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (1 - b1 ** t) / jnp.sqrt(v / (1 - b2 ** t) + eps) + wd * theta), (m, v, t)",
        # decays the already-updated parameters
        "t = t + 1\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "theta = theta - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps)\n"
        "return theta - lr * wd * theta, (m, v, t)",
        # Adam's default constants instead of the arguments b1, b2, eps
        "t = t + 1\nm = 0.9 * m + 0.1 * g\nv = 0.999 * v + 0.001 * g ** 2\n"
        "return theta - lr * ((m / (1 - 0.9 ** t)) / (jnp.sqrt(v / (1 - 0.999 ** t)) + 1e-8) + wd * theta), (m, v, t)",
    ],
    "4.7": [
        # forgot to rescale the survivors
        "if not train:\n    return x\nkeep = jax.random.bernoulli(key, 1.0 - rate, x.shape)\n"
        "return jnp.where(keep, x, 0.0)",
        # rate used as the keep probability
        "if not train:\n    return x\nkeep = jax.random.bernoulli(key, rate, x.shape)\n"
        "return jnp.where(keep, x / (1.0 - rate), 0.0)",
        # the original, non-inverted dropout: scales at evaluation instead
        "if not train:\n    return x * (1.0 - rate)\nkeep = jax.random.bernoulli(key, 1.0 - rate, x.shape)\n"
        "return jnp.where(keep, x, 0.0)",
        # drops in evaluation too
        "keep = jax.random.bernoulli(key, 1.0 - rate, x.shape)\nreturn jnp.where(keep, x / (1.0 - rate), 0.0)",
        # a fixed NumPy seed instead of the key: the same mask for every key
        "if not train:\n    return x\nkeep = np.random.default_rng(0).random(x.shape) >= rate\n"
        "return jnp.where(keep, x / (1.0 - rate), 0.0)",
    ],
    "4.8": [
        # the start (1, 1) in the standard basis instead of the eigenbasis
        _adam_quadratic(start="jnp.ones(2, jnp.float32)"),
        # rotated the other way: R^T diag(1, kappa) R
        _adam_quadratic(matrix="R.T @ jnp.diag(jnp.array([1.0, kappa], jnp.float32)) @ R"),
        # the angle taken as degrees
        _adam_quadratic(rotation="c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))"),
        # the eigenvalues swapped: diag(kappa, 1)
        _adam_quadratic(matrix="R @ jnp.diag(jnp.array([kappa, 1.0], jnp.float32)) @ R.T"),
        # plain gradient descent instead of Adam
        _adam_quadratic(optimiser="optax.sgd(lr)"),
        # the gradient of ||theta||^2 / 2 (theta) instead of A theta
        _adam_quadratic(gradient="theta"),
        # absolute errors ||theta_t||, not divided by ||theta_0||
        _adam_quadratic(result="np.concatenate([[float(jnp.linalg.norm(theta0))], np.asarray(norms)])"),
        # t = 0 left out
        _adam_quadratic(result="np.asarray(norms) / float(jnp.linalg.norm(theta0))"),
    ],
    "4.9": [
        # chose lambda by the training MSE (always the smallest penalty)
        "n, d = X_tr.shape\nthetas = [np.linalg.solve(X_tr.T @ X_tr + n * l * np.eye(d), X_tr.T @ y_tr) for l in lams]\n"
        "best = int(np.argmin([np.mean((X_tr @ t - y_tr) ** 2) for t in thetas]))\nreturn float(lams[best]), thetas[best]",
        # the penalty of the summed squared error: lambda I instead of N lambda I
        "d = X_tr.shape[1]\nthetas = [np.linalg.solve(X_tr.T @ X_tr + l * np.eye(d), X_tr.T @ y_tr) for l in lams]\n"
        "best = int(np.argmin([np.mean((X_va @ t - y_va) ** 2) for t in thetas]))\nreturn float(lams[best]), thetas[best]",
        # the largest validation MSE instead of the smallest
        "n, d = X_tr.shape\nthetas = [np.linalg.solve(X_tr.T @ X_tr + n * l * np.eye(d), X_tr.T @ y_tr) for l in lams]\n"
        "best = int(np.argmax([np.mean((X_va @ t - y_va) ** 2) for t in thetas]))\nreturn float(lams[best]), thetas[best]",
        # returned the index of the best lambda, not its value
        "n, d = X_tr.shape\nthetas = [np.linalg.solve(X_tr.T @ X_tr + n * l * np.eye(d), X_tr.T @ y_tr) for l in lams]\n"
        "best = int(np.argmin([np.mean((X_va @ t - y_va) ** 2) for t in thetas]))\nreturn float(best), thetas[best]",
        # refitted the chosen lambda on training + validation: the returned theta is not the fit that was judged
        "n, d = X_tr.shape\nthetas = [np.linalg.solve(X_tr.T @ X_tr + n * l * np.eye(d), X_tr.T @ y_tr) for l in lams]\n"
        "best = int(np.argmin([np.mean((X_va @ t - y_va) ** 2) for t in thetas]))\n"
        "X_all, y_all = np.concatenate([X_tr, X_va]), np.concatenate([y_tr, y_va])\n"
        "return float(lams[best]), np.linalg.solve(X_all.T @ X_all + len(y_all) * lams[best] * np.eye(d), X_all.T @ y_all)",
    ],
}
