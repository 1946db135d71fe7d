"""Plausible wrong answers to the exercises of solutions/10_attention.ipynb; every check must reject each one."""

WRONG_ANSWERS = {
    "10.1": [
        # forgot the 1/sqrt(d) scaling
        """scores = q @ jnp.swapaxes(k, -1, -2)
scores = jnp.where(mask, scores, jnp.finfo(scores.dtype).min)
return jax.nn.softmax(scores, axis=-1) @ v""",
        # softmax over the queries instead of the keys
        """scores = q @ jnp.swapaxes(k, -1, -2) / jnp.sqrt(q.shape[-1])
scores = jnp.where(mask, scores, jnp.finfo(scores.dtype).min)
return jax.nn.softmax(scores, axis=-2) @ v""",
        # mask ignored
        """scores = q @ jnp.swapaxes(k, -1, -2) / jnp.sqrt(q.shape[-1])
return jax.nn.softmax(scores, axis=-1) @ v""",
        # mask applied after the softmax, so the weights no longer sum to 1
        """scores = q @ jnp.swapaxes(k, -1, -2) / jnp.sqrt(q.shape[-1])
return (jax.nn.softmax(scores, axis=-1) * mask) @ v""",
        # scaled by the depth of the values instead of the queries and keys
        """scores = q @ jnp.swapaxes(k, -1, -2) / jnp.sqrt(v.shape[-1])
scores = jnp.where(mask, scores, jnp.finfo(scores.dtype).min)
return jax.nn.softmax(scores, axis=-1) @ v""",
    ],
    "10.2": [
        # upper instead of lower triangle: queries see the future
        "return jnp.triu(jnp.ones((T, T), dtype=bool))",
        # strictly lower triangle: a query cannot see itself (and row 0 sees nothing)
        "return jnp.tril(jnp.ones((T, T), dtype=bool), k=-1)",
        # right pattern, float instead of boolean
        "return jnp.tril(jnp.ones((T, T)))",
    ],
    "10.3": [
        # off by one: the first padding position counted as real
        "return (jnp.arange(T)[None, :] <= lengths[:, None])[:, None, None, :]",
        # right values, missing the head and query axes
        "return jnp.arange(T)[None, :] < lengths[:, None]",
        # masks queries instead of keys
        "return (jnp.arange(T)[None, :] < lengths[:, None])[:, None, :, None]",
        # padded to the longest sequence instead of to T: right only when T equals the longest length
        "return (jnp.arange(int(lengths.max()))[None, :] < lengths[:, None])[:, None, None, :]",
    ],
    "10.4": [
        # sine and cosine swapped
        """angles = jnp.arange(T)[:, None] * 10000.0 ** (-jnp.arange(0, C, 2) / C)
return jnp.stack([jnp.cos(angles), jnp.sin(angles)], axis=-1).reshape(T, C)""",
        # exponent i/C instead of 2i/C
        """angles = jnp.arange(T)[:, None] * 10000.0 ** (-jnp.arange(C // 2) / C)
return jnp.stack([jnp.sin(angles), jnp.cos(angles)], axis=-1).reshape(T, C)""",
        # all sines, then all cosines, instead of interleaved
        """angles = jnp.arange(T)[:, None] * 10000.0 ** (-jnp.arange(0, C, 2) / C)
return jnp.concatenate([jnp.sin(angles), jnp.cos(angles)], axis=-1)""",
    ],
    "10.5": [
        # only the diagonal term
        """a = jax.nn.softmax(s)
return jnp.diag(a)""",
        # only the diagonal a_i (1 - a_i), no off-diagonal terms
        """a = jax.nn.softmax(s)
return jnp.diag(a * (1 - a))""",
        # the outer product of the scores instead of the probabilities
        """a = jax.nn.softmax(s)
return jnp.diag(a) - jnp.outer(s, s)""",
    ],
    "10.6": [
        # biases of the projections forgotten
        """def heads(proj):
    return jnp.einsum("btc,chd->bhtd", x, proj.kernel[...])
q, k, v = heads(layer.query), heads(layer.key), heads(layer.value)
scores = q @ jnp.swapaxes(k, -1, -2) / jnp.sqrt(q.shape[-1])
scores = jnp.where(mask, scores, jnp.finfo(scores.dtype).min)
o = jax.nn.softmax(scores, axis=-1) @ v
return jnp.einsum("bhtd,hdc->btc", o, layer.out.kernel[...]) + layer.out.bias[...]""",
        # scaled by sqrt(C) (the model width) instead of sqrt(D) (the head size)
        """def heads(proj):
    return jnp.einsum("btc,chd->bhtd", x, proj.kernel[...]) + proj.bias[...][:, None, :]
q, k, v = heads(layer.query), heads(layer.key), heads(layer.value)
scores = q @ jnp.swapaxes(k, -1, -2) / jnp.sqrt(x.shape[-1])
scores = jnp.where(mask, scores, jnp.finfo(scores.dtype).min)
o = jax.nn.softmax(scores, axis=-1) @ v
return jnp.einsum("bhtd,hdc->btc", o, layer.out.kernel[...]) + layer.out.bias[...]""",
        # just calls the layer
        "return layer(x, mask=mask)",
    ],
    "10.7": [
        # the full (T, S) score matrix at once
        "return jax.nn.softmax(q @ k.T / jnp.sqrt(q.shape[-1]), axis=-1) @ v",
        # running sums not rescaled when the maximum grows
        """T, d = q.shape
m = jnp.full((T, 1), -jnp.inf)
l = jnp.zeros((T, 1))
o = jnp.zeros((T, v.shape[-1]))
for start in range(0, k.shape[0], block):
    s = q @ k[start:start + block].T / jnp.sqrt(d)
    m = jnp.maximum(m, s.max(axis=1, keepdims=True))
    p = jnp.exp(s - m)
    l = l + p.sum(axis=1, keepdims=True)
    o = o + p @ v[start:start + block]
return o / l""",
        # a separate softmax per block, averaged over blocks
        """outs = [jax.nn.softmax(q @ k[i:i + block].T / jnp.sqrt(q.shape[-1]), axis=-1) @ v[i:i + block]
        for i in range(0, k.shape[0], block)]
return sum(outs) / len(outs)""",
        # no running maximum: exp of large scores overflows
        """T, d = q.shape
l = jnp.zeros((T, 1))
o = jnp.zeros((T, v.shape[-1]))
for start in range(0, k.shape[0], block):
    p = jnp.exp(q @ k[start:start + block].T / jnp.sqrt(d))
    l = l + p.sum(axis=1, keepdims=True)
    o = o + p @ v[start:start + block]
return o / l""",
    ],
}
