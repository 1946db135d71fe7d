"""The trusted checker for one submission: `python -P -m tools.grade_child` (started by tools/grading.py).

Two processes grade a submission, and only one of them runs the student's code:

    parent (tools/grading.py) --job on a pipe--> checker (this module) --narrow channel--> student
          <--results on a pipe--                                        (tools/grade_student.py)

The checker reads its job (the grading spec and the submission's exercise cells) from stdin,
starts the student's process in a folder of its own, and runs the instructor's setup cells and
checks in its own namespace, where each name the student's cell defined is a *handle*: calling
`ridge_closed_form(X, y, lam)` in a check sends X, y and lam (arrays and plain data, see
tools/grade_channel.py) to the student's process, which calls the student's function and sends
back the result as data. The student's code never shares a namespace, a module, a frame or a
file with the check: it cannot see the check's reference values, patch NumPy under it, shadow
its modules or reach the results, which the checker writes to its stdout, a pipe only the parent
holds. A handle also carries the student's source text: `f.__code__` is the code of the def in
the submitted cell, compiled here (never run), so a check can inspect which names an answer uses.

Under `jax.grad`, `jax.jit` or `jax.vmap` a handle becomes a custom_vjp over host callbacks (see
grade_channel.traced_call): the student's function runs, and is differentiated, in its own process.
A check that needs what a handle cannot give (an object of a class defined in the setup cells,
`isinstance`, second derivatives, an `nnx.Module` changed in place) runs
in the student's process instead, as all checks did before: the grader finds these by grading
the answer key first (*calibration*, tools/grading.py) and reports them; their verdict is marked
not tamper-proof.

The student's process is killed after the last exercise (a leftover thread changes nothing),
and restarted when it dies or hangs (the exercise gets *crashed* or *timeout*, the next ones are
graded in a fresh process that replays the setup and the earlier exercise cells).
"""
from __future__ import annotations

import builtins
import json
import os
import resource
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

from .grade_channel import ChannelError, Peer, Remote, RemoteError, read_frame
from .sandbox import not_dumpable

GRACE = 10.0            # seconds the checker waits beyond the student's own time limit (set in main)


class CellTimeout(BaseException):
    """The check (or the student's function it waits for) ran past its time limit."""


class StudentGone(BaseException):
    """The student's process died, hung or broke the channel: `status` and `message` say how."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class StudentFailed(BaseException):
    """The student's function was stopped (timeout, forbidden): the check cannot catch this."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0][:300]}" if text else type(err).__name__


def _exception_type(kind: str) -> type:
    """The exception class to raise in a check for an exception of type `kind` in the student's code."""
    builtin = getattr(builtins, kind, None)
    if isinstance(builtin, type) and issubclass(builtin, Exception):
        return builtin
    name = kind if kind.isidentifier() else "StudentError"
    return type(name, (Exception,), {"__module__": "submission"})


class CheckerPeer(Peer):
    """The trusted end: strict about what the student's side may do with the check's objects."""

    deadline_seconds = 0.0
    broken: StudentGone | None = None      # set when the channel broke (also inside a JAX host callback)

    def request(self, op: str, *args):
        try:
            return super().request(op, *args)
        except RemoteError as err:
            if err.kind == "Failed":
                status, _, message = err.message.partition(": ")
                if status in ("timeout", "forbidden"):
                    raise StudentFailed(status, message) from None
                kind, _, message = err.message.partition(": ")
                raise _exception_type(kind)(message) from None
            raise _exception_type(err.kind)(err.message) from None
        except TimeoutError:
            self.broken = StudentGone("timeout", "the submission's code ran past the time limit and ignored the alarm")
            raise StudentGone("timeout", f"the submission's code ran past the {self.deadline_seconds:.0f} s limit "
                                         f"and ignored the alarm") from None
        except (EOFError, ChannelError, OSError) as err:
            self.broken = StudentGone("channel", f"{type(err).__name__}: {err}")
            raise StudentGone("channel", f"{type(err).__name__}: {err}") from None


class Named:
    """Stands for one of the student's global objects in StudentFunction.__globals__: only its name."""

    def __init__(self, name: str):
        self.__name__ = name


class StudentFunction:
    """A check's handle on a function of the submission: calls go to the student's process.

    `__code__` is the submitted def, compiled here and never run; `__globals__` maps each global name
    that code uses to a stand-in carrying only the `__name__` of what the student bound to it (so a
    check can see `sm` is jax.nn.softmax under another name)."""

    def __init__(self, remote: Remote, name: str, code: types.CodeType | None, doc: str | None, names: dict):
        self._remote, self.__name__, self.__qualname__, self.__doc__ = remote, name, name, doc
        self.__module__ = "__main__"
        if code is not None:
            self.__code__ = code
            self.__globals__ = {k: Named(v) for k, v in names.items()}

    def __call__(self, *args, **kwargs):
        return self._remote(*args, **kwargs)

    def __repr__(self):
        return f"<the submission's function {self.__name__}>"


def def_code(source: str, name: str, filename: str) -> tuple[types.CodeType | None, str | None]:
    """The code object and docstring of the last top-level `def name` in a submitted cell (compiled, not run)."""
    try:
        module = compile(source, filename, "exec", dont_inherit=True)
    except BaseException:                  # noqa: BLE001  (SyntaxError, RecursionError, MemoryError ...)
        return None, None
    found = None
    for const in module.co_consts:
        if isinstance(const, types.CodeType) and const.co_name == name:
            found = const
    doc = found.co_consts[0] if found is not None and found.co_consts and isinstance(found.co_consts[0], str) else None
    return found, doc


def referenced_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= referenced_names(const)
    return names


class Student:
    """The student's process and our end of its channel."""

    def __init__(self, work: Path, job: dict):
        self.work, self.job = work, job
        self.proc, self.peer, self.landlock = None, None, 0

    def start(self) -> None:
        c2s_r, c2s_w = os.pipe()
        s2c_r, s2c_w = os.pipe()
        student_dir = self.work / "student"
        student_dir.mkdir(mode=0o700, exist_ok=True)
        (student_dir / "tmp").mkdir(mode=0o700, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "LC_ALL", "SYSTEMROOT", "PYTHONPATH"}}
        env.update(HOME=str(student_dir), TMPDIR=str(student_dir / "tmp"), MPLCONFIGDIR=str(student_dir / ".mpl"),
                   MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1", XLA_FLAGS="--xla_cpu_multi_thread_eigen=false")
        with open(student_dir / "output.txt", "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-P", "-m", "tools.grade_student", str(c2s_r), str(s2c_w)], cwd=student_dir, env=env,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, pass_fds=(c2s_r, s2c_w),
                start_new_session=True)
        os.close(c2s_r)
        os.close(s2c_w)
        self.peer = CheckerPeer(s2c_r, c2s_w, strict=True)
        limits = self.job["limits"]
        tools = Path(__file__).resolve().parent
        readable = sorted({str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
                          | {str(tools)} | {p for p in ("/usr", "/lib", "/lib64", "/etc", "/proc", "/sys",
                                                         "/dev/urandom", "/dev/random", "/dev/null", "/opt")
                                            if os.path.exists(p)})
        self.peer.send({"kind": "job"}, {"setup": [c["source"] for c in self.job["spec"]["cells"] if c["kind"] == "setup"],
                                          "limits": limits, "readable": readable, "work": str(student_dir)})

    def ready(self) -> str | None:
        """Wait for the student's process to finish the setup cells; an error message or None."""
        try:
            header, parts = read_frame(self.peer.rfd, time.monotonic() + self.job["limits"]["seconds"])
            info = self.peer.decode(header.get("value"), parts) if header.get("kind") == "ready" else None
        except (EOFError, ChannelError, TimeoutError, OSError) as err:
            return f"the submission's process did not start: {self.gone_why(str(err))}"
        if not isinstance(info, dict):
            return "the submission's process did not start (broke the channel)"
        self.landlock = info.get("landlock", 0)
        return info.get("error")

    def gone_why(self, fallback: str) -> str:
        if self.proc is None:
            return fallback
        try:
            code = self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return fallback
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return f"the submission's process was killed by {name}"
        return f"the submission's process exited with code {code}"

    def stop(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None
        if self.peer is not None:
            for fd in (self.peer.rfd, self.peer.wfd):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.peer = None


def main() -> None:
    """Serve jobs from stdin one after another (each an 8-byte length and JSON), answering each with result
    lines ending in {"done": true}: one checker (and one JAX import) per grading worker, never running a
    student's code itself; each job gets a fresh namespace, a fresh student's process and its own folder."""
    not_dumpable()
    results = os.fdopen(os.dup(1), "w", buffering=1)
    stdin = sys.stdin.buffer
    limited = False
    while True:
        head = stdin.read(8)
        if len(head) < 8:
            return
        job = json.loads(stdin.read(int.from_bytes(head, "little")))
        log = os.open(Path(job["work"]) / "checker-output.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        if not limited:                    # the first job's memory limit holds for the checker's life
            memory = int(job["limits"]["memory_mb"]) << 20
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            limited = True
        before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        grade(job, results)
        after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = [round(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime, 2) for a, b in zip(after, before)]
        results.write(json.dumps({"cpu": {"checker": cpu[0], "student": cpu[1]}}) + "\n")
        results.write(json.dumps({"done": True}) + "\n")


def grade(job: dict, results) -> None:
    """Grade one submission: report one JSON line per exercise on `results`."""
    spec, cells, limits = job["spec"], job["student_cells"], job["limits"]
    calibrate = job.get("calibrate", False)
    cell_seconds = float(limits["cell_seconds"])
    global GRACE
    GRACE = 2.0 + 0.5 * cell_seconds      # how long past its own alarm the student's process may take to answer
    work = Path(job["work"])

    def on_alarm(signum, frame):
        raise CellTimeout(f"ran past the {cell_seconds:.0f} s limit for one cell")
    signal.signal(signal.SIGALRM, on_alarm)

    def report(ex_id: str, status: str, message: str = "", **extra):
        results.write(json.dumps({"id": ex_id, "status": status, "message": message, **extra}) + "\n")

    student = Student(work, job)
    student.start()                        # its setup runs while ours does
    ns: dict = {"__name__": "__main__", "__builtins__": builtins}
    setup_names: dict = {}
    for i, cell in enumerate(spec["cells"]):
        if cell["kind"] != "setup":
            continue
        before = {k: id(v) for k, v in ns.items()}
        try:
            exec(compile(cell["source"], f"<setup cell {i}>", "exec"), ns)
        except BaseException as err:       # noqa: BLE001
            student.stop()
            status = "memory-limit" if isinstance(err, MemoryError) else "grader-error"
            results.write(json.dumps({"fatal": status,
                                      "message": f"the instructor's setup cell {i} failed: {first_line(err)}"}) + "\n")
            return
        setup_names.update({k: v for k, v in ns.items() if not k.startswith("__") and before.get(k) != id(v)})
    failed = student.ready()
    if failed:
        student.stop()
        status = "memory-limit" if "MemoryError" in failed else "crashed"
        results.write(json.dumps({"fatal": status, "message": failed}) + "\n")
        return
    results.write(json.dumps({"landlock": student.landlock}) + "\n")

    bound: dict = {}                        # name -> the check's handle on the student's object
    done: list[tuple[str, str]] = []        # (exercise id, source) of the cells run, to replay after a restart
    pending: dict[str, tuple[str, str]] = {}

    def restart():
        student.stop()
        student.start()
        why = student.ready()
        if why:
            raise StudentGone("crashed", why)
        for ex_id, source in done:
            try:
                student.peer.deadline, student.peer.deadline_seconds = time.monotonic() + cell_seconds + GRACE, cell_seconds
                bind(student.peer.request("exec", source, f"<exercise {ex_id}>")["names"], source, ex_id)
            except BaseException:          # noqa: BLE001
                pass

    def bind(names: dict, source: str, ex_id: str):
        for name, value in names.items():
            if name.startswith("__") or name in setup_names or hasattr(builtins, name):
                continue
            if isinstance(value, Remote):
                code, doc = def_code(source, name, f"<exercise {ex_id}>")
                names = {}
                if code is not None:
                    used = sorted(referenced_names(code))[:500]
                    names = student.peer.request("names", used)
                    names = {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}
                bound[name] = StudentFunction(value, name, code, doc, names)
            else:
                bound[name] = value

    def run_check(cell: dict, ex_id: str) -> tuple[str, str]:
        ns.update(setup_names)              # the instructor's names, as the setup cells left them
        try:
            code = compile(cell["source"], f"<check {ex_id}>", "exec")
        except SyntaxError as err:
            return "grader-error", f"the check does not compile: {err}"
        wanted = referenced_names(code)
        ns.update({k: v for k, v in bound.items() if k in wanted})
        student.peer.deadline, student.peer.deadline_seconds = time.monotonic() + cell_seconds + GRACE, cell_seconds
        signal.setitimer(signal.ITIMER_REAL, cell_seconds + GRACE / 2)
        student.peer.broken = None
        try:
            exec(code, ns)
            if student.peer.broken is not None:
                raise student.peer.broken
        except AssertionError as err:
            if student.peer.broken is not None:
                raise student.peer.broken from None
            return "fail", str(err).strip().splitlines()[0] if str(err).strip() else "the check failed"
        except StudentFailed as err:
            return err.status, err.message
        except CellTimeout as err:
            raise StudentGone("timeout", f"the check {err}") from None
        except StudentGone:
            raise
        except Exception as err:           # noqa: BLE001
            if student.peer.broken is not None:
                raise student.peer.broken from None
            return "check-error", f"the check could not use the answer: {first_line(err)}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return "pass", ""

    def shared_check(cell: dict, ex_id: str) -> tuple[str, str]:
        student.peer.deadline, student.peer.deadline_seconds = time.monotonic() + cell_seconds + GRACE, cell_seconds
        verdict = student.peer.request("check", cell["source"], f"<check {ex_id}>")
        if not (isinstance(verdict, list) and len(verdict) == 2 and verdict[0] in
                {"pass", "fail", "check-error", "forbidden", "tampered"}):
            return "error", "the submission's process sent a malformed verdict"
        return str(verdict[0]), str(verdict[1])[:500]

    for cell in spec["cells"]:
        if cell["kind"] == "setup":
            continue
        ex_id = cell["id"]
        try:
            if student.peer is None:
                restart()
            if cell["kind"] == "exercise":
                source = cells.get(ex_id)
                if source is None:
                    pending[ex_id] = ("missing", f"no cell starting '# Exercise {ex_id}:' in the submission")
                    continue
                student.peer.deadline, student.peer.deadline_seconds = time.monotonic() + cell_seconds + GRACE, cell_seconds
                answer = student.peer.request("exec", source, f"<exercise {ex_id}>")
                if not isinstance(answer, dict) or not isinstance(answer.get("names"), dict):
                    raise StudentGone("error", "the submission's process sent a malformed answer")
                bind(answer["names"], source, ex_id)
                done.append((ex_id, source))
                if answer.get("error"):
                    status, _, message = str(answer["error"]).partition(": ")
                    pending[ex_id] = (status if status in {"timeout", "forbidden", "error"} else "error", message[:500])
                continue
            if ex_id in pending:
                report(ex_id, *pending.pop(ex_id))
                continue
            mode = cell.get("mode", "isolated")
            if calibrate:
                status, message = run_check(cell, ex_id)
                if status != "pass":
                    shared_status, shared_message = shared_check(cell, ex_id)
                    report(ex_id, shared_status, shared_message, mode="shared",
                           isolated=f"{status}: {message}")
                else:
                    report(ex_id, status, message, mode="isolated")
            elif mode == "shared":
                report(ex_id, *shared_check(cell, ex_id), trusted=False)
            else:
                report(ex_id, *run_check(cell, ex_id))
        except StudentGone as gone:
            why = student.gone_why(gone.message) if gone.status == "channel" else gone.message
            if gone.status == "channel":
                status = "crashed" if "process" in why else "error"
                if status == "error":
                    why = f"the submission's process broke the grading channel ({why})"
            else:
                status = gone.status
            student.stop()                  # a fresh process for the next exercise
            if cell["kind"] == "exercise":
                pending[ex_id] = (status, why)
                done[:] = [d for d in done if d[0] != ex_id]
            else:
                report(ex_id, status, why)
    student.stop()


if __name__ == "__main__":
    main()
