"""Plausible wrong answers for solutions/15_scaling.ipynb: every check must reject each one."""

WRONG_ANSWERS = {
    "15.1": [
        # every axis divided by the total number of devices
        "n = 1\nfor v in mesh_axes.values():\n    n *= v\nreturn tuple(s // n if e is not None else s for s, e in zip(shape, spec))",
        # a tuple entry treated as its first name only
        "return tuple(s if e is None else s // mesh_axes[e if isinstance(e, str) else e[0]] for s, e in zip(shape, spec))",
        # multiplied instead of divided (the global shape from a shard)
        "return tuple(s if e is None else s * mesh_axes[e] for s, e in zip(shape, spec))",
        # the spec ignored: the array's shape, as if replicated
        "return tuple(shape)",
    ],
    "15.2": [
        # one phase only: (n - 1)/n of the bytes
        "return (n - 1) * (alpha + M / n / beta)",
        # the large-n limit 2M / beta, latency once
        "return alpha + 2 * M / beta",
        # latency paid once instead of per step
        "return alpha + 2 * (n - 1) / n * M / beta",
        # n steps per phase instead of n - 1
        "return 2 * n * (alpha + M / n / beta)",
    ],
    "15.3": [
        # a straight line through L against P, without logarithms
        "slope, intercept = np.polyfit(n_params, losses, 1)\nreturn float(intercept), float(-slope)",
        # the slope itself returned as alpha (negative)
        "slope, intercept = np.polyfit(np.log(n_params), np.log(losses), 1)\nreturn float(np.exp(intercept)), float(slope)",
        # base 10 for a after natural logarithms
        "slope, intercept = np.polyfit(np.log(n_params), np.log(losses), 1)\nreturn float(10 ** intercept), float(-slope)",
        # only the two end points
        "alpha = -np.log(losses[-1] / losses[0]) / np.log(n_params[-1] / n_params[0])\nreturn float(losses[0] * n_params[0] ** alpha), float(alpha)",
    ],
    "15.4": [
        # the plain full-batch gradient: right numbers, no data parallelism
        "return jax.grad(loss)(w, x, y)",
        # summed over devices, not averaged
        "def local(w, x, y):\n    w = jax.lax.pcast(w, 'data', to='varying')\n    return jax.lax.psum(jax.grad(loss)(w, x, y), 'data')\n"
        "return jax.jit(jax.shard_map(local, mesh=mesh, in_specs=(P(), P('data'), P('data')), out_specs=P()))(w, x, y)",
        # no pcast: jax.grad already sums the devices' gradients, pmean then leaves the sum
        "def local(w, x, y):\n    return jax.lax.pmean(jax.grad(loss)(w, x, y), 'data')\n"
        "return jax.jit(jax.shard_map(local, mesh=mesh, in_specs=(P(), P('data'), P('data')), out_specs=P()))(w, x, y)",
        # the local gradient, never combined (check_vma rejects the promise of a replicated output)
        "def local(w, x, y):\n    w = jax.lax.pcast(w, 'data', to='varying')\n    return jax.grad(loss)(w, x, y)\n"
        "return jax.jit(jax.shard_map(local, mesh=mesh, in_specs=(P(), P('data'), P('data')), out_specs=P()))(w, x, y)",
    ],
    "15.5": [
        # float32 everything: 4 bytes each for params and grads
        "params, grads, opt = 4 * n_params, 4 * n_params, 8 * n_params\n"
        "return params // (n if stage >= 3 else 1) + grads // (n if stage >= 2 else 1) + opt // (n if stage >= 1 else 1)",
        # the gradient sharded already at stage 1
        "params, grads, opt = 2 * n_params, 2 * n_params, 12 * n_params\n"
        "return params // (n if stage >= 3 else 1) + grads // (n if stage >= 1 else 1) + opt // (n if stage >= 1 else 1)",
        # stage 3 leaves the bf16 parameters whole
        "params, grads, opt = 2 * n_params, 2 * n_params, 12 * n_params\n"
        "return params + grads // (n if stage >= 2 else 1) + opt // (n if stage >= 1 else 1)",
        # everything divided by n at every stage
        "return 16 * n_params // n",
    ],
    "15.6": [
        # relu on each device's output term instead of on its hidden block
        "h = w1.shape[1]\nb = [slice(k * h // n, (k + 1) * h // n) for k in range(n)]\n"
        "return jnp.stack([jax.nn.relu(x @ w1[:, s] @ w2[s, :]) for s in b])",
        # W1 split by rows: shapes do not even fit the blocks of the hidden layer
        "d = w1.shape[0]\nr = [slice(k * d // n, (k + 1) * d // n) for k in range(n)]\n"
        "return jnp.stack([jax.nn.relu(x[:, s] @ w1[s]) @ w2 for s in r])",
        # blocks in the wrong order: sums to Y, but term k is not device k's
        "h = w1.shape[1]\nb = [slice(k * h // n, (k + 1) * h // n) for k in reversed(range(n))]\n"
        "return jnp.stack([jax.nn.relu(x @ w1[:, s]) @ w2[s, :] for s in b])",
        # the full output on every device (the all-reduce already done), n times too much in sum
        "y = jax.nn.relu(x @ w1) @ w2\nreturn jnp.stack([y] * n)",
    ],
    "15.7": [
        # psum: the right numbers, but not a ring of messages
        "ring = jax.make_mesh((x.shape[0],), ('ring',), axis_types=(AxisType.Auto,))\n"
        "return jax.jit(jax.shard_map(lambda v: jax.lax.psum(v, 'ring'), mesh=ring, in_specs=P('ring'), out_specs=P('ring')))(x)",
        # reduce-scatter only: each device holds one complete chunk, the rest partial
        "n = x.shape[0]\nring = jax.make_mesh((n,), ('ring',), axis_types=(AxisType.Auto,))\nright = [(i, (i + 1) % n) for i in range(n)]\n"
        "def local(v):\n    i = jax.lax.axis_index('ring')\n    c = v.reshape(n, -1)\n    for s in range(n - 1):\n"
        "        c = c.at[(i - s - 1) % n].add(jax.lax.ppermute(c[(i - s) % n], 'ring', right))\n    return c.reshape(1, -1)\n"
        "return jax.jit(jax.shard_map(local, mesh=ring, in_specs=P('ring'), out_specs=P('ring')))(x)",
        # adding in the all-gather phase too: chunks counted twice
        "n = x.shape[0]\nring = jax.make_mesh((n,), ('ring',), axis_types=(AxisType.Auto,))\nright = [(i, (i + 1) % n) for i in range(n)]\n"
        "def local(v):\n    i = jax.lax.axis_index('ring')\n    c = v.reshape(n, -1)\n    for s in range(n - 1):\n"
        "        c = c.at[(i - s - 1) % n].add(jax.lax.ppermute(c[(i - s) % n], 'ring', right))\n    for s in range(n - 1):\n"
        "        c = c.at[(i - s) % n].add(jax.lax.ppermute(c[(i + 1 - s) % n], 'ring', right))\n    return c.reshape(1, -1)\n"
        "return jax.jit(jax.shard_map(local, mesh=ring, in_specs=P('ring'), out_specs=P('ring')))(x)",
        # off by one: the received running sum is added to the chunk that was sent
        "n = x.shape[0]\nring = jax.make_mesh((n,), ('ring',), axis_types=(AxisType.Auto,))\nright = [(i, (i + 1) % n) for i in range(n)]\n"
        "def local(v):\n    i = jax.lax.axis_index('ring')\n    c = v.reshape(n, -1)\n    for s in range(n - 1):\n"
        "        c = c.at[(i - s) % n].add(jax.lax.ppermute(c[(i - s) % n], 'ring', right))\n    for s in range(n - 1):\n"
        "        c = c.at[(i - s) % n].set(jax.lax.ppermute(c[(i + 1 - s) % n], 'ring', right))\n    return c.reshape(1, -1)\n"
        "return jax.jit(jax.shard_map(local, mesh=ring, in_specs=P('ring'), out_specs=P('ring')))(x)",
    ],
}
