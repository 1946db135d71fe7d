"""Plausible wrong answers for solutions/14_deployment.ipynb: every check must reject each of them."""

WRONG_ANSWERS = {
    "14.1": [
        # max(w) instead of max|w|: a large negative weight is clipped or wraps around in int8
        "s = jnp.max(w) / 127.0\nreturn jnp.round(w / s).astype(jnp.int8), s",
        # divided by 128: the largest weight maps to 128, which wraps to -128 in int8
        "s = jnp.max(jnp.abs(w)) / 128.0\nreturn jnp.round(w / s).astype(jnp.int8), s",
        # truncation instead of rounding: errors up to s, not s/2
        "s = jnp.max(jnp.abs(w)) / 127.0\nreturn (w / s).astype(jnp.int8), s",
        # floor instead of round
        "s = jnp.max(jnp.abs(w)) / 127.0\nreturn jnp.floor(w / s).astype(jnp.int8), s",
        # q left as float32
        "s = jnp.max(jnp.abs(w)) / 127.0\nreturn jnp.round(w / s), s",
        # scale from the mean magnitude, then clipped: the large weights saturate
        "s = jnp.mean(jnp.abs(w)) / 127.0 * 4\nreturn jnp.clip(jnp.round(w / s), -127, 127).astype(jnp.int8), s",
        # one scale per last axis (per channel) instead of per tensor
        "s = jnp.max(jnp.abs(w), axis=tuple(range(w.ndim - 1))) / 127.0\nreturn jnp.round(w / s).astype(jnp.int8), s",
    ],
    "14.2": [
        # keys only, not values
        "return n_layers * context * d_model * batch * bytes_per_number",
        # forgot the batch
        "return 2 * n_layers * context * d_model * bytes_per_number",
        # counted numbers, not bytes
        "return 2 * n_layers * context * d_model * batch",
        # one layer's cache only
        "return 2 * context * d_model * batch * bytes_per_number",
        # bits instead of bytes
        "return 2 * n_layers * context * d_model * batch * bytes_per_number * 8",
    ],
    "14.3": [
        # one scale per input row instead of per output column
        "s = jnp.max(jnp.abs(w), axis=1) / 127.0\nreturn jnp.round(w / s[:, None]).astype(jnp.int8), s",
        # one scale for the whole tensor, repeated for every column
        "s = jnp.full(w.shape[1], jnp.max(jnp.abs(w)) / 127.0)\nreturn jnp.round(w / s).astype(jnp.int8), s",
        # max instead of max |.|
        "s = jnp.max(w, axis=0) / 127.0\nreturn jnp.round(w / s).astype(jnp.int8), s",
        # forgot to cast q to int8
        "s = jnp.max(jnp.abs(w), axis=0) / 127.0\nreturn jnp.round(w / s), s",
        # the scales of the columns, but q from one per-tensor scale
        "s = jnp.max(jnp.abs(w), axis=0) / 127.0\nreturn jnp.round(w / s.max()).astype(jnp.int8), s",
    ],
    "14.4": [
        # pruned the most negative weights, not the smallest magnitudes
        "n_prune = int(sparsity * w.size)\norder = jnp.argsort(w.ravel())\n"
        "return jnp.ones(w.size, jnp.float32).at[order[:n_prune]].set(0.0).reshape(w.shape)",
        # pruned the largest magnitudes
        "n_prune = int(sparsity * w.size)\norder = jnp.argsort(-jnp.abs(w).ravel())\n"
        "return jnp.ones(w.size, jnp.float32).at[order[:n_prune]].set(0.0).reshape(w.shape)",
        # rounded p n up instead of down
        "n_prune = math.ceil(sparsity * w.size)\norder = jnp.argsort(jnp.abs(w).ravel())\n"
        "return jnp.ones(w.size, jnp.float32).at[order[:n_prune]].set(0.0).reshape(w.shape)",
        # kept the fraction p instead of pruning it
        "n_keep = int(sparsity * w.size)\norder = jnp.argsort(-jnp.abs(w).ravel())\n"
        "return jnp.zeros(w.size, jnp.float32).at[order[:n_keep]].set(1.0).reshape(w.shape)",
        # pruned along each row separately (per-row sparsity, wrong count when rows do not divide evenly)
        "k = int(sparsity * w.shape[-1])\nranks = jnp.argsort(jnp.argsort(jnp.abs(w), axis=-1), axis=-1)\n"
        "return (ranks >= k).astype(jnp.float32)",
        # a threshold at the mean magnitude: not the requested sparsity
        "return (jnp.abs(w) > sparsity * 2 * jnp.mean(jnp.abs(w))).astype(jnp.float32)",
    ],
    "14.5": [
        # forgot the T^2 factor: the gradient of KL alone, (q - p) / (T N)
        "return (jax.nn.softmax(z / T, axis=-1) - jax.nn.softmax(t / T, axis=-1)) / (T * z.shape[0])",
        # T^2 (q - p): forgot the 1/T from the chain rule through z/T
        "return T ** 2 * (jax.nn.softmax(z / T, axis=-1) - jax.nn.softmax(t / T, axis=-1)) / z.shape[0]",
        # sign flipped: p - q
        "return T * (jax.nn.softmax(t / T, axis=-1) - jax.nn.softmax(z / T, axis=-1)) / z.shape[0]",
        # summed over the batch instead of averaged
        "return T * (jax.nn.softmax(z / T, axis=-1) - jax.nn.softmax(t / T, axis=-1))",
        # softmax at temperature 1
        "return T * (jax.nn.softmax(z, axis=-1) - jax.nn.softmax(t, axis=-1)) / z.shape[0]",
        # the large-T limit (z - t) / K used at every T
        "return (z - t) / (z.shape[1] * z.shape[0])",
        # correct numbers, but through jax.grad (the exercise asks for the formula)
        "p = jax.nn.softmax(t / T, axis=-1)\n"
        "f = lambda z: T ** 2 * jnp.mean(jnp.sum(p * (jnp.log(p) - jax.nn.log_softmax(z / T, -1)), -1))\n"
        "return jax.grad(f)(z)",
    ],
    "14.6": [
        # no mask: attends to the unwritten (garbage) positions too
        "scores = jnp.einsum('hd,htd->ht', q, k_cache) / math.sqrt(q.shape[-1])\n"
        "return jnp.einsum('ht,htd->hd', jax.nn.softmax(scores, axis=-1), v_cache)",
        # strict mask i < n: the token does not see itself (and position 0 sees nothing)
        "scores = jnp.einsum('hd,htd->ht', q, k_cache) / math.sqrt(q.shape[-1])\n"
        "scores = jnp.where(jnp.arange(k_cache.shape[1]) < n, scores, -jnp.inf)\n"
        "return jnp.einsum('ht,htd->hd', jax.nn.softmax(scores, axis=-1), v_cache)",
        # scaled by D instead of sqrt(D)
        "scores = jnp.einsum('hd,htd->ht', q, k_cache) / q.shape[-1]\n"
        "scores = jnp.where(jnp.arange(k_cache.shape[1]) <= n, scores, -jnp.inf)\n"
        "return jnp.einsum('ht,htd->hd', jax.nn.softmax(scores, axis=-1), v_cache)",
        # masked with 0 instead of -inf: the garbage positions still get weight
        "scores = jnp.einsum('hd,htd->ht', q, k_cache) / math.sqrt(q.shape[-1])\n"
        "scores = jnp.where(jnp.arange(k_cache.shape[1]) <= n, scores, 0.0)\n"
        "return jnp.einsum('ht,htd->hd', jax.nn.softmax(scores, axis=-1), v_cache)",
        # softmax over the heads instead of the positions
        "scores = jnp.einsum('hd,htd->ht', q, k_cache) / math.sqrt(q.shape[-1])\n"
        "scores = jnp.where(jnp.arange(k_cache.shape[1]) <= n, scores, -jnp.inf)\n"
        "w = jax.nn.softmax(jnp.where(jnp.isfinite(scores), scores, -1e30), axis=0) * jnp.isfinite(scores)\n"
        "return jnp.einsum('ht,htd->hd', w, v_cache)",
    ],
    "14.7": [
        # x left in float: no activation quantisation
        "return jnp.matmul(x, q_w.astype(jnp.float32)) * s_w",
        # int8 accumulation: the sums overflow
        "s_x = jnp.max(jnp.abs(x), axis=1, keepdims=True) / 127.0\nq_x = jnp.round(x / s_x).astype(jnp.int8)\n"
        "return jnp.matmul(q_x, q_w).astype(jnp.float32) * s_x * s_w",
        # one scale for all of x instead of one per row
        "s_x = jnp.max(jnp.abs(x)) / 127.0\nq_x = jnp.round(x / s_x).astype(jnp.int8)\n"
        "return jnp.matmul(q_x, q_w, preferred_element_type=jnp.int32).astype(jnp.float32) * s_x * s_w",
        # forgot to rescale by s_x
        "s_x = jnp.max(jnp.abs(x), axis=1, keepdims=True) / 127.0\nq_x = jnp.round(x / s_x).astype(jnp.int8)\n"
        "return jnp.matmul(q_x, q_w, preferred_element_type=jnp.int32).astype(jnp.float32) * s_w",
        # scales per column of x instead of per row
        "s_x = jnp.max(jnp.abs(x), axis=0, keepdims=True) / 127.0\nq_x = jnp.round(x / s_x).astype(jnp.int8)\n"
        "return jnp.matmul(q_x, q_w, preferred_element_type=jnp.int32).astype(jnp.float32) * jnp.max(s_x) * s_w",
    ],
    "14.8": [
        # the mask from the step-k weights instead of the trained ones
        "n_prune = int(sparsity * w_k.size)\norder = jnp.argsort(jnp.abs(w_k).ravel())\n"
        "mask = jnp.ones(w_k.size, w_k.dtype).at[order[:n_prune]].set(0)\nreturn mask.reshape(w_k.shape) * w_k",
        # kept the trained values: the start of fine-tuning, not a rewind
        "n_prune = int(sparsity * w_final.size)\norder = jnp.argsort(jnp.abs(w_final).ravel())\n"
        "mask = jnp.ones(w_final.size, w_k.dtype).at[order[:n_prune]].set(0)\nreturn mask.reshape(w_k.shape) * w_final",
        # returned the mask, not the rewound weights
        "n_prune = int(sparsity * w_final.size)\norder = jnp.argsort(jnp.abs(w_final).ravel())\n"
        "return jnp.ones(w_final.size, w_k.dtype).at[order[:n_prune]].set(0).reshape(w_k.shape)",
        # pruned the largest trained magnitudes
        "n_prune = int(sparsity * w_final.size)\norder = jnp.argsort(-jnp.abs(w_final).ravel())\n"
        "mask = jnp.ones(w_final.size, w_k.dtype).at[order[:n_prune]].set(0)\nreturn mask.reshape(w_k.shape) * w_k",
        # pruned each row separately: the wrong number of zeros when p times the row length is not whole
        "k = int(sparsity * w_final.shape[-1])\nranks = jnp.argsort(jnp.argsort(jnp.abs(w_final), axis=-1), axis=-1)\n"
        "return (ranks >= k).astype(w_k.dtype) * w_k",
        # the mask from |w_final - w_k| (how far a weight moved), not from |w_final|
        "n_prune = int(sparsity * w_final.size)\norder = jnp.argsort(jnp.abs(w_final - w_k).ravel())\n"
        "mask = jnp.ones(w_final.size, w_k.dtype).at[order[:n_prune]].set(0)\nreturn mask.reshape(w_k.shape) * w_k",
    ],
}
