#!/usr/bin/env python3
"""hotmem host-side test runner (Python 3, standard library only).

  runner.py run [CONFIG]          boot one configuration, serial on the terminal
  runner.py qemu [NAMES...]       the QEMU boot matrix (-l, -g, -j, -v, --iso)
  runner.py host BINARY [FILTER]  run the host unit-test binary, parse its KTAP
  runner.py selftest              the runner's own unit tests, tests/test_*.py (no QEMU)
  runner.py all --host-binary B   selftest + host + qemu, as CI runs it

Every mode ends with the line `N passed, N failed` and exits non-zero if
anything failed. A runner self-test, a host KTAP leaf case and a QEMU
configuration each count as one test; skipped cases count in neither number.
A configuration with a `ref` (comparison with golden Linux captures in
tests/golden/linux, tests/refcompare.py) counts its boot as one test and each
of its reference checks (e820, e820_user, memmap, iomem, ...) as one more,
each on its own summary line `<config> ref <check> <step>: PASS|FAIL`; a
failed check prints a unified diff (- Linux reference, + hotmem). A
configuration with a `session` (a shell session played from an exact
transcript, tests/session.py) counts the transcript and each lsmem check as
one more test each: `<config> session <check>: PASS|FAIL`.

The QEMU configurations live in tests/qemu/manifest.cfg (format described
there). Each run boots the one ISO, captures the serial port into
build/logs/<config>.log, parses KTAP and the hotmem markers (tests/ktap.py)
and cross-checks the QEMU exit status against the verdict line and the KTAP
tree (docs/ktap.md). Runs with an `events` list are driven over QMP
(docs/events.md).

Environment: QEMU (binary), HOTMEM_TIMEOUT_SCALE (float factor for every
timeout), HOTMEM_ACCEL (e.g. kvm; default TCG), HOTMEM_OVMF_CODE and
HOTMEM_OVMF_VARS (firmware images for uefi configurations).
"""

# The manifest and its Config objects live in tests/manifest.py, one QEMU run
# (command line, boot, verdict) in tests/qemu_run.py; this file is the command
# line, the suites (QEMU matrix, host binary, self-tests) and their summary.

import argparse
import concurrent.futures
import datetime
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import ktap  # noqa: E402  (needs the path above)
from manifest import DEFAULT_MANIFEST, ManifestError, load_manifest, select_configs  # noqa: E402
from qemu_run import (EXIT_TIMEOUT, TAIL_LINES, check_failure_report, check_reference, describe,  # noqa: E402
                      describe_check, evaluate, extra_checks, failure_report, fmt_secs, rel_path, run_qemu,
                      terminate_all)

DEFAULT_ISO = ROOT / "build" / "hotmem.iso"
DEFAULT_LOGDIR = ROOT / "build" / "logs"

# ---------------------------------------------------------------------------
# Suites: QEMU matrix, host binary, self-tests
# ---------------------------------------------------------------------------


class SuiteReport:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.lines = []             # summary lines (one per configuration)

    @property
    def ok(self):
        return self.failed == 0

    def headline(self):
        s = "%s: %s (%d passed, %d failed" % (self.name, "PASS" if self.ok else "FAIL", self.passed, self.failed)
        return s + (", %d skipped)" % self.skipped if self.skipped else ")")


def _git_state():
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")
    try:
        sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, env=env, timeout=10)
        if sha.returncode != 0:
            return "no commit"
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, env=env, timeout=10)
        return sha.stdout.strip() + (" (uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_matrix(configs, iso, logdir, jobs=2, verbose=False, env=None, out=None, golden_root=None):
    """Run configurations in parallel; print each result as it completes,
    failures with reasons and log tail (reference checks: with their diff);
    write <logdir>/SUMMARY. A configuration counts one test for its boot and
    one per reference check."""
    out = out or sys.stdout
    report = SuiteReport("qemu")
    results = {}
    print_lock = threading.Lock()

    def one(cfg):
        res = run_qemu(cfg, iso, logdir, env=env, verbose=verbose, out=out)
        if not res.error:
            res.outcome = evaluate(cfg.expect, res.rc, res.log, res.timed_out, res.timeout, res.extra_reasons)
        check_reference(res, golden_root)
        with print_lock:
            print("[%s] %s" % (cfg.name, describe(res).split(": ", 1)[1]), file=out, flush=True)
            if res.error or not res.outcome.ok:
                print(failure_report(res), file=out, flush=True)
            for kind, r in extra_checks(res):
                print("[%s] %s %s: %s" % (cfg.name, kind, r.name, r.describe()), file=out, flush=True)
                if not r.ok:
                    print(check_failure_report(cfg, kind, r), file=out, flush=True)
        return res

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(one, cfg): cfg for cfg in configs}
        for fut in concurrent.futures.as_completed(futures):
            results[futures[fut].name] = fut.result()
    except KeyboardInterrupt:
        for f in futures:
            f.cancel()
        terminate_all()
        raise
    finally:
        pool.shutdown(wait=True)
    for cfg in configs:
        res = results[cfg.name]
        ok = not res.error and res.outcome.ok
        report.passed += ok
        report.failed += not ok
        report.lines.append(describe(res))
        for kind, r in extra_checks(res):
            report.passed += r.ok
            report.failed += not r.ok
            report.lines.append(describe_check(cfg, kind, r))
    _write_summary(Path(logdir) / "SUMMARY", iso, [results[c.name] for c in configs], report, env)
    return report


def _write_summary(path, iso, results, report, env):
    env = os.environ if env is None else env
    qemu = env.get("QEMU") or "qemu-system-x86_64"
    try:
        version = subprocess.run([qemu, "--version"], capture_output=True, text=True, timeout=10).stdout
        version = version.splitlines()[0] if version else "unknown"
    except (OSError, subprocess.SubprocessError):
        version = "not found"
    iso = Path(iso)
    iso_info = "missing"
    if iso.is_file():
        st = iso.stat()
        iso_info = "%d bytes, built %s" % (st.st_size, datetime.datetime.fromtimestamp(st.st_mtime).isoformat(" ", "seconds"))
    lines = ["hotmem QEMU matrix, %s" % datetime.datetime.now().isoformat(" ", "seconds"),
             "commit: %s" % _git_state(), "iso: %s (%s)" % (iso, iso_info), "qemu: %s" % version, ""]
    for res in results:
        lines.append(describe(res))
        if res.cmd:
            lines.append("  command: " + shlex.join(res.cmd))
        reasons = [res.error] if res.error else res.outcome.reasons
        lines += ["  reason: " + r for r in reasons]
        for kind, r in extra_checks(res):
            lines.append(describe_check(res.cfg, kind, r))
            if not r.ok:
                lines += ["    " + d for d in r.details]
    lines += ["", "%d passed, %d failed" % (report.passed, report.failed)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def evaluate_host(rc, log):
    """Cross-check the host binary: exit 0 with verdict PASS or SKIP, exit 1
    with verdict FAIL, and the KTAP tree complete and in agreement."""
    reasons = []
    want = {0: (ktap.PASS, ktap.SKIP), 1: (ktap.FAIL,)}.get(rc)
    if want is None:
        reasons.append("host binary exited %s (crashed or killed)" % rc)
    elif log.verdict not in want:
        reasons.append("exit %s disagrees with the verdict line (%s)" % (rc, log.verdict or "missing"))
    if log.root is None:
        reasons.append("no KTAP output")
    else:
        status = log.status()
        if status == ktap.CRASHED:
            reasons.append("KTAP tree incomplete (crash or truncated output): " + "; ".join(log.tree_problems()))
        else:
            reasons += ["KTAP " + p for p in log.tree_problems()]
        if status != ktap.CRASHED and log.verdict and (ktap.FAIL if status in ktap.FAILURE_STATUSES else status) != log.verdict:
            reasons.append("KTAP says %s but the verdict line says %s" % (status, log.verdict))
    reasons += log.problems
    return reasons


def run_host(binary, filt=None, logdir=DEFAULT_LOGDIR, timeout=600, out=None):
    """Run the host unit-test binary and count its KTAP leaf cases."""
    out = out or sys.stdout
    report = SuiteReport("host")
    argv = [str(binary)] + ([filt] if filt else [])
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        rc, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    except FileNotFoundError:
        report.failed = 1
        report.lines.append("host: FAIL (binary not found: %s)" % binary)
        print(report.lines[-1], file=out)
        return report
    except subprocess.TimeoutExpired as e:
        rc, stdout, stderr = EXIT_TIMEOUT, e.stdout or b"", e.stderr or b""
    except OSError as e:
        report.failed = 1
        report.lines.append("host: FAIL (cannot run %s: %s)" % (binary, e))
        print(report.lines[-1], file=out)
        return report
    Path(logdir).mkdir(parents=True, exist_ok=True)
    (Path(logdir) / "host-tests.log").write_bytes(stdout + (b"\n# stderr:\n" + stderr if stderr else b""))
    log = ktap.parse_log(stdout)
    reasons = evaluate_host(rc, log)
    counts = log.counts()
    report.passed, report.failed, report.skipped = counts["passed"], counts["failed"], counts["skipped"]
    if reasons and report.failed == 0:
        report.failed = 1
    for root in log.roots:
        for suite in root.children:
            print("  %-24s %s" % (suite.name, suite.status), file=out)
    for name in log.failed_cases():
        node = next((n for r in log.roots for full, n in r.walk() if full == name), None)
        print("  not ok: %s" % name, file=out)
        for ln in (node.log if node else [])[-12:]:
            print("    | " + ln, file=out)
    for r in reasons:
        print("  reason: " + r, file=out)
    if reasons and stderr.strip():
        print("  stderr (last lines):", file=out)
        for ln in stderr.decode("utf-8", "replace").strip().splitlines()[-TAIL_LINES:]:
            print("    | " + ln, file=out)
    report.lines.append(report.headline() + (": " + reasons[0] if reasons else ""))
    return report


SELFTEST_PATTERN = "test_*.py"


def selftest_suite():
    """Every tests/test_*.py module (test_runner, test_refcompare, ...)."""
    return unittest.TestLoader().discover(str(TESTS_DIR), pattern=SELFTEST_PATTERN, top_level_dir=str(TESTS_DIR))


def start_background_selftests():
    """`runner.py selftest --report FILE` in a process of its own (its own
    environment and stdout, which some self-tests patch)."""
    fd, report = tempfile.mkstemp(prefix="hotmem-selftest-", suffix=".json")
    os.close(fd)
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "selftest", "--report", report],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=str(ROOT))
    return proc, log, report


def finish_background_selftests(background, out=None):
    out = out or sys.stdout
    proc, log, report_path = background
    proc.wait()
    log.seek(0)
    out.write(log.read().decode("utf-8", errors="replace"))
    log.close()
    report = SuiteReport("runner self-tests")
    try:
        with open(report_path) as f:
            data = json.load(f)
        report.passed, report.failed, report.skipped = data["passed"], data["failed"], data["skipped"]
    except (OSError, ValueError, KeyError):
        report.failed = 1
        report.lines.append("runner self-tests: FAIL (no report; exit %s)" % proc.returncode)
        return report
    finally:
        os.unlink(report_path)
    report.lines.append(report.headline())
    return report


def run_format_check():
    """clang-format --dry-run over the tracked C files: one test per file."""
    import format_check
    report = SuiteReport("format")
    try:
        passed, failed = format_check.check()
    except FileNotFoundError as e:
        report.failed = 1
        report.lines.append("format: FAIL (%s)" % e)
        return report
    report.passed, report.failed = len(passed), len(failed)
    for f, why in failed:
        print("format: %s is not clang-formatted (run `make format`):\n%s" % (f, why), flush=True)
    report.lines.append(report.headline())
    return report


def run_selftests(verbosity=1, stream=None):
    """The runner's own unittest suite (every tests/test_*.py)."""
    report = SuiteReport("runner self-tests")
    suite = selftest_suite()
    result = unittest.TextTestRunner(stream=stream or sys.stderr, verbosity=verbosity).run(suite)
    bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    report.skipped = len(result.skipped)
    report.failed = bad
    report.passed = result.testsRun - bad - report.skipped
    report.lines.append(report.headline())
    return report


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def _finish(reports, out=None, title="summary"):
    out = out or sys.stdout
    print("== %s ==" % title, file=out)
    for rep in reports:
        if rep.name == "qemu":
            print(rep.headline(), file=out)
            for ln in rep.lines:
                print("  " + ln, file=out)
        else:
            for ln in rep.lines:
                print(ln, file=out)
    skipped = sum(r.skipped for r in reports)
    if skipped:
        print("(%d skipped, counted in neither number)" % skipped, file=out)
    passed = sum(r.passed for r in reports)
    failed = sum(r.failed for r in reports)
    print("%d passed, %d failed" % (passed, failed), file=out, flush=True)
    return 0 if failed == 0 else 1


def _list_configs(configs, out=None):
    out = out or sys.stdout
    for c in configs:
        print("%-14s %-4s %-5s -m %-6s timeout %-4s expect %-5s groups: %s%s%s%s" % (
            c.name, c.firmware, c.media, c.memory, fmt_secs(c.timeout), c.expect, " ".join(c.groups) or "-",
            ("  cmdline: " + c.full_cmdline()) if c.full_cmdline() else "",
            ("  session: %s (%s)" % (c.session, c.input)) if c.session else "",
            ("  ref: " + " ".join(e.label() for e in c.ref)) if c.ref else ""), file=out)


def _add_qemu_options(p):
    p.add_argument("--manifest", default=str(DEFAULT_MANIFEST), help="run configurations (default %(default)s)")
    p.add_argument("--iso", default=str(DEFAULT_ISO), help="image to boot (default %(default)s)")
    p.add_argument("--logdir", default=str(DEFAULT_LOGDIR), help="log directory (default %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true", help="print the exact QEMU command lines")


def _add_matrix_options(p):
    _add_qemu_options(p)
    p.add_argument("-l", "--list", action="store_true", help="list the configurations and exit")
    p.add_argument("-g", "--group", help="only configurations in this group")
    # One more run than cores: a boot spends part of its time waiting
    # (firmware, iPXE's DHCP, TFTP), and the third run fills that (idle 2-core
    # machine: 61-64 s against 67-72 s for -j 2, docs/performance.md).
    p.add_argument("-j", "--jobs", type=int, default=(os.cpu_count() or 2) + 1,
                   help="parallel QEMU runs (default: cores + 1, here %(default)s)")
    p.add_argument("names", nargs="*", help="configurations to run (default: all but group nodefault)")


def make_parser():
    ap = argparse.ArgumentParser(prog="runner.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="environment: QEMU, HOTMEM_TIMEOUT_SCALE, HOTMEM_ACCEL, "
                                        "HOTMEM_OVMF_CODE, HOTMEM_OVMF_VARS")
    sub = ap.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("run", help="boot one configuration with the serial port on the terminal")
    _add_qemu_options(p)
    p.add_argument("config", nargs="?", default="bios-cd")
    p.add_argument("--no-timeout", action="store_true", help="no time limit (stop QEMU with Ctrl-C)")
    p = sub.add_parser("qemu", help="run the QEMU boot matrix")
    _add_matrix_options(p)
    p = sub.add_parser("host", help="run the host unit-test binary")
    p.add_argument("binary")
    p.add_argument("filter", nargs="?", help="selftest= style glob passed to the binary")
    p.add_argument("--logdir", default=str(DEFAULT_LOGDIR))
    p.add_argument("--timeout", type=float, default=600)
    p = sub.add_parser("selftest", help="run the runner's own unit tests")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--report", help=argparse.SUPPRESS)  # counts as JSON, for `all`
    p = sub.add_parser("all", help="self-tests, host binary and QEMU matrix (what CI runs)")
    _add_matrix_options(p)
    p.add_argument("--host-binary", help="host unit-test binary (e.g. build/host-tests)")
    return ap


def main(argv=None):
    args = make_parser().parse_args(argv)
    out = sys.stdout
    if args.mode == "selftest":
        rep = run_selftests(2 if args.verbose else 1)
        if args.report:
            # For `all`, which prints the summary.
            with open(args.report, "w") as f:
                json.dump({"passed": rep.passed, "failed": rep.failed, "skipped": rep.skipped}, f)
            return 0 if rep.ok else 1
        return _finish([rep], title="runner self-tests")
    if args.mode == "host":
        print("== host unit tests: %s ==" % args.binary, file=out, flush=True)
        return _finish([run_host(args.binary, args.filter, args.logdir, args.timeout)], title="host")

    try:
        configs = load_manifest(args.manifest)
        names = [args.config] if args.mode == "run" else args.names
        chosen = select_configs(configs, names, getattr(args, "group", None))
    except ManifestError as e:
        print("runner.py: %s" % e, file=sys.stderr)
        return 2
    if getattr(args, "list", False):
        _list_configs(chosen)
        return 0

    if args.mode == "run":
        cfg = chosen[0]
        print("== booting %s (log: %s) ==" % (cfg.name, rel_path(Path(args.logdir) / (cfg.name + ".log"))), flush=True)
        res = run_qemu(cfg, args.iso, args.logdir, no_timeout=args.no_timeout, echo=True,
                       interactive=sys.stdin.isatty(), verbose=args.verbose)
        if not res.error:
            res.outcome = evaluate(cfg.expect, res.rc, res.log, res.timed_out, res.timeout, res.extra_reasons)
        check_reference(res)
        screen = res.log_path.with_suffix(".screen.txt")
        if cfg.screen_has and screen.is_file():
            # No serial log to echo: show what the runner read off the screen.
            print(screen.read_text(encoding="utf-8"), end="")
        print()
        ok = not res.error and res.outcome.ok
        print(describe(res))
        for r in ([res.error] if res.error else res.outcome.reasons):
            print("  reason: " + r)
        checks = extra_checks(res)
        for kind, r in checks:
            print(describe_check(cfg, kind, r))
            if not r.ok:
                print(check_failure_report(cfg, kind, r))
        return 0 if ok and all(r.ok for _, r in checks) else 1

    reports = []
    background = None
    if args.mode == "all":
        # The self-tests mostly wait (fake QEMUs, timeouts): a process of their
        # own runs them beside the rest, which saves their 10-20 s of wall time.
        background = start_background_selftests()
        print("== clang-format ==", flush=True)
        reports.append(run_format_check())
        print("== host unit tests ==", flush=True)
        if args.host_binary:
            reports.append(run_host(args.host_binary, logdir=args.logdir))
        else:
            print("  (no --host-binary given: skipped)")
    print("== QEMU matrix: %d configuration(s), -j %d, %s ==" % (len(chosen), args.jobs, rel_path(args.iso)), flush=True)
    reports.append(run_matrix(chosen, args.iso, args.logdir, jobs=args.jobs, verbose=args.verbose))
    if background:
        print("== runner self-tests (ran beside the above) ==", flush=True)
        reports.insert(0, finish_background_selftests(background))
    return _finish(reports)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
