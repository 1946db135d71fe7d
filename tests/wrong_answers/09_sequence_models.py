"""Plausible wrong answers for solutions/09_sequence_models.ipynb: every check must reject each of them."""

WRONG_ANSWERS = {
    "9.1": [
        # no tanh: a linear RNN
        "return h @ W_hh.T + x @ W_xh.T + b",
        # W_hh not transposed (h W_hh instead of h W_hh^T)
        "return jnp.tanh(h @ W_hh + x @ W_xh.T + b)",
        # forgot the bias
        "return jnp.tanh(h @ W_hh.T + x @ W_xh.T)",
    ],
    "9.2": [
        # perplexity as 2^L with L in nats
        "return float(2.0 ** loss_nats), float(loss_nats / np.log(2.0))",
        # bits from log10 instead of log2
        "return float(np.exp(loss_nats)), float(loss_nats / np.log(10.0))",
        # nats reported as bits
        "return float(np.exp(loss_nats)), float(loss_nats)",
    ],
    "9.3": [
        # raw counts, not fractions
        "col = {c: j for j, c in enumerate(vocab)}\nF = np.zeros((len(texts), len(vocab)))\n"
        "for n, text in enumerate(texts):\n    for c in text:\n        if c in col:\n            F[n, col[c]] += 1\nreturn F",
        # lower-cased the text first
        "col = {c: j for j, c in enumerate(vocab)}\nF = np.zeros((len(texts), len(vocab)))\n"
        "for n, text in enumerate(texts):\n    for c in text.lower():\n        if c in col:\n            F[n, col[c]] += 1\n"
        "    F[n] /= max(len(text), 1)\nreturn F",
        # divided by the number of in-vocabulary characters instead of the length
        "col = {c: j for j, c in enumerate(vocab)}\nF = np.zeros((len(texts), len(vocab)))\n"
        "for n, text in enumerate(texts):\n    for c in text:\n        if c in col:\n            F[n, col[c]] += 1\n"
        "    F[n] /= max(F[n].sum(), 1)\nreturn F",
    ],
    "9.4": [
        # z and 1 - z swapped (the other convention)
        "xr, xz, xn = jnp.split(x @ kx + b, 3, axis=-1)\nhr, hz, hn = jnp.split(h @ kh, 3, axis=-1)\n"
        "r, z = jax.nn.sigmoid(xr + hr), jax.nn.sigmoid(xz + hz)\nreturn z * jnp.tanh(xn + r * hn) + (1.0 - z) * h",
        # reset gate applied outside the candidate's tanh
        "xr, xz, xn = jnp.split(x @ kx + b, 3, axis=-1)\nhr, hz, hn = jnp.split(h @ kh, 3, axis=-1)\n"
        "r, z = jax.nn.sigmoid(xr + hr), jax.nn.sigmoid(xz + hz)\nreturn (1.0 - z) * r * jnp.tanh(xn + hn) + z * h",
        # gate order read as z, r, n
        "xz, xr, xn = jnp.split(x @ kx + b, 3, axis=-1)\nhz, hr, hn = jnp.split(h @ kh, 3, axis=-1)\n"
        "r, z = jax.nn.sigmoid(xr + hr), jax.nn.sigmoid(xz + hz)\nreturn (1.0 - z) * jnp.tanh(xn + r * hn) + z * h",
    ],
    "9.5": [
        # only the last step's term (truncated BPTT of length 1)
        "hs = [h0]\nfor x in xs:\n    hs.append(W @ hs[-1] + U @ x)\nreturn jnp.outer(hs[-1] - y, hs[-2])",
        # passed the error back through W instead of W^T
        "hs = [h0]\nfor x in xs:\n    hs.append(W @ hs[-1] + U @ x)\ng = hs[-1] - y\ngrad = jnp.zeros_like(W)\n"
        "for t in range(len(xs), 0, -1):\n    grad = grad + jnp.outer(g, hs[t - 1])\n    g = W @ g\nreturn grad",
        # the outer product the wrong way round (the transpose of the gradient)
        "hs = [h0]\nfor x in xs:\n    hs.append(W @ hs[-1] + U @ x)\ng = hs[-1] - y\ngrad = jnp.zeros_like(W)\n"
        "for t in range(len(xs), 0, -1):\n    grad = grad + jnp.outer(hs[t - 1], g)\n    g = W.T @ g\nreturn grad",
    ],
    "9.6": [
        # h' = o * c' (no tanh on the cell)
        "c, h = carry\ni, f, g, o = jnp.split(x @ kx + h @ kh + b, 4, axis=-1)\n"
        "c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)\nreturn c, jax.nn.sigmoid(o) * c",
        # gate order read as i, f, o, g
        "c, h = carry\ni, f, o, g = jnp.split(x @ kx + h @ kh + b, 4, axis=-1)\n"
        "c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)\nreturn c, jax.nn.sigmoid(o) * jnp.tanh(c)",
        # the carry read as (h, c)
        "h, c = carry\ni, f, g, o = jnp.split(x @ kx + h @ kh + b, 4, axis=-1)\n"
        "c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)\nreturn c, jax.nn.sigmoid(o) * jnp.tanh(c)",
    ],
    "9.7": [
        # forgot D_t: the norms of W^t (a linear RNN)
        "h, J, norms = h0, jnp.eye(h0.shape[0]), []\nfor x in xs:\n    h = jnp.tanh(W @ h + U @ x)\n    J = W @ J\n"
        "    norms.append(jnp.linalg.norm(J, 2))\nreturn jnp.stack(norms)",
        # D_t from the previous state h_{t-1}
        "h, J, norms = h0, jnp.eye(h0.shape[0]), []\nfor x in xs:\n    J = (1.0 - h ** 2)[:, None] * (W @ J)\n"
        "    h = jnp.tanh(W @ h + U @ x)\n    norms.append(jnp.linalg.norm(J, 2))\nreturn jnp.stack(norms)",
        # Frobenius norm instead of the spectral norm
        "h, J, norms = h0, jnp.eye(h0.shape[0]), []\nfor x in xs:\n    h = jnp.tanh(W @ h + U @ x)\n"
        "    J = (1.0 - h ** 2)[:, None] * (W @ J)\n    norms.append(jnp.linalg.norm(J))\nreturn jnp.stack(norms)",
    ],
    "9.8": [
        # mean pool instead of max pool
        "k, T = K.shape[0], e.shape[1]\nh = sum(e[:, j:T - k + 1 + j] @ K[j] for j in range(k)) + b\n"
        "return jax.nn.relu(h).mean(axis=1)",
        # the kernel flipped in time (a textbook convolution; nnx.Conv, like lax.conv, cross-correlates)
        "k, T = K.shape[0], e.shape[1]\nh = sum(e[:, j:T - k + 1 + j] @ K[k - 1 - j] for j in range(k)) + b\n"
        "return jax.nn.relu(h).max(axis=1)",
        # SAME padding: zeros on both sides, T positions instead of T - k + 1
        "k, T = K.shape[0], e.shape[1]\nep = jnp.pad(e, ((0, 0), ((k - 1) // 2, k // 2), (0, 0)))\n"
        "h = sum(ep[:, j:T + j] @ K[j] for j in range(k)) + b\nreturn jax.nn.relu(h).max(axis=1)",
        # forgot the bias
        "k, T = K.shape[0], e.shape[1]\nh = sum(e[:, j:T - k + 1 + j] @ K[j] for j in range(k))\n"
        "return jax.nn.relu(h).max(axis=1)",
    ],
}
