"""Time to the paper's accuracy: how long each recipe takes to first reach the MNIST-1D paper's 94 % test accuracy.

Each recipe is a model and the way it is trained, as its author gives them, on the same machine in one run:

* the paper's recipe in PyTorch eager mode: the paper's CNN (bench/mnist1d.py: three ReLU convolutions with
  25 channels, kernels 5, 3, 3, stride 2, then a linear layer), Adam with learning rate 1e-2, batches of 100
  taken in order from the 4000 training signals, at most 6000 steps (bench/mnist1d.py's train_torch, stopped
  early);
* the course's recipe in JAX, as Chapter 8 builds and trains its MNIST-1D CNN (chapters/08_cnn.ipynb,
  section 9): the chapter's own `CNN1D` (taken from the notebook: three "same" convolutions with 32 channels,
  kernels 5, 3, 3, each followed by ReLU and max-pooling by 2, a global max over positions, a linear layer),
  initialised by Flax from the seed, and the chapter's own `adamw_cosine` (AdamW, learning rate decaying from
  eta = 1e-2 to 0 on a cosine over the whole run, weight decay lambda = 0 on the kernels, so plain Adam: the
  values the chapter chose on validation, "CNN ... -> eta 1e-02, lambda 0"), batches of 100 drawn from a
  fresh permutation of the 3500 training signals every epoch (`np.random.default_rng(seed)`, the last 500
  of the 4000 held out for validation as in the chapter), 12 epochs of 35 steps, so at most 420 steps. The
  steps run as in `fit`, one `lax.scan` over steps, here cut into chunks of EVAL_EVERY steps so that the run
  can stop.

The two models differ (that is the point: a reader asks how long the course's recipe takes to reach the
paper's number); the equal-model, equal-recipe comparisons are the `mnist1d` part of the benchmarks.
The test accuracy (1000 test signals) is measured after every EVAL_EVERY steps and after the last step of
a recipe, the same cadence for both; each run stops at the first measurement at or above TARGET. The time
counts everything from the optimiser's creation to that measurement: the evaluations for both, and for JAX
the compilation too (jax.clear_caches() before each JAX run, so every seed pays it). A run that ends its
recipe below TARGET is reported as not reached. Seeds 0, 1, 2; PyTorch runs first for each seed.

Smoke tests only (results are then not kept by `python3 tasks.py bench`): BENCH_SMOKE_STEPS caps both
recipes' steps, BENCH_SMOKE_SEEDS the number of seeds, BENCH_SMOKE_TARGET replaces the 94 %.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from . import mnist1d
from .mnist1d import BATCH, loss_fn, torch_accuracy, torch_model, train_torch

TARGET = 0.94                    # the paper's CNN test accuracy
EVAL_EVERY = 35                  # steps between test evaluations: one epoch of the course's recipe
SEEDS = (0, 1, 2)
PAPER_STEPS = 6000               # the paper's recipe: at most 6000 steps (bench/mnist1d.py's recipe)
COURSE_EPOCHS, COURSE_LR, COURSE_WD, N_VAL = 12, 1e-2, 0.0, 500   # Chapter 8, section 9: the CNN's schedule and choice
CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "08_cnn.ipynb"

SMOKE = {k: os.environ[k] for k in ("BENCH_SMOKE_STEPS", "BENCH_SMOKE_SEEDS", "BENCH_SMOKE_TARGET") if k in os.environ}
if SMOKE:
    TARGET = float(SMOKE.get("BENCH_SMOKE_TARGET", TARGET))
    SEEDS = SEEDS[: int(SMOKE.get("BENCH_SMOKE_SEEDS", len(SEEDS)))]


def cap(steps: int) -> int:
    return min(steps, int(SMOKE["BENCH_SMOKE_STEPS"])) if "BENCH_SMOKE_STEPS" in SMOKE else steps


def paper_recipe(seed: int, data: dict) -> dict:
    """bench/mnist1d.py's PyTorch recipe, stopped at the first test evaluation at or above TARGET."""
    import torch
    net = torch_model("cnn", seed)
    x_test, y_test = torch.as_tensor(data["x_test"]), data["y_test"]
    evals = []

    def stop(steps_done: int) -> bool:
        evals.append((steps_done, torch_accuracy(net, x_test, y_test)))
        return evals[-1][1] >= TARGET
    seconds = train_torch(net, data, steps=cap(PAPER_STEPS), every=EVAL_EVERY, stop=stop)
    return outcome(seconds, evals, cap(PAPER_STEPS))


def course_recipe(seed: int, data: dict) -> dict:
    """Chapter 8's MNIST-1D CNN and its recipe (see the module's docstring), in chunks of EVAL_EVERY steps."""
    from .notebook_code import load
    chapter = load(CHAPTER, ["adamw_cosine", "CNN1D"])
    adamw_cosine, CNN1D = chapter["adamw_cosine"], chapter["CNN1D"]
    x, y = jnp.asarray(data["x"][:-N_VAL]), jnp.asarray(data["y"][:-N_VAL])       # (3500, 40): the chapter's training signals
    x_test, y_test = jnp.asarray(data["x_test"]), jnp.asarray(data["y_test"])
    n_batches = len(y) // BATCH                                                      # 35 full minibatches per epoch
    total = COURSE_EPOCHS * n_batches                                                # 420 steps: the cosine's length
    model = CNN1D(nnx.Rngs(seed))                                                    # the chapter's CNN, Flax's initialisation
    jax.clear_caches()                                                               # every seed pays compilation

    t0 = time.perf_counter()
    optimizer = nnx.Optimizer(model, adamw_cosine(total), wrt=nnx.Param)
    optimizer.opt_state.hyperparams["learning_rate"][...] = COURSE_LR
    optimizer.opt_state.hyperparams["weight_decay"][...] = COURSE_WD
    graphdef, state = nnx.split((model, optimizer))
    order_rng = np.random.default_rng(seed)                                          # as in the chapter's fit
    orders = np.stack([order_rng.permutation(len(y))[: n_batches * BATCH] for _ in range(COURSE_EPOCHS)])
    orders = orders.reshape(total, BATCH)                                            # (steps, B) minibatch indices

    def chunk(state, idx, x, y):                                                     # idx: (S, B)
        def step(state, i):
            m, opt = nnx.merge(graphdef, state)
            loss, grads = nnx.value_and_grad(loss_fn)(m, x[i], y[i])
            opt.update(m, grads)
            return nnx.state((m, opt)), loss
        return jax.lax.scan(step, state, idx)

    def test_accuracy(state, x, y):
        return jnp.mean(jnp.argmax(nnx.merge(graphdef, state)[0](x), axis=-1) == y)

    compiled, compile_s = {}, 0.0

    def compiled_for(name, fn, *args):
        nonlocal compile_s
        key = (name, *(a.shape for a in jax.tree.leaves(args[1:])))
        if key not in compiled:
            c0 = time.perf_counter()
            compiled[key] = jax.jit(fn).lower(*args).compile()
            compile_s += time.perf_counter() - c0
        return compiled[key]

    steps, evals = cap(total), []
    done = 0
    while done < steps:
        idx = jnp.asarray(orders[done:min(done + EVAL_EVERY, steps)])
        state, _ = compiled_for("chunk", chunk, state, idx, x, y)(state, idx, x, y)
        done += idx.shape[0]
        evals.append((done, float(compiled_for("test", test_accuracy, state, x_test, y_test)(state, x_test, y_test))))
        if evals[-1][1] >= TARGET:
            break
    seconds = time.perf_counter() - t0
    return {**outcome(seconds, evals, steps), "compile_s": round(compile_s, 3)}


def outcome(seconds: float, evals: list[tuple[int, float]], cap_steps: int) -> dict:
    steps, acc = evals[-1]
    return {"reached": acc >= TARGET, "seconds": round(seconds, 3), "steps": steps, "test_accuracy": round(acc, 4),
            "best_test_accuracy": round(max(a for _, a in evals), 4), "cap_steps": cap_steps, "evaluations": len(evals)}


def summary(runs: list[dict]) -> dict:
    """Means over the seeds where both recipes reached TARGET, and the ratio of the means (PyTorch over JAX)."""
    both = [r for r in runs if r["paper_torch"]["reached"] and r["course_jax"]["reached"]]
    if not both:
        return {"over_seeds": []}
    torch_s = sum(r["paper_torch"]["seconds"] for r in both) / len(both)
    jax_s = sum(r["course_jax"]["seconds"] for r in both) / len(both)
    return {"over_seeds": [r["seed"] for r in both], "paper_torch_s": round(torch_s, 3), "course_jax_s": round(jax_s, 3),
            "ratio": round(torch_s / jax_s, 2)}


def run() -> dict:
    import torch
    torch.set_num_threads(max(1, torch.get_num_threads()))
    data = mnist1d.load_data()
    runs = []
    for seed in SEEDS:
        paper = paper_recipe(seed, data)             # PyTorch first, then JAX, for every seed
        course = course_recipe(seed, data)
        ratio = round(paper["seconds"] / course["seconds"], 2) if paper["reached"] and course["reached"] else None
        runs.append({"seed": seed, "paper_torch": paper, "course_jax": course, "ratio": ratio})
        show = lambda r: (f"{r['seconds']:.1f} s, step {r['steps']}, acc {r['test_accuracy']:.3f}" if r["reached"] else
                          f"not reached in {r['cap_steps']} steps ({r['seconds']:.1f} s, best acc {r['best_test_accuracy']:.3f})")
        print(f"  time to {TARGET:.0%}, seed {seed}: paper's recipe (PyTorch) {show(paper)} | course's recipe (JAX) "
              f"{show(course)}, {course['compile_s']:.1f} s compiling | ratio {ratio if ratio is not None else 'n/a'}",
              flush=True)
    result = {"target": TARGET, "eval_every": EVAL_EVERY, "seeds": list(SEEDS), "batch": BATCH,
              "paper_recipe": {"optimizer": "Adam", "learning_rate": mnist1d.LR, "max_steps": cap(PAPER_STEPS),
                               "training_signals": int(len(data["y"])), "order": "in order"},
              "course_recipe": {"optimizer": "AdamW, cosine decay to 0", "learning_rate": COURSE_LR,
                                "weight_decay": COURSE_WD, "epochs": COURSE_EPOCHS,
                                "max_steps": cap(COURSE_EPOCHS * ((len(data["y"]) - N_VAL) // BATCH)),
                                "training_signals": int(len(data["y"]) - N_VAL), "order": "reshuffled every epoch"},
              "runs": runs, "summary": summary(runs)}
    s = result["summary"]
    print(f"  time to {TARGET:.0%}: " + (f"mean over seeds {s['over_seeds']}: PyTorch {s['paper_torch_s']:.1f} s, "
                                         f"JAX {s['course_jax_s']:.1f} s, ratio {s['ratio']}" if s["over_seeds"] else
                                         "no seed where both recipes reached it"), flush=True)
    if SMOKE:
        result["smoke"] = SMOKE
    return result
