"""`python3 tasks.py bench [mnist1d] [time_to_accuracy] [attention] [logreg] [notebooks]`: run benchmarks, print them, keep them.

Results are merged into bench/results.json (parts not run keep their previous numbers), and the
book page performance.md and its figures are regenerated from that file. With any BENCH_SMOKE_* variable
set (smoke tests: a few steps, one seed), the numbers are printed and nothing is kept.
"""
from __future__ import annotations

import json
import os
import platform
import sys
import time

from . import report

PARTS = ("mnist1d", "time_to_accuracy", "attention", "logreg", "notebooks")


def machine() -> dict:
    import jax
    import torch
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "jax": jax.__version__,
            "torch": torch.__version__, "date": time.strftime("%Y-%m-%d")}


def main(argv: list[str]) -> int:
    parts = argv or list(PARTS)
    unknown = set(parts) - set(PARTS)
    if unknown:
        print(f"bench: unknown part(s) {sorted(unknown)}; choose from {PARTS}", file=sys.stderr)
        return 2
    results = json.loads(report.RESULTS.read_text()) if report.RESULTS.exists() else {}
    today = time.strftime("%Y-%m-%d")
    dates = results.get("dates", {})      # the date each part was measured: parts not run now keep theirs
    for part in PARTS:
        if part in parts:
            print(f"{part} ...", flush=True)
            module = __import__(f"bench.{part}", fromlist=["run"])
            results[part] = module.run()
            dates[part] = today
    if any(k.startswith("BENCH_SMOKE_") for k in os.environ):
        print("bench: BENCH_SMOKE_* set: a smoke test, so bench/results.json and performance.md are left as they were")
        return 0
    results["machine"] = machine()
    results["dates"] = {p: dates[p] for p in PARTS if p in dates}
    report.RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    report.write(results)
    print(f"wrote {report.RESULTS.relative_to(report.ROOT)} and {report.PAGE.relative_to(report.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
