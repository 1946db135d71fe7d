"""Chapter 5's from-scratch logistic regression (Newton's method in JAX) against scikit-learn's LogisticRegression."""
from __future__ import annotations

import time
from pathlib import Path

import jax.numpy as jnp
import numpy as np
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from .notebook_code import load

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "05_logistic_regression.ipynb"


def datasets():
    X, y = make_classification(n_samples=100, n_features=10, random_state=0)
    yield "make_classification 100 x 10", X, y
    d = load_breast_cancer()
    yield "breast_cancer 569 x 30", d.data, d.target


def best_of(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run() -> list[dict]:
    fit_logistic = load(CHAPTER, ["fit_logistic"])["fit_logistic"]
    rows = []
    for name, X, y in datasets():
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
        scaler = StandardScaler().fit(Xtr)
        Xtr, Xte = scaler.transform(Xtr).astype(np.float32), scaler.transform(Xte).astype(np.float32)
        C = 1.0
        lam = 1.0 / (2 * C * len(ytr))
        Xj, yj = jnp.asarray(Xtr), jnp.asarray(ytr, dtype=jnp.float32)

        def ours():
            w, b = fit_logistic(Xj, yj, lam)
            return w.block_until_ready(), b

        t0 = time.perf_counter()
        w, b = ours()                                   # the first call compiles
        first = time.perf_counter() - t0
        ours_s = best_of(ours)
        sk = LogisticRegression(C=C)
        sk_s = best_of(lambda: sk.fit(Xtr, ytr))
        acc_ours = float(np.mean((Xte @ np.asarray(w) + float(b) > 0) == yte))
        acc_sk = float(sk.score(Xte, yte))
        rows.append({"data": name, "ours_first_call_s": round(first, 4), "ours_fit_s": round(ours_s, 5),
                     "sklearn_fit_s": round(sk_s, 5), "ours_test_accuracy": round(acc_ours, 4),
                     "sklearn_test_accuracy": round(acc_sk, 4),
                     "max_coef_difference": float(np.max(np.abs(np.asarray(w) - sk.coef_[0])))})
        print(f"  logistic regression, {name}: ours {ours_s * 1e3:.2f} ms (first call {first:.2f} s), "
              f"sklearn {sk_s * 1e3:.2f} ms; accuracy {acc_ours:.3f} vs {acc_sk:.3f}", flush=True)
    return rows
