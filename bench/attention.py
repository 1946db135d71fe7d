"""Chapter 10's hand-written attention against jax.nn.dot_product_attention and nnx.MultiHeadAttention.

Every function is jit-compiled once per shape; the timing is the median of repeated calls after
that (compiling excluded; at least 20 calls and about 0.5 s of calls), forward only and forward plus backward (the gradient of the sum of the
output with respect to the queries, keys and values, or to the layer's input).
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from .notebook_code import load

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "10_attention.ipynb"
SHAPES = [(8, 4, 64, 32), (8, 4, 256, 32), (4, 8, 512, 64), (1, 8, 1024, 64)]   # batch, heads, length, head dim


def median_ms(fn, *args, min_repeats: int = 20, min_seconds: float = 0.5) -> float:
    """Median time of repeated calls: at least min_repeats calls and about min_seconds in all, so that
    sub-millisecond calls are timed over hundreds of repeats rather than twenty."""
    jax.block_until_ready(fn(*args))                 # compile, and warm up
    t0 = time.perf_counter()
    jax.block_until_ready(fn(*args))
    repeats = max(min_repeats, int(min_seconds / max(time.perf_counter() - t0, 1e-6)))
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        jax.block_until_ready(fn(*args))
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def run() -> list[dict]:
    ch = load(CHAPTER, ["scaled_dot_product_attention", "multi_head_attention", "mha_params"])
    sdpa, mha, mha_params = ch["scaled_dot_product_attention"], ch["multi_head_attention"], ch["mha_params"]
    heads_second = lambda a: jnp.swapaxes(a, 1, 2)          # (B, H, T, d) <-> (B, T, H, d)
    library = lambda q, k, v: heads_second(jax.nn.dot_product_attention(heads_second(q), heads_second(k), heads_second(v)))
    rows = []
    for B, H, T, D in SHAPES:
        rng = np.random.default_rng(0)
        q, k, v = (jnp.asarray(rng.standard_normal((B, H, T, D), dtype=np.float32)) for _ in range(3))
        np.testing.assert_allclose(sdpa(q, k, v), library(q, k, v), rtol=1e-4, atol=1e-5)
        C = H * D
        layer = nnx.MultiHeadAttention(num_heads=H, in_features=C, qkv_features=C, decode=False, rngs=nnx.Rngs(0))
        params = mha_params(layer)
        x = jnp.asarray(rng.standard_normal((B, T, C), dtype=np.float32))
        graphdef, state = nnx.split(layer)
        nnx_layer = lambda s, x: nnx.merge(graphdef, s)(x)
        np.testing.assert_allclose(mha(params, x), nnx_layer(state, x), rtol=1e-4, atol=1e-4)
        fns = {
            "forward": (jax.jit(sdpa), jax.jit(library), jax.jit(nnx_layer), jax.jit(mha)),
            "forward+backward": (
                jax.jit(jax.grad(lambda q, k, v: sdpa(q, k, v).sum(), argnums=(0, 1, 2))),
                jax.jit(jax.grad(lambda q, k, v: library(q, k, v).sum(), argnums=(0, 1, 2))),
                jax.jit(jax.grad(lambda s, x: nnx_layer(s, x).sum(), argnums=1)),
                jax.jit(jax.grad(lambda p, x: mha(p, x).sum(), argnums=1))),
        }
        for name, (hand, lib, layer_fn, hand_layer) in fns.items():
            row = {"shape": f"{B} × {H} × {T} × {D}", "pass": name,
                   "hand_ms": median_ms(hand, q, k, v), "jax_nn_ms": median_ms(lib, q, k, v),
                   "nnx_layer_ms": median_ms(layer_fn, state, x), "hand_layer_ms": median_ms(hand_layer, params, x)}
            rows.append({k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()})
            print(f"  attention {row['shape']} {name}: hand {row['hand_ms']:.3f} ms, jax.nn {row['jax_nn_ms']:.3f} ms "
                  f"(ratio {row['hand_ms'] / row['jax_nn_ms']:.2f}); nnx layer {row['nnx_layer_ms']:.3f} ms, "
                  f"hand layer {row['hand_layer_ms']:.3f} ms", flush=True)
    return rows
