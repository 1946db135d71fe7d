"""Plausible wrong answers for solutions/12_finetuning.ipynb: every check must reject each of them."""

WRONG_ANSWERS = {
    "12.1": [
        # the size of the full update Delta W, not of its factors
        "return d_in * d_out",
        # r copies of the full matrix
        "return r * d_in * d_out",
        # counted a bias as part of the adapter
        "return r * (d_in + d_out) + d_out",
        # only one factor
        "return r * d_in",
        # a float, not an int
        "return float(r * (d_in + d_out))",
    ],
    "12.2": [
        # forgot the scale alpha / r
        "return x @ kernel + bias + (x @ A.T) @ B.T",
        # scaled by alpha instead of alpha / r
        "return x @ kernel + bias + alpha * (x @ A.T) @ B.T",
        # scaled by r / alpha
        "r = A.shape[0]\nreturn x @ kernel + bias + (r / alpha) * (x @ A.T) @ B.T",
        # forgot the bias
        "r = A.shape[0]\nreturn x @ kernel + (alpha / r) * (x @ A.T) @ B.T",
        # factors in the wrong order: B A applied as x B A does not even have the right shapes
        "r = A.shape[0]\nreturn x @ kernel + bias + (alpha / r) * (x @ B) @ A",
        # the adapter alone, without the frozen layer
        "r = A.shape[0]\nreturn bias + (alpha / r) * (x @ A.T) @ B.T",
    ],
    "12.3": [
        # only lora_a recognised as an adapter
        "return 'head' if path[0] == 'head' else ('lora' if path[-1] == 'lora_a' else 'backbone')",
        # everything that is not the head is 'backbone'
        "return 'head' if path[0] == 'head' else 'backbone'",
        # the head recognised by its last key, which every Linear shares
        "return 'head' if path[-1] in ('kernel', 'bias') else ('lora' if 'lora' in path else 'backbone')",
        # adapters matched by substring on the joined path (a name like 'explorable' would match too), head missed
        "return 'lora' if 'lora' in '/'.join(path) else 'backbone'",
    ],
    "12.4": [
        # forgot the scale
        "return kernel + lora_a @ lora_b",
        # subtracted the update
        "return kernel - s * (lora_a @ lora_b)",
        # the product transposed: right shape only for a square layer, wrong values there
        "return kernel + s * (lora_a @ lora_b).T",
        # the update alone
        "return s * (lora_a @ lora_b)",
    ],
    "12.5": [
        # forgot the scale s
        "return (G @ B).T @ x, G.T @ (x @ A.T)",
        # dA transposed to (D_in, r)
        "s = alpha / A.shape[0]\nreturn s * x.T @ (G @ B), s * G.T @ (x @ A.T)",
        # dL/dB transposed to (r, D_out)
        "s = alpha / A.shape[0]\nreturn s * (G @ B).T @ x, s * (x @ A.T).T @ G",
        # automatic differentiation, which the exercise rules out
        "s = alpha / A.shape[0]\nreturn jax.grad(lambda a, b: jnp.sum(G * (s * (x @ a.T) @ b.T)), argnums=(0, 1))(A, B)",
        # averaged over the batch again, although G = dL/dZ already carries the 1/N
        "s = alpha / A.shape[0]\nreturn s * (G @ B).T @ x / x.shape[0], s * G.T @ (x @ A.T) / x.shape[0]",
    ],
    "12.6": [
        # all of class 0 first, then all of class 1: the short prefixes are not balanced
        "rng = np.random.default_rng(seed)\n"
        "return np.concatenate([rng.choice(np.flatnonzero(y == c), n_per_class, replace=False) for c in (0, 1)])",
        # drawn with replacement: duplicates
        "rng = np.random.default_rng(seed)\n"
        "return np.stack([rng.choice(np.flatnonzero(y == c), n_per_class, replace=True) for c in (0, 1)], axis=1).ravel()",
        # ignores the classes
        "return np.random.default_rng(seed).choice(len(y), 2 * n_per_class, replace=False)",
        # ignores the seed
        "rng = np.random.default_rng(0)\n"
        "return np.stack([rng.choice(np.flatnonzero(y == c), n_per_class, replace=False) for c in (0, 1)], axis=1).ravel()",
        # the first n of each class, not a random sample
        "return np.stack([np.flatnonzero(y == c)[:n_per_class] for c in (0, 1)], axis=1).ravel()",
    ],
    "12.7": [
        # kept the singular vectors but dropped the singular values
        "U, S, Vt = np.linalg.svd(delta, full_matrices=False)\nreturn U[:, :r], Vt[:r]",
        # kept the r smallest singular values
        "U, S, Vt = np.linalg.svd(delta, full_matrices=False)\nreturn U[:, -r:] * S[-r:], Vt[-r:]",
        # the first r columns of delta, not a low-rank approximation
        "return delta[:, :r], np.eye(r, delta.shape[1])",
        # applied Sigma twice
        "U, S, Vt = np.linalg.svd(delta, full_matrices=False)\nreturn U[:, :r] * S[:r], S[:r, None] * Vt[:r]",
        # rank r + 1: not an adapter of rank r
        "U, S, Vt = np.linalg.svd(delta, full_matrices=False)\nreturn U[:, :r + 1] * S[:r + 1], Vt[:r + 1]",
    ],
}
