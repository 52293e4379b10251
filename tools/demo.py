#!/usr/bin/env python3
"""The teaching demo in QEMU (docs/demo.md): `make demo` runs this.

  tools/demo.py [--display MODE] [--uefi] [--v1] [--menu] [--cmdline ARGS]
  tools/demo.py --check [...]   print what would run (display choice, QEMU
                                command, monitor commands); start nothing
  tools/demo.py monitor         talk to the running demo's QEMU monitor

The machine has DIMM slots and a virtio-mem device, so memory can be plugged
and unplugged from QEMU's monitor while hotmem's shell runs. The kernel gets
its options through fw_cfg (opt/org.hotmem/cmdline), as test runs do; the
GRUB menu is for people (docs/running.md).

Display MODE: auto (default), gtk, sdl, vnc, terminal. auto opens a window
(gtk, else sdl) when a graphical session is there and this QEMU has the
module; otherwise the serial console runs on this terminal. QEMU's curses
display is not offered: GRUB hands the kernel a graphics framebuffer even
under BIOS, and curses shows only "Graphic mode" for it.

Environment: QEMU (the binary), HOTMEM_ACCEL (e.g. kvm; default TCG),
HOTMEM_OVMF_CODE, HOTMEM_OVMF_VARS, as for tests/runner.py.
"""

import argparse
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "build" / "demo"
DEFAULT_ISO = ROOT / "build" / "hotmem.iso"
DEFAULT_OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
DEFAULT_OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
CMDLINE_FW_CFG = "opt/org.hotmem/cmdline"

MODES = ("gtk", "sdl", "vnc", "terminal")
WINDOW_MODES = ("gtk", "sdl")
VNC_DISPLAY = "127.0.0.1:0"  # TCP port 5900, this machine only

# The machine: q35 with 512 MiB of boot RAM, four DIMM slots and room up to
# 4 GiB (the SRAT hotplug range), and a virtio-mem device with 128 MiB
# plugged at boot out of 1 GiB. The same options as the manifest's q35-dimm
# and ref-q35 configurations, which the test runs check.
MACHINE = [
    "-machine", "q35",
    "-m", "512M,slots=4,maxmem=4G",
    "-object", "memory-backend-ram,id=vmem0,size=1G",
    "-device", "virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=128M",
]
# The GRUB menu's default entry (what GRUB boots at once under QEMU) and its
# "interactive demo" and "v1-semantics demo" entries.
DEFAULT_CMDLINE = "fw.hide=auto"
DEMO_CMDLINE = "fw.hide=auto hotmem.shell"
V1_CMDLINE = "fw.hide=auto mhp.semantics=v1 hotmem.shell"
# Any manufacturer but "QEMU" makes GRUB show its menu (iso/grub.cfg).
MENU_SMBIOS = "type=1,manufacturer=hotmem-demo"

# QEMU exit statuses of the kernel's verdicts (docs/ktap.md).
VERDICTS = {1: "PASS", 3: "FAIL", 77: "SKIP", 127: "CRASH"}


def qemu_escape(value):
    """QEMU's option parser splits on commas: double every comma."""
    return str(value).replace(",", ",,")


def parse_display_help(text):
    """The back end names `qemu -display help` lists after its header."""
    names = set()
    seen_header = False
    for line in text.splitlines():
        if line.strip().endswith(":"):
            seen_header = True
        elif seen_header and line.strip():
            names.add(line.strip())
    return names


def available_displays(qemu):
    """The display back ends this QEMU binary really has: `-display help`
    lists only the modules that are installed (gtk and sdl come with Debian's
    qemu-system-gui)."""
    try:
        out = subprocess.run([qemu, "-display", "help"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return parse_display_help(out.decode("utf-8", "replace"))


def choose_display(requested, available, env, stdin_tty, stdout_tty):
    """Return (mode, reason). requested is "auto" or one of MODES."""
    graphical = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    if requested in WINDOW_MODES:
        if requested not in available:
            raise SystemExit("demo: this QEMU has no %s display (Debian: apt-get install qemu-system-gui)" % requested)
        return requested, "asked for"
    if requested in ("vnc", "terminal"):
        return requested, "asked for"
    for mode in WINDOW_MODES:
        if graphical and mode in available:
            return mode, "a graphical session (%s) and QEMU's %s module" % (
                "DISPLAY" if env.get("DISPLAY") else "WAYLAND_DISPLAY", mode)
    if graphical:
        why = "a graphical session, but this QEMU has neither gtk nor sdl (apt-get install qemu-system-gui)"
    else:
        why = "no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    if not (stdin_tty and stdout_tty):
        why += "; not a terminal either, so nobody can type: the serial console still goes to stdio"
    return "terminal", why


class Paths:
    def __init__(self, demo_dir):
        self.dir = Path(demo_dir)
        self.monitor = self.dir / "monitor.sock"
        self.serial_log = self.dir / "serial.log"
        self.ovmf_vars = self.dir / "OVMF_VARS.fd"


def kernel_cmdline(opts):
    # Under QEMU GRUB boots the default entry and the kernel appends this
    # fw_cfg string: pass only what the demo entry adds to the default one.
    entry = V1_CMDLINE if opts.v1 else DEMO_CMDLINE
    args = [" ".join(w for w in entry.split() if w not in DEFAULT_CMDLINE.split())]
    if opts.cmdline:
        args.append(opts.cmdline)
    return " ".join(args)


def build_command(opts, mode, paths, stdin_tty, env):
    """The QEMU argv of the demo."""
    cmd = [env.get("QEMU") or "qemu-system-x86_64", "-name", "hotmem-demo", "-no-reboot",
           # `exit` in the shell ends QEMU with the self-tests' verdict.
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    cmd += MACHINE
    if env.get("HOTMEM_ACCEL"):
        cmd += ["-accel", env["HOTMEM_ACCEL"]]
    if opts.uefi:
        code = env.get("HOTMEM_OVMF_CODE") or DEFAULT_OVMF_CODE
        cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=%s" % qemu_escape(code),
                "-drive", "if=pflash,format=raw,file=%s" % qemu_escape(paths.ovmf_vars),
                "-device", "qemu-xhci",
                "-drive", "if=none,id=stick,format=raw,readonly=on,file=%s" % qemu_escape(opts.iso),
                "-device", "usb-storage,drive=stick,bootindex=0"]
    else:
        cmd += ["-cdrom", str(opts.iso)]
    if opts.menu:
        # No fw_cfg line: it would be appended to every menu entry's.
        cmd += ["-smbios", MENU_SMBIOS]
    else:
        cmd += ["-fw_cfg", "name=%s,string=%s" % (CMDLINE_FW_CFG, qemu_escape(kernel_cmdline(opts)))]
    # The monitor on a socket in every mode, for a second terminal.
    cmd += ["-monitor", "unix:%s,server=on,wait=off" % qemu_escape(paths.monitor)]
    log = "logfile=%s" % qemu_escape(paths.serial_log)
    if mode in WINDOW_MODES:
        # The screen and the PS/2 keyboard in the window, the serial console
        # in the window's serial0 tab, the monitor on this terminal.
        cmd += ["-display", mode, "-chardev", "vc,id=serial0," + log, "-serial", "chardev:serial0"]
        if stdin_tty:
            cmd += ["-monitor", "stdio"]
    else:
        # The serial console on this terminal, with the monitor behind
        # Ctrl-a c (as -nographic does); vnc also shows the screen. Ctrl-C
        # goes to the shell (it drops the line) instead of killing QEMU.
        cmd += ["-display", "none", "-chardev", "stdio,id=term0,mux=on,signal=off," + log,
                "-serial", "chardev:term0", "-mon", "chardev=term0,mode=readline"]
        if mode == "vnc":
            cmd += ["-vnc", VNC_DISPLAY]
    return cmd


def monitor_commands():
    """What to type at the (qemu) prompt: HMP spelling. QMP spells them
    object-add, device_add, device_del, qom-set with JSON arguments
    (docs/demo.md)."""
    return """\
QEMU monitor (HMP) commands to try:
  ACPI DIMM (a firmware memmap entry, like RAM at boot):
    object_add memory-backend-ram,id=mem1,size=256M
    device_add pc-dimm,id=dimm1,memdev=mem1
    device_del dimm1                        (eject; hotmem offlines and removes it)
    object_del mem1                         (only after the DIMM is gone)
  virtio-mem vm0 (driver managed: never a firmware memmap entry):
    qom-set vm0 requested-size 512M         (grow)
    qom-set vm0 requested-size 64M          (shrink)
  Look:
    info memory-devices
    info memory_size_summary
  Quit QEMU: quit
"""


def shell_commands():
    return """\
In hotmem's shell (prompt `hotmem> `) try:
  help
  cat /proc/iomem
  ls /sys/firmware/memmap
  echo 0x<block address> > /sys/devices/system/memory/probe
  add          (driver-managed memory, for comparison)
  diff
  why
"""


def how_to_reach(mode, paths, stdin_tty):
    mon = os.path.relpath(paths.monitor)
    second = ("From another terminal: tools/demo.py monitor  (or: socat - UNIX-CONNECT:%s,"
              " or: nc -U %s)" % (mon, mon))
    if mode in WINDOW_MODES:
        lines = ["The screen is the QEMU window; type the shell's commands there (click into it first).",
                 "The serial console is the window's View > serial0 tab; it is logged to %s."
                 % os.path.relpath(paths.serial_log)]
        if stdin_tty:
            lines.append("The monitor is this terminal: the (qemu) prompt below.")
        lines.append(second)
    else:
        lines = ["The serial console is this terminal: the kernel's log, then the shell "
                 "(logged to %s)." % os.path.relpath(paths.serial_log)]
        if mode == "vnc":
            lines.append("The screen: a VNC viewer on %s (port 5900)." % VNC_DISPLAY)
        lines += ["Ctrl-a c switches between the serial console and the (qemu) monitor;"
                  " Ctrl-a x quits QEMU; Ctrl-a a sends Ctrl-A.", second]
    return "\n".join(lines) + "\n"


def plain_monitor_line(line):
    """QEMU's monitor echoes a command by redrawing its line once per key
    (text, ESC [ K, ESC [ D ...); keep the prompt and the final text."""
    if "\x1b[D" in line:
        line = "(qemu) " + line.rsplit("\x1b[D", 1)[1]
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", line)


def monitor_client(paths):
    """A small HMP client for the demo's socket: interactive on a terminal,
    else it sends the lines of its input and prints the answers."""
    if not paths.monitor.exists():
        raise SystemExit("demo: no monitor socket at %s: is `make demo` running?" % paths.monitor)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(paths.monitor))
    except OSError as e:
        raise SystemExit("demo: cannot connect to %s: %s (is `make demo` running?)" % (paths.monitor, e))
    interactive = sys.stdin.isatty()
    if interactive:
        sys.stdout.write(monitor_commands() + "(Ctrl-D leaves this client; QEMU keeps running.)\n\n")
        sys.stdout.flush()
    closed = threading.Event()

    def pump():
        pending = ""
        while True:
            try:
                data = sock.recv(4096)
            except OSError:
                data = b""
            if interactive:
                sys.stdout.write(data.decode("utf-8", "replace"))
            else:
                pending += data.decode("utf-8", "replace").replace("\r", "")
                *lines, pending = pending.split("\n")
                sys.stdout.writelines(plain_monitor_line(ln) + "\n" for ln in lines)
                if not data and pending:
                    sys.stdout.write(plain_monitor_line(pending) + "\n")
            sys.stdout.flush()
            if not data:
                closed.set()
                return

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    if not interactive:
        # One command a line; QEMU answers each before it reads the next,
        # and closes the connection after the last.
        for line in sys.stdin:
            sock.sendall(line.encode())
        sock.shutdown(socket.SHUT_WR)
        reader.join(10)
        sock.close()
        return 0
    # A person: QEMU's monitor does the echo, line editing, history and
    # completion itself (it redraws the line with escape sequences), so pass
    # every key through at once, unechoed. Ctrl-D or Ctrl-C leaves.
    import select
    import termios

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    raw = termios.tcgetattr(fd)
    raw[3] &= ~(termios.ICANON | termios.ECHO)
    raw[6][termios.VMIN], raw[6][termios.VTIME] = 1, 0
    try:
        termios.tcsetattr(fd, termios.TCSANOW, raw)
        while not closed.is_set():
            if not select.select([fd], [], [], 0.2)[0]:
                continue
            data = os.read(fd, 64)
            if not data or b"\x04" in data:
                break
            sock.sendall(data.replace(b"\n", b"\r"))
    except (KeyboardInterrupt, OSError):
        pass
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)
    sock.close()
    sys.stdout.write("\n[monitor closed: QEMU has exited]\n" if closed.is_set() else "\n")
    return 0


def parse_args(argv):
    p = argparse.ArgumentParser(prog="tools/demo.py", description="hotmem's teaching demo in QEMU (docs/demo.md)")
    p.add_argument("action", nargs="?", choices=("run", "monitor"), default="run",
                   help="run (default) starts the demo; monitor talks to a running demo's QEMU monitor")
    p.add_argument("--check", action="store_true", help="print the display choice, the QEMU command and the "
                   "monitor commands; start nothing")
    p.add_argument("--display", choices=("auto",) + MODES, default="auto")
    p.add_argument("--uefi", action="store_true", help="boot with OVMF from the ISO as a USB stick (default: SeaBIOS, CD)")
    p.add_argument("--v1", action="store_true", help="the v1-semantics demo (mhp.semantics=v1)")
    p.add_argument("--menu", action="store_true", help="show GRUB's menu (QEMU claims another SMBIOS manufacturer) "
                   "and pass no fw_cfg options: the entry chosen decides")
    p.add_argument("--cmdline", default="", help="more kernel options, appended (docs/cmdline.md)")
    p.add_argument("--iso", default=str(DEFAULT_ISO))
    p.add_argument("--demo-dir", default=str(DEMO_DIR), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None, env=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    env = os.environ if env is None else env
    paths = Paths(opts.demo_dir)
    if opts.action == "monitor":
        return monitor_client(paths)

    stdin_tty, stdout_tty = sys.stdin.isatty(), sys.stdout.isatty()
    qemu = env.get("QEMU") or "qemu-system-x86_64"
    available = set() if opts.display in ("vnc", "terminal") else available_displays(qemu)
    mode, why = choose_display(opts.display, available, env, stdin_tty, stdout_tty)
    cmd = build_command(opts, mode, paths, stdin_tty, env)

    intro = "display: %s (%s)\n" % (mode, why)
    if opts.menu:
        intro += "kernel options: from the GRUB menu entry you choose (no fw_cfg line)\n"
    else:
        intro += "kernel options (fw_cfg %s): %s\n" % (CMDLINE_FW_CFG, kernel_cmdline(opts))
    if opts.check:
        sys.stdout.write(intro + "qemu command:\n  " + " ".join(shlex.quote(w) for w in cmd) + "\n\n"
                         + how_to_reach(mode, paths, stdin_tty) + "\n" + monitor_commands() + "\n"
                         + shell_commands())
        return 0

    if not Path(opts.iso).is_file():
        raise SystemExit("demo: %s not found: run `make iso` (or `make demo`, which builds it)" % opts.iso)
    if shutil.which(qemu) is None and not os.path.isfile(qemu):
        raise SystemExit("demo: %s not found (Debian: apt-get install qemu-system-x86)" % qemu)
    paths.dir.mkdir(parents=True, exist_ok=True)
    if paths.monitor.exists():
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(paths.monitor))
            raise SystemExit("demo: another demo is running (its monitor answers at %s)" % paths.monitor)
        except OSError:
            paths.monitor.unlink()  # left over from a demo that is gone
        finally:
            probe.close()
    if opts.uefi:
        vars_src = env.get("HOTMEM_OVMF_VARS") or DEFAULT_OVMF_VARS
        shutil.copyfile(vars_src, paths.ovmf_vars)

    sys.stdout.write(intro + "\n" + how_to_reach(mode, paths, stdin_tty) + "\n" + monitor_commands() + "\n"
                     + shell_commands() + "\n" + "qemu: " + " ".join(shlex.quote(w) for w in cmd) + "\n\n")
    sys.stdout.flush()
    # Ctrl-C belongs to QEMU (it quits); this script only reports the end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    rc = subprocess.call(cmd)
    verdict = VERDICTS.get(rc)
    if verdict:
        print("\ndemo: QEMU exited %d: the kernel's verdict %s" % (rc, verdict))
        return 0 if verdict in ("PASS", "SKIP") else 1
    print("\ndemo: QEMU exited %d" % rc)
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
