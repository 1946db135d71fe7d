"""The grading process for one submission: `python -m tools.grade_child WORKDIR` (started by tools/grading.py).

Reads WORKDIR/job.json (then deletes it), sets its own limits, and runs the grading program:
instructor setup cells, then for each exercise the student's cell and the instructor's check.
One JSON line per exercise goes to WORKDIR/results.jsonl as soon as it is graded.

Guards, each giving the exercise in which it happened a clear status and 0 points:
- a time limit per cell (SIGALRM raising an exception `except Exception` does not catch);
- an address-space limit (MemoryError) and a cap on printed text;
- an audit hook that refuses reading the instructor's files, writing or deleting outside
  WORKDIR, starting processes and signalling other processes;
- names bound by the instructor's setup cells are re-bound before every check, and a check
  is void if the student changed attributes of numpy, jax, optax, flax or builtins.
This is a guard against mistakes and casual cheating, not a security sandbox.
"""
from __future__ import annotations

import builtins
import importlib
import json
import os
import resource
import signal
import sys
import traceback
from pathlib import Path

WATCHED_MODULES = ("builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "jax", "jax.numpy", "jax.nn",
                   "jax.random", "optax", "flax.nnx", "sklearn.metrics")


class CellTimeout(BaseException):
    """Raised in a cell that ran past its time limit (a BaseException: `except Exception` won't swallow it)."""


class Capped:
    """A text stream that keeps the first `limit` characters and drops the rest."""

    def __init__(self, stream, limit: int):
        self.stream, self.left, self.dropped = stream, limit, False

    def write(self, text: str) -> int:
        if self.left > 0:
            part = text[: self.left]
            self.stream.write(part)
            self.left -= len(part)
        elif not self.dropped:
            self.dropped = True
            self.stream.write("\n[grader: further output dropped]\n")
        return len(text)

    def flush(self):
        self.stream.flush()

    def isatty(self):
        return False


def _under(path: Path, roots) -> bool:
    return any(path == r or r in path.parents for r in roots)


def install_guard(work: Path, forbidden: list[Path], state: dict) -> None:
    """An audit hook enforcing the file and process rules; violations are noted in state['violation']."""
    # Python itself, its packages, and the grader's own code (JAX reads the source of every file on
    # the stack when an exception crosses jit; the grader's code holds nothing to hide)
    allowed_reads = [Path(p).resolve() for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}]
    allowed_reads.append(Path(__file__).resolve().parent)
    special = {Path("/dev/null"), Path("/dev/urandom"), Path("/dev/random")}

    def refuse(what: str):
        if state["violation"] is None:
            state["violation"] = what
        raise PermissionError(f"grader: {what} is not allowed")

    def as_path(p):
        if isinstance(p, int) or p is None:
            return None
        try:
            return Path(os.fsdecode(p)).resolve()
        except (TypeError, ValueError, OSError):
            return None

    def hook(event: str, args):
        if not state["armed"]:
            return
        if event == "open":
            path, mode, flags = args
            p = as_path(path)
            if p is None:
                return
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
            if p in state["private"]:
                refuse(f"opening the grader's own file {p.name}")
            if _under(p, forbidden) and not _under(p, allowed_reads):
                refuse(f"reading {p} (the instructor's files)")
            if writing and not _under(p, [work]) and p not in special:
                refuse(f"writing {p} (outside the submission's own folder)")
        elif event in {"os.listdir", "os.scandir"}:
            p = as_path(args[0]) if args else None
            if p is not None and _under(p, forbidden) and not _under(p, allowed_reads):
                refuse(f"listing {p} (the instructor's files)")
        elif event in {"os.remove", "os.rmdir", "os.rename", "os.truncate", "shutil.rmtree", "os.chmod",
                       "os.chown", "os.link", "os.symlink", "os.utime", "os.mkdir", "shutil.move"}:
            for a in args[:2]:
                p = as_path(a)
                if p is not None and not _under(p, [work]):
                    refuse(f"{event.split('.')[-1]} on {p} (outside the submission's own folder)")
        elif event in {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                       "os.forkpty", "pty.spawn"}:
            refuse(f"starting a process ({event})")
        elif event in {"os.kill", "os.killpg", "signal.pthread_kill"}:
            refuse(f"sending a signal ({event})")

    sys.addaudithook(hook)


def module_snapshot() -> dict[str, dict[str, int]]:
    """Every attribute of the watched modules that are imported."""
    snap = {}
    for name in WATCHED_MODULES:
        if name.split(".")[0] in sys.modules and name not in sys.modules:
            try:                                   # e.g. numpy.testing, which numpy loads lazily
                importlib.import_module(name)
            except ImportError:
                pass
        m = sys.modules.get(name)
        if m is not None:
            snap[name] = dict(vars(m))
    return snap


def tampered(before: dict[str, dict]) -> str | None:
    """The first attribute of a watched module that no longer is what it was; all of them are put back."""
    found = None
    for name, attrs in before.items():
        m = sys.modules.get(name)
        now = vars(m) if m is not None else {}
        for k, original in attrs.items():
            if now.get(k) is not original:
                found = found or f"{name}.{k}"
                if m is not None:
                    setattr(m, k, original)
    return found


def first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0][:300]}" if text else type(err).__name__


def run(source: str, ns: dict, name: str, seconds: float):
    """Execute `source` in `ns` with a time limit; return the exception it raised, or None."""
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))
    try:
        exec(compile(source, name, "exec"), ns)
        return None
    except BaseException as err:       # noqa: BLE001  (CellTimeout, SystemExit and KeyboardInterrupt included)
        return err
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main(work: Path) -> None:
    job_file = work / "job.json"
    job = json.loads(job_file.read_text())
    job_file.unlink()
    spec, cells, limits = job["spec"], job["student_cells"], job["limits"]
    points = {e["id"]: e["points"] for e in spec["exercises"]}

    memory = int(limits["memory_mb"]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 20, 64 << 20))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # an over-long write fails instead of killing us

    def on_alarm(signum, frame):
        raise CellTimeout(f"ran past the {limits['cell_seconds']:.0f} s limit for one cell")
    signal.signal(signal.SIGALRM, on_alarm)

    results = open(work / "results.jsonl", "w", buffering=1)
    state = {"armed": False, "violation": None, "private": {(work / "results.jsonl").resolve(), (work / "output.txt").resolve()}}
    install_guard(work, [Path(p) for p in job["forbidden"]], state)
    sys.stdout = Capped(sys.__stdout__, limits["output_kb"] << 10)
    sys.stderr = sys.stdout

    def report(ex_id: str, status: str, message: str = ""):
        results.write(json.dumps({"id": ex_id, "status": status, "points": points[ex_id] if status == "pass" else 0,
                                  "message": message}) + "\n")

    ns: dict = {"__name__": "__main__", "__builtins__": builtins}
    setup_names: dict = {}
    snapshot: dict = {}
    pending: dict[str, str] = {}       # exercise id -> why its check cannot count
    state["armed"] = True
    for i, cell in enumerate(spec["cells"]):
        if cell["kind"] == "setup":
            before = {k: id(v) for k, v in ns.items()}
            err = run(cell["source"], ns, f"<setup cell {i}>", limits["cell_seconds"])
            if err is not None:
                raise SystemExit(f"grader: the instructor's setup cell {i} failed: {first_line(err)}")
            setup_names.update({k: v for k, v in ns.items() if not k.startswith("__") and before.get(k) != id(v)})
            for name, attrs in module_snapshot().items():      # first sight of each attribute counts
                snapshot[name] = {**attrs, **snapshot.get(name, {})}
        elif cell["kind"] == "exercise":
            ex_id = cell["id"]
            source = cells.get(ex_id)
            if source is None:
                pending[ex_id] = f"missing: no cell starting '# Exercise {ex_id}:' in the submission"
                continue
            state["violation"] = None
            err = run(source, ns, f"<exercise {ex_id}>", limits["cell_seconds"])
            if state["violation"]:
                pending[ex_id] = f"forbidden: {state['violation']}"
            elif isinstance(err, CellTimeout):
                pending[ex_id] = f"timeout: the exercise cell {err}"
            elif err is not None and not isinstance(err, NotImplementedError):
                pending[ex_id] = f"error: the exercise cell raised {first_line(err)}"
        elif cell["kind"] == "check":
            ex_id = cell["id"]
            if ex_id in pending:
                status, _, message = pending.pop(ex_id).partition(": ")
                report(ex_id, status, message)
                continue
            changed = tampered(snapshot)
            ns.update(setup_names)                   # the instructor's names, as the setup cells left them
            state["violation"] = None
            err = run(cell["source"], ns, f"<check {ex_id}>", limits["cell_seconds"])
            if state["violation"]:
                report(ex_id, "forbidden", state["violation"])
            elif changed:
                report(ex_id, "tampered", f"the submission replaced {changed}; the check does not count")
            elif err is None:
                report(ex_id, "pass")
            elif isinstance(err, CellTimeout):
                report(ex_id, "timeout", f"the check {err}")
            elif isinstance(err, AssertionError):
                report(ex_id, "fail", str(err).strip().splitlines()[0] if str(err).strip() else "the check failed")
            else:
                report(ex_id, "check-error", f"the check could not use the answer: {first_line(err)}")
    results.close()


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]).resolve())
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc(file=sys.__stderr__)
        raise
