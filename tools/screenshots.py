#!/usr/bin/env python3
"""Screenshots of what a person sees, taken from QEMU (`screendump`), never
drawn by hand: `make screenshots` runs this.

  tools/screenshots.py [--out DIR] [--iso ISO] [NAME...]

NAME (default: all):
  grub-menu-bios   the GRUB menu with its countdown, SeaBIOS, the ISO as a CD
  grub-menu-uefi   the same under OVMF, the ISO as a USB stick

GRUB shows its menu only when SMBIOS does not say "QEMU" (iso/grub.cfg), so
these boots claim another manufacturer. Each shot is taken once the serial
port shows the countdown; then QEMU is stopped. Every boot is bounded by a
timeout. PNGs go to build/screenshots/ (tools/ppm2png.py converts QEMU's PPM).
Environment: QEMU, HOTMEM_OVMF_CODE, HOTMEM_OVMF_VARS as for tests/runner.py.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import ppm2png  # noqa: E402

DEFAULT_OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
DEFAULT_OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
MENU_SMBIOS = "type=1,manufacturer=hotmem-screenshots"
COUNTDOWN = b"executed automatically in"

SHOTS = {
    "grub-menu-bios": {"firmware": "bios", "timeout": 60},
    "grub-menu-uefi": {"firmware": "uefi", "timeout": 120},
}


def qemu_escape(value):
    return str(value).replace(",", ",,")


def hmp(sock_path, command, timeout=10):
    """Send one monitor command; return once QEMU has answered it."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(str(sock_path))
    buf = b""
    while not buf.endswith(b"(qemu) "):
        buf += sock.recv(4096)
    sock.sendall(command.encode() + b"\n")
    buf = b""
    while b"\n(qemu) " not in buf.replace(b"\r", b""):
        data = sock.recv(4096)
        if not data:
            break
        buf += data
    sock.close()


def take(name, spec, iso, out_dir, env):
    tmp = Path(tempfile.mkdtemp(prefix="hotmem-shot-"))
    serial, mon, ppm = tmp / "serial.log", tmp / "mon.sock", tmp / (name + ".ppm")
    cmd = [env.get("QEMU") or "qemu-system-x86_64", "-display", "none", "-no-reboot", "-m", "512M",
           "-serial", "file:%s" % serial, "-monitor", "unix:%s,server=on,wait=off" % qemu_escape(mon),
           "-smbios", MENU_SMBIOS]
    if spec["firmware"] == "uefi":
        shutil.copyfile(env.get("HOTMEM_OVMF_VARS") or DEFAULT_OVMF_VARS, tmp / "vars.fd")
        cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=%s"
                % qemu_escape(env.get("HOTMEM_OVMF_CODE") or DEFAULT_OVMF_CODE),
                "-drive", "if=pflash,format=raw,file=%s" % qemu_escape(tmp / "vars.fd"),
                "-device", "qemu-xhci", "-drive", "if=none,id=stick,format=raw,readonly=on,file=%s" % qemu_escape(iso),
                "-device", "usb-storage,drive=stick,bootindex=0"]
    else:
        cmd += ["-cdrom", str(iso)]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + spec["timeout"]
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError("QEMU exited %d before the menu: %s" % (proc.returncode, proc.stderr.read().decode()))
            if time.monotonic() > deadline:
                raise RuntimeError("no GRUB countdown on serial within %d s" % spec["timeout"])
            if serial.exists() and COUNTDOWN in serial.read_bytes():
                break
            time.sleep(0.1)
        time.sleep(0.5)  # let the screen catch up with the serial port
        hmp(mon, "screendump %s" % ppm)
        dst = Path(out_dir) / (name + ".png")
        ppm2png.convert(str(ppm), str(dst))
        return dst
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(prog="tools/screenshots.py", description=__doc__.split("\n")[0])
    p.add_argument("names", nargs="*", metavar="NAME", help="shots to take: %s (default: all)" % ", ".join(sorted(SHOTS)))
    p.add_argument("--out", default=str(ROOT / "build" / "screenshots"))
    p.add_argument("--iso", default=str(ROOT / "build" / "hotmem.iso"))
    opts = p.parse_args(argv)
    unknown = [n for n in opts.names if n not in SHOTS]
    if unknown:
        p.error("unknown shot(s): %s (have: %s)" % (", ".join(unknown), ", ".join(sorted(SHOTS))))
    if not Path(opts.iso).is_file():
        raise SystemExit("screenshots: %s not found: run `make iso`" % opts.iso)
    os.makedirs(opts.out, exist_ok=True)
    failed = 0
    for name in opts.names or sorted(SHOTS):
        try:
            print("%s: %s" % (name, os.path.relpath(take(name, SHOTS[name], opts.iso, opts.out, os.environ))))
        except (RuntimeError, OSError) as e:
            print("%s: FAILED: %s" % (name, e))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
