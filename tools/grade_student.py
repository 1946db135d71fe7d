"""The student's process: `python -P -m tools.grade_student RFD WFD` (started by tools/grade_child.py).

It holds the submission's code and nothing else: it reads its job (the instructor's setup cells,
the limits, the folders it may read) from the channel, locks itself down, runs the setup cells,
then serves the checker's requests: run a student's exercise cell, call one of the student's
functions, read an attribute. It never sees a check, a solution, another student's job or where
results go; what it answers is data the checker judges.

Locks, applied before any student code runs:
- Landlock (tools/sandbox.py): read only Python's own folders, the system libraries and its
  own folder, write only its own folder, run no program, signal no other process;
- an address-space limit (MemoryError), a file-size limit, a CPU-time limit, no core files, and
  death with the checker (no orphan keeps running);
- an audit hook that refuses the same things with a clear message (status *forbidden*), and is
  the only file guard where the kernel has no Landlock;
- a time limit per request (SIGALRM), which the checker backs with its own.
"""
from __future__ import annotations

import builtins
import os
import resource
import signal
import sys
from pathlib import Path

from .grade_channel import ChannelError, Peer, Unsendable, read_frame
from .sandbox import die_with_parent, restrict


class CellTimeout(BaseException):
    """Raised in a cell that ran past its time limit (a BaseException: `except Exception` won't swallow it)."""


class Failed(Exception):
    """A BaseException (timeout, SystemExit, MemoryError ...) from the student's code, sent on as an answer."""


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


def install_guard(work: Path, readable: list[Path], state: dict) -> None:
    """An audit hook refusing reads outside `readable`, writes outside `work`, processes and signals."""
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
            if writing and not _under(p, [work]) and p not in special:
                refuse(f"writing {p} (outside the submission's own folder)")
            if not _under(p, readable + [work]) and p not in special:
                refuse(f"reading {p} (outside the submission's own folder and Python's)")
        elif event in {"os.listdir", "os.scandir"}:
            p = as_path(args[0]) if args else None
            if p is not None and not _under(p, readable + [work]):
                refuse(f"listing {p} (outside the submission's own folder and Python's)")
        elif event in {"os.remove", "os.rmdir", "os.rename", "os.truncate", "shutil.rmtree", "os.chmod",
                       "os.chown", "os.link", "os.symlink", "os.utime", "os.mkdir", "shutil.move"}:
            for a in args[:2]:
                p = as_path(a)
                if p is not None and not _under(p, [work]):
                    refuse(f"{event.split('.')[-1]} on {p} (outside the submission's own folder)")
        elif event in {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                       "os.forkpty", "pty.spawn", "ctypes.dlopen", "sqlite3.connect", "socket.connect",
                       "socket.bind"}:
            if event == "ctypes.dlopen" and not state.get("setup_done"):
                return                                   # libraries loading themselves during setup
            refuse(f"{event}")
        elif event in {"os.kill", "os.killpg", "signal.pthread_kill"}:
            refuse(f"sending a signal ({event})")

    sys.addaudithook(hook)


def first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0][:300]}" if text else type(err).__name__


class StudentPeer(Peer):
    """The student's end: runs cells and calls functions, each under the time limit."""

    def __init__(self, rfd: int, wfd: int, job: dict, work: Path):
        super().__init__(rfd, wfd, strict=False)
        self.job, self.work = job, work
        self.ns: dict = {"__name__": "__main__", "__builtins__": builtins}
        self.setup_names: dict = {}
        self.state = {"armed": False, "violation": None}
        self.snapshot: dict = {}

    def handle(self, op: str, args: list):
        outermost = self.depth == 0
        if outermost:
            self.state["violation"] = None
            signal.setitimer(signal.ITIMER_REAL, max(float(self.job["limits"]["cell_seconds"]), 0.01))
        try:
            if op == "exec":
                return self.run_cell(str(args[0]), str(args[1]))
            if op == "check":
                return self.run_check(str(args[0]), str(args[1]))
            if op == "names":              # what the student's global names are called (aliases of library functions)
                return {str(n): str(getattr(self.ns.get(n), "__name__", ""))[:200] for n in args[0] if n in self.ns}
            result = super().handle(op, args)
            if outermost and self.state["violation"]:
                raise Failed(f"forbidden: {self.state['violation']}")
            return result
        except (ChannelError, Failed):
            raise
        except Exception:
            if self.state["violation"]:
                raise Failed(f"forbidden: {self.state['violation']}") from None
            raise
        except BaseException as err:         # noqa: BLE001  (a timeout, sys.exit() ... in the student's code)
            if isinstance(err, CellTimeout):
                raise Failed(f"timeout: {err}") from None
            raise Failed(first_line(err)) from None
        finally:
            if outermost:
                signal.setitimer(signal.ITIMER_REAL, 0)

    def run_cell(self, source: str, name: str) -> dict:
        """Run a cell of the submission; the names it bound (anything that can be sent) and what went wrong."""
        before = {k: id(v) for k, v in self.ns.items()}
        error = None
        try:
            exec(compile(source, name, "exec"), self.ns)
        except BaseException as err:         # noqa: BLE001
            if isinstance(err, NotImplementedError):
                error = None                 # an unanswered stub: its check says so
            elif isinstance(err, CellTimeout):
                error = f"timeout: the exercise cell {err}"
            else:
                error = f"error: the exercise cell raised {first_line(err)}"
        if self.state["violation"]:
            error = f"forbidden: {self.state['violation']}"
        names = {}
        for k, v in self.ns.items():
            if k.startswith("__") or before.get(k) == id(v):
                continue
            try:
                self.encode(v, [])
                names[k] = v
            except Unsendable:
                pass
        return {"error": error, "names": names}

    def run_check(self, source: str, name: str) -> list:
        """A check that cannot cross the channel, run here as before issue 17 (its verdict is not trusted)."""
        import importlib
        changed = None
        for mod_name, attrs in self.snapshot.items():
            m = sys.modules.get(mod_name)
            now = vars(m) if m is not None else {}
            for k, original in attrs.items():
                if now.get(k) is not original:
                    changed = changed or f"{mod_name}.{k}"
                    if m is not None:
                        setattr(m, k, original)
        self.ns.update(self.setup_names)
        del importlib
        try:
            exec(compile(source, name, "exec"), self.ns)
        except AssertionError as err:
            return ["fail", str(err).strip().splitlines()[0] if str(err).strip() else "the check failed"]
        except Exception as err:            # noqa: BLE001
            return ["check-error", f"the check could not use the answer: {first_line(err)}"]
        if self.state["violation"]:
            return ["forbidden", self.state["violation"]]
        if changed:
            return ["tampered", f"the submission replaced {changed}; the check does not count"]
        return ["pass", ""]

    def setup(self) -> str | None:
        import importlib
        for i, source in enumerate(self.job["setup"]):
            before = {k: id(v) for k, v in self.ns.items()}
            signal.setitimer(signal.ITIMER_REAL, max(float(self.job["limits"]["cell_seconds"]), 0.01))
            try:
                exec(compile(source, f"<setup cell {i}>", "exec"), self.ns)
            except BaseException as err:     # noqa: BLE001
                return f"the instructor's setup cell {i} failed in the submission's process: {first_line(err)}"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            self.setup_names.update({k: v for k, v in self.ns.items() if not k.startswith("__") and before.get(k) != id(v)})
        for name in ("builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "jax", "jax.numpy", "jax.nn",
                     "jax.random", "optax", "flax.nnx", "sklearn.metrics"):
            if name.split(".")[0] in sys.modules:
                try:
                    importlib.import_module(name)
                except ImportError:
                    continue
                self.snapshot[name] = dict(vars(sys.modules[name]))
        return None


def main(rfd: int, wfd: int) -> None:
    header, parts = read_frame(rfd)
    job = Peer(rfd, wfd, strict=False).decode(header.get("value"), parts)
    work = Path(job["work"])
    limits = job["limits"]
    memory = int(limits["memory_mb"]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 << 20, 16 << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(float(limits.get("seconds", 300)) * 2) + 10        # a backstop no alarm handler can ignore
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    die_with_parent()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # an over-long write fails instead of killing us

    def on_alarm(signum, frame):
        raise CellTimeout(f"ran past the {limits['cell_seconds']:.0f} s limit for one cell")
    signal.signal(signal.SIGALRM, on_alarm)

    readable = [Path(p) for p in job["readable"]]
    landlock = restrict([str(p) for p in readable], [str(work)]) if job.get("landlock", True) else 0
    sys.path[:] = [p for p in sys.path if p and _under(Path(p).resolve(), readable)]
    sys.stdout = Capped(sys.__stdout__, int(limits.get("output_kb", 256)) << 10)
    sys.stderr = sys.stdout
    peer = StudentPeer(rfd, wfd, job, work)
    install_guard(work, readable, peer.state)
    peer.state["armed"] = True
    failed = peer.setup()
    peer.state["setup_done"] = True
    peer.send({"kind": "ready"}, {"landlock": landlock, "error": failed})
    while True:
        try:
            header, parts = read_frame(rfd)
        except EOFError:
            os._exit(0)
        peer.serve(header, parts)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
