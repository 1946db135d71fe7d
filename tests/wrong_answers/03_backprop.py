"""Plausible wrong answers to the exercises of solutions/03_backprop.ipynb; every check must reject each one."""

# The engine's topological sort, shared by the wrong versions of Exercise 3.6.
_TOPO = """
order, visited = [], set()

def visit(v):
    if v not in visited:
        visited.add(v)
        for p in v.parents:
            visit(p)
        order.append(v)

visit(root)
"""

WRONG_ANSWERS = {
    "3.1": [
        # sigma'(z) dropped, the mistake of the source material's worked example
        "y = jax.nn.sigmoid(jnp.dot(w, x) + b)\ndz = y - t\nreturn dz * x, dz",
        # dz/dw taken as w instead of x
        "y = jax.nn.sigmoid(jnp.dot(w, x) + b)\ndz = (y - t) * y * (1.0 - y)\nreturn dz * w, dz",
        # sigma'(z) written as sigma(z)
        "y = jax.nn.sigmoid(jnp.dot(w, x) + b)\ndz = (y - t) * y\nreturn dz * x, dz",
        # jax.grad, which the statement forbids: right values, no derivation
        "return jax.grad(lambda w, b: 0.5 * (jax.nn.sigmoid(jnp.dot(w, x) + b) - t) ** 2, argnums=(0, 1))(w, b)",
    ],
    "3.2": [
        # relu' dropped (the other mistake of the source material)
        "return W2.T @ delta2",
        # relu(z1) used where relu'(z1) belongs
        "return jax.nn.relu(z1) * (W2.T @ delta2)",
        # W2 not transposed: wrong shape, the check must still answer in one line
        "return (z1 > 0).astype(z1.dtype) * (W2 @ delta2)",
        # relu'(0) taken as 1: only an input with a pre-activation exactly 0 shows it
        "return (z1 >= 0).astype(z1.dtype) * (W2.T @ delta2)",
        # sizes hard-coded for one network (K = 2 outputs): passes a single test input of that size
        "return (z1 > 0).astype(z1.dtype) * (W2[0] * delta2[0] + W2[1] * delta2[1])",
    ],
    "3.3": [
        # forward difference: only O(h) accurate
        "a = jnp.dot(grad_f(theta), v)\nn = (f(theta + h * v) - f(theta)) / h\n"
        "return float(jnp.abs(a - n) / (jnp.abs(a) + jnp.abs(n)))",
        # central difference divided by h instead of 2h
        "a = jnp.dot(grad_f(theta), v)\nn = (f(theta + h * v) - f(theta - h * v)) / h\n"
        "return float(jnp.abs(a - n) / (jnp.abs(a) + jnp.abs(n)))",
        # absolute instead of relative error
        "a = jnp.dot(grad_f(theta), v)\nn = (f(theta + h * v) - f(theta - h * v)) / (2 * h)\n"
        "return float(jnp.abs(a - n))",
        # the step h ignored (a fixed 1e-5): passes a check that only ever uses h = 1e-5
        "a = jnp.dot(grad_f(theta), v)\nn = (f(theta + 1e-5 * v) - f(theta - 1e-5 * v)) / 2e-5\n"
        "return float(jnp.abs(a - n) / (jnp.abs(a) + jnp.abs(n)))",
    ],
    "3.4": [
        # sign of d(a/b)/db lost
        "return Value(a.data / b.data, (a, b), (1.0 / b.data, a.data / b.data ** 2))",
        # local derivatives swapped between the parents
        "return Value(a.data / b.data, (a, b), (-a.data / b.data ** 2, 1.0 / b.data))",
        # b not recorded as a parent: no gradient reaches it
        "return Value(a.data / b.data, (a,), (1.0 / b.data,))",
    ],
    "3.5": [
        # relu' dropped
        "return G @ kernel.T, X.T @ G, G.sum(axis=0)",
        # bias gradient not summed over the batch
        "GZ = G * (X @ kernel + b > 0)\nreturn GZ @ kernel.T, X.T @ GZ, GZ",
        # relu(Z) used where relu'(Z) belongs
        "GZ = G * jax.nn.relu(X @ kernel + b)\nreturn GZ @ kernel.T, X.T @ GZ, GZ.sum(axis=0)",
        # relu' evaluated without the bias: the mask is 1[X @ kernel > 0] instead of 1[Z > 0]
        "GZ = G * (X @ kernel > 0)\nreturn GZ @ kernel.T, X.T @ GZ, GZ.sum(axis=0)",
        # the math layout's gradient W = kernel^T returned for the kernel: shape (D_out, D_in)
        "GZ = G * (X @ kernel + b > 0)\nreturn GZ @ kernel.T, GZ.T @ X, GZ.sum(axis=0)",
        # jax.vjp of the layer instead of the backward pass by hand
        "return jax.vjp(lambda X, k, b: jax.nn.relu(X @ k + b), X, kernel, b)[1](G)",
        # jax.grad of <G, A>: the same numbers, which the statement forbids
        "return jax.grad(lambda X, k, b: jnp.sum(G * jax.nn.relu(X @ k + b)), argnums=(0, 1, 2))(X, kernel, b)",
    ],
    "3.6": [
        # overwrite instead of accumulate: a node read twice keeps only one contribution
        _TOPO + "for v in order:\n    v.grad = 0.0\nroot.grad = 1.0\nfor v in reversed(order):\n"
                "    for p, d in zip(v.parents, v.local_grads):\n        p.grad = d * v.grad\n",
        # no reset: the second call adds to the first
        _TOPO + "root.grad = 1.0\nfor v in reversed(order):\n"
                "    for p, d in zip(v.parents, v.local_grads):\n        p.grad += d * v.grad\n",
        # order not reversed: leaves are processed before the nodes that read them
        _TOPO + "for v in order:\n    v.grad = 0.0\nroot.grad = 1.0\nfor v in order:\n"
                "    for p, d in zip(v.parents, v.local_grads):\n        p.grad += d * v.grad\n",
        # breadth-first from the root without a topological order: shared nodes pass on partial adjoints
        "root.grad = 1.0\nqueue = [root]\nwhile queue:\n    v = queue.pop(0)\n"
        "    for p, d in zip(v.parents, v.local_grads):\n        p.grad += d * v.grad\n        queue.append(p)\n",
    ],
    "3.7": [
        # no clipping at all
        "g = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, X, y)\n"
        "return jax.tree.map(lambda leaf: leaf.mean(axis=0), g)",
        # clipping the mean gradient instead of each example's
        "g = jax.grad(lambda p: jnp.mean(jax.vmap(loss, in_axes=(None, 0, 0))(p, X, y)))(params)\n"
        "norm = jnp.sqrt(sum(jnp.sum(leaf ** 2) for leaf in jax.tree.leaves(g)))\n"
        "return jax.tree.map(lambda leaf: leaf * jnp.minimum(1.0, C / norm), g)",
        # clipping each leaf by its own norm instead of the global norm
        "g = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, X, y)\n"
        "def clip_leaf(leaf):\n"
        "    n = jnp.sqrt(jnp.sum(leaf.reshape(leaf.shape[0], -1) ** 2, axis=1))\n"
        "    return jnp.tensordot(jnp.minimum(1.0, C / n), leaf, axes=1) / X.shape[0]\n"
        "return jax.tree.map(clip_leaf, g)",
        # the norm written for one parameter layout ({"kernel", "b"}): passes a single test model of that layout
        "g = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, X, y)\n"
        "sq = jnp.sum(g['kernel'] ** 2, axis=(1, 2)) + jnp.sum(g['b'] ** 2, axis=1)\n"
        "scale = jnp.minimum(1.0, C / jnp.sqrt(sq))\n"
        "return jax.tree.map(lambda leaf: jnp.tensordot(scale, leaf, axes=1) / X.shape[0], g)",
    ],
}
