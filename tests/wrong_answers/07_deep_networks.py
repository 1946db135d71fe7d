"""Plausible wrong answers for solutions/07_deep_networks.ipynb: every check must reject each of them."""

WRONG_ANSWERS = {
    "7.1": [
        # Glorot without the factor 2
        "if rule == 'glorot':\n    return 1.0 / (fan_in + fan_out)\nif rule == 'he':\n    return 2.0 / fan_in\nraise ValueError(rule)",
        # He on fan_out instead of fan_in
        "if rule == 'glorot':\n    return 2.0 / (fan_in + fan_out)\nif rule == 'he':\n    return 2.0 / fan_out\nraise ValueError(rule)",
        # the standard deviation instead of the variance
        "if rule == 'glorot':\n    return (2.0 / (fan_in + fan_out)) ** 0.5\n"
        "if rule == 'he':\n    return (2.0 / fan_in) ** 0.5\nraise ValueError(rule)",
        # unknown rules fall through to He
        "if rule == 'glorot':\n    return 2.0 / (fan_in + fan_out)\nreturn 2.0 / fan_in",
    ],
    "7.2": [
        # unbiased variance (ddof=1) for the batch statistics
        "if training:\n    mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)\n"
        "    running_mean = momentum * running_mean + (1 - momentum) * mu\n"
        "    running_var = momentum * running_var + (1 - momentum) * var\nelse:\n    mu, var = running_mean, running_var\n"
        "return gamma * (x - mu) / jnp.sqrt(var + eps) + beta, running_mean, running_var",
        # momentum on the wrong term
        "if training:\n    mu, var = x.mean(axis=0), x.var(axis=0)\n"
        "    running_mean = (1 - momentum) * running_mean + momentum * mu\n"
        "    running_var = (1 - momentum) * running_var + momentum * var\nelse:\n    mu, var = running_mean, running_var\n"
        "return gamma * (x - mu) / jnp.sqrt(var + eps) + beta, running_mean, running_var",
        # batch statistics in evaluation mode too
        "mu, var = x.mean(axis=0), x.var(axis=0)\nif training:\n"
        "    running_mean = momentum * running_mean + (1 - momentum) * mu\n"
        "    running_var = momentum * running_var + (1 - momentum) * var\n"
        "return gamma * (x - mu) / jnp.sqrt(var + eps) + beta, running_mean, running_var",
        # statistics over the features (layer norm) instead of the batch
        "if training:\n    mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)\n"
        "    running_mean = momentum * running_mean + (1 - momentum) * x.mean(axis=0)\n"
        "    running_var = momentum * running_var + (1 - momentum) * x.var(axis=0)\nelse:\n    mu, var = running_mean, running_var\n"
        "return gamma * (x - mu) / jnp.sqrt(var + eps) + beta, running_mean, running_var",
    ],
    "7.3": [
        # forgot the x_hat term (the gradient through the variance)
        "mu = x.mean(axis=-1, keepdims=True)\ns = jnp.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + eps)\n"
        "g = gamma * dy\nreturn (g - g.mean(axis=-1, keepdims=True)) / s",
        # forgot gamma
        "mu = x.mean(axis=-1, keepdims=True)\ns = jnp.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + eps)\n"
        "x_hat = (x - mu) / s\ng = dy\nreturn (g - g.mean(axis=-1, keepdims=True) - x_hat * (g * x_hat).mean(axis=-1, keepdims=True)) / s",
        # means over the batch axis (batch norm's backward)
        "mu = x.mean(axis=-1, keepdims=True)\ns = jnp.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + eps)\n"
        "x_hat = (x - mu) / s\ng = gamma * dy\nreturn (g - g.mean(axis=0, keepdims=True) - x_hat * (g * x_hat).mean(axis=0, keepdims=True)) / s",
        # treated the statistics as constants: dx = gamma dy / s
        "mu = x.mean(axis=-1, keepdims=True)\ns = jnp.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + eps)\nreturn gamma * dy / s",
    ],
    "7.4": [
        # clips each leaf by its own norm
        "return jax.tree.map(lambda g: g * jnp.minimum(1.0, max_norm / jnp.sqrt(jnp.sum(g ** 2))), grads)",
        # always rescales to the threshold, also when the norm is below it
        "norm = jnp.sqrt(sum(jnp.sum(g ** 2) for g in jax.tree.leaves(grads)))\nreturn jax.tree.map(lambda g: g * max_norm / norm, grads)",
        # clips each entry to [-c, c] (clip by value)
        "return jax.tree.map(lambda g: jnp.clip(g, -max_norm, max_norm), grads)",
        # the squared norm instead of the norm
        "norm = sum(jnp.sum(g ** 2) for g in jax.tree.leaves(grads))\nscale = jnp.minimum(1.0, max_norm / norm)\n"
        "return jax.tree.map(lambda g: g * scale, grads)",
    ],
    "7.5": [
        # forgot the identity (the plain layer's Jacobian)
        "z = h @ kernel + b\nreturn (z > 0)[:, None] * kernel.T",
        # kernel instead of kernel^T
        "z = h @ kernel + b\nreturn jnp.eye(h.shape[0]) + (z > 0)[:, None] * kernel",
        # the ReLU mask on the wrong side (columns instead of rows)
        "z = h @ kernel + b\nreturn jnp.eye(h.shape[0]) + kernel.T * (z > 0)[None, :]",
        # mask from h instead of the pre-activation z
        "return jnp.eye(h.shape[0]) + (h > 0)[:, None] * kernel.T",
    ],
    "7.6": [
        # one shift and one factor for the whole batch
        "k_shift, k_scale = jax.random.split(key)\nshift = jax.random.randint(k_shift, (), -max_shift, max_shift + 1)\n"
        "factor = jax.random.uniform(k_scale, (), minval=1.0 - max_scale, maxval=1.0 + max_scale)\nreturn jnp.roll(x, shift, axis=1) * factor",
        # shifts only to the right, 0..s
        "k_shift, k_scale = jax.random.split(key)\nshift = jax.random.randint(k_shift, (x.shape[0], 1), 0, max_shift + 1)\n"
        "idx = (jnp.arange(x.shape[1])[None, :] - shift) % x.shape[1]\n"
        "factor = jax.random.uniform(k_scale, (x.shape[0], 1), minval=1.0 - max_scale, maxval=1.0 + max_scale)\n"
        "return jnp.take_along_axis(x, idx, axis=1) * factor",
        # off by one: the shift never reaches +s
        "k_shift, k_scale = jax.random.split(key)\nshift = jax.random.randint(k_shift, (x.shape[0], 1), -max_shift, max_shift)\n"
        "idx = (jnp.arange(x.shape[1])[None, :] - shift) % x.shape[1]\n"
        "factor = jax.random.uniform(k_scale, (x.shape[0], 1), minval=1.0 - max_scale, maxval=1.0 + max_scale)\n"
        "return jnp.take_along_axis(x, idx, axis=1) * factor",
        # a factor per entry instead of per row
        "k_shift, k_scale = jax.random.split(key)\nshift = jax.random.randint(k_shift, (x.shape[0], 1), -max_shift, max_shift + 1)\n"
        "idx = (jnp.arange(x.shape[1])[None, :] - shift) % x.shape[1]\n"
        "factor = jax.random.uniform(k_scale, x.shape, minval=1.0 - max_scale, maxval=1.0 + max_scale)\n"
        "return jnp.take_along_axis(x, idx, axis=1) * factor",
        # the scale added instead of multiplied
        "k_shift, k_scale = jax.random.split(key)\nshift = jax.random.randint(k_shift, (x.shape[0], 1), -max_shift, max_shift + 1)\n"
        "idx = (jnp.arange(x.shape[1])[None, :] - shift) % x.shape[1]\n"
        "offset = jax.random.uniform(k_scale, (x.shape[0], 1), minval=-max_scale, maxval=max_scale)\n"
        "return jnp.take_along_axis(x, idx, axis=1) + offset",
    ],
}
