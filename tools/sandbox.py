"""Operating-system limits for the student's process: Linux Landlock, set up with ctypes.

`restrict(read, write)` makes the calling process (and any child) unable to open anything but
files beneath the `read` folders (read-only) and the `write` folders (read and write), to run any
program, to signal or connect to processes outside itself (Landlock ABI 6+), or to bind and
connect TCP ports (ABI 4+). The kernel enforces it: no Python trick (ctypes, dir_fd, sqlite3,
gc) gets around it, and it cannot be lifted. It returns the Landlock ABI version in force, or 0
where the kernel has no Landlock (Linux before 5.13, or Landlock disabled; macOS, Windows): then
only the audit hook of tools/grade_student.py guards files, which ctypes can get around.
"""
from __future__ import annotations

import ctypes
import os
import platform
import struct

SYS_CREATE, SYS_ADD_RULE, SYS_RESTRICT = 444, 445, 446      # the same on x86-64 and arm64
PR_SET_NO_NEW_PRIVS, PR_SET_DUMPABLE, PR_SET_PDEATHSIG = 38, 4, 1
# filesystem rights, by ABI version
FS_V1 = (1 << 13) - 1           # execute, write, read file, read dir, remove, make char/dir/reg/sock/fifo/block/sym
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
READ = (1 << 2) | (1 << 3)      # read file, read dir
WRITE_ALL = FS_V1 & ~1          # everything but execute
NET_TCP = 3                     # bind, connect
SCOPE_ALL = 3                   # abstract unix sockets, signals


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def abi_version() -> int:
    if platform.system() != "Linux":
        return 0
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    v = libc.syscall(SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(v), 0)


def die_with_parent() -> None:
    """SIGKILL this process when the process that started it dies."""
    if platform.system() == "Linux":
        _libc().prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)


def not_dumpable() -> None:
    """No other process of this user may read this one's memory or attach a debugger to it."""
    if platform.system() == "Linux":
        _libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def restrict(read: list[str], write: list[str]) -> int:
    abi = abi_version()
    if abi < 1:
        return 0
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    fs = FS_V1 | (REFER if abi >= 2 else 0) | (TRUNCATE if abi >= 3 else 0) | (IOCTL_DEV if abi >= 5 else 0)
    attr = struct.pack("<Q", fs)
    if abi >= 4:
        attr += struct.pack("<Q", NET_TCP)
    if abi >= 6:
        attr += struct.pack("<Q", SCOPE_ALL)
    buf = ctypes.create_string_buffer(attr, len(attr))
    ruleset = libc.syscall(SYS_CREATE, buf, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for paths, rights in ((read, READ), (write, fs & ~1)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = rights if os.path.isdir(path) else rights & (1 | 2 | 4 | TRUNCATE | IOCTL_DEV)
                    rule = ctypes.create_string_buffer(struct.pack("<Qi", allowed, fd), 12)
                    if libc.syscall(SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(1), rule, ctypes.c_uint32(0)) < 0:
                        raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
                finally:
                    os.close(fd)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if libc.syscall(SYS_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) < 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return abi
