"""Running one QEMU configuration: the QEMU command line, the boot with its
timeout (serial port captured into build/logs/<config>.log and parsed as it
arrives, QMP events driven for configurations that have them), and the
verdict: the QEMU exit status cross-checked against the verdict line and the
KTAP tree (docs/ktap.md), plus the configuration's reference checks
(tests/refcompare.py). Standard library only."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import ktap  # noqa: E402  (needs the path above)
import refcompare  # noqa: E402
import screen_text  # noqa: E402
import session  # noqa: E402
from manifest import qemu_escape  # noqa: E402
from qmp import EventDriver, QmpClient, QmpError  # noqa: E402

DEFAULT_OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
DEFAULT_OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
CMDLINE_FW_CFG = "opt/org.hotmem/cmdline"
TAIL_LINES = 40
# The serial reader pauses READ_BATCH_PAUSE seconds after a read that returned
# less than READ_BATCH_BYTES (it has caught up with QEMU), except on a terminal.
READ_BATCH_BYTES = 4096
READ_BATCH_PAUSE = 0.01
# expect = screen: seconds between two screendumps.
SCREEN_POLL = 0.5

# QEMU exit statuses (docs/ktap.md): isa-debug-exit turns v into (v << 1) | 1.
EXIT_RESET = 0
EXIT_TIMEOUT = 124
EXIT_CRASH = 127
# iso/grub.cfg's line when GRUB cannot load the kernel, and the kernel's banner.
GRUB_LOAD_FAILED = "hotmem: GRUB could not load the kernel"
# boot/entry.asm's fatal messages (no multiboot2 magic, no long mode).
EARLY_FATAL = "hotmem: fatal: "
KERNEL_BANNER = "memory-map test kernel"
EXIT_VERDICTS = {1: ktap.PASS, 3: ktap.FAIL, 77: ktap.SKIP}

# ---------------------------------------------------------------------------
# Running QEMU
# ---------------------------------------------------------------------------


_SNAPSHOT_EVENT_RE = re.compile(r"^# snapshot-begin event (\d+)\s*$")


def build_qemu_command(cfg, iso, qemu="qemu-system-x86_64", vars_path=None, ovmf_code=DEFAULT_OVMF_CODE,
                       accel=None, qmp_socket=None, tmpdir=None, serial_socket=None):
    """The full QEMU argv for one configuration. serial_socket: COM1 on a
    unix socket the runner connects to (QEMU waits for it), for shell
    sessions; else on stdio, or no COM1 at all with serial = none."""
    if cfg.serial == "none":
        serial = "none"  # no COM1 at all: a PC without a serial port
    elif serial_socket:
        serial = "unix:%s,server=on,wait=on" % qemu_escape(serial_socket)
    else:
        serial = "stdio"
    cmd = [qemu, "-display", "none", "-serial", serial, "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", cfg.memory]
    if accel:
        cmd += ["-accel", accel]
    if cfg.firmware == "uefi":
        cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=%s" % qemu_escape(ovmf_code),
                "-drive", "if=pflash,format=raw,file=%s" % qemu_escape(vars_path)]
    if cfg.media == "cdrom":
        # CD first: by default SeaBIOS tries the (absent) hard disk and the
        # empty floppy drive before it, and the floppy's timeout costs about
        # 70 ms of every boot (docs/performance.md).
        cmd += ["-cdrom", str(iso), "-boot", "order=d"]
    elif cfg.media == "netboot":
        # The firmware's PXE client (iPXE's ROM for the e1000 under SeaBIOS,
        # OVMF's own network stack under UEFI) gets the boot file from QEMU's
        # built-in DHCP/TFTP server, which serves the tree of `make netboot`.
        cmd += ["-netdev", "user,id=net0,tftp=%s,bootfile=%s" % (qemu_escape(str(netboot_dir(iso))),
                                                                netboot_file(cfg.firmware)),
                "-device", "e1000,netdev=net0,bootindex=0"]
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


def netboot_dir(iso):
    """The TFTP tree of `make netboot`: build/netboot beside build/hotmem.iso."""
    return Path(iso).resolve().parent / "netboot"


def netboot_file(firmware):
    """GRUB's network boot image for the firmware, relative to the tree."""
    return "boot/grub/x86_64-efi/core.efi" if firmware == "uefi" else "boot/grub/i386-pc/core.0"


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
        self.t_screen = None        # expect = screen: when every screen_has row was seen
        self.log = ktap.ParsedLog()
        self.stderr = ""
        self.log_path = None
        self.error = None           # the runner could not start the run
        self.extra_reasons = []     # e.g. from the QMP event driver
        self.outcome = None
        self.ref_results = []       # refcompare.CheckResult per reference check
        self.session_results = []   # session.CheckResult: the transcript, lsmem checks


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


def terminate_all():
    """Stop every QEMU still running (after Ctrl-C in the matrix)."""
    with _live_lock:
        for proc in list(_live_procs):
            _terminate(proc)


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
    if cfg.media == "netboot" and not (netboot_dir(iso) / netboot_file(cfg.firmware)).is_file():
        res.error = "netboot tree not found: %s (build it with `make netboot`)" % netboot_dir(iso)
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
        transcript = None
        if cfg.session:
            try:
                transcript = session.load_transcript(cfg.session, env.get("HOTMEM_SESSIONS_DIR"))
            except session.TranscriptError as e:
                res.error = str(e)
                return res
        qmp_path = os.path.join(tmpdir, "qmp.sock") if cfg.events or cfg.session or cfg.screen_has else None
        serial_path = os.path.join(tmpdir, "serial.sock") if cfg.session else None
        res.cmd = build_qemu_command(cfg, iso, qemu=env.get("QEMU") or "qemu-system-x86_64",
                                     vars_path=vars_path, ovmf_code=env.get("HOTMEM_OVMF_CODE") or DEFAULT_OVMF_CODE,
                                     accel=env.get("HOTMEM_ACCEL"), qmp_socket=qmp_path, tmpdir=tmpdir,
                                     serial_socket=serial_path)
        if verbose:
            print("%s: %s" % (cfg.name, shlex.join(res.cmd)), file=out, flush=True)
        _boot(res, qmp_path, echo, interactive, env, serial_path, transcript, tmpdir, iso)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return res


def _connect_serial(path, proc, timeout=10.0):
    """Connect to QEMU's serial socket (QEMU waits for this before it starts
    the guest); None if QEMU died or never made it."""
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if proc.poll() is not None or time.monotonic() > deadline:
                return None
            time.sleep(0.05)


def _watch_screen(res, proc, connect_qmp, iso, tmpdir, found):
    """expect = screen: read the screen from QEMU's screendumps until every
    screen_has pattern matches a row, then stop QEMU; the last text read is
    kept for the log directory."""
    try:
        reader = screen_text.ScreenReader(screen_text.load_font(iso))
    except (screen_text.ScreenError, ValueError) as e:
        found["error"] = str(e)
        _terminate(proc)
        return
    ppm = os.path.join(tmpdir, "screen.ppm")
    while proc.poll() is None:
        time.sleep(SCREEN_POLL)
        try:
            connect_qmp().execute("screendump", {"filename": ppm})
            with open(ppm, "rb") as f:
                rows = reader.decode(f.read())
        except (QmpError, OSError, ValueError):
            continue  # QEMU is ending, or the dump was not written yet
        found["rows"] = rows
        if not screen_text.missing_rows(res.cfg.screen_has, rows):
            found["t"] = time.monotonic()
            try:
                connect_qmp().execute("quit")
            except (QmpError, OSError):
                pass
            return


def _boot(res, qmp_path, echo, interactive, env, serial_path=None, transcript=None, tmpdir=None, iso=None):
    parser = ktap.LogParser()
    driver = None
    shared = {}

    def connect_qmp():
        # One QMP connection, shared by the event driver and the session.
        if "client" not in shared:
            shared["client"] = QmpClient(qmp_path, timeout=10.0)
        return shared["client"]

    if qmp_path and res.cfg.events:
        driver = EventDriver(res.cfg.events, connect_qmp, more_events_ok=transcript is not None,
                             check_virtio_mem=any("virtio-mem" in a for a in res.cfg.qemu))
        driver.close_client = False
    stream = session.SerialStream() if transcript is not None else None
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
    serial_sock = None
    if serial_path:
        serial_sock = _connect_serial(serial_path, proc)
        if serial_sock is None:
            res.extra_reasons.append("cannot connect to QEMU's serial socket")

    def on_line(raw):
        try:
            _on_line(raw)
        except Exception as e:  # keep draining the pipe whatever happens
            res.extra_reasons.append("runner error while reading the log: %r" % e)

    def _on_line(raw):
        text = raw.decode("utf-8", errors="replace")
        # An event's snapshot begins once its device request is done: QEMU
        # is asked then, while the kernel still prints (after the last
        # `handled` line it exits at once).
        m = _SNAPSHOT_EVENT_RE.match(text)
        if m and driver is not None:
            driver.on_snapshot(int(m.group(1)))
        marker = parser.feed(text)
        if not marker:
            return
        now = time.monotonic() - t0
        if marker[0] == "verdict" and res.t_verdict is None:
            res.t_verdict = now
        elif marker[0] == "panic" and res.t_panic is None:
            res.t_panic = now
        if driver is not None:
            driver.on_marker(*marker)

    def read_serial(read):
        pending = b""
        with open(res.log_path, "wb") as log:
            while True:
                try:
                    chunk = read()
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                log.write(chunk)
                log.flush()
                if stream is not None:
                    stream.feed(chunk)
                if echo:
                    sys.stdout.buffer.write(chunk)
                    sys.stdout.buffer.flush()
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    on_line(line)
                if len(chunk) < READ_BATCH_BYTES and not (echo or interactive):
                    # QEMU writes the log one byte per system call; a reader
                    # woken for each byte costs the boot about 4 us per byte
                    # on a loaded 2-core machine (docs/performance.md).
                    # Pausing lets the next read take a whole batch; the
                    # pipe holds far more than the guest writes meanwhile.
                    time.sleep(READ_BATCH_PAUSE)
        if pending:
            on_line(pending)
        if stream is not None:
            stream.close()

    def read_stderr():
        for chunk in iter(lambda: proc.stderr.read(4096), b""):
            stderr_chunks.append(chunk)

    def drain_stdout():
        for _ in iter(lambda: proc.stdout.read(4096), b""):
            pass

    if serial_sock is not None:
        serial_reader = threading.Thread(target=read_serial, args=(lambda: serial_sock.recv(65536),), daemon=True)
        threads = [serial_reader, threading.Thread(target=drain_stdout, daemon=True)]
    elif serial_path:
        threads = [threading.Thread(target=drain_stdout, daemon=True)]
        open(res.log_path, "wb").close()
    else:
        threads = [threading.Thread(target=read_serial, args=(lambda: os.read(proc.stdout.fileno(), 65536),),
                                    daemon=True)]
    threads.append(threading.Thread(target=read_stderr, daemon=True))
    for t in threads:
        t.start()
    sdriver = None
    screen = {}
    if res.cfg.screen_has:
        threads.append(threading.Thread(target=_watch_screen, args=(res, proc, connect_qmp, iso, tmpdir, screen),
                                        daemon=True))
        threads[-1].start()
    try:
        if driver is not None:
            driver.start()
        if transcript is not None and serial_sock is not None:
            scale = float(env.get("HOTMEM_TIMEOUT_SCALE") or 1.0)
            client = None
            try:
                client = connect_qmp()
            except (QmpError, OSError) as e:
                res.extra_reasons.append("session: %s" % e)
            sdriver = session.SessionDriver(transcript, stream, serial_sock.sendall, qmp=client,
                                            keyboard=res.cfg.input == "keyboard", workdir=tmpdir,
                                            step_timeout=60.0 * scale)

            def play():
                sdriver.run()
                # A session that went wrong will not end the run by itself.
                if sdriver.problems:
                    _terminate(proc)
            sthread = threading.Thread(target=play, daemon=True)
            sthread.start()
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
    if stream is not None:
        stream.close()
    if sdriver is not None:
        sthread.join(timeout=10)
        res.session_results = sdriver.results(res.cfg.name)
        # What the session printed, for a person writing or updating its
        # transcript (docs/testing.md).
        res.log_path.with_suffix(".session.txt").write_text(sdriver.draft(), encoding="utf-8")
        for name, text in sdriver.lsmem_texts.items():
            res.log_path.with_suffix(".lsmem-%s.txt" % name).write_text(text, encoding="utf-8")
    elif transcript is not None:
        res.session_results = [session.CheckResult("transcript " + res.cfg.session, False,
                                                   "no session: the serial socket never connected")]
    proc.stdout.close()
    proc.stderr.close()
    if serial_sock is not None:
        serial_sock.close()
    res.rc = EXIT_TIMEOUT if res.timed_out else proc.returncode
    res.stderr = b"".join(stderr_chunks).decode("utf-8", errors="replace")
    res.log = parser.finish()
    if driver is not None:
        res.extra_reasons += driver.finish()
    res.extra_reasons += missing_log_lines(res.cfg.log_has, res.log.lines)
    if res.cfg.screen_has:
        res.extra_reasons += _screen_reasons(res, screen, t0)
    if "client" in shared:
        shared["client"].close()


def _screen_reasons(res, screen, t0):
    """What expect = screen found: the screen text goes beside the log; a
    reason for every pattern the last screen lacked, or for QEMU ending
    before the screen showed them all."""
    rows = screen.get("rows")
    text_path = res.log_path.with_suffix(".screen.txt")
    if rows is not None:
        text_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    elif text_path.exists():
        text_path.unlink()  # an earlier run's screen would mislead
    if "error" in screen:
        return ["cannot read the screen: " + screen["error"]]
    if "t" in screen:
        res.t_screen = screen["t"] - t0
        return []
    reasons = screen_text.missing_rows(res.cfg.screen_has, rows or [])
    if rows is None:
        reasons.insert(0, "no screendump could be read")
    if not res.timed_out:
        reasons.insert(0, "QEMU ended (exit %s) before the screen showed every screen_has row" % res.rc)
    return reasons


# ---------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------


def missing_log_lines(patterns, lines):
    """A reason for every regex of a configuration's `log_has` that matches
    no line of the log."""
    return ["no log line matches %r (log_has)" % p.pattern for p in patterns
            if not any(p.search(line) for line in lines)]


class Outcome:
    """Whether a run met its expectation, what was observed and why not."""

    def __init__(self, ok, observed, reasons):
        self.ok = ok
        self.observed = observed
        self.reasons = reasons


def evaluate(expect, rc, log, timed_out=False, timeout=None, extra_reasons=()):
    """Cross-check exit status, verdict line and KTAP tree (docs/ktap.md).

    expect is pass/fail/skip/crash/loadfail/early/screen/reboot. `crash`
    passes only on exit 127 with a register dump in the log; `loadfail` only
    on exit 127 with GRUB's "could not load the kernel" line (iso/grub.cfg)
    and no kernel output; `early` only on exit 127 with boot/entry.asm's
    "hotmem: fatal:" line and no kernel output (the CPU checks before C
    runs); `screen` only when the runner saw every screen_has row on the
    screen (extra_reasons says what it missed) and no timeout; `reboot` only
    on exit 0 (a reset under -no-reboot) after the verdict line PASS and a
    complete KTAP tree that agrees. Otherwise the exit status must name the
    expected verdict, the verdict line must agree, the KTAP tree must be
    complete, have a plan and agree, and the log must have no problems."""
    reasons = []
    if timed_out or rc == EXIT_TIMEOUT:
        observed = "TIMEOUT"
        reasons.append("timeout: no exit after %s s" % (fmt_secs(timeout) if timeout else "?"))
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

    if expect in ("loadfail", "early"):
        line = GRUB_LOAD_FAILED if expect == "loadfail" else EARLY_FATAL
        reasons = [r for r in reasons if not r.startswith("QEMU exited 0")]
        if rc != EXIT_CRASH:
            reasons.insert(0, "expected the run to end before the kernel (exit %d), got exit %s"
                           % (EXIT_CRASH, rc))
        text = "\n".join(log.lines)
        if line not in text:
            reasons.append("no '%s' line in the log" % line)
        if KERNEL_BANNER in text:
            reasons.append("the kernel started: GRUB did load it")
        reasons += list(extra_reasons)
        return Outcome(not reasons, expect.upper() if not reasons else observed, reasons)

    if expect == "screen":
        # The run is judged by what the screen showed (the runner stops QEMU
        # once it has seen every screen_has row); there may be no log at all.
        reasons = [r for r in reasons if r.startswith("timeout")] + list(extra_reasons)
        return Outcome(not reasons, "SCREEN" if not reasons else observed, reasons)

    if expect == "reboot":
        # hotmem.exit=reboot: the verdict, then a reset, which -no-reboot
        # turns into QEMU's exit 0.
        reasons = [r for r in reasons if not r.startswith("QEMU exited 0")]
        if rc != EXIT_RESET:
            reasons.insert(0, "expected a reset after the verdict (exit %d), got exit %s" % (EXIT_RESET, rc))
        if log.verdict != ktap.PASS:
            reasons.append("expected the verdict line PASS before the reset, got %s" % (log.verdict or "none"))
        if log.panics:
            reasons.append("kernel panic: " + log.panics[0])
        reasons += _ktap_reasons(log, ktap.PASS if rc == EXIT_RESET else observed, rc, expect)
        reasons += log.problems
        reasons += list(extra_reasons)
        return Outcome(not reasons, "REBOOT" if not reasons else observed, reasons)

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
        reasons += _ktap_reasons(log, observed, rc, expect)
    reasons += log.problems
    reasons += list(extra_reasons)
    return Outcome(not reasons, observed, reasons)


def _ktap_reasons(log, observed, rc, expect):
    """The KTAP tree's problems, and its disagreement with the verdict the
    exit status (observed) names."""
    if log.root is None:
        return ["no KTAP output"]
    status = log.status()
    problems = log.tree_problems()
    if status == ktap.CRASHED:
        return ["KTAP tree incomplete (crash or truncated output): " + "; ".join(problems)]
    reasons = ["KTAP " + p for p in problems]
    if observed in EXIT_VERDICTS.values():
        ktap_verdict = ktap.FAIL if status in ktap.FAILURE_STATUSES else status
        if ktap_verdict != observed:
            reasons.append("KTAP says %s but exit %s says %s" % (ktap_verdict, rc, observed))
    failed = log.failed_cases()
    if failed and expect != "fail":
        reasons.append("failed: " + ", ".join(failed[:10]) + (" ..." if len(failed) > 10 else ""))
    return reasons


def fmt_secs(s):
    """Seconds for a summary line: one decimal below 100 s."""
    return ("%.1f" % s) if s < 100 else ("%.0f" % s)


def describe(res):
    """The one-line summary of a run, e.g. `bios-cd: PASS (exit 1, 1.2 s to verdict)`."""
    o = res.outcome
    if res.error:
        return "%s: FAIL (%s)" % (res.cfg.name, res.error)
    bits = []
    if res.cfg.expect != "pass":
        bits.append("expected %s" % res.cfg.expect)
    bits.append("exit %s" % res.rc if not res.timed_out else "TIMEOUT after %s s" % fmt_secs(res.timeout))
    if o.observed == "CRASH" and res.log.has_register_dump:
        bits.append("register dump")
    if res.t_screen is not None:
        bits.append("screen matched after %s s" % fmt_secs(res.t_screen))
    elif res.t_verdict is not None:
        bits.append("%s s to verdict" % fmt_secs(res.t_verdict))
    elif res.t_panic is not None:
        bits.append("%s s to panic" % fmt_secs(res.t_panic))
    else:
        bits.append("no verdict, %s s" % fmt_secs(res.elapsed))
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
        out.append("  last %d lines of %s:" % (min(TAIL_LINES, len(lines)), rel_path(res.log_path)))
        out += ["    | " + ln for ln in lines[-TAIL_LINES:]]
    out.append("----")
    return "\n".join(out)


def rel_path(path):
    """A path relative to the current directory where it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_reference(res, golden_root=None):
    """Run the configuration's reference checks (`ref`) and consumer-view
    checks (`views`) on the captured log (sets and returns res.ref_results;
    empty without either)."""
    cfg = res.cfg
    res.ref_results = []
    try:
        if cfg.ref:
            res.ref_results = refcompare.compare_log(res.log.lines, cfg.ref, cfg.ref_checks, cfg.ref_iomem_extra,
                                                     golden_root or refcompare.GOLDEN_DIR, label=cfg.name,
                                                     unavailable=res.error)
        if cfg.views:
            res.ref_results += refcompare.compare_views(res.log.lines, cfg.views, label=cfg.name,
                                                        unavailable=res.error)
    except Exception as e:  # a bug or unreadable golden file must not stop the matrix
        res.ref_results = [refcompare.CheckResult("(all)", False, "runner error in the reference checks: %r" % e)]
    return res.ref_results


def extra_checks(res):
    """A run's checks beyond its boot, each one test: (kind, result) for
    every reference check ("ref") and session check ("session")."""
    return [("ref", r) for r in res.ref_results] + [("session", r) for r in res.session_results]


def describe_check(cfg, kind, result):
    """The summary line of one reference or session check."""
    return "%s %s %s: %s" % (cfg.name, kind, result.name, result.describe())


def check_failure_report(cfg, kind, result):
    """The summary and the diff of a failed reference or session check."""
    out = ["---- %s %s %s failed ----" % (cfg.name, kind, result.name), "  " + result.summary]
    out += ["    " + d for d in result.details]
    out.append("----")
    return "\n".join(out)
