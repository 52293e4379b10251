#!/usr/bin/env python3
"""A sampling profiler for a boot under QEMU: boots one manifest
configuration with an HMP monitor on a socket, every --interval seconds reads
the vCPU's RIP and walks a few frame pointers (the kernel keeps them), and at
the end prints the functions seen most, by their own samples (self) and by the
samples where they were on the stack (total). Symbols come from
build/hotmem.elf. Under TCG the RIP is where the vCPU last synced (a
translation block boundary), which is fine for where time goes. The findings
are in docs/performance.md. Usage: tools/bench/sample.py [--depth D] CONFIG
[key=value ...] (key=value overrides a manifest key, e.g. cmdline=selftest=none)."""

import argparse
import bisect
import collections
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import manifest  # noqa: E402
import qemu_run  # noqa: E402


def load_symbols(elf):
    out = subprocess.run(["nm", "-n", elf], check=True, stdout=subprocess.PIPE, text=True).stdout
    addrs, names = [], []
    for ln in out.splitlines():
        parts = ln.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            addrs.append(int(parts[0], 16))
            names.append(parts[2])
    return addrs, names


def symbol(syms, addr):
    addrs, names = syms
    i = bisect.bisect_right(addrs, addr) - 1
    return names[i] if i >= 0 else "?%#x" % addr


class Monitor:
    def __init__(self, path):
        for _ in range(200):
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.sock.settimeout(5)
        self.read_prompt()

    def read_prompt(self):
        buf = b""
        while not buf.endswith(b"(qemu) "):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            buf += chunk
        return buf.decode(errors="replace")

    def cmd(self, text):
        self.sock.sendall(text.encode() + b"\n")
        return self.read_prompt()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("overrides", nargs="*")
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("--depth", type=int, default=6, help="frames walked per sample")
    ap.add_argument("--iso", default=str(ROOT / "build" / "hotmem.iso"))
    ap.add_argument("--elf", default=str(ROOT / "build" / "hotmem.elf"))
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    syms = load_symbols(args.elf)
    try:
        cfg = manifest.config_with_overrides(args.config, args.overrides)
    except ValueError as e:
        ap.error(str(e))
    tmp = tempfile.mkdtemp(prefix="hotmem-sample-")
    vars_path = None
    if cfg.firmware == "uefi":
        vars_path = os.path.join(tmp, "OVMF_VARS.fd")
        with open(qemu_run.DEFAULT_OVMF_VARS, "rb") as src, open(vars_path, "wb") as dst:
            dst.write(src.read())
    mon = os.path.join(tmp, "mon.sock")
    cmd = qemu_run.build_qemu_command(cfg, args.iso, vars_path=vars_path, tmpdir=tmp)
    cmd = [w if w != "stdio" else "null" for w in cmd]
    cmd += ["-monitor", "unix:%s,server=on,wait=off" % mon]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    m = Monitor(mon)
    self_count, total_count = collections.Counter(), collections.Counter()
    samples = 0
    rip_re = re.compile(r"RIP=([0-9a-f]+)")
    rbp_re = re.compile(r"RBP=([0-9a-f]+)")
    try:
        while proc.poll() is None:
            time.sleep(args.interval)
            regs = m.cmd("info registers")
            r, b = rip_re.search(regs), rbp_re.search(regs)
            if not r or not b:
                continue
            rip, rbp = int(r.group(1), 16), int(b.group(1), 16)
            if rip >= 0x80000000:  # firmware/GRUB run in 32-bit or elsewhere
                self_count["(outside the kernel)"] += 1
                samples += 1
                continue
            stack = [symbol(syms, rip)]
            for _ in range(args.depth):
                if not rbp or rbp & 7:
                    break
                mem = m.cmd("x /2gx %#x" % rbp)
                words = re.findall(r"0x([0-9a-f]{16})", mem.split(":", 1)[-1])
                if len(words) < 2:
                    break
                rbp, ret = int(words[0], 16), int(words[1], 16)
                stack.append(symbol(syms, ret))
            samples += 1
            self_count[stack[0]] += 1
            for fn in set(stack):
                total_count[fn] += 1
    except (EOFError, OSError):
        pass
    proc.wait()
    print("%d samples" % samples)
    print("self:")
    for fn, c in self_count.most_common(args.top):
        print("  %5.1f%% %s" % (100.0 * c / samples, fn))
    print("total (on the stack):")
    for fn, c in total_count.most_common(args.top):
        print("  %5.1f%% %s" % (100.0 * c / samples, fn))


if __name__ == "__main__":
    main()
