"""Plausible wrong answers for solutions/04_optimisation.ipynb: every check must reject each of them."""

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
        # eta = 1 / lambda_max: converges, but not fastest
        "lam = np.linalg.eigvalsh(np.asarray(A, np.float64))\nreturn 1.0 / lam[-1], 1.0 - lam[0] / lam[-1]",
        # eta = 2 / lambda_max: the edge of divergence
        "lam = np.linalg.eigvalsh(np.asarray(A, np.float64))\nreturn 2.0 / lam[-1], 1.0",
        # the right eta with rho = 1 - 1/kappa
        "lam = np.linalg.eigvalsh(np.asarray(A, np.float64))\nreturn 2.0 / (lam[0] + lam[-1]), 1.0 - lam[0] / lam[-1]",
        # mean of the eigenvalues instead of the extremes
        "lam = np.linalg.eigvalsh(np.asarray(A, np.float64))\n"
        "return 1.0 / lam.mean(), float(np.max(np.abs(1 - lam / lam.mean())))",
    ],
}
