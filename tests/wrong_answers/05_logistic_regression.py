"""Plausible wrong answers to the exercises of solutions/05_logistic_regression.ipynb; each check must reject them."""

WRONG_ANSWERS = {
    "5.1": [
        # precision and recall swapped (TP / (TP + FN) is recall)
        """tp = int(np.sum((y_true == 1) & (y_pred == 1)))
fp = int(np.sum((y_true == 0) & (y_pred == 1)))
fn = int(np.sum((y_true == 1) & (y_pred == 0)))
precision, recall = tp / (tp + fn), tp / (tp + fp)
return precision, recall, 2 * precision * recall / (precision + recall)""",
        # F1 as the arithmetic instead of the harmonic mean
        """tp = int(np.sum((y_true == 1) & (y_pred == 1)))
fp = int(np.sum((y_true == 0) & (y_pred == 1)))
fn = int(np.sum((y_true == 1) & (y_pred == 0)))
precision, recall = tp / (tp + fp), tp / (tp + fn)
return precision, recall, (precision + recall) / 2""",
        # the library's scores instead of counting
        """from sklearn.metrics import f1_score, precision_score, recall_score
return float(precision_score(y_true, y_pred)), float(recall_score(y_true, y_pred)), float(f1_score(y_true, y_pred))""",
    ],
    "5.2": [
        # the 1/2 of scikit-learn's penalty forgotten: lambda = 1 / (C N)
        """z = X @ w + b
return jnp.mean(jax.nn.softplus(z) - y * z) + jnp.sum(w ** 2) / (C * X.shape[0])""",
        # the intercept penalised too
        """z = X @ w + b
return jnp.mean(jax.nn.softplus(z) - y * z) + (jnp.sum(w ** 2) + b ** 2) / (2 * C * X.shape[0])""",
        # the norm instead of the squared norm (the source material's mistake)
        """z = X @ w + b
return jnp.mean(jax.nn.softplus(z) - y * z) + jnp.linalg.norm(w) / (2 * C * X.shape[0])""",
        # the sum of losses with the mean convention's penalty
        """z = X @ w + b
return jnp.sum(jax.nn.softplus(z) - y * z) + jnp.sum(w ** 2) / (2 * C * X.shape[0])""",
    ],
    "5.3": [
        # d(lam ||w||^2)/dw taken as lam w
        """r = jax.nn.sigmoid(X @ w + b) - y
return X.T @ r / X.shape[0] + lam * w, jnp.mean(r)""",
        # the sum over samples instead of the mean
        """r = jax.nn.sigmoid(X @ w + b) - y
return X.T @ r + 2 * lam * w, jnp.sum(r)""",
        # residual with the wrong sign (y - p)
        """r = y - jax.nn.sigmoid(X @ w + b)
return X.T @ r / X.shape[0] + 2 * lam * w, jnp.mean(r)""",
        # jax.grad instead of the formula
        """J = lambda w, b: jnp.mean(jax.nn.softplus(X @ w + b) - y * (X @ w + b)) + lam * jnp.sum(w ** 2)
return jax.grad(J, argnums=(0, 1))(w, b)""",
    ],
    "5.4": [
        # rows and columns swapped (rows predicted, columns true)
        """M = np.zeros((n_classes, n_classes), dtype=int)
np.add.at(M, (y_pred, y_true), 1)
return M""",
        # fancy-index += counts each (i, j) pair at most once
        """M = np.zeros((n_classes, n_classes), dtype=int)
M[y_true, y_pred] += 1
return M""",
        # the number of classes taken from the data, not from n_classes
        """K = len(np.unique(y_true))
M = np.zeros((K, K), dtype=int)
for t, p in zip(y_true, y_pred):
    if t < K and p < K:
        M[t, p] += 1
return M""",
        # the library function in one line
        """return metrics.confusion_matrix(y_true, y_pred, labels=np.arange(n_classes))""",
    ],
    "5.5": [
        # ties ignored
        """diff = scores[y_true == 1][:, None] - scores[y_true == 0][None, :]
return float(np.mean(diff > 0))""",
        # ties counted as wins
        """diff = scores[y_true == 1][:, None] - scores[y_true == 0][None, :]
return float(np.mean(diff >= 0))""",
        # the library function in one line
        """return float(metrics.roc_auc_score(y_true, scores))""",
    ],
    "5.6": [
        # optimizer.update forgotten: the parameters never move
        """def loss_fn(model):
    ce = optax.softmax_cross_entropy_with_integer_labels(model(X), y).mean()
    return ce + lam * jnp.sum(model.kernel[...] ** 2)
loss, grads = nnx.value_and_grad(loss_fn)(model)
return loss""",
        # the penalty forgotten
        """def loss_fn(model):
    return optax.softmax_cross_entropy_with_integer_labels(model(X), y).mean()
loss, grads = nnx.value_and_grad(loss_fn)(model)
optimizer.update(model, grads)
return loss""",
        # the bias penalised too
        """def loss_fn(model):
    ce = optax.softmax_cross_entropy_with_integer_labels(model(X), y).mean()
    return ce + lam * (jnp.sum(model.kernel[...] ** 2) + jnp.sum(model.bias[...] ** 2))
loss, grads = nnx.value_and_grad(loss_fn)(model)
optimizer.update(model, grads)
return loss""",
    ],
    "5.7": [
        # the p(1 - p) weights left out of the Hessian (a least-squares Hessian)
        """N, D = X.shape
X1 = jnp.hstack([jnp.ones((N, 1)), X])
p = jax.nn.sigmoid(X @ w + b)
E = jnp.diag(jnp.append(0.0, jnp.ones(D)))
g = X1.T @ (p - y) / N + 2 * lam * E @ jnp.append(b, w)
H = X1.T @ X1 / N + 2 * lam * E
step = jnp.linalg.solve(H, g)
return w - step[1:], b - step[0]""",
        # the intercept penalised (E = I)
        """N, D = X.shape
X1 = jnp.hstack([jnp.ones((N, 1)), X])
p = jax.nn.sigmoid(X @ w + b)
g = X1.T @ (p - y) / N + 2 * lam * jnp.append(b, w)
H = (X1.T * (p * (1 - p))) @ X1 / N + 2 * lam * jnp.eye(D + 1)
step = jnp.linalg.solve(H, g)
return w - step[1:], b - step[0]""",
        # a gradient step instead of a Newton step
        """N, D = X.shape
X1 = jnp.hstack([jnp.ones((N, 1)), X])
p = jax.nn.sigmoid(X @ w + b)
E = jnp.diag(jnp.append(0.0, jnp.ones(D)))
g = X1.T @ (p - y) / N + 2 * lam * E @ jnp.append(b, w)
return w - g[1:], b - g[0]""",
        # the gradient and Hessian from JAX instead of the formulas
        """J = lambda th: jnp.mean(jax.nn.softplus(X @ th[1:] + th[0]) - y * (X @ th[1:] + th[0])) + lam * jnp.sum(th[1:] ** 2)
th = jnp.append(b, w)
th = th - jnp.linalg.solve(jax.hessian(J)(th), jax.grad(J)(th))
return th[1:], th[0]""",
    ],
    "5.8": [
        # ties not grouped: one threshold per example
        """order = np.argsort(-scores, kind="stable")
y = y_true[order]
tp, fp = np.cumsum(y), np.cumsum(1 - y)
precision, recall = tp / (tp + fp), tp / tp[-1]
return float(np.sum(np.diff(np.concatenate([[0.0], recall])) * precision))""",
        # trapezoidal interpolation of the precision-recall curve
        """order = np.argsort(-scores, kind="stable")
s, y = scores[order], y_true[order]
last = np.append(s[1:] != s[:-1], True)
tp, fp = np.cumsum(y)[last], np.cumsum(1 - y)[last]
precision, recall = tp / (tp + fp), tp / tp[-1]
precision, recall = np.concatenate([[1.0], precision]), np.concatenate([[0.0], recall])
return float(np.sum(np.diff(recall) * (precision[1:] + precision[:-1]) / 2))""",
        # the library function in one line
        """return float(metrics.average_precision_score(y_true, scores))""",
    ],
}
