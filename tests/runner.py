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
failed check prints a unified diff (- Linux reference, + hotmem).

The QEMU configurations live in tests/qemu/manifest.cfg (format described
there). Each run boots the one ISO, captures the serial port into
build/logs/<config>.log, parses KTAP and the hotmem markers (tests/ktap.py)
and cross-checks the QEMU exit status against the verdict line and the KTAP
tree (design.md §4). Runs with an `events` list are driven over QMP (§5).

Environment: QEMU (binary), HOTMEM_TIMEOUT_SCALE (float factor for every
timeout), HOTMEM_ACCEL (e.g. kvm; default TCG), HOTMEM_OVMF_CODE and
HOTMEM_OVMF_VARS (firmware images for uefi configurations).
"""

import argparse
import concurrent.futures
import configparser
import datetime
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import ktap  # noqa: E402  (needs the path above)
import refcompare  # noqa: E402
from qmp import EventDriver, QmpClient, parse_events  # noqa: E402

DEFAULT_MANIFEST = TESTS_DIR / "qemu" / "manifest.cfg"
DEFAULT_ISO = ROOT / "build" / "hotmem.iso"
DEFAULT_LOGDIR = ROOT / "build" / "logs"
DEFAULT_OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
DEFAULT_OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
CMDLINE_FW_CFG = "opt/org.hotmem/cmdline"
TAIL_LINES = 40

# QEMU exit statuses (design.md §4): isa-debug-exit turns v into (v << 1) | 1.
EXIT_RESET = 0
EXIT_TIMEOUT = 124
EXIT_CRASH = 127
EXIT_VERDICTS = {1: ktap.PASS, 3: ktap.FAIL, 77: ktap.SKIP}

# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------

MANIFEST_DEFAULTS = {
    "description": "",
    "qemu": "",
    "cmdline": "",
    "firmware": "bios",
    "media": "cdrom",
    "memory": "512M",
    "timeout": "60",
    "expect": "pass",
    "groups": "",
    "events": "",
    "ref": "",
    "ref_checks": "",
    "ref_iomem_extra": "",
}
_CHOICES = {
    "firmware": ("bios", "uefi"),
    "media": ("cdrom", "usb"),
    "expect": ("pass", "fail", "skip", "crash"),
}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MEMORY_RE = re.compile(r"^\d+[KMGT]?(,\S+)?$", re.I)


class ManifestError(Exception):
    pass


class Config:
    """One named run configuration from the manifest."""

    def __init__(self, name, values):
        self.name = name
        self.description = values["description"]
        self.qemu = shlex.split(values["qemu"])
        self.cmdline = " ".join(values["cmdline"].split())
        self.firmware = values["firmware"]
        self.media = values["media"]
        self.memory = values["memory"]
        self.timeout = float(values["timeout"])
        self.expect = values["expect"]
        self.groups = [g for g in re.split(r"[\s,]+", values["groups"]) if g]
        self.events = parse_events(values["events"])
        self.ref = refcompare.parse_ref_entries(values["ref"])
        self.ref_checks = refcompare.parse_check_list(values["ref_checks"])
        self.ref_iomem_extra = refcompare.parse_name_patterns(values["ref_iomem_extra"])
        if not self.ref and (self.ref_checks is not None or self.ref_iomem_extra):
            raise ValueError("ref_checks and ref_iomem_extra need a ref")

    def full_cmdline(self):
        """Kernel arguments passed through fw_cfg (events adds its count)."""
        args = self.cmdline
        if self.events:
            args = (args + " hotmem.events=%d" % len(self.events)).strip()
        return args

    def __repr__(self):
        return "Config(%s)" % self.name


def load_manifest(path):
    """Read a manifest file; see parse_manifest."""
    try:
        with open(path, encoding="utf-8") as f:
            return parse_manifest(f.read(), str(path))
    except OSError as e:
        raise ManifestError("cannot read manifest: %s" % e) from None


def parse_manifest(text, source="<manifest>"):
    """Parse manifest text into Configs, in file order. Raises
    ManifestError with a readable message."""
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"),
                                       inline_comment_prefixes=None, empty_lines_in_values=False)
    parser.optionxform = str
    try:
        parser.read_string(text, source)
    except configparser.Error as e:
        raise ManifestError("%s: %s" % (source, e)) from None
    configs = []
    for name in parser.sections():
        if not _NAME_RE.match(name):
            raise ManifestError("[%s]: bad configuration name (letters, digits, _ . -)" % name)
        values = dict(MANIFEST_DEFAULTS)
        for key, value in parser.items(name):
            if key not in MANIFEST_DEFAULTS:
                raise ManifestError("[%s]: unknown key %r" % (name, key))
            values[key] = value.strip()
        for key, allowed in _CHOICES.items():
            if values[key] not in allowed:
                raise ManifestError("[%s]: %s = %r, expected one of %s" % (name, key, values[key], ", ".join(allowed)))
        try:
            if float(values["timeout"]) <= 0:
                raise ValueError
        except ValueError:
            raise ManifestError("[%s]: timeout must be a positive number of seconds" % name) from None
        if not _MEMORY_RE.match(values["memory"]):
            raise ManifestError("[%s]: memory = %r is not a QEMU -m value" % (name, values["memory"]))
        try:
            configs.append(Config(name, values))
        except ValueError as e:
            raise ManifestError("[%s]: %s" % (name, e)) from None
    if not configs:
        raise ManifestError("manifest has no configurations")
    return configs


def select_configs(configs, names=(), group=None):
    """Names pick exactly those; -g picks a group; otherwise every
    configuration not in the group `nodefault`."""
    by_name = {c.name: c for c in configs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ManifestError("unknown configuration(s): %s (have: %s)" % (", ".join(unknown), ", ".join(by_name)))
    chosen = [by_name[n] for n in names] if names else list(configs)
    if group:
        chosen = [c for c in chosen if group in c.groups]
    elif not names:
        chosen = [c for c in chosen if "nodefault" not in c.groups]
    return chosen


# ---------------------------------------------------------------------------
# Running QEMU
# ---------------------------------------------------------------------------


def qemu_escape(value):
    """QEMU's option parser splits on commas: double every comma."""
    return str(value).replace(",", ",,")


def build_qemu_command(cfg, iso, qemu="qemu-system-x86_64", vars_path=None, ovmf_code=DEFAULT_OVMF_CODE,
                       accel=None, qmp_socket=None, tmpdir=None):
    """The full QEMU argv for one configuration."""
    cmd = [qemu, "-display", "none", "-serial", "stdio", "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", cfg.memory]
    if accel:
        cmd += ["-accel", accel]
    if cfg.firmware == "uefi":
        cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=%s" % qemu_escape(ovmf_code),
                "-drive", "if=pflash,format=raw,file=%s" % qemu_escape(vars_path)]
    if cfg.media == "cdrom":
        cmd += ["-cdrom", str(iso)]
    else:
        # Read-only, so that several configurations can share the one ISO.
        cmd += ["-device", "qemu-xhci",
                "-drive", "if=none,id=stick,format=raw,readonly=on,file=%s" % qemu_escape(iso),
                "-device", "usb-storage,drive=stick,bootindex=0"]
    args = cfg.full_cmdline()
    if args:
        cmd += ["-fw_cfg", "name=%s,string=%s" % (CMDLINE_FW_CFG, qemu_escape(args))]
    if qmp_socket:
        cmd += ["-qmp", "unix:%s,server=on,wait=off" % qemu_escape(qmp_socket)]
    for word in cfg.qemu:
        cmd.append(word.replace("{iso}", str(iso)).replace("{tmpdir}", str(tmpdir or "")))
    return cmd


class RunResult:
    def __init__(self, cfg):
        self.cfg = cfg
        self.cmd = []
        self.rc = None
        self.timed_out = False
        self.timeout = None
        self.elapsed = 0.0
        self.t_verdict = None
        self.t_panic = None
        self.log = ktap.ParsedLog()
        self.stderr = ""
        self.log_path = None
        self.error = None           # the runner could not start the run
        self.extra_reasons = []     # e.g. from the QMP event driver
        self.outcome = None
        self.ref_results = []       # refcompare.CheckResult per reference check


_live_lock = threading.Lock()
_live_procs = set()


def _terminate(proc):
    """Ask QEMU to quit (SIGTERM restores the terminal), then kill it."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_qemu(cfg, iso, logdir, env=None, no_timeout=False, echo=False, interactive=False, verbose=False,
             out=None):
    """Boot one configuration and return its RunResult (not yet evaluated)."""
    out = out or sys.stdout
    env = os.environ if env is None else env
    res = RunResult(cfg)
    scale = float(env.get("HOTMEM_TIMEOUT_SCALE") or 1.0)
    res.timeout = None if no_timeout else cfg.timeout * scale
    logdir = Path(logdir)
    logdir.mkdir(parents=True, exist_ok=True)
    res.log_path = logdir / ("%s.log" % cfg.name)
    if not Path(iso).is_file():
        res.error = "ISO not found: %s (build it with `make iso`)" % iso
        res.log_path.write_bytes(b"")
        return res
    tmpdir = tempfile.mkdtemp(prefix="hotmem-%s-" % cfg.name)
    try:
        vars_path = None
        if cfg.firmware == "uefi":
            code = env.get("HOTMEM_OVMF_CODE") or DEFAULT_OVMF_CODE
            vars_src = env.get("HOTMEM_OVMF_VARS") or DEFAULT_OVMF_VARS
            for f in (code, vars_src):
                if not Path(f).is_file():
                    res.error = "UEFI firmware not found: %s (install ovmf)" % f
                    return res
            vars_path = os.path.join(tmpdir, "OVMF_VARS.fd")
            shutil.copyfile(vars_src, vars_path)
        qmp_path = os.path.join(tmpdir, "qmp.sock") if cfg.events else None
        res.cmd = build_qemu_command(cfg, iso, qemu=env.get("QEMU") or "qemu-system-x86_64",
                                     vars_path=vars_path, ovmf_code=env.get("HOTMEM_OVMF_CODE") or DEFAULT_OVMF_CODE,
                                     accel=env.get("HOTMEM_ACCEL"), qmp_socket=qmp_path, tmpdir=tmpdir)
        if verbose:
            print("%s: %s" % (cfg.name, shlex.join(res.cmd)), file=out, flush=True)
        _boot(res, qmp_path, echo, interactive, env)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return res


def _boot(res, qmp_path, echo, interactive, env):
    parser = ktap.LogParser()
    driver = None
    if qmp_path:
        driver = EventDriver(res.cfg.events, lambda: QmpClient(qmp_path, timeout=10.0))
    stderr_chunks = []
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(res.cmd, stdin=None if interactive else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(ROOT), env=dict(env))
    except OSError as e:
        res.error = "cannot start %s: %s" % (res.cmd[0], e.strerror or e)
        return
    with _live_lock:
        _live_procs.add(proc)

    def on_line(raw):
        try:
            _on_line(raw)
        except Exception as e:  # keep draining the pipe whatever happens
            res.extra_reasons.append("runner error while reading the log: %r" % e)

    def _on_line(raw):
        marker = parser.feed(raw.decode("utf-8", errors="replace"))
        if not marker:
            return
        now = time.monotonic() - t0
        if marker[0] == "verdict" and res.t_verdict is None:
            res.t_verdict = now
        elif marker[0] == "panic" and res.t_panic is None:
            res.t_panic = now
        if driver is not None:
            driver.on_marker(*marker)

    def read_serial():
        pending = b""
        with open(res.log_path, "wb") as log:
            while True:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                log.write(chunk)
                log.flush()
                if echo:
                    sys.stdout.buffer.write(chunk)
                    sys.stdout.buffer.flush()
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    on_line(line)
        if pending:
            on_line(pending)

    def read_stderr():
        for chunk in iter(lambda: proc.stderr.read(4096), b""):
            stderr_chunks.append(chunk)

    threads = [threading.Thread(target=read_serial, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
    for t in threads:
        t.start()
    try:
        if driver is not None:
            driver.start()
        left = None if res.timeout is None else max(0.0, res.timeout - (time.monotonic() - t0))
        proc.wait(timeout=left)
    except subprocess.TimeoutExpired:
        res.timed_out = True
        _terminate(proc)
    except BaseException:
        _terminate(proc)
        raise
    finally:
        with _live_lock:
            _live_procs.discard(proc)
    res.elapsed = time.monotonic() - t0
    for t in threads:
        t.join(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    res.rc = EXIT_TIMEOUT if res.timed_out else proc.returncode
    res.stderr = b"".join(stderr_chunks).decode("utf-8", errors="replace")
    res.log = parser.finish()
    if driver is not None:
        res.extra_reasons += driver.finish()


# ---------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------


class Outcome:
    """Whether a run met its expectation, what was observed and why not."""

    def __init__(self, ok, observed, reasons):
        self.ok = ok
        self.observed = observed
        self.reasons = reasons


def evaluate(expect, rc, log, timed_out=False, timeout=None, extra_reasons=()):
    """Cross-check exit status, verdict line and KTAP tree (design.md §4).

    expect is pass/fail/skip/crash. `crash` passes only on exit 127 with a
    register dump in the log. Otherwise the exit status must name the
    expected verdict, the verdict line must agree, the KTAP tree must be
    complete, have a plan and agree, and the log must have no problems."""
    reasons = []
    if timed_out or rc == EXIT_TIMEOUT:
        observed = "TIMEOUT"
        reasons.append("timeout: no exit after %s s" % (_fmt_secs(timeout) if timeout else "?"))
    elif rc == EXIT_CRASH:
        observed = "CRASH"
    elif rc == EXIT_RESET:
        observed = "CRASH"
        reasons.append("QEMU exited 0: triple fault or reset without a verdict")
    elif rc in EXIT_VERDICTS:
        observed = EXIT_VERDICTS[rc]
    else:
        observed = "ERROR"
        reasons.append("unexpected exit status %s (QEMU error or killed)" % rc)

    if expect == "crash":
        reasons = [r for r in reasons if not r.startswith("QEMU exited 0")]
        if rc != EXIT_CRASH:
            reasons.insert(0, "expected a crash (exit %d), got exit %s" % (EXIT_CRASH, rc))
        if not log.has_register_dump:
            reasons.append("no register dump (RIP) in the log")
        reasons += list(extra_reasons)
        return Outcome(not reasons, observed, reasons)

    want = expect.upper()
    if observed != want and observed not in ("TIMEOUT", "ERROR"):
        reasons.insert(0, "expected %s, got %s (exit %s)" % (want, observed, rc))
    if observed == "CRASH":
        if log.panics:
            reasons.append("kernel panic: " + log.panics[0])
        if not log.panics and not log.has_register_dump and rc == EXIT_CRASH:
            reasons.append("exit 127 without a panic line or register dump")
    if observed in EXIT_VERDICTS.values():
        if log.verdict is None:
            reasons.append("exit %s but no '# hotmem: verdict' line" % rc)
        elif log.verdict != observed:
            reasons.append("exit %s (%s) disagrees with the verdict line (%s)" % (rc, observed, log.verdict))
        if log.panics:
            reasons.append("panic line in a run that exited %s: %s" % (rc, log.panics[0]))
    if log.root is None:
        if observed != "TIMEOUT" or not reasons:
            reasons.append("no KTAP output")
    else:
        status = log.status()
        problems = log.tree_problems()
        if status == ktap.CRASHED:
            reasons.append("KTAP tree incomplete (crash or truncated output): " + "; ".join(problems))
        else:
            reasons += ["KTAP " + p for p in problems]
            if observed in EXIT_VERDICTS.values():
                ktap_verdict = ktap.FAIL if status in ktap.FAILURE_STATUSES else status
                if ktap_verdict != observed:
                    reasons.append("KTAP says %s but exit %s says %s" % (ktap_verdict, rc, observed))
            failed = log.failed_cases()
            if failed and expect != "fail":
                reasons.append("failed: " + ", ".join(failed[:10]) + (" ..." if len(failed) > 10 else ""))
    reasons += log.problems
    reasons += list(extra_reasons)
    return Outcome(not reasons, observed, reasons)


def _fmt_secs(s):
    return ("%.1f" % s) if s < 100 else ("%.0f" % s)


def describe(res):
    """The one-line summary of a run, e.g. `bios-cd: PASS (exit 1, 1.2 s to verdict)`."""
    o = res.outcome
    if res.error:
        return "%s: FAIL (%s)" % (res.cfg.name, res.error)
    bits = []
    if res.cfg.expect != "pass":
        bits.append("expected %s" % res.cfg.expect)
    bits.append("exit %s" % res.rc if not res.timed_out else "TIMEOUT after %s s" % _fmt_secs(res.timeout))
    if o.observed == "CRASH" and res.log.has_register_dump:
        bits.append("register dump")
    if res.t_verdict is not None:
        bits.append("%s s to verdict" % _fmt_secs(res.t_verdict))
    elif res.t_panic is not None:
        bits.append("%s s to panic" % _fmt_secs(res.t_panic))
    else:
        bits.append("no verdict, %s s" % _fmt_secs(res.elapsed))
    line = "%s: %s (%s)" % (res.cfg.name, "PASS" if o.ok else "FAIL", ", ".join(bits))
    if not o.ok and o.reasons:
        line += ": " + o.reasons[0]
        line += "".join("; " + r for r in o.reasons[1:] if r.startswith("failed: "))
    return line


def failure_report(res):
    """Reasons, the stderr tail and the log tail, for a failed run."""
    out = ["---- %s failed ----" % res.cfg.name]
    reasons = [res.error] if res.error else res.outcome.reasons
    out += ["  reason: " + r for r in reasons]
    if res.cmd:
        out.append("  command: " + shlex.join(res.cmd))
    failed = [(name, node) for root in res.log.roots for name, node in root.walk()
              if node.status in ktap.FAILURE_STATUSES and not node.children and node is not root]
    for name, node in failed[:8]:
        out.append("  not ok: %s" % name)
        out += ["    > " + ln for ln in node.log[-8:]]
    if res.stderr.strip():
        out.append("  QEMU stderr:")
        out += ["    " + ln for ln in res.stderr.strip().splitlines()[-10:]]
    if res.log_path and res.log.lines:
        lines = res.log.lines
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        out.append("  last %d lines of %s:" % (min(TAIL_LINES, len(lines)), _rel(res.log_path)))
        out += ["    | " + ln for ln in lines[-TAIL_LINES:]]
    out.append("----")
    return "\n".join(out)


def _rel(path):
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_reference(res, golden_root=None):
    """Run the configuration's reference checks on the captured log (sets
    and returns res.ref_results; empty without `ref`)."""
    cfg = res.cfg
    if not cfg.ref:
        res.ref_results = []
        return res.ref_results
    try:
        res.ref_results = refcompare.compare_log(res.log.lines, cfg.ref, cfg.ref_checks, cfg.ref_iomem_extra,
                                                 golden_root or refcompare.GOLDEN_DIR, label=cfg.name,
                                                 unavailable=res.error)
    except Exception as e:  # a bug or unreadable golden file must not stop the matrix
        res.ref_results = [refcompare.CheckResult("(all)", False, "runner error in the reference checks: %r" % e)]
    return res.ref_results


def describe_ref(cfg, result):
    """The summary line of one reference check (one test)."""
    return "%s ref %s: %s" % (cfg.name, result.name, result.describe())


def ref_failure_report(cfg, result):
    """The summary and the diff of a failed reference check."""
    out = ["---- %s ref %s failed ----" % (cfg.name, result.name), "  " + result.summary]
    out += ["    " + d for d in result.details]
    out.append("----")
    return "\n".join(out)


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
            for r in res.ref_results:
                print("[%s] ref %s: %s" % (cfg.name, r.name, r.describe()), file=out, flush=True)
                if not r.ok:
                    print(ref_failure_report(cfg, r), file=out, flush=True)
        return res

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(one, cfg): cfg for cfg in configs}
        for fut in concurrent.futures.as_completed(futures):
            results[futures[fut].name] = fut.result()
    except KeyboardInterrupt:
        for f in futures:
            f.cancel()
        with _live_lock:
            for proc in list(_live_procs):
                _terminate(proc)
        raise
    finally:
        pool.shutdown(wait=True)
    for cfg in configs:
        res = results[cfg.name]
        ok = not res.error and res.outcome.ok
        report.passed += ok
        report.failed += not ok
        report.lines.append(describe(res))
        for r in res.ref_results:
            report.passed += r.ok
            report.failed += not r.ok
            report.lines.append(describe_ref(cfg, r))
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
        for r in res.ref_results:
            lines.append(describe_ref(res.cfg, r))
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
        print("%-14s %-4s %-5s -m %-6s timeout %-4s expect %-5s groups: %s%s%s" % (
            c.name, c.firmware, c.media, c.memory, _fmt_secs(c.timeout), c.expect, " ".join(c.groups) or "-",
            ("  cmdline: " + c.full_cmdline()) if c.full_cmdline() else "",
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
    p.add_argument("-j", "--jobs", type=int, default=2, help="parallel QEMU runs (default %(default)s)")
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
    p = sub.add_parser("all", help="self-tests, host binary and QEMU matrix (what CI runs)")
    _add_matrix_options(p)
    p.add_argument("--host-binary", help="host unit-test binary (e.g. build/host-tests)")
    return ap


def main(argv=None):
    args = make_parser().parse_args(argv)
    out = sys.stdout
    if args.mode == "selftest":
        return _finish([run_selftests(2 if args.verbose else 1)], title="runner self-tests")
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
        print("== booting %s (log: %s) ==" % (cfg.name, _rel(Path(args.logdir) / (cfg.name + ".log"))), flush=True)
        res = run_qemu(cfg, args.iso, args.logdir, no_timeout=args.no_timeout, echo=True,
                       interactive=sys.stdin.isatty(), verbose=args.verbose)
        if not res.error:
            res.outcome = evaluate(cfg.expect, res.rc, res.log, res.timed_out, res.timeout, res.extra_reasons)
        check_reference(res)
        print()
        ok = not res.error and res.outcome.ok
        print(describe(res))
        for r in ([res.error] if res.error else res.outcome.reasons):
            print("  reason: " + r)
        for r in res.ref_results:
            print(describe_ref(cfg, r))
            if not r.ok:
                print(ref_failure_report(cfg, r))
        return 0 if ok and all(r.ok for r in res.ref_results) else 1

    reports = []
    if args.mode == "all":
        print("== runner self-tests ==", flush=True)
        reports.append(run_selftests())
        print("== clang-format ==", flush=True)
        reports.append(run_format_check())
        print("== host unit tests ==", flush=True)
        if args.host_binary:
            reports.append(run_host(args.host_binary, logdir=args.logdir))
        else:
            print("  (no --host-binary given: skipped)")
    print("== QEMU matrix: %d configuration(s), -j %d, %s ==" % (len(chosen), args.jobs, _rel(args.iso)), flush=True)
    reports.append(run_matrix(chosen, args.iso, args.logdir, jobs=args.jobs, verbose=args.verbose))
    return _finish(reports)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
