#!/usr/bin/env python3
"""Where a boot's time goes, measured from outside: boots one manifest
configuration with COM1 on a pipe, stamps every line with the host's clock as
it arrives and sums the time per phase (before the kernel's first line, each
KTAP suite, after the verdict) with the bytes printed in it. Under TCG a
port write is handled in the vCPU thread, so a line reaches the pipe when the
guest writes it: the stamps are the guest's progress. docs/performance.md has
the findings. Usage: tools/bench/profile.py [-n N] CONFIG [key=value ...]
(key=value overrides a manifest key, e.g. cmdline=selftest=none)."""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import manifest  # noqa: E402
import qemu_run  # noqa: E402

SUBTEST = re.compile(rb"^\s*# Subtest: (\S+)")
SUITE_END = re.compile(rb"^(?:not )?ok \d+ (\S+)")
CASE_END = re.compile(rb"^  (?:not )?ok \d+ (\S+)")


def boot(cfg, iso):
    """[(seconds since QEMU started, line bytes)] and the total wall time."""
    tmp = tempfile.mkdtemp(prefix="hotmem-prof-")
    vars_path = None
    if cfg.firmware == "uefi":
        vars_path = os.path.join(tmp, "OVMF_VARS.fd")
        with open(qemu_run.DEFAULT_OVMF_VARS, "rb") as src, open(vars_path, "wb") as dst:
            dst.write(src.read())
    cmd = qemu_run.build_qemu_command(cfg, iso, vars_path=vars_path, tmpdir=tmp)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines, pending = [], b""
    while True:
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        now = time.monotonic() - t0
        pending += chunk
        *done, pending = pending.split(b"\n")
        lines += [(now, ln) for ln in done]
    proc.wait()
    return lines, time.monotonic() - t0


def phases(lines, total, cases=None):
    """[(phase, seconds, bytes)] in boot order; with a list for cases, each
    test case's (suite.case, seconds, bytes) is appended to it too."""
    out, name, start, nbytes = [], "firmware+grub", 0.0, 0
    case_start, case_bytes = 0.0, 0
    for t, ln in lines:
        m = SUBTEST.match(ln)
        if name == "firmware+grub" and qemu_run.KERNEL_BANNER.encode() in ln:
            out.append((name, t - start, nbytes))
            name, start, nbytes = "kernel before tests", t, 0
        elif m and not ln.startswith(b"    "):
            out.append((name, t - start, nbytes))
            name, start, nbytes = m.group(1).decode(), t, 0
        nbytes += len(ln) + 1
        c = CASE_END.match(ln)
        if c and cases is not None:
            cases.append((name + "." + c.group(1).decode(), t - case_start, case_bytes + len(ln) + 1))
        if c or m:
            case_start, case_bytes = t, 0
        else:
            case_bytes += len(ln) + 1
        e = SUITE_END.match(ln)
        if e and e.group(1).decode() == name:
            out.append((name, t - start, nbytes))
            name, start, nbytes = "between suites", t, 0
    out.append((name + " (to exit)", total - start, nbytes))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("overrides", nargs="*")
    ap.add_argument("-n", type=int, default=3, help="boots; the median per phase is printed")
    ap.add_argument("--cases", action="store_true", help="one line per test case, not per suite")
    ap.add_argument("--iso", default=str(ROOT / "build" / "hotmem.iso"))
    args = ap.parse_args()
    try:
        cfg = manifest.config_with_overrides(args.config, args.overrides)
    except ValueError as e:
        ap.error(str(e))
    runs, totals = [], []
    for _ in range(args.n):
        lines, total = boot(cfg, args.iso)
        cases = [] if args.cases else None
        per_suite = phases(lines, total, cases)
        runs.append(cases if args.cases else per_suite)
        totals.append(total)
    merged = {}
    order = []
    for run in runs:
        for name, secs, nbytes in run:
            if name not in merged:
                order.append(name)
                merged[name] = ([], [])
            merged[name][0].append(secs)
            merged[name][1].append(nbytes)
    print("%-28s %8s %9s" % ("phase", "ms", "bytes"))
    for name in order:
        secs, nb = merged[name]
        print("%-28s %8.0f %9d" % (name, 1000 * statistics.median(secs), statistics.median(nb)))
    print("%-28s %8.0f" % ("total (QEMU start to exit)", 1000 * statistics.median(totals)))


if __name__ == "__main__":
    main()
