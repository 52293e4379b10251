"""Unit tests of tools/demo.py (`make demo`, docs/demo.md): the display
choice, the QEMU command it builds, its --check mode (prints the command,
starts nothing), and that its kernel options are those of the GRUB menu's
demo entries (iso/grub.cfg); and of tools/ppm2png.py. No QEMU needed.
Run: python3 tests/runner.py selftest."""

import importlib.util
import os
import re
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / (name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


demo = _load("demo")
ppm2png = _load("ppm2png")

# What Debian 12's QEMU 7.2 prints without qemu-system-gui.
DISPLAY_HELP = "Available display backend types:\nnone\negl-headless\ncurses\nspice-app\ndbus\n"


def opts(*argv):
    return demo.parse_args(list(argv) + ["--iso", "/i/hotmem.iso"])


def command(*argv, mode="terminal", tty=True, env=None):
    return demo.build_command(opts(*argv), mode, demo.Paths("/d"), tty, env or {})


def grub_entries():
    """menuentry title -> its multiboot2 arguments, from iso/grub.cfg."""
    text = (ROOT / "iso" / "grub.cfg").read_text()
    return {m.group(1): m.group(2).strip()
            for m in re.finditer(r'menuentry "([^"]*)" \{\s*(?:if ! )?multiboot2 /boot/hotmem\.elf'
                                 r'([^;\n]*)', text)}


class DisplayChoice(unittest.TestCase):
    def test_parse_display_help(self):
        self.assertEqual(demo.parse_display_help(DISPLAY_HELP), {"none", "egl-headless", "curses", "spice-app", "dbus"})

    def test_window_when_graphical_and_module_present(self):
        mode, why = demo.choose_display("auto", {"gtk", "sdl"}, {"DISPLAY": ":0"}, True, True)
        self.assertEqual(mode, "gtk")
        self.assertIn("DISPLAY", why)
        self.assertEqual(demo.choose_display("auto", {"sdl"}, {"WAYLAND_DISPLAY": "w"}, True, True)[0], "sdl")

    def test_terminal_without_gui_module(self):
        mode, why = demo.choose_display("auto", demo.parse_display_help(DISPLAY_HELP), {"DISPLAY": ":0"}, True, True)
        self.assertEqual(mode, "terminal")
        self.assertIn("qemu-system-gui", why)

    def test_terminal_without_graphical_session(self):
        mode, why = demo.choose_display("auto", {"gtk"}, {}, True, True)
        self.assertEqual((mode, why), ("terminal", "no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)"))
        self.assertIn("not a terminal either", demo.choose_display("auto", set(), {}, False, True)[1])

    def test_asked_for_window_that_is_missing(self):
        with self.assertRaises(SystemExit) as cm:
            demo.choose_display("gtk", {"curses"}, {"DISPLAY": ":0"}, True, True)
        self.assertIn("qemu-system-gui", str(cm.exception))
        self.assertEqual(demo.choose_display("vnc", set(), {}, True, True), ("vnc", "asked for"))


class Command(unittest.TestCase):
    def test_machine_has_slots_and_virtio_mem(self):
        cmd = command()
        self.assertEqual(cmd[cmd.index("-m") + 1], "512M,slots=4,maxmem=4G")
        self.assertIn("virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=128M", cmd)
        self.assertIn("isa-debug-exit,iobase=0xf4,iosize=0x04", cmd)
        self.assertIn("-cdrom", cmd)

    def test_kernel_options_through_fw_cfg(self):
        self.assertIn("name=opt/org.hotmem/cmdline,string=hotmem.shell", command())
        self.assertIn("name=opt/org.hotmem/cmdline,string=mhp.semantics=v1 hotmem.shell", command("--v1"))
        # QEMU splits option values on commas: they are doubled.
        self.assertIn("name=opt/org.hotmem/cmdline,string=hotmem.shell fw.hide=128M@0x8000000,,128M@0x10000000",
                      command("--cmdline", "fw.hide=128M@0x8000000,128M@0x10000000"))

    def test_demo_options_are_the_grub_entries(self):
        entries = grub_entries()
        self.assertEqual(entries["hotmem: interactive demo (self-tests, then the shell)"], demo.DEMO_CMDLINE)
        self.assertEqual(entries["hotmem: v1-semantics demo (mhp.semantics=v1, then the shell)"], demo.V1_CMDLINE)
        self.assertEqual(list(entries)[0], "hotmem: boot self-tests")
        self.assertEqual(entries["hotmem: boot self-tests"], demo.DEFAULT_CMDLINE)

    def test_menu_mode_shows_grub_menu_and_passes_no_options(self):
        cmd = command("--menu")
        self.assertEqual(cmd[cmd.index("-smbios") + 1], "type=1,manufacturer=hotmem-demo")
        self.assertNotIn("-fw_cfg", cmd)

    def test_window_mode(self):
        cmd = command(mode="gtk", tty=True)
        self.assertEqual(cmd[cmd.index("-display") + 1], "gtk")
        self.assertIn("vc,id=serial0,logfile=/d/serial.log", cmd)
        self.assertIn("unix:/d/monitor.sock,server=on,wait=off", cmd)
        self.assertIn("stdio", cmd)  # -monitor stdio
        self.assertNotIn("stdio", command(mode="sdl", tty=False))

    def test_terminal_mode(self):
        cmd = command(mode="terminal")
        self.assertEqual(cmd[cmd.index("-display") + 1], "none")
        self.assertIn("stdio,id=term0,mux=on,signal=off,logfile=/d/serial.log", cmd)
        self.assertIn("chardev=term0,mode=readline", cmd)
        self.assertNotIn("-vnc", cmd)
        self.assertEqual(command(mode="vnc")[-1], demo.VNC_DISPLAY)

    def test_uefi(self):
        cmd = command("--uefi", env={"HOTMEM_OVMF_CODE": "/o/CODE.fd", "HOTMEM_ACCEL": "kvm"})
        self.assertIn("if=pflash,format=raw,readonly=on,file=/o/CODE.fd", cmd)
        self.assertIn("if=pflash,format=raw,file=/d/OVMF_VARS.fd", cmd)
        self.assertIn("usb-storage,drive=stick,bootindex=0", cmd)
        self.assertNotIn("-cdrom", cmd)
        self.assertEqual(cmd[cmd.index("-accel") + 1], "kvm")


class MonitorText(unittest.TestCase):
    def test_hmp_spelling(self):
        text = demo.monitor_commands()
        for line in ("object_add memory-backend-ram,id=mem1,size=256M", "device_add pc-dimm,id=dimm1,memdev=mem1",
                     "device_del dimm1", "qom-set vm0 requested-size 512M"):
            self.assertIn(line, text)
        self.assertNotIn("object-add", text)  # QMP's spelling; HMP refuses it

    def test_plain_monitor_line(self):
        echoed = "(qemu) i\x1b[K\x1b[Din\x1b[K\x1b[D\x1b[Dinfo status\x1b[K"
        self.assertEqual(demo.plain_monitor_line(echoed), "(qemu) info status")
        self.assertEqual(demo.plain_monitor_line("VM status: running"), "VM status: running")


class PpmToPng(unittest.TestCase):
    def test_convert(self):
        # 2x1: a red and a blue pixel, with a comment as GIMP writes one.
        ppm = b"P6\n# c\n2 1\n255\n" + bytes([255, 0, 0, 0, 0, 255])
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, "a.ppm"), os.path.join(d, "a.png")
            with open(src, "wb") as f:
                f.write(ppm)
            ppm2png.convert(src, dst)
            with open(dst, "rb") as f:
                png = f.read()
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", png[16:24]), (2, 1))
        idat = png.index(b"IDAT")
        size = struct.unpack(">I", png[idat - 4:idat])[0]
        self.assertEqual(zlib.decompress(png[idat + 4:idat + 4 + size]), b"\0" + bytes([255, 0, 0, 0, 0, 255]))

    def test_refuses_other_formats(self):
        with self.assertRaises(ValueError):
            ppm2png.read_ppm(b"P3\n1 1\n255\n0 0 0\n")


class CheckMode(unittest.TestCase):
    def test_check_prints_and_starts_nothing(self):
        res = subprocess.run([sys.executable, str(ROOT / "tools" / "demo.py"), "--check", "--display", "terminal",
                              "--iso", "/nonexistent/hotmem.iso"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, env={"QEMU": "/nonexistent/qemu"})
        self.assertEqual(res.returncode, 0, res.stderr)
        out = res.stdout.decode()
        self.assertTrue(out.startswith("display: terminal (asked for)\n"), out)
        self.assertIn("qemu command:\n  /nonexistent/qemu -name hotmem-demo ", out)
        self.assertIn("device_add pc-dimm,id=dimm1,memdev=mem1", out)
        self.assertIn("hotmem> ", out)


if __name__ == "__main__":
    unittest.main()
