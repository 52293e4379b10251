#!/usr/bin/env python3
"""Screenshots of what a person sees, taken from QEMU (`screendump`), never
drawn by hand: `make screenshots` runs this.

  tools/screenshots.py [--out DIR] [--iso ISO] [NAME...]

NAME (default: all):
  grub-menu-bios   the GRUB menu with its countdown, SeaBIOS, the ISO as a CD
  grub-menu-uefi   the same under OVMF, the ISO as a USB stick
  lesson           the pictures of docs/lesson.md, lesson-*.png (LESSON_STEPS):
                   one boot of the demo machine, commands typed on COM1 and
                   devices plugged over QMP, a screendump after each step;
                   then a second boot for dax/kmem (KMEM_STEPS)

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
sys.path.insert(0, str(ROOT / "tests"))
from qmp import QmpClient, QmpError  # noqa: E402

DEFAULT_OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
DEFAULT_OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
MENU_SMBIOS = "type=1,manufacturer=hotmem-screenshots"
COUNTDOWN = b"executed automatically in"

SHOTS = {
    "grub-menu-bios": {"firmware": "bios", "timeout": 60},
    "grub-menu-uefi": {"firmware": "uefi", "timeout": 120},
    "lesson": {"timeout": 600},
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


# The lesson's machine: pc with DIMM slots, a 256 MiB backend for one DIMM
# and a virtio-mem device with 128 MiB of 1 GiB plugged (as the manifest's
# shell-dimm and shell-virtio-mem configurations). The interactive demo's
# command line (tools/demo.py, the GRUB menu's "interactive demo").
LESSON_MACHINE = ["-machine", "pc", "-m", "512M,slots=4,maxmem=4G",
                  "-object", "memory-backend-ram,id=mem1,size=256M",
                  "-object", "memory-backend-ram,id=vmem0,size=1G",
                  "-device", "virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=128M"]
# GRUB's default entry already gives fw.hide=auto; fw_cfg adds the shell.
LESSON_CMDLINE = "hotmem.shell"
PROMPT = b"hotmem> "
HANDLED = b"# hotmem: handled "

# (picture, action, argument): "type" a shell command, "qmp" a command with
# its arguments (the kernel then prints its event and the prompt), or
# "shot" nothing more. A screendump follows each step that names a picture.
LESSON_STEPS = [
    ("lesson-1-summary", "shot", None),
    ("lesson-2-dimm-add", "qmp", ("device_add", {"driver": "pc-dimm", "id": "dimm1", "memdev": "mem1"})),
    ("lesson-3-dimm-why", "type", "why"),
    ("lesson-4-kexec-memmap", "type", "cat /sys/kernel/hotmem/kexec_load_memmap"),
    ("lesson-5-virtio-mem-grow", "qmp", ("qom-set", {"path": "vm0", "property": "requested-size",
                                                     "value": 256 << 20})),
    ("lesson-6-kdump-ranges", "type", "cat /sys/kernel/hotmem/kdump_ranges"),
    (None, "type", "echo 1 > /sys/kernel/hotmem/kdump_walk_first_level_only"),
    ("lesson-7-kdump-switch", "type", "cat /sys/kernel/hotmem/kdump_ranges"),
    (None, "type", "echo 0 > /sys/kernel/hotmem/kdump_walk_first_level_only"),
    ("lesson-8-add-upstream", "type", "add"),
    (None, "type", "remove"),
    (None, "type", "semantics v1"),
    ("lesson-9-add-v1", "type", "add"),
]

# dax/kmem needs its own boot: legacy persistent memory from the command line
# (memmap=nn!ss) that dax.kmem=1 turns into RAM at boot. The machine and the
# options of the manifest's ref-pmem-kmem configuration, plus the shell.
KMEM_MACHINE = ["-machine", "pc", "-m", "1G",
                "-object", "memory-backend-ram,id=ram0,size=1G", "-numa", "node,nodeid=0,memdev=ram0"]
KMEM_CMDLINE = "fw.hide=none memmap=256M!0x20000000 dax.kmem=1 hotmem.shell"
KMEM_STEPS = [
    ("lesson-10-dax-kmem", "type", "cat /proc/iomem"),
]


class Serial:
    """COM1 on a unix socket: type lines, wait for what the kernel prints."""

    def __init__(self, path, proc, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(str(path))
                break
            except OSError:
                self.sock.close()
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("cannot connect to QEMU's serial socket")
                time.sleep(0.1)
        self.buf = b""

    def wait_for(self, marker, start, timeout):
        """Wait until marker appears after offset start, then for the
        prompt after it; return the offset past that prompt."""
        deadline = time.monotonic() + timeout
        while True:
            at = self.buf.find(marker, start)
            if at >= 0:
                end = self.buf.find(PROMPT, at + (0 if marker == PROMPT else len(marker)))
                if end >= 0:
                    return end + len(PROMPT)
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("no %r on serial within %d s" % (marker.decode(), timeout))
            self.sock.settimeout(min(left, 1.0))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise RuntimeError("QEMU closed the serial port")
            self.buf += data

    def type(self, line):
        self.sock.sendall(line.encode() + b"\r")


def take_lesson(out_dir, env, iso, timeout=600):
    """Boot the demo machine once and take every picture of LESSON_STEPS,
    then the dax/kmem machine for KMEM_STEPS."""
    return (boot_and_shoot(out_dir, env, iso, timeout, LESSON_MACHINE, LESSON_CMDLINE, LESSON_STEPS)
            + boot_and_shoot(out_dir, env, iso, timeout, KMEM_MACHINE, KMEM_CMDLINE, KMEM_STEPS))


def boot_and_shoot(out_dir, env, iso, timeout, machine, cmdline, steps):
    tmp = Path(tempfile.mkdtemp(prefix="hotmem-lesson-"))
    ser, qmp_path, mon = tmp / "serial.sock", tmp / "qmp.sock", tmp / "mon.sock"
    cmd = [env.get("QEMU") or "qemu-system-x86_64", "-display", "none", "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-cdrom", str(iso),
           "-fw_cfg", "name=opt/org.hotmem/cmdline,string=%s" % qemu_escape(cmdline),
           "-serial", "unix:%s,server=on,wait=on" % qemu_escape(ser),
           "-qmp", "unix:%s,server=on,wait=off" % qemu_escape(qmp_path),
           "-monitor", "unix:%s,server=on,wait=off" % qemu_escape(mon)] + machine
    if env.get("HOTMEM_ACCEL"):
        cmd += ["-accel", env["HOTMEM_ACCEL"]]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    shots = []
    try:
        serial = Serial(ser, proc, 30)
        pos = serial.wait_for(PROMPT, 0, timeout)  # the self-tests run first
        qmp = QmpClient(str(qmp_path))
        for name, action, arg in steps:
            if action == "type":
                serial.type(arg)
                # The echo of the command, then its output up to the prompt.
                pos = serial.wait_for(arg.encode(), pos, 60)
            elif action == "qmp":
                qmp.execute(arg[0], arg[1])
                pos = serial.wait_for(HANDLED, pos, 60)
            if name:
                time.sleep(0.5)  # let the screen catch up with the serial port
                ppm = tmp / (name + ".ppm")
                hmp(mon, "screendump %s" % ppm)
                dst = Path(out_dir) / (name + ".png")
                ppm2png.convert(str(ppm), str(dst))
                shots.append(dst)
        qmp.close()
        return shots
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
            if name == "lesson":
                for png in take_lesson(opts.out, os.environ, opts.iso, SHOTS[name]["timeout"]):
                    print("%s: %s" % (name, os.path.relpath(png)))
            else:
                print("%s: %s" % (name, os.path.relpath(take(name, SHOTS[name], opts.iso, opts.out, os.environ))))
        except (RuntimeError, OSError, QmpError) as e:
            print("%s: FAILED: %s" % (name, e))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
