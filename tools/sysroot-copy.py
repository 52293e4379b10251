#!/usr/bin/env python3
"""Copy hotmem's pseudo-files into a directory tree, through its shell.

hotmem's shell (docs/shell.md) shows /proc and /sys with Linux's names and
texts. This tool walks them with `ls` and reads every file with `cat`, and
writes what it read under DEST (DEST/proc/iomem, DEST/sys/devices/system/
memory/memory0/state, ...), so that unmodified Linux tools read hotmem's
state from the copy:

    lsmem --sysroot DEST
    lsmem --sysroot DEST -o RANGE,SIZE,STATE,REMOVABLE,BLOCK,ZONES

Directories (`ls` names ending in `/`) become directories, also the empty
`memoryN/nodeN` that stands for Linux's link to the block's node (lsmem
reads the node from its name). Files the shell cannot read (the write-only
`probe`) are left out; /sys/kernel/hotmem/screen too (what the screen
shows is no state).

Usage, against a shell waiting at its prompt on a serial line that QEMU
exposes as a unix socket (-serial unix:PATH,server=on,wait=off):

    tools/sysroot-copy.py --socket PATH DEST [ROOT ...]

ROOT defaults to /proc, /sys/devices/system/memory and /sys/firmware/memmap
(`/` copies everything). The test runner (tests/session.py) imports
copy_sysroot() and passes its own way to run a command. Standard library
only.
"""

import argparse
import socket
import sys
import time
from pathlib import Path

PROMPT = "hotmem> "
DEFAULT_ROOTS = ("/proc", "/sys/devices/system/memory", "/sys/firmware/memmap")
SKIP = {"/sys/kernel/hotmem/screen"}


class CopyError(Exception):
    pass


def _join(d, name):
    return (d.rstrip("/") + "/" + name) if d != "/" else "/" + name


def _quote(path):
    """A path as one shell word (the shell splits at blanks like bash)."""
    if all(c.isalnum() or c in "/._-" for c in path):
        return path
    return "'" + path.replace("'", "'\\''") + "'"


def copy_sysroot(run, dest, roots=DEFAULT_ROOTS, log=None):
    """Copy every file below roots into dest. run(command) types a command
    line at the shell's prompt and returns what the command printed. Returns
    (files copied, paths left out with the reason)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    copied, skipped = [], []
    pending = list(roots)
    while pending:
        path = pending.pop(0)
        if path in SKIP:
            skipped.append((path, "not state"))
            continue
        out = run("ls " + _quote(path))
        if out.startswith("ls: "):
            raise CopyError(out.strip())
        target = dest / path.lstrip("/")
        # `ls DIR` lists its entries; `ls FILE` prints the file's name.
        names = [n for n in out.split("\n") if n]
        if names == [path]:
            names = None
        if names is None:
            _copy_file(run, path, target, copied, skipped)
            continue
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            sub = _join(path, name.rstrip("/"))
            if name.endswith("/"):
                pending.append(sub)
            elif sub in SKIP:
                skipped.append((sub, "not state"))
            else:
                _copy_file(run, sub, dest / sub.lstrip("/"), copied, skipped)
        if log:
            log("%s: %d entries" % (path, len(names)))
    return copied, skipped


def _copy_file(run, path, target, copied, skipped):
    out = run("cat " + _quote(path))
    if out.startswith("cat: "):
        # "cat: PATH: Permission denied": the reason only.
        skipped.append((path, out.strip().rsplit(": ", 1)[-1]))
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out)
    copied.append(path)


class SerialShell:
    """The shell at the other end of a unix socket (QEMU's serial chardev)."""

    def __init__(self, path, timeout=30.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.settimeout(timeout)
        self.buf = b""
        self.timeout = timeout
        # A fresh prompt: an empty line.
        self.run("")

    def _read_until_prompt(self, start):
        deadline = time.monotonic() + self.timeout
        while True:
            text = self.buf[start:].replace(b"\r", b"")
            if b"\n" in text and text.endswith(b"\n" + PROMPT.encode()):
                return text.decode("utf-8", errors="replace")
            if time.monotonic() > deadline:
                raise CopyError("no prompt from the shell")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise CopyError("the serial line closed")
            self.buf += chunk

    def run(self, command):
        start = len(self.buf)
        self.sock.sendall(command.encode() + b"\r")
        text = self._read_until_prompt(start)
        body = text[:-len(PROMPT)].split("\n", 1)
        return body[1] if len(body) > 1 else ""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="see the top of this file for details")
    ap.add_argument("--socket", required=True, help="unix socket of the serial line")
    ap.add_argument("dest", help="directory to copy into")
    ap.add_argument("roots", nargs="*", default=list(DEFAULT_ROOTS), help="directories or files to copy")
    args = ap.parse_args(argv)
    try:
        shell = SerialShell(args.socket)
        copied, skipped = copy_sysroot(shell.run, args.dest, args.roots)
    except (OSError, CopyError) as e:
        print("sysroot-copy: %s" % e, file=sys.stderr)
        return 1
    for path, why in skipped:
        print("left out %s: %s" % (path, why))
    print("%d files copied into %s" % (len(copied), args.dest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
