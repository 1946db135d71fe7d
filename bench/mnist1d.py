"""Logistic regression, MLP and CNN on MNIST-1D: the course's JAX / Flax NNX training against PyTorch eager.

Same data (mnist1d's make_dataset), same models (the MNIST-1D paper's linear, MLP and CNN), same
recipe (Adam, learning rate 1e-2, batch 100 taken in order, 6000 steps) and the same initial
weights: the PyTorch model is built from the seed and its weights are copied into the Flax model.
Three JAX variants are timed: an `@nnx.jit` train step called from a Python loop (Chapter 6's
loop), the same step under `jax.jit` over `nnx.split` state, and the whole run as one `lax.scan`.
For each seed PyTorch trains first, before the JAX variants of that seed.
Seeds 1 and 2 are run too, PyTorch and the `lax.scan` variant only, to compare accuracy over seeds.
Each row also records the floating-point operations of one training step (XLA's cost analysis of
the compiled step), from which the sustained GFLOP/s of every run follows, and the row's ceiling: what XLA
sustains on this machine for float32 matrix products of the sizes of the model's largest product (found in
the model's jaxpr, see largest_product), with each run's GFLOP/s as a fraction of it.
"""
from __future__ import annotations

import os
import time

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx

STEPS, BATCH, LR = 6000, 100, 1e-2
SEEDS = (0, 1, 2)
if os.environ.get("BENCH_SMOKE_STEPS"):        # smoke tests only: a few steps, one seed (results are then not kept)
    STEPS, SEEDS = int(os.environ["BENCH_SMOKE_STEPS"]), SEEDS[:1]


def load_data() -> dict[str, np.ndarray]:
    from mnist1d.data import get_dataset_args, make_dataset
    d = make_dataset(get_dataset_args())
    return {"x": d["x"].astype(np.float32), "y": d["y"].astype(np.int32),
            "x_test": d["x_test"].astype(np.float32), "y_test": d["y_test"].astype(np.int32)}


# ------------------------------------------------------------------ the models, in Flax NNX

class Linear(nnx.Module):
    """z = x W + b."""
    def __init__(self, rngs: nnx.Rngs):
        self.out = nnx.Linear(40, 10, rngs=rngs)

    def layers(self):
        return [self.out]

    def __call__(self, x):                      # (B, 40) -> (B, 10)
        return self.out(x)


class MLP(nnx.Module):
    """h1 = relu(x W1 + b1); h2 = h1 + relu(h1 W2 + b2); z = h2 W3 + b3 (the paper's MLP, 100 units)."""
    def __init__(self, rngs: nnx.Rngs):
        self.l1, self.l2, self.l3 = nnx.Linear(40, 100, rngs=rngs), nnx.Linear(100, 100, rngs=rngs), nnx.Linear(100, 10, rngs=rngs)

    def layers(self):
        return [self.l1, self.l2, self.l3]

    def __call__(self, x):                      # (B, 40) -> (B, 10)
        h = nnx.relu(self.l1(x))
        h = h + nnx.relu(self.l2(h))
        return self.l3(h)


class CNN(nnx.Module):
    """Three ReLU convolutions (25 channels; kernels 5, 3, 3; stride 2; padding 1), then a linear layer."""
    def __init__(self, rngs: nnx.Rngs, conv_fn=None):
        extra = {} if conv_fn is None else {"conv_general_dilated": conv_fn}
        conv = lambda c_in, k: nnx.Conv(c_in, 25, kernel_size=(k,), strides=(2,), padding=[(1, 1)], rngs=rngs, **extra)
        self.c1, self.c2, self.c3 = conv(1, 5), conv(25, 3), conv(25, 3)
        self.out = nnx.Linear(125, 10, rngs=rngs)

    def layers(self):
        return [self.c1, self.c2, self.c3, self.out]

    def __call__(self, x):                      # (B, 40)
        h = x[:, :, None]                       # (B, 40, 1)
        h = nnx.relu(self.c1(h))                # (B, 19, 25)
        h = nnx.relu(self.c2(h))                # (B, 10, 25)
        h = nnx.relu(self.c3(h))                # (B, 5, 25)
        h = jnp.swapaxes(h, 1, 2).reshape(h.shape[0], -1)   # (B, 125), channel-major like PyTorch's flatten
        return self.out(h)                      # (B, 10)


# ------------------------------------------------------------------ the same models in PyTorch

def torch_model(name: str, seed: int):
    import torch
    import torch.nn as tnn
    torch.manual_seed(seed)
    if name == "logistic":
        return tnn.Sequential(tnn.Linear(40, 10))

    class TorchMLP(tnn.Module):
        def __init__(self):
            super().__init__()
            self.l1, self.l2, self.l3 = tnn.Linear(40, 100), tnn.Linear(100, 100), tnn.Linear(100, 10)

        def forward(self, x):
            h = self.l1(x).relu()
            h = h + self.l2(h).relu()
            return self.l3(h)

    class TorchCNN(tnn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = tnn.Conv1d(1, 25, 5, stride=2, padding=1)
            self.c2 = tnn.Conv1d(25, 25, 3, stride=2, padding=1)
            self.c3 = tnn.Conv1d(25, 25, 3, stride=2, padding=1)
            self.out = tnn.Linear(125, 10)

        def forward(self, x):
            h = x[:, None, :]
            h = self.c3(self.c2(self.c1(h).relu()).relu()).relu()
            return self.out(h.flatten(1))

    return {"mlp": TorchMLP, "cnn": TorchCNN}[name]()


def copy_weights(torch_net, model: nnx.Module) -> None:
    """Put the PyTorch weights into the Flax model: (out, in) -> (in, out), (out, in, k) -> (k, in, out)."""
    tensors = [p.detach().numpy() for p in torch_net.parameters()]
    params = jax.tree.leaves(nnx.state(model, nnx.Param))
    layers = model.layers()
    pairs = list(zip(tensors[0::2], tensors[1::2]))
    assert len(pairs) == len(layers) and len(params) == 2 * len(layers)
    for (w, b), layer in zip(pairs, layers):
        kernel = w.T if w.ndim == 2 else np.transpose(w, (2, 1, 0))
        assert layer.kernel[...].shape == kernel.shape, (layer.kernel[...].shape, kernel.shape)
        layer.kernel[...] = jnp.asarray(kernel)
        layer.bias[...] = jnp.asarray(b)


# ------------------------------------------------------------------ training

def cross_entropy(logits, y):
    return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()


def loss_fn(model, x, y):
    return cross_entropy(model(x), y)


def batch_at(x, y, step):
    """The batch the reference recipe takes at `step`: examples [step * B mod N, + B)."""
    start = (step * BATCH) % x.shape[0]
    return jax.lax.dynamic_slice_in_dim(x, start, BATCH), jax.lax.dynamic_slice_in_dim(y, start, BATCH)


@nnx.jit
def nnx_train_step(model, optimizer, x, y, step):
    xb, yb = batch_at(x, y, step)
    loss, grads = nnx.value_and_grad(loss_fn)(model, xb, yb)
    optimizer.update(model, grads)
    return loss


def accuracy(model, x, y) -> float:
    return float(jnp.mean(model(jnp.asarray(x)).argmax(axis=1) == jnp.asarray(y)))


def train_nnx_loop(model, data):
    """Chapter 6's loop: an @nnx.jit step called STEPS times from Python. Returns (compile s, run s)."""
    optimizer = nnx.Optimizer(model, optax.adam(LR), wrt=nnx.Param)
    x, y = jnp.asarray(data["x"]), jnp.asarray(data["y"])
    t0 = time.perf_counter()
    nnx_train_step(model, optimizer, x, y, jnp.int32(0)).block_until_ready()
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for step in range(1, STEPS):
        loss = nnx_train_step(model, optimizer, x, y, jnp.int32(step))
    loss.block_until_ready()
    return first, time.perf_counter() - t0


def functional_step(graphdef, data):
    """(state, step) -> (state, loss): one Adam step on the recipe's batch, as a pure function of nnx.split state."""
    x, y = jnp.asarray(data["x"]), jnp.asarray(data["y"])

    def step_fn(state, step):
        m, opt = nnx.merge(graphdef, state)
        xb, yb = batch_at(x, y, step)
        loss, grads = nnx.value_and_grad(loss_fn)(m, xb, yb)
        opt.update(m, grads)
        return nnx.state((m, opt)), loss
    return step_fn


def train_split_loop(model, data):
    """The same step under jax.jit over nnx.split state (no NNX graph traversal per call)."""
    optimizer = nnx.Optimizer(model, optax.adam(LR), wrt=nnx.Param)
    graphdef, state = nnx.split((model, optimizer))
    step_fn = jax.jit(functional_step(graphdef, data))
    t0 = time.perf_counter()
    state, loss = step_fn(state, jnp.int32(0))
    loss.block_until_ready()
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for step in range(1, STEPS):
        state, loss = step_fn(state, jnp.int32(step))
    loss.block_until_ready()
    seconds = time.perf_counter() - t0
    nnx.update((model, optimizer), state)
    return first, seconds


def train_scan(model, data):
    """The whole run as one lax.scan over steps, compiled once. Returns (compile s, run s)."""
    optimizer = nnx.Optimizer(model, optax.adam(LR), wrt=nnx.Param)
    graphdef, state = nnx.split((model, optimizer))
    body = functional_step(graphdef, data)
    run = jax.jit(lambda s: jax.lax.scan(body, s, jnp.arange(STEPS, dtype=jnp.int32)))
    t0 = time.perf_counter()
    compiled = run.lower(state).compile()
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    state, losses = compiled(state)
    losses.block_until_ready()
    seconds = time.perf_counter() - t0
    nnx.update((model, optimizer), state)
    return first, seconds


def train_torch(net, data, steps: int = STEPS, every: int | None = None, stop=None) -> float:
    """The reference recipe in PyTorch eager mode. Returns run seconds.

    With `every` and `stop`, calls stop(steps_done) after every `every` steps and after the last one, and ends
    the run early when it returns True (the time the calls take is part of the run's)."""
    import torch
    x, y = torch.tensor(data["x"]), torch.tensor(data["y"], dtype=torch.long)
    opt = torch.optim.Adam(net.parameters(), LR)
    loss_f = torch.nn.CrossEntropyLoss()
    t0 = time.perf_counter()
    for step in range(steps):
        start = (step * BATCH) % len(x)
        loss = loss_f(net(x[start:start + BATCH]), y[start:start + BATCH])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if stop is not None and ((step + 1) % every == 0 or step + 1 == steps) and stop(step + 1):
            break
    return time.perf_counter() - t0


def torch_accuracy(net, x, y) -> float:
    import torch
    with torch.no_grad():
        return float((net(torch.as_tensor(x)).argmax(1).numpy() == y).mean())


def cnn_im2col(rngs: nnx.Rngs) -> CNN:
    """The same CNN with Chapter 8's convolution: im2col and one matrix product, plugged into nnx.Conv."""
    from pathlib import Path
    from .notebook_code import load
    chapter = Path(__file__).resolve().parent.parent / "chapters" / "08_cnn.ipynb"
    return CNN(rngs, conv_fn=load(chapter, ["im2col_conv_general_dilated"])["im2col_conv_general_dilated"])


TRAINERS = {"nnx_jit_loop": train_nnx_loop, "jax_jit_split_loop": train_split_loop, "lax_scan": train_scan}
MODELS = {"logistic": Linear, "mlp": MLP, "cnn": CNN, "cnn, Chapter 8's im2col convolution": cnn_im2col}
TORCH_NAME = {"cnn, Chapter 8's im2col convolution": "cnn"}


def step_flops(model_cls, data) -> float:
    """Floating-point operations of one training step (forward, backward, Adam), from XLA's cost analysis."""
    model = model_cls(nnx.Rngs(0))
    optimizer = nnx.Optimizer(model, optax.adam(LR), wrt=nnx.Param)
    graphdef, state = nnx.split((model, optimizer))
    compiled = jax.jit(functional_step(graphdef, data)).lower(state, jnp.int32(0)).compile()
    return float(compiled.cost_analysis()["flops"])


def largest_product(model_cls) -> tuple[int, int, int]:
    """(M, K, N) of the largest matrix product, by FLOPs 2 M K N, in the model's forward pass on a batch of BATCH.

    Read from the jaxpr: a dot_general (M, K) @ (K, N) counts as it is, a convolution as the matrix product
    im2col makes of it, (batch x output positions, kernel size x input channels) @ (kernel size x input
    channels, output channels). Logistic: (100 x 40) @ (40 x 10); MLP: (100 x 100) @ (100 x 100);
    CNN: (1000 x 75) @ (75 x 25)."""
    model = model_cls(nnx.Rngs(0))
    jaxpr = jax.make_jaxpr(lambda x: model(x))(jnp.zeros((BATCH, 40), jnp.float32))
    found = []

    def visit(jaxpr):
        for eqn in jaxpr.eqns:
            if eqn.primitive.name == "dot_general":
                (lc, rc), (lb, rb) = eqn.params["dimension_numbers"]
                lhs, rhs = eqn.invars[0].aval.shape, eqn.invars[1].aval.shape
                k = int(np.prod([lhs[d] for d in lc]))
                batch = int(np.prod([lhs[d] for d in lb]))
                m = batch * int(np.prod([n for d, n in enumerate(lhs) if d not in (*lc, *lb)]))
                n = int(np.prod([n for d, n in enumerate(rhs) if d not in (*rc, *rb)]))
                found.append((m, k, n))
            elif eqn.primitive.name == "conv_general_dilated":
                dn = eqn.params["dimension_numbers"]
                lhs, rhs, out = eqn.invars[0].aval.shape, eqn.invars[1].aval.shape, eqn.outvars[0].aval.shape
                m = out[dn.out_spec[0]] * int(np.prod([out[d] for d in dn.out_spec[2:]]))
                k = rhs[dn.rhs_spec[1]] * int(np.prod([rhs[d] for d in dn.rhs_spec[2:]]))
                found.append((m, k, rhs[dn.rhs_spec[0]]))
            for value in eqn.params.values():           # pjit, custom_jvp_call, ...: their inner jaxprs
                for sub in value if isinstance(value, (tuple, list)) else [value]:
                    if hasattr(sub, "eqns") or hasattr(getattr(sub, "jaxpr", None), "eqns"):
                        visit(getattr(sub, "jaxpr", sub))
    visit(jaxpr.jaxpr)
    return max(found, key=lambda mkn: mkn[0] * mkn[1] * mkn[2])


def matmul_gflops(m: int = 1000, k: int = 75, n: int = 25) -> float:
    """Sustained float32 GFLOP/s of XLA on this machine for products (m x k) @ (k x n) (default: the CNN's largest).

    A lax.scan of dependent products, so that the figure is the arithmetic, not the dispatch: 10000 steps of two
    products each, more for small products (about 75 GFLOP in all, at most 100000 steps)."""
    length = int(min(100_000, max(10_000, round(7.5e10 / (4 * m * k * n)))))
    length = int(os.environ.get("BENCH_SMOKE_MATMUL_STEPS", length))      # smoke tests only
    a = jnp.asarray(np.random.default_rng(0).standard_normal((m, k)), jnp.float32)
    w = jnp.asarray(np.random.default_rng(1).standard_normal((k, n)), jnp.float32) / 10

    @jax.jit
    def chain(a, w):
        def body(x, _):
            y = x @ w                                   # (m, n)
            return jnp.tanh(y) @ w.T, None              # (m, k): two products per step
        return jax.lax.scan(body, a, None, length=length)[0]
    compiled = chain.lower(a, w).compile()             # compiling is not timed
    t0 = time.perf_counter()
    jax.block_until_ready(compiled(a, w))
    return 2 * length * 2 * m * k * n / (time.perf_counter() - t0) / 1e9


def sustained(row: dict) -> dict:
    """GFLOP/s each run of the row sustained (run time only, compiling excluded) and its fraction of the row's
    ceiling, XLA's GFLOP/s on the model's largest matrix product alone."""
    total = row["flops_per_step"] * row["steps"]
    out = {}
    for variant in ("torch_eager", *TRAINERS):
        gflops = total / row[variant]["run_s"] / 1e9
        out[variant] = {"gflops": round(gflops, 2), "fraction_of_ceiling": round(gflops / row["ceiling"]["gflops"], 3)}
    return out


def run() -> list[dict]:
    """One row per model: seconds and test accuracy for PyTorch and the three JAX variants (seed 0), the test
    accuracy of PyTorch and the lax.scan variant on every seed, and the GFLOP/s of every run of seed 0 as a
    fraction of what XLA sustains on the model's largest matrix product alone."""
    import torch
    torch.set_num_threads(max(1, torch.get_num_threads()))
    data = load_data()
    reference_gflops = round(matmul_gflops(), 2)
    print(f"  XLA float32 matrix products (1000 x 75) @ (75 x 25) in a lax.scan: {reference_gflops:.1f} GFLOP/s", flush=True)
    ceilings = {(1000, 75, 25): reference_gflops}     # (M, K, N) of a model's largest product -> XLA's GFLOP/s on it
    rows = []
    for name, cls in MODELS.items():
        torch_name = TORCH_NAME.get(name, name)
        mkn = largest_product(cls)
        if mkn not in ceilings:
            ceilings[mkn] = round(matmul_gflops(*mkn), 2)
            print(f"  XLA float32 matrix products ({mkn[0]} x {mkn[1]}) @ ({mkn[1]} x {mkn[2]}) in a lax.scan: "
                  f"{ceilings[mkn]:.1f} GFLOP/s", flush=True)
        row = {"model": name, "steps": STEPS, "batch": BATCH, "seed": SEEDS[0], "flops_per_step": step_flops(cls, data),
               "reference_matmul_gflops": reference_gflops,
               "ceiling": {"m": mkn[0], "k": mkn[1], "n": mkn[2], "gflops": ceilings[mkn]}}
        seeds_acc = {"torch_eager": [], "lax_scan": []}
        for seed in SEEDS:
            net = torch_model(torch_name, seed)          # PyTorch trains before this seed's JAX variants
            torch_s = train_torch(net, data)
            seeds_acc["torch_eager"].append(round(torch_accuracy(net, data["x_test"], data["y_test"]), 4))
            variants = {}
            for variant, trainer in (TRAINERS.items() if seed == SEEDS[0] else [("lax_scan", train_scan)]):
                model = cls(nnx.Rngs(seed))
                copy_weights(torch_model(torch_name, seed), model)   # the same initial weights as PyTorch's
                compile_s, run_s = trainer(model, data)
                variants[variant] = {"compile_s": round(compile_s, 3), "run_s": round(run_s, 3),
                                     "test_accuracy": round(accuracy(model, data["x_test"], data["y_test"]), 4)}
            seeds_acc["lax_scan"].append(variants["lax_scan"]["test_accuracy"])
            if seed != SEEDS[0]:
                continue
            row["torch_eager"] = {"run_s": round(torch_s, 3), "test_accuracy": seeds_acc["torch_eager"][0]}
            row.update(variants)
            for variant in variants:
                total = variants[variant]["compile_s"] + variants[variant]["run_s"]
                variants[variant]["speedup_vs_torch"] = round(torch_s / total, 2)
        row["seeds"] = list(SEEDS)
        row["test_accuracy_by_seed"] = seeds_acc
        row["sustained"] = sustained(row)
        rows.append(row)
        print(f"  mnist1d {name}: torch {row['torch_eager']['run_s']:.1f} s acc {row['torch_eager']['test_accuracy']:.3f} | "
              + " | ".join(f"{v} {row[v]['compile_s'] + row[v]['run_s']:.1f} s ({row[v]['speedup_vs_torch']}x) "
                           f"acc {row[v]['test_accuracy']:.3f}" for v in TRAINERS)
              + f" | accuracy by seed: torch {seeds_acc['torch_eager']}, lax_scan {seeds_acc['lax_scan']}"
              + f" | {row['flops_per_step'] / 1e6:.2f} MFLOP per step | of the ceiling "
              + ", ".join(f"{v} {g['fraction_of_ceiling']:.0%}" for v, g in row["sustained"].items()), flush=True)
    return rows
