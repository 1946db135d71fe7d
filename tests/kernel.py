"""A kernel to drive from a test: started in an empty folder in the course's kernel environment."""
from __future__ import annotations

from dataclasses import dataclass, field

from jupyter_client.manager import start_new_kernel

from tools.kernel_env import KernelSandbox


@dataclass
class Result:
    """What one execution printed and raised."""
    status: str
    stdout: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)   # (ename, evalue)


class Kernel:
    """`with Kernel() as k: k.run("1 + 1")`."""

    def __enter__(self):
        self.sandbox = KernelSandbox(prefix="course-test-")
        self.km, self.kc = start_new_kernel(kernel_name="python3", cwd=self.sandbox.workdir,
                                            env=self.sandbox.env, startup_timeout=120)
        return self

    def run(self, code: str, timeout: float = 600) -> Result:
        result = Result("ok")

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content["name"] == "stdout":
                result.stdout += content["text"]
            elif kind == "error":
                result.errors.append((content["ename"], content["evalue"]))

        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook, allow_stdin=False)
        result.status = reply["content"]["status"]
        return result

    def __exit__(self, *exc):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        self.sandbox.close()
