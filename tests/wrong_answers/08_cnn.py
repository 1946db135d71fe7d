"""Plausible wrong answers for the exercises of solutions/08_cnn.ipynb; each check must reject every one."""

WRONG_ANSWERS = {
    "8.1": [
        # forgot the dilation: the kernel spans K positions instead of D (K - 1) + 1
        "return (n + padding[0] + padding[1] - k) // stride + 1",
        # true division instead of floor division
        "return (n + padding[0] + padding[1] - dilation * (k - 1) - 1) / stride + 1",
        # forgot the + 1
        "return (n + padding[0] + padding[1] - dilation * (k - 1) - 1) // stride",
    ],
    "8.2": [
        # true convolution: the kernel is flipped
        'return np.convolve(x, w, mode="valid")',
        # 'same' mode: wrong length
        'return np.correlate(x, w, mode="same")',
        # off by one: the last output is missing
        "return np.array([np.dot(w, x[i:i + len(w)]) for i in range(len(x) - len(w))])",
        # a one-line call to the library function the exercise re-derives (forbidden)
        'return np.correlate(x, w, mode="valid")',
        # the same through jax.numpy
        'return np.asarray(jnp.correlate(jnp.asarray(x), jnp.asarray(w), mode="valid"))',
    ],
    "8.3": [
        # average pooling instead of max pooling
        "B, N, C = x.shape\nreturn x[:, : N // w * w].reshape(B, N // w, w, C).mean(axis=2)",
        # window and channel axes swapped in the reshape
        "B, N, C = x.shape\nreturn x[:, : N // w * w].reshape(B, N // w, C, w).max(axis=3)",
        # overlapping windows (stride 1)
        'return lax.reduce_window(x, -jnp.inf, lax.max, (1, w, 1), (1, 1, 1), "VALID")',
    ],
    "8.4": [
        # true convolution: kernel flipped in both spatial axes
        "B, H, W, C = x.shape\nKh, Kw, _, O = w.shape\nHo, Wo = H - Kh + 1, W - Kw + 1\n"
        "cols = [x[:, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "return jnp.concatenate(cols, axis=-1) @ w[::-1, ::-1].reshape(Kh * Kw * C, O)",
        # patch entries in the order (c, p, q), kernel flattened in the order (p, q, c)
        "B, H, W, C = x.shape\nKh, Kw, _, O = w.shape\nHo, Wo = H - Kh + 1, W - Kw + 1\n"
        "cols = [x[:, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "return jnp.stack(cols, axis=-1).reshape(B, Ho, Wo, Kh * Kw * C) @ w.reshape(Kh * Kw * C, O)",
        # output one row and column too small
        "B, H, W, C = x.shape\nKh, Kw, _, O = w.shape\nHo, Wo = H - Kh, W - Kw\n"
        "cols = [x[:, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "return jnp.concatenate(cols, axis=-1) @ w.reshape(Kh * Kw * C, O)",
    ],
    "8.5": [
        # ignores the strides: 1 + sum (K - 1) D
        "return 1 + sum((k - 1) * d for k, d in zip(kernels, dilations))",
        # updates the jump before using it (includes the layer's own stride)
        "r, jump = 1, 1\nfor k, s, d in zip(kernels, strides, dilations):\n    jump *= s\n    r += (k - 1) * d * jump\nreturn r",
        # adds the kernel sizes
        "return sum(kernels)",
    ],
    "8.6": [
        # only the first example of the batch
        "Kh, Kw = kernel_shape\nC, (B, Ho, Wo, O) = x.shape[-1], g.shape\n"
        "cols = [x[:1, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "patches = jnp.concatenate(cols, axis=-1).reshape(Ho * Wo, Kh * Kw * C)\n"
        "return (patches.T @ g[:1].reshape(Ho * Wo, O)).reshape(Kh, Kw, C, O)",
        # kernel gradient flipped (computed as for a true convolution)
        "Kh, Kw = kernel_shape\nC, (B, Ho, Wo, O) = x.shape[-1], g.shape\n"
        "cols = [x[:, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "patches = jnp.concatenate(cols, axis=-1).reshape(B * Ho * Wo, Kh * Kw * C)\n"
        "return (patches.T @ g.reshape(B * Ho * Wo, O)).reshape(Kh, Kw, C, O)[::-1, ::-1]",
        # G^T P: the transpose, with the wrong shape
        "Kh, Kw = kernel_shape\nC, (B, Ho, Wo, O) = x.shape[-1], g.shape\n"
        "cols = [x[:, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "patches = jnp.concatenate(cols, axis=-1).reshape(B * Ho * Wo, Kh * Kw * C)\n"
        "return g.reshape(B * Ho * Wo, O).T @ patches",
        # the mean over the batch instead of the sum
        "Kh, Kw = kernel_shape\nC, (B, Ho, Wo, O) = x.shape[-1], g.shape\n"
        "cols = [x[:, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "patches = jnp.concatenate(cols, axis=-1).reshape(B * Ho * Wo, Kh * Kw * C)\n"
        "return (patches.T @ g.reshape(B * Ho * Wo, O)).reshape(Kh, Kw, C, O) / B",
        # assumes a square kernel (Kw = Kh)
        "Kh = Kw = kernel_shape[0]\nC, (B, Ho, Wo, O) = x.shape[-1], g.shape\n"
        "cols = [x[:, p:p + Ho, q:q + Wo, :] for p in range(Kh) for q in range(Kw)]\n"
        "patches = jnp.concatenate(cols, axis=-1).reshape(B * Ho * Wo, Kh * Kw * C)\n"
        "return (patches.T @ g.reshape(B * Ho * Wo, O)).reshape(Kh, Kw, C, O)",
    ],
    "8.7": [
        # correlation instead of convolution: the kernel is not flipped
        'return np.correlate(g, w, mode="full")',
        # 'valid' instead of 'full': too short
        'return np.convolve(g, w, mode="valid")',
        # the kernel flipped twice
        'return np.convolve(g, w[::-1], mode="full")',
    ],
}
