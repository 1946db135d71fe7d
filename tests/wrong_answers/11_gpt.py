"""Plausible wrong answers for solutions/11_gpt.ipynb: every check must reject each of them."""

WRONG_ANSWERS = {
    "11.1": [
        # naive log-sum-exp: exp overflows to inf for logits of a few hundred
        "z_y = jnp.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]\n"
        "return jnp.mean(jnp.log(jnp.sum(jnp.exp(logits), axis=-1)) - z_y) / jnp.log(2.0)",
        # log of the softmax probability: underflows to log 0 = -inf for large logits
        "p = jnp.take_along_axis(jax.nn.softmax(logits, axis=-1), targets[..., None], axis=-1)[..., 0]\n"
        "return -jnp.mean(jnp.log2(p))",
        # nats, not bits: forgot to divide by ln 2
        "z_y = jnp.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]\n"
        "return jnp.mean(jax.nn.logsumexp(logits, axis=-1) - z_y)",
        # multiplied by ln 2 instead of dividing
        "z_y = jnp.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]\n"
        "return jnp.mean(jax.nn.logsumexp(logits, axis=-1) - z_y) * jnp.log(2.0)",
        # summed over positions instead of averaging
        "z_y = jnp.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]\n"
        "return jnp.sum(jax.nn.logsumexp(logits, axis=-1) - z_y) / jnp.log(2.0)",
        # one loss per position, not their mean
        "z_y = jnp.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]\n"
        "return (jax.nn.logsumexp(logits, axis=-1) - z_y) / jnp.log(2.0)",
        # forgot the log-sum-exp: -z_y alone is not a log-probability
        "z_y = jnp.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]\n"
        "return jnp.mean(-z_y) / jnp.log(2.0)",
    ],
    "11.2": [
        # searchsorted gives an unknown character the position where it would be inserted, not len(vocab)
        "return np.searchsorted(np.array(vocab), np.array(list(text))).astype(np.int32)",
        # dropped the unknown characters
        "return np.array([vocab.index(c) for c in text if c in vocab])",
        # unknown characters mapped to id 0, a real character
        "lookup = {c: i for i, c in enumerate(vocab)}\nreturn np.array([lookup.get(c, 0) for c in text])",
        # <unk> as -1 instead of len(vocab)
        "lookup = {c: i for i, c in enumerate(vocab)}\nreturn np.array([lookup.get(c, -1) for c in text])",
        # <unk> put first, shifting every known id by one
        "lookup = {c: i + 1 for i, c in enumerate(vocab)}\nreturn np.array([lookup.get(c, 0) for c in text])",
    ],
    "11.3": [
        # n_a counted over every character, the last one included, instead of over the pairs
        "n = np.zeros((V, V))\nnp.add.at(n, (ids[:-1], ids[1:]), 1)\n"
        "return (n + 1.0) / (np.bincount(ids, minlength=V)[:, None] + V)",
        # no smoothing: the maximum-likelihood table (nan on a row that never occurs)
        "n = np.zeros((V, V))\nnp.add.at(n, (ids[:-1], ids[1:]), 1)\nreturn n / n.sum(axis=1, keepdims=True)",
        # added 1 to the numerator but only 1 to the denominator
        "n = np.zeros((V, V))\nnp.add.at(n, (ids[:-1], ids[1:]), 1)\nreturn (n + 1.0) / (n.sum(axis=1, keepdims=True) + 1)",
        # normalised the columns instead of the rows
        "n = np.zeros((V, V))\nnp.add.at(n, (ids[:-1], ids[1:]), 1)\nreturn (n + 1.0) / (n.sum(axis=0, keepdims=True) + V)",
        # counted the pairs backwards, (next, current)
        "n = np.zeros((V, V))\nnp.add.at(n, (ids[1:], ids[:-1]), 1)\nreturn (n + 1.0) / (n.sum(axis=1, keepdims=True) + V)",
        # n[a, b] += 1 with fancy indexing counts a repeated pair only once
        "n = np.zeros((V, V))\nn[ids[:-1], ids[1:]] += 1\nreturn (n + 1.0) / (n.sum(axis=1, keepdims=True) + V)",
    ],
    "11.4": [
        # k transposed with hard-coded axes: right for (B, H, T, D), wrong for other leading axes
        "T = q.shape[-2]\nscores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(q.shape[-1])\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "return jax.nn.softmax(scores, axis=-1) @ v",
        # no mask: every position sees the future
        "scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1])\nreturn jax.nn.softmax(scores, axis=-1) @ v",
        # the mask transposed: each position sees itself and the future
        "T = q.shape[-2]\nscores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1])\n"
        "scores = jnp.where(jnp.triu(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "return jax.nn.softmax(scores, axis=-1) @ v",
        # scaled by D instead of sqrt(D)
        "T = q.shape[-2]\nscores = q @ jnp.swapaxes(k, -1, -2) / q.shape[-1]\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "return jax.nn.softmax(scores, axis=-1) @ v",
        # strict mask: position t may not see itself (row 0 is all -inf: nan)
        "T = q.shape[-2]\nscores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1])\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool), k=-1), scores, -jnp.inf)\n"
        "return jax.nn.softmax(scores, axis=-1) @ v",
        # masked with 0 instead of -inf: masked positions still get weight e^0
        "T = q.shape[-2]\nscores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1])\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, 0.0)\n"
        "return jax.nn.softmax(scores, axis=-1) @ v",
    ],
    "11.5": [
        # multiplied by the temperature instead of dividing
        "kth_largest = jnp.sort(logits)[-k]\n"
        "return jax.nn.softmax(jnp.where(logits >= kth_largest, logits * temperature, -jnp.inf))",
        # zeroed the tail after the softmax but did not renormalise
        "kth_largest = jnp.sort(logits)[-k]\n"
        "return jnp.where(logits >= kth_largest, jax.nn.softmax(logits / temperature), 0.0)",
        # kept the k smallest logits
        "kth_smallest = jnp.sort(logits)[k - 1]\n"
        "return jax.nn.softmax(jnp.where(logits <= kth_smallest, logits / temperature, -jnp.inf))",
        # off by one: kept k + 1 logits
        "kth_largest = jnp.sort(logits)[-k - 1] if k < logits.shape[0] else jnp.min(logits)\n"
        "return jax.nn.softmax(jnp.where(logits >= kth_largest, logits / temperature, -jnp.inf))",
        # ignored the temperature
        "kth_largest = jnp.sort(logits)[-k]\n"
        "return jax.nn.softmax(jnp.where(logits >= kth_largest, logits, -jnp.inf))",
    ],
    "11.6": [
        # an untied output layer counted as well
        "return 2 * V * C + T * C + L * (12 * C * C + 13 * C) + 2 * C",
        # forgot the biases of the four Linear layers (9C per block)
        "return V * C + T * C + L * (12 * C * C + 4 * C) + 2 * C",
        # forgot the position embedding
        "return V * C + L * (12 * C * C + 13 * C) + 2 * C",
        # forgot the LayerNorms (2C each: two per block and a final one)
        "return V * C + T * C + L * (12 * C * C + 9 * C)",
        # MLP of width C instead of 4C
        "return V * C + T * C + L * (6 * C * C + 10 * C) + 2 * C",
    ],
    "11.7": [
        # queries, keys and values interleaved column by column instead of in three blocks of C
        "B, T, C = x.shape\nD = C // n_heads\nqkv = (x @ W_qkv + b_qkv).reshape(B, T, C, 3)\n"
        "q, k, v = (qkv[..., i].reshape(B, T, n_heads, D).transpose(0, 2, 1, 3) for i in range(3))\n"
        "scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(D)\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "y = (jax.nn.softmax(scores, axis=-1) @ v).transpose(0, 2, 1, 3).reshape(B, T, C)\n"
        "return y @ W_o + b_o",
        # scaled by sqrt(C) instead of sqrt(D)
        "B, T, C = x.shape\nD = C // n_heads\nq, k, v = jnp.split(x @ W_qkv + b_qkv, 3, axis=-1)\n"
        "q, k, v = (a.reshape(B, T, n_heads, D).transpose(0, 2, 1, 3) for a in (q, k, v))\n"
        "scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(C)\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "y = (jax.nn.softmax(scores, axis=-1) @ v).transpose(0, 2, 1, 3).reshape(B, T, C)\n"
        "return y @ W_o + b_o",
        # heads split the wrong way: reshape to (B, T, D, H)
        "B, T, C = x.shape\nD = C // n_heads\nq, k, v = jnp.split(x @ W_qkv + b_qkv, 3, axis=-1)\n"
        "q, k, v = (a.reshape(B, T, D, n_heads).transpose(0, 3, 1, 2) for a in (q, k, v))\n"
        "scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(D)\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "y = (jax.nn.softmax(scores, axis=-1) @ v).transpose(0, 2, 3, 1).reshape(B, T, C)\n"
        "return y @ W_o + b_o",
        # one head of width C
        "B, T, C = x.shape\nq, k, v = jnp.split(x @ W_qkv + b_qkv, 3, axis=-1)\n"
        "scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(C // n_heads)\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "return (jax.nn.softmax(scores, axis=-1) @ v) @ W_o + b_o",
        # no causal mask
        "B, T, C = x.shape\nD = C // n_heads\nq, k, v = jnp.split(x @ W_qkv + b_qkv, 3, axis=-1)\n"
        "q, k, v = (a.reshape(B, T, n_heads, D).transpose(0, 2, 1, 3) for a in (q, k, v))\n"
        "scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(D)\n"
        "y = (jax.nn.softmax(scores, axis=-1) @ v).transpose(0, 2, 1, 3).reshape(B, T, C)\n"
        "return y @ W_o + b_o",
        # heads concatenated without moving the head axis back: (B, H, T, D) reshaped to (B, T, C)
        "B, T, C = x.shape\nD = C // n_heads\nq, k, v = jnp.split(x @ W_qkv + b_qkv, 3, axis=-1)\n"
        "q, k, v = (a.reshape(B, T, n_heads, D).transpose(0, 2, 1, 3) for a in (q, k, v))\n"
        "scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(D)\n"
        "scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)\n"
        "y = (jax.nn.softmax(scores, axis=-1) @ v).reshape(B, T, C)\n"
        "return y @ W_o + b_o",
    ],
    "11.8": [
        # the first `context` ids instead of the last: the window never slides
        "ids = list(prompt)\nfor k in jax.random.split(key, n_new):\n"
        "    z = logits_fn(jnp.asarray(ids[:context]))[-1]\n"
        "    kth_largest = jnp.sort(z)[-top_k]\n"
        "    ids.append(int(jax.random.categorical(k, jnp.where(z >= kth_largest, z / temperature, -jnp.inf))))\n"
        "return ids",
        # one key reused for every draw
        "ids = list(prompt)\nfor _ in range(n_new):\n"
        "    z = logits_fn(jnp.asarray(ids[-context:]))[-1]\n"
        "    kth_largest = jnp.sort(z)[-top_k]\n"
        "    ids.append(int(jax.random.categorical(key, jnp.where(z >= kth_largest, z / temperature, -jnp.inf))))\n"
        "return ids",
        # the logits of the first position of the window instead of the last
        "ids = list(prompt)\nfor k in jax.random.split(key, n_new):\n"
        "    z = logits_fn(jnp.asarray(ids[-context:]))[0]\n"
        "    kth_largest = jnp.sort(z)[-top_k]\n"
        "    ids.append(int(jax.random.categorical(k, jnp.where(z >= kth_largest, z / temperature, -jnp.inf))))\n"
        "return ids",
        # no top-k filter
        "ids = list(prompt)\nfor k in jax.random.split(key, n_new):\n"
        "    z = logits_fn(jnp.asarray(ids[-context:]))[-1]\n"
        "    ids.append(int(jax.random.categorical(k, z / temperature)))\n"
        "return ids",
        # the whole history, ignoring the model's context limit
        "ids = list(prompt)\nfor k in jax.random.split(key, n_new):\n"
        "    z = logits_fn(jnp.asarray(ids))[-1]\n"
        "    kth_largest = jnp.sort(z)[-top_k]\n"
        "    ids.append(int(jax.random.categorical(k, jnp.where(z >= kth_largest, z / temperature, -jnp.inf))))\n"
        "return ids",
        # returned only the new ids
        "ids = list(prompt)\nfor k in jax.random.split(key, n_new):\n"
        "    z = logits_fn(jnp.asarray(ids[-context:]))[-1]\n"
        "    kth_largest = jnp.sort(z)[-top_k]\n"
        "    ids.append(int(jax.random.categorical(k, jnp.where(z >= kth_largest, z / temperature, -jnp.inf))))\n"
        "return ids[len(prompt):]",
    ],
}
