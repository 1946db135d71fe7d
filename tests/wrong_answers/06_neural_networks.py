"""Plausible wrong answers for solutions/06_neural_networks.ipynb: every check must reject each of them."""

WRONG_ANSWERS = {
    "6.1": [
        # forgot the biases
        "return sum(d_in * d_out for d_in, d_out in zip(sizes[:-1], sizes[1:]))",
        # one bias per input instead of one per output unit
        "return sum(d_in * (d_out + 1) for d_in, d_out in zip(sizes[:-1], sizes[1:]))",
        # a float from numpy instead of an int
        "return float(sum((d_in + 1) * d_out for d_in, d_out in zip(sizes[:-1], sizes[1:])))",
    ],
    "6.2": [
        # ReLU applied to the logits as well
        "h = x\nfor W, b in params:\n    h = jnp.maximum(h @ W + b, 0.0)\nreturn h",
        # forgot the biases
        "h = x\nfor W, b in params[:-1]:\n    h = jnp.maximum(h @ W, 0.0)\nreturn h @ params[-1][0]",
        # no non-linearity: the MLP collapses to one affine map
        "h = x\nfor W, b in params:\n    h = h @ W + b\nreturn h",
        # written for exactly three layers (two hidden): wrong for any other depth
        "h = jnp.maximum(x @ params[0][0] + params[0][1], 0.0)\nh = jnp.maximum(h @ params[1][0] + params[1][1], 0.0)\n"
        "return h @ params[2][0] + params[2][1]",
    ],
    "6.3": [
        # forgot to rescale the kept entries by 1 / (1 - rate)
        "keep = jax.random.bernoulli(key, 1.0 - rate, x.shape)\nreturn jnp.where(keep, x, 0.0)",
        # the old, non-inverted convention: scaled by (1 - rate) instead of divided
        "keep = jax.random.bernoulli(key, 1.0 - rate, x.shape)\nreturn jnp.where(keep, x * (1.0 - rate), 0.0)",
        # keeps each entry with probability rate instead of 1 - rate
        "keep = jax.random.bernoulli(key, rate, x.shape)\nreturn jnp.where(keep, x / (1.0 - rate), 0.0)",
    ],
    "6.4": [
        # jax.grad of the loss, which the statement forbids: right values, no backpropagation by hand
        "def loss(p):\n    h = x\n    for kernel, b in p[:-1]:\n        h = jax.nn.relu(h @ kernel + b)\n"
        "    z = jax.nn.log_softmax(h @ p[-1][0] + p[-1][1])\n    return -jnp.mean(jnp.take_along_axis(z, y[:, None], axis=1))\n"
        "return jax.grad(loss)(params)",
        # forgot the 1/B of the mean loss
        "hs, zs = [x], []\nfor W, b in params[:-1]:\n    zs.append(hs[-1] @ W + b)\n    hs.append(jnp.maximum(zs[-1], 0.0))\n"
        "W, b = params[-1]\ndelta = jax.nn.softmax(hs[-1] @ W + b) - jax.nn.one_hot(y, W.shape[1])\ngrads = []\n"
        "for l in range(len(params) - 1, -1, -1):\n    grads.append((hs[l].T @ delta, delta.sum(axis=0)))\n"
        "    if l > 0:\n        delta = (delta @ params[l][0].T) * (zs[l - 1] > 0)\nreturn grads[::-1]",
        # dropped the ReLU derivative 1[Z > 0] in the hidden deltas
        "hs, zs = [x], []\nfor W, b in params[:-1]:\n    zs.append(hs[-1] @ W + b)\n    hs.append(jnp.maximum(zs[-1], 0.0))\n"
        "W, b = params[-1]\ndelta = (jax.nn.softmax(hs[-1] @ W + b) - jax.nn.one_hot(y, W.shape[1])) / x.shape[0]\ngrads = []\n"
        "for l in range(len(params) - 1, -1, -1):\n    grads.append((hs[l].T @ delta, delta.sum(axis=0)))\n"
        "    if l > 0:\n        delta = delta @ params[l][0].T\nreturn grads[::-1]",
        # W instead of W^T when passing the delta back: a shape error inside the student's code
        "hs, zs = [x], []\nfor W, b in params[:-1]:\n    zs.append(hs[-1] @ W + b)\n    hs.append(jnp.maximum(zs[-1], 0.0))\n"
        "W, b = params[-1]\ndelta = (jax.nn.softmax(hs[-1] @ W + b) - jax.nn.one_hot(y, W.shape[1])) / x.shape[0]\ngrads = []\n"
        "for l in range(len(params) - 1, -1, -1):\n    grads.append((hs[l].T @ delta, delta.sum(axis=0)))\n"
        "    if l > 0:\n        delta = (delta @ params[l][0]) * (zs[l - 1] > 0)\nreturn grads[::-1]",
        # the gradients in reverse order (last layer first)
        "hs, zs = [x], []\nfor W, b in params[:-1]:\n    zs.append(hs[-1] @ W + b)\n    hs.append(jnp.maximum(zs[-1], 0.0))\n"
        "W, b = params[-1]\ndelta = (jax.nn.softmax(hs[-1] @ W + b) - jax.nn.one_hot(y, W.shape[1])) / x.shape[0]\ngrads = []\n"
        "for l in range(len(params) - 1, -1, -1):\n    grads.append((hs[l].T @ delta, delta.sum(axis=0)))\n"
        "    if l > 0:\n        delta = (delta @ params[l][0].T) * (zs[l - 1] > 0)\nreturn grads",
    ],
    "6.5": [
        # returns the loss after the step instead of the loss that was differentiated
        "def loss_fn(model):\n    return optax.softmax_cross_entropy_with_integer_labels(model(x), y).mean()\n"
        "grads = nnx.grad(loss_fn)(model)\noptimizer.update(model, grads)\nreturn loss_fn(model)",
        # forgot to apply the step
        "def loss_fn(model):\n    return optax.softmax_cross_entropy_with_integer_labels(model(x), y).mean()\n"
        "loss, grads = nnx.value_and_grad(loss_fn)(model)\nreturn loss",
        # summed the per-example losses instead of averaging them
        "def loss_fn(model):\n    return optax.softmax_cross_entropy_with_integer_labels(model(x), y).sum()\n"
        "loss, grads = nnx.value_and_grad(loss_fn)(model)\noptimizer.update(model, grads)\nreturn loss",
    ],
    "6.6": [
        # L2 penalty added to the gradient (Adam + L2), not decoupled decay
        "g = g + wd * theta\nm = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps), m, v",
        # no bias correction
        "m = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (jnp.sqrt(v) + eps) + wd * theta), m, v",
        # decay not multiplied by the learning rate
        "m = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps) - wd * theta, m, v",
        # the source material's Adam: no second moment at all
        "m = b1 * m + (1 - b1) * g\nreturn theta - lr * (m / (1 - b1 ** t) + wd * theta), m, v",
        # epsilon inside the square root: invisible with eps = 1e-8 and gradients of order 1
        "m = b1 * m + (1 - b1) * g\nv = b2 * v + (1 - b2) * g ** 2\n"
        "return theta - lr * ((m / (1 - b1 ** t)) / jnp.sqrt(v / (1 - b2 ** t) + eps) + wd * theta), m, v",
        # the default betas written as numbers instead of the arguments b1, b2
        "m = 0.9 * m + 0.1 * g\nv = 0.999 * v + 0.001 * g ** 2\n"
        "return theta - lr * ((m / (1 - 0.9 ** t)) / (jnp.sqrt(v / (1 - 0.999 ** t)) + eps) + wd * theta), m, v",
    ],
    "6.7": [
        # no patience: the best epoch of the whole run, and never stop early
        "return int(np.argmin(val_losses)), len(val_losses) - 1",
        # off by one: waits patience + 1 epochs
        "best_epoch, best_loss, since_best = 0, val_losses[0], 0\nfor e in range(1, len(val_losses)):\n"
        "    if val_losses[e] < best_loss - min_delta:\n        best_epoch, best_loss, since_best = e, val_losses[e], 0\n"
        "    else:\n        since_best += 1\n    if since_best > patience:\n        return best_epoch, e\n"
        "return best_epoch, len(val_losses) - 1",
        # ignores min_delta
        "best_epoch, best_loss, since_best = 0, val_losses[0], 0\nfor e in range(1, len(val_losses)):\n"
        "    if val_losses[e] < best_loss:\n        best_epoch, best_loss, since_best = e, val_losses[e], 0\n"
        "    else:\n        since_best += 1\n    if since_best >= patience:\n        return best_epoch, e\n"
        "return best_epoch, len(val_losses) - 1",
        # keeps the last epoch before stopping instead of the best one
        "best_loss, since_best = val_losses[0], 0\nfor e in range(1, len(val_losses)):\n"
        "    if val_losses[e] < best_loss - min_delta:\n        best_loss, since_best = val_losses[e], 0\n"
        "    else:\n        since_best += 1\n    if since_best >= patience:\n        return e, e\n"
        "return len(val_losses) - 1, len(val_losses) - 1",
    ],
    "6.8": [
        # averaged the logits, then one softmax
        "graphdef, _ = nnx.split(models[0])\nstacked = jax.tree.map(lambda *leaves: jnp.stack(leaves), *[nnx.split(m)[1] for m in models])\n"
        "logits = jax.vmap(lambda state: nnx.merge(graphdef, state)(x))(stacked)\nreturn jax.nn.softmax(logits.mean(axis=0))",
        # only the first model
        "return jax.nn.softmax(models[0](x))",
        # forgot the softmax: mean logits
        "graphdef, _ = nnx.split(models[0])\nstacked = jax.tree.map(lambda *leaves: jnp.stack(leaves), *[nnx.split(m)[1] for m in models])\n"
        "return jax.vmap(lambda state: nnx.merge(graphdef, state)(x))(stacked).mean(axis=0)",
        # returned every model's probabilities (S, B, K) instead of their mean
        "graphdef, _ = nnx.split(models[0])\nstacked = jax.tree.map(lambda *leaves: jnp.stack(leaves), *[nnx.split(m)[1] for m in models])\n"
        "return jax.vmap(lambda state: jax.nn.softmax(nnx.merge(graphdef, state)(x)))(stacked)",
    ],
}
