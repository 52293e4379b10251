#!/usr/bin/env python3
"""`make bench` (docs/bench.md): boot timings against the floor kernel measured
in the same run, the scale boots, optionally `make test`, and the host
microbenchmarks. Prints one line per figure:

    bench <name>: <median> <unit> (min <a>, max <b>, n=<N>)
    bench <name>/<baseline>: <x.xx>

Runs of the figures that are compared are interleaved (floor, hotmem, floor,
...) so that load from other processes falls on both alike. Standard library
only; never part of `make test`."""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import manifest  # noqa: E402
import qemu_run  # noqa: E402

# The scale boot: 64 TiB of phantom RAM above 4 GiB (docs/performance.md).
# Its baseline is the same machine without the phantom RAM.
SCALE_CONFIG = "phantom-64t"
# The 1 TiB phantom hot-add through hotmem_test, and the kernel's report of it.
HOT_ADD_CONFIG = "phantom-64t-add"
HOT_ADD_RE = re.compile(r"# phantom hot-add: (\d+) blocks of (\d+) MiB added in (\d+) ms, removed in (\d+) ms")
HOST_SIZES = (1000, 10000, 100000, 1000000)


def line(name, values, unit, fmt="%.2f"):
    vals = sorted(values)
    print("bench %s: %s %s (min %s, max %s, n=%d)" % (
        name, fmt % statistics.median(vals), unit, fmt % vals[0], fmt % vals[-1], len(vals)), flush=True)
    return statistics.median(vals)


def ratio(name, base, a, b):
    print("bench %s/%s: %.2f" % (name, base, a / b), flush=True)


def boot_once(cfg, iso, logdir, want_rc=1):
    res = qemu_run.run_qemu(cfg, iso, logdir)
    if res.error or res.timed_out or res.rc != want_rc:
        sys.exit("bench: %s did not reach its exit (rc=%s%s); see %s" % (
            cfg.name, res.rc, ", " + res.error if res.error else "", res.log_path))
    return res.elapsed


def variant(cfg, name, **changes):
    """A copy of a manifest configuration with some keys changed."""
    values = dict(manifest.MANIFEST_DEFAULTS)
    values.update(description=cfg.description, firmware=cfg.firmware, media=cfg.media,
                  memory=cfg.memory, timeout=str(cfg.timeout), cmdline=cfg.cmdline,
                  qemu=" ".join(cfg.qemu))
    values.update(changes)
    return manifest.Config(name, values)


def bench_boots(configs, args, logdir):
    """Boot-to-verdict of hotmem against the floor kernel, same path."""
    for name in ("bios-cd", "uefi-usb"):
        cfg = configs[name]
        floor_cfg = variant(cfg, "floor-" + name)
        full, floor = [], []
        for _ in range(args.n):
            floor.append(boot_once(floor_cfg, args.floor_iso, logdir))
            full.append(boot_once(cfg, args.iso, logdir))
        f = line("boot/floor-%s" % name, floor, "s")
        h = line("boot/%s" % name, full, "s")
        ratio("boot/%s" % name, "floor-%s" % name, h, f)


def bench_scale(configs, args, logdir):
    cfg = configs.get(SCALE_CONFIG)
    if cfg is None:
        print("# bench: no %s configuration in the manifest" % SCALE_CONFIG)
        return
    cmdline = " ".join(w for w in cfg.cmdline.split() if not w.startswith("fw.e820="))
    base = variant(cfg, "phantom-none", cmdline=cmdline)
    big, small = [], []
    for _ in range(args.scale_n):
        small.append(boot_once(base, args.iso, logdir))
        big.append(boot_once(cfg, args.iso, logdir))
    s = line("scale/boot-512m", small, "s")
    b = line("scale/boot-64t", big, "s")
    ratio("scale/boot-64t", "boot-512m", b, s)
    # The same pair without self-tests (verdict SKIP): the cost of the scale
    # alone, since at 64 TiB the live hotplug suite finds no fw.hide=auto
    # window (2 GiB blocks do not fit in 512 MiB of real RAM) and skips.
    base_nt = variant(cfg, "phantom-none-notests", cmdline=cmdline + " selftest=none")
    big_nt = variant(cfg, "phantom-64t-notests", cmdline=cfg.cmdline + " selftest=none")
    big, small = [], []
    for _ in range(args.scale_n):
        small.append(boot_once(base_nt, args.iso, logdir, want_rc=77))
        big.append(boot_once(big_nt, args.iso, logdir, want_rc=77))
    s = line("scale/boot-512m-notests", small, "s")
    b = line("scale/boot-64t-notests", big, "s")
    ratio("scale/boot-64t-notests", "boot-512m-notests", b, s)
    bench_hot_add(configs, args, logdir)


def bench_hot_add(configs, args, logdir):
    """The 1 TiB phantom hot-add: the kernel times it (TSC) and says so in
    hotplug's phantom_window_adds_in_blocks (docs/ktap.md)."""
    cfg = configs.get(HOT_ADD_CONFIG)
    if cfg is None:
        print("# bench: no %s configuration in the manifest" % HOT_ADD_CONFIG)
        return
    added, removed = [], []
    for _ in range(args.scale_n):
        boot_once(cfg, args.iso, logdir)
        text = (logdir / ("%s.log" % cfg.name)).read_text(errors="replace")
        m = HOT_ADD_RE.search(text)
        if not m:
            sys.exit("bench: %s printed no phantom hot-add time; see %s/%s.log" % (cfg.name, logdir, cfg.name))
        added.append(int(m.group(3)) / 1000.0)
        removed.append(int(m.group(4)) / 1000.0)
        blocks = "%s blocks of %s MiB" % (m.group(1), m.group(2))
    line("scale/hot-add-1t", added, "s")
    line("scale/hot-remove-1t", removed, "s")
    print("# bench: the 1 TiB window is %s" % blocks, flush=True)


def bench_make_test(args):
    if os.environ.get("BENCH_MAKE_TEST") != "1":
        print("# bench: make test not timed (BENCH_MAKE_TEST=1 times it once, n=1)", flush=True)
        return
    t0 = time.monotonic()
    rc = subprocess.call(["make", "-s", "test"], cwd=str(ROOT), stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    dt = time.monotonic() - t0
    if rc:
        sys.exit("bench: make test failed (exit %d)" % rc)
    line("make-test", [dt], "s", "%.1f")


def bench_host(args):
    runs = {}
    for _ in range(args.host_n):
        out = subprocess.run([args.host_bench, str(args.host_exp)], check=True, stdout=subprocess.PIPE,
                             text=True).stdout
        for ln in out.splitlines():
            op, n, ns = ln.split()
            runs.setdefault((op, int(n)), []).append(float(ns))
    ops = []
    for op, _ in runs:
        if op not in ops:
            ops.append(op)
    for op in ops:
        med = {}
        for n in HOST_SIZES:
            if (op, n) in runs:
                med[n] = line("host/%s@%d" % (op, n), runs[(op, n)], "ns/call", "%.0f")
        sizes = sorted(med)
        if len(sizes) > 1 and med[sizes[0]] > 0:
            # Growth of the time per call against growth of the entry count:
            # 1.00 means linear per call, 0 constant, 2 quadratic.
            import math
            g = math.log(med[sizes[-1]] / med[sizes[0]]) / math.log(sizes[-1] / sizes[0])
            print("bench host/%s/growth-exponent: %.2f" % (op, g), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso", required=True)
    ap.add_argument("--floor-iso", required=True)
    ap.add_argument("--host-bench", required=True)
    ap.add_argument("--host-tests")
    ap.add_argument("-n", type=int, default=int(os.environ.get("BENCH_N") or 5))
    ap.add_argument("--scale-n", type=int, default=int(os.environ.get("BENCH_SCALE_N") or 3))
    ap.add_argument("--host-n", type=int, default=3)
    ap.add_argument("--host-exp", type=int, default=6)
    ap.add_argument("--only", default=os.environ.get("BENCH_ONLY") or "boot,scale,make-test,host",
                    help="comma-separated parts: boot, scale, make-test, host")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    configs = {c.name: c for c in manifest.load_manifest(manifest.DEFAULT_MANIFEST)}
    logdir = ROOT / "build" / "bench" / "logs"
    if "boot" in parts:
        bench_boots(configs, args, logdir)
    if "scale" in parts:
        bench_scale(configs, args, logdir)
    if "make-test" in parts:
        bench_make_test(args)
    if "host" in parts:
        bench_host(args)


if __name__ == "__main__":
    main()
