"""Unit tests of tests/refcompare.py (comparison with golden Linux captures)
and of its hook in the runner (manifest keys ref, ref_checks,
ref_iomem_extra; one test per reference check). No QEMU needed: the runner
tests use a stand-in for QEMU that prints a log built from the golden files
in the kernel's dump format. Run: python3 tests/runner.py selftest."""

import io
import os
import re
import shlex
import sys
import tempfile
import textwrap
import unittest
import unittest.mock
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import ktap  # noqa: E402
import iomem  # noqa: E402
import manifest  # noqa: E402
import qemu_run  # noqa: E402
import refcompare as rc  # noqa: E402
import runner  # noqa: E402
import test_runner  # noqa: E402  (for its stand-in QEMU script)

GOLDEN = rc.GOLDEN_DIR
BASELINE = "baseline/pc-512M/1-boot"
PMEM = "pmem-legacy-kmem/literal-m1G-memmap256M-at-0x30000000/1-boot"
HOTPLUG_STEPS = ("acpi-dimm/hotplug/1-boot", "acpi-dimm/hotplug/2-after-device_add-dimm1",
                 "acpi-dimm/hotplug/3-after-device_del-dimm1")


def golden(step, name):
    return (GOLDEN / step / name).read_text(encoding="utf-8")


def golden_steps():
    """Every captured step: the directories that hold a proc_iomem.txt."""
    return sorted(str(p.parent.relative_to(GOLDEN)) for p in GOLDEN.glob("*/*/*/" + rc.PROC_IOMEM))


# The baseline capture reduced with the default names, written by hand: no
# PCI windows or BARs, no "Kernel code/rodata/data/bss", no PNP0103:00.
BASELINE_REDUCED = """\
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000c0000-000c9bff : Video ROM
000ca000-000cadff : Adapter ROM
000cb000-000cb5ff : Adapter ROM
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-1ffdffff : System RAM
1ffe0000-1fffffff : Reserved
fec00000-fec003ff : IOAPIC 0
fed00000-fed003ff : HPET 0
fee00000-fee00fff : Local APIC
fffc0000-ffffffff : Reserved
fd00000000-ffffffffff : Reserved
"""

# What hotmem may print for the baseline machine booted from the CD: its own
# kernel image lines, fewer PCI lines, no -kernel option ROM at 0xcb000.
HOTMEM_BASELINE_IOMEM = """\
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000a0000-000bffff : PCI Bus 0000:00
000c0000-000c9bff : Video ROM
000ca000-000cadff : Adapter ROM
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-1ffdffff : System RAM
  00100000-0018ffff : Kernel code
  00190000-001a3fff : Kernel data
1ffe0000-1fffffff : Reserved
20000000-febfffff : PCI Bus 0000:00
  fd000000-fdffffff : 0000:00:02.0
fec00000-fec003ff : IOAPIC 0
fed00000-fed003ff : HPET 0
fee00000-fee00fff : Local APIC
fffc0000-ffffffff : Reserved
fd00000000-ffffffffff : Reserved
"""


def memmap_dumps(rows):
    """The kernel's dump text of firmware memmap rows (index, start, end, type)."""
    out = ""
    for index, start, end, typ in rows:
        for field, value in (("start", start), ("end", end), ("type", typ)):
            out += ktap.format_dump("/sys/firmware/memmap/%d/%s" % (index, field), value + "\n")
    return out


def snapshot_text(iomem, rows, blocks=()):
    text = ktap.format_dump("/proc/iomem", iomem) + memmap_dumps(rows)
    for n, state in blocks:
        text += ktap.format_dump("/sys/devices/system/memory/memory%d/state" % n, state + "\n")
    return text


def as_cd_boot(iomem):
    """A Linux capture as Linux would show it booted from the CD: without the
    -kernel option ROM line (refcompare.REFERENCE_IOMEM_ARTIFACTS)."""
    drop = set(rc.REFERENCE_IOMEM_ARTIFACTS)
    return "".join(ln + "\n" for ln in iomem.splitlines() if ln.strip() not in drop)


def kernel_e820_lines(step):
    """The e820 lines of a capture as hotmem prints them: no time stamps."""
    return "".join(rc.strip_timestamp(ln) + "\n" for ln in golden(step, rc.DMESG_E820).splitlines()
                   if re.match(r"^(BIOS-e820|user|e820: (update|remove))", rc.strip_timestamp(ln)))


def boot_log(step, iomem=None, rows=None, e820=None, verdict="PASS"):
    """A whole hotmem console log (GRUB noise, e820 lines, KTAP, one boot
    snapshot, verdict) built from a golden step."""
    iomem = as_cd_boot(golden(step, rc.PROC_IOMEM)) if iomem is None else iomem
    rows = rc.parse_firmware_memmap(golden(step, rc.FIRMWARE_MEMMAP)) if rows is None else rows
    e820 = kernel_e820_lines(step) if e820 is None else e820
    return ("\x1b[H\x1b[J  Booting `hotmem: boot self-tests'\r\n\r\n"
            "hotmem 0.1.0: memory-map test kernel (x86-64, multiboot2)\r\n"
            + e820.replace("\n", "\r\n")
            + "KTAP version 1\r\n1..1\r\nok 1 boot\r\n"
            + snapshot_text(iomem, rows).replace("\n", "\r\n")
            + "# hotmem: verdict %s\r\n" % verdict)


# ---------------------------------------------------------------------------


class GoldenFilesTest(unittest.TestCase):
    def test_layout_is_complete(self):
        steps = golden_steps()
        self.assertEqual(len(steps), 27)
        for step in steps:
            for name in rc.STEP_FILES:
                self.assertTrue((GOLDEN / step / name).is_file(), "%s/%s" % (step, name))
        runs = {str(Path(s).parent) for s in steps}
        self.assertEqual(len(runs), 8)
        for run in runs:
            for name in ("qemu_cmdline.txt", "kernel_cmdline.txt"):
                self.assertTrue((GOLDEN / run / name).is_file(), "%s/%s" % (run, name))
        for name in ("README.md", "versions.txt"):
            self.assertTrue((GOLDEN / name).is_file(), name)

    def test_every_iomem_round_trips_and_reduces(self):
        names = iomem.default_name_set()
        for step in golden_steps():
            text = golden(step, rc.PROC_IOMEM)
            tree = iomem.parse_iomem(text)
            self.assertEqual(iomem.render_iomem(tree), text, step)           # byte-identical
            reduced = iomem.render_iomem(iomem.reduce_iomem(tree, names))
            self.assertEqual(iomem.render_iomem(iomem.parse_iomem(reduced)), reduced, step)
            original = {ln.strip() for ln in text.splitlines()}
            kept = [ln.strip() for ln in reduced.splitlines()]
            self.assertTrue(set(kept) <= original, step)
            for line in kept:
                self.assertIn(iomem.parse_iomem_line(line)[3], names, step)
            for line in original - set(kept):
                self.assertNotIn(iomem.parse_iomem_line(line)[3], names, step)
            self.assertIn("00100000-", reduced)
            self.assertNotIn("Kernel code", reduced)
            self.assertNotIn("PCI Bus", reduced)

    def test_baseline_reduced_by_hand(self):
        text = golden(BASELINE, rc.PROC_IOMEM)
        reduced = iomem.render_iomem(iomem.reduce_iomem(iomem.parse_iomem(text), iomem.default_name_set()))
        self.assertEqual(reduced, BASELINE_REDUCED)
        # The reference side also loses the -kernel option ROM.
        self.assertEqual(rc.prepare_reference_iomem(text, iomem.default_name_set()),
                         BASELINE_REDUCED.replace("000cb000-000cb5ff : Adapter ROM\n", ""))

    def test_every_memmap_parses(self):
        for step in golden_steps():
            text = golden(step, rc.FIRMWARE_MEMMAP)
            rows = rc.parse_firmware_memmap(text)
            self.assertGreaterEqual(len(rows), 7, step)
            self.assertEqual(rc.render_memmap(rows), text.splitlines(), step)
        rows = rc.parse_firmware_memmap(golden("acpi-dimm/coldplug/2-after-device_add-dimm1", rc.FIRMWARE_MEMMAP))
        self.assertEqual(rows[0], (0, "0x100000000", "0x10fffffff", "System RAM"))
        self.assertEqual(rows[-1], (8, "0x110000000", "0x11fffffff", "System RAM"))

    def test_every_dmesg_has_the_bios_table(self):
        for step in golden_steps():
            e = rc.extract_e820(golden(step, rc.DMESG_E820))
            self.assertIn(len(e.bios), (7, 9), step)
            self.assertTrue(all(ln.startswith("BIOS-e820: [mem 0x") for ln in e.bios), step)
            self.assertEqual(bool(e.user), step.startswith("pmem-legacy-kmem/"), step)
            self.assertEqual(e.edits, ["e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
                                       "e820: remove [mem 0x000a0000-0x000fffff] usable"], step)

    def test_memory_blocks(self):
        rows = rc.parse_memory_blocks(golden(HOTPLUG_STEPS[1], rc.MEMORY_BLOCKS))
        self.assertEqual(rows, [(0, "online"), (1, "online"), (2, "online"), (3, "online"), (32, "online"),
                                (33, "online")])


class E820Test(unittest.TestCase):
    def test_linux_dmesg_with_timestamps(self):
        e = rc.extract_e820(golden(PMEM, rc.DMESG_E820).splitlines())
        self.assertEqual(e.bios[0], "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable")
        self.assertEqual(e.bios[-1], "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved")
        self.assertEqual(len(e.bios), 7)
        self.assertEqual(e.user[0], "user-defined physical RAM map:")
        self.assertEqual(e.user[5], "user: [mem 0x0000000030000000-0x000000003ffdffff] persistent (type 12)")
        self.assertEqual(len(e.user), 9)

    def test_strip_timestamp(self):
        self.assertEqual(rc.strip_timestamp("[    0.000000] BIOS-e820: x\r\n"), "BIOS-e820: x")
        self.assertEqual(rc.strip_timestamp("[12345.678901] e820: update"), "e820: update")
        self.assertEqual(rc.strip_timestamp("BIOS-e820: [mem 0x0-0x1] usable"), "BIOS-e820: [mem 0x0-0x1] usable")

    def test_kernel_log_first_block_only(self):
        log = textwrap.dedent("""\
            hotmem 0.1.0
            BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
            BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved
            e820: update [mem 0x00000000-0x00000fff] usable ==> reserved
              # BIOS-e820: [mem 0x0-0x1] usable   (a diagnostic, not the table)
            BIOS-e820: [mem 0x0000000000100000-0x000000001ffdffff] usable
            """)
        e = rc.extract_e820(log)
        self.assertEqual(len(e.bios), 2)
        self.assertEqual(e.user, [])
        self.assertEqual(e.edits, ["e820: update [mem 0x00000000-0x00000fff] usable ==> reserved"])
        self.assertEqual(rc.extract_e820("nothing here").bios, [])


class BgrtTest(unittest.TestCase):
    LOG = ["[    0.1] ACPI: BGRT: image at 0x1e294018, BMP 33694 bytes (version 1, status 0x1, type 0, offset 1,2)"]
    IOMEM = "00100000-00805fff : System RAM\n@bgrt-reserve\n00900000-1ea9ffff : System RAM\n"

    def test_range_is_page_rounded_from_the_log(self):
        self.assertEqual(rc.find_bgrt(self.LOG), (0x1e294000, 0x1e29cfff))
        self.assertIsNone(rc.find_bgrt(["ACPI: BGRT 0x000000001F775000 000038"]))

    def test_iomem_split_and_update_line(self):
        bgrt = rc.find_bgrt(self.LOG)
        self.assertEqual(rc.expand_bgrt(self.IOMEM, bgrt),
                         "00100000-00805fff : System RAM\n00900000-1e293fff : System RAM\n"
                         "1e294000-1e29cfff : Reserved\n1e29d000-1ea9ffff : System RAM\n")
        self.assertEqual(rc.expand_bgrt("a\n@bgrt-update\n", bgrt),
                         "a\ne820: update [mem 0x1e294000-0x1e29cfff] usable ==> reserved\n")
        # Without a directive the text is left alone.
        self.assertEqual(rc.expand_bgrt("x\n", None), "x\n")

    def test_missing_image_or_ram_is_an_error(self):
        with self.assertRaises(ValueError):
            rc.expand_bgrt(self.IOMEM, None)
        with self.assertRaises(ValueError):
            rc.expand_bgrt(self.IOMEM, (0x40000000, 0x40000fff))

    def test_unreserved_image_fails_the_iomem_check(self):
        # The kernel's iomem without the Reserved line must not match.
        log = self.LOG + ["# dump-begin /proc/iomem", "00100000-00805fff : System RAM",
                          "00900000-1ea9ffff : System RAM", "# dump-end /proc/iomem", "# hotmem: verdict PASS"]
        with tempfile.TemporaryDirectory() as d:
            step = Path(d) / "hotmem" / "x" / "1-boot"
            step.mkdir(parents=True)
            (step / rc.PROC_IOMEM).write_text(self.IOMEM)
            entries = rc.parse_ref_entries("hotmem/x/1-boot")
            res = rc.compare_log(log, entries, ["iomem"], golden_root=Path(d) / "linux")
            self.assertFalse(res[0].ok)
            ok = rc.compare_log(log[:1] + ["# dump-begin /proc/iomem", "00100000-00805fff : System RAM",
                                           "00900000-1e293fff : System RAM", "1e294000-1e29cfff : Reserved",
                                           "1e29d000-1ea9ffff : System RAM", "# dump-end /proc/iomem",
                                           "# hotmem: verdict PASS"],
                                entries, ["iomem"], golden_root=Path(d) / "linux")
            self.assertTrue(ok[0].ok, ok[0].details)


class IomemTest(unittest.TestCase):
    TREE = textwrap.dedent("""\
        00000000-0000ffff : Something
          00001000-00001fff : System RAM
            00001000-000010ff : Kernel code
              00001000-0000100f : Reserved
          00002000-00002fff : Video ROM
        20000000-2fffffff : PCI Bus 0000:00
          20000000-20ffffff : virtio0
            20000000-207fffff : System RAM (virtio_mem)
          21000000-21000fff : 0000:00:03.0
          21001000-21001fff : 0000:00:03.1
        30000000-3fffffff : Persistent Memory (legacy)
          30000000-305fffff : namespace0.0
          38000000-3fffffff : dax0.0
            38000000-3fffffff : System RAM (kmem)
        fec00000-fec003ff : IOAPIC 0
        fec01000-fec013ff : IOAPIC
        fed00000-fed003ff : HPET 12
          fed00000-fed003ff : PNP0103:00
        fee00000-fee00fff : System RAM buffer
        """)

    def test_reparenting(self):
        tree = iomem.parse_iomem(self.TREE)
        self.assertEqual(iomem.render_iomem(tree), self.TREE)
        got = iomem.render_iomem(iomem.reduce_iomem(tree, iomem.default_name_set()))
        self.assertEqual(got, textwrap.dedent("""\
            00001000-00001fff : System RAM
              00001000-0000100f : Reserved
            00002000-00002fff : Video ROM
            20000000-207fffff : System RAM (virtio_mem)
            30000000-3fffffff : Persistent Memory (legacy)
              38000000-3fffffff : System RAM (kmem)
            fec00000-fec003ff : IOAPIC 0
            fed00000-fed003ff : HPET 12
            """))

    def test_extra_names_exact_and_regex(self):
        names = iomem.default_name_set(iomem.parse_name_patterns("re:virtio\\d+\n  re:dax\\d+\\.\\d+ \n0000:00:03.0\n"))
        got = iomem.render_iomem(iomem.reduce_iomem(iomem.parse_iomem(self.TREE), names))
        self.assertIn("20000000-20ffffff : virtio0\n  20000000-207fffff : System RAM (virtio_mem)\n", got)
        self.assertIn("21000000-21000fff : 0000:00:03.0\n", got)
        self.assertNotIn("0000:00:03.1", got)           # exact, not a pattern: the dot is literal
        self.assertIn("  38000000-3fffffff : dax0.0\n    38000000-3fffffff : System RAM (kmem)\n", got)

    def test_names_are_whole_names(self):
        names = iomem.default_name_set(["0000:00:03.0"])
        for name in ("System RAM", "System RAM (kmem)", "IOAPIC 0", "HPET 0", "Local APIC", "RAM buffer",
                     "Persistent Memory (legacy)", "0000:00:03.0"):
            self.assertIn(name, names)
        for name in ("Kernel code", "System RAM buffer", "System RAM ()", "IOAPIC", "IOAPIC 0x1", "Reserved ",
                     " Reserved", "reserved", "0000:00:03x0", "PCI Bus 0000:00", "virtio0", "HPET"):
            self.assertNotIn(name, names)

    def test_bad_patterns(self):
        with self.assertRaises(ValueError):
            iomem.parse_name_patterns("re:virtio(\n")
        self.assertEqual(iomem.parse_name_patterns(""), [])

    def test_drop_lines(self):
        tree = iomem.parse_iomem(self.TREE)
        got = iomem.render_iomem(iomem.reduce_iomem(tree, iomem.default_name_set(),
                                                    ["  00001000-00001fff : System RAM"]))
        self.assertTrue(got.startswith("00001000-0000100f : Reserved\n00002000-00002fff : Video ROM\n"))

    def test_parse_errors(self):
        for text, words in (("00000000-00000fff Reserved\n", "not a /proc/iomem line"),
                            ("00000000-00000fff : A\n   00000000-000000ff : B\n", "odd indentation"),
                            ("00000000-00000fff : A\n    00000000-000000ff : B\n", "more than one level"),
                            ("  00000000-00000fff : A\n", "more than one level"),
                            ("00000000-00000fff : A\n\n00001000-00001fff : B\n", "line 2")):
            with self.assertRaises(iomem.IomemError, msg=text) as cm:
                iomem.parse_iomem(text)
            self.assertIn(words, str(cm.exception))
        self.assertEqual(iomem.parse_iomem("").children, [])
        self.assertEqual(iomem.render_iomem(iomem.parse_iomem("")), "")

    def test_render_pads_and_keeps_wide_addresses(self):
        tree = iomem.parse_iomem("0-fff : A\n  1000-1fff : B\nfd00000000-ffffffffff : C\n")
        self.assertEqual(iomem.render_iomem(tree),
                         "00000000-00000fff : A\n  00001000-00001fff : B\nfd00000000-ffffffffff : C\n")


class MemmapTest(unittest.TestCase):
    def test_from_dumps(self):
        rows = rc.parse_firmware_memmap(golden(BASELINE, rc.FIRMWARE_MEMMAP))
        log = ktap.parse_log(memmap_dumps(rows))
        got, problems = rc.memmap_from_dumps(log.dumps)
        self.assertEqual((got, problems), (rows, []))
        self.assertEqual(rc.render_memmap(got)[:2], ["# N start end type", "0 0x0 0x9fbff System RAM"])

    def test_numeric_order_and_problems(self):
        dumps = {"/sys/firmware/memmap/10/start": "0x1000\n", "/sys/firmware/memmap/10/end": "0x1fff\n",
                 "/sys/firmware/memmap/10/type": "Reserved\n", "/sys/firmware/memmap/9/start": "0x0\n",
                 "/sys/firmware/memmap/9/type": "System RAM", "/sys/firmware/memmap/x/start": "0x0\n",
                 "/proc/iomem": "ignored\n"}
        rows, problems = rc.memmap_from_dumps(dumps)
        self.assertEqual(rows, [(9, "0x0", "<missing>", "System RAM"), (10, "0x1000", "0x1fff", "Reserved")])
        self.assertEqual(rc.render_memmap(rows)[1:], ["9 0x0 <missing> System RAM", "10 0x1000 0x1fff Reserved"])
        self.assertIn("/sys/firmware/memmap/9: no dump of end", problems)
        self.assertTrue(any("memmap/9/type" in p and "newline" in p for p in problems))

    def test_bad_reference_line(self):
        with self.assertRaises(ValueError):
            rc.parse_firmware_memmap("# N start end type\n0 0x0 System RAM\n")

    def test_blocks_from_dumps(self):
        dumps = {"/sys/devices/system/memory/memory33/state": "offline\n",
                 "/sys/devices/system/memory/memory4/state": "online\n"}
        rows, problems = rc.blocks_from_dumps(dumps)
        self.assertEqual((rc.render_blocks(rows), problems), (["memory4 online", "memory33 offline"], []))

    def test_blocks_from_run_dumps(self):
        # A run dump (docs/ktap.md) stands for each block of the run.
        dumps = {"/sys/devices/system/memory/memory{5..7}/state": "online\n",
                 "/sys/devices/system/memory/memory4/state": "offline\n"}
        rows, problems = rc.blocks_from_dumps(dumps)
        self.assertEqual((rc.render_blocks(rows), problems),
                         (["memory4 offline", "memory5 online", "memory6 online", "memory7 online"], []))
        rows, problems = rc.blocks_from_dumps({"/sys/devices/system/memory/memory{7..5}/state": "online\n"})
        self.assertEqual(rows, [])
        self.assertTrue(problems and "empty run" in problems[0])


SNAPSHOT_LOG = """\
KTAP version 1
1..1
  KTAP version 1
  # Subtest: hotplug
  1..1
  # dump-begin /proc/iomem
  00000000-00000fff : Reserved
  # dump-end /proc/iomem
  # dump-begin /sys/firmware/memmap/0/start
  0x0
  # dump-end /sys/firmware/memmap/0/start
  ok 1 selftest_add
ok 1 hotplug
# dump-begin /proc/iomem
00000000-00000fff : Boot
# dump-end /proc/iomem
# dump-begin /sys/firmware/memmap/0/start
0x100
# dump-end /sys/firmware/memmap/0/start
# hotmem: ready
# dump-begin /proc/iomem
00000000-00000fff : Event1
# dump-end /proc/iomem
# dump-begin /sys/devices/system/memory/memory32/state
online
# dump-end /sys/devices/system/memory/memory32/state
# hotmem: handled 1 acpi-dimm add 0x100000000-0x10fffffff
# dump-begin /sys/firmware/memmap/7/start
0x100000000
# dump-end /sys/firmware/memmap/7/start
# dump-begin /proc/iomem
00000000-00000fff : Event2a
# dump-end /proc/iomem
# dump-begin /proc/iomem
00000000-00000fff : Event2b
# dump-end /proc/iomem
# hotmem: handled 2 acpi-dimm remove 0x100000000-0x10fffffff
# dump-begin /proc/iomem
00000000-00000fff : After
# dump-end /proc/iomem
# hotmem: verdict PASS
"""


class SnapshotTest(unittest.TestCase):
    def names(self, scan, selector):
        return iomem.parse_iomem(rc.select_snapshot(scan, selector).dumps["/proc/iomem"]).children[0].name

    def test_selectors(self):
        scan = rc.scan_snapshots(SNAPSHOT_LOG)
        self.assertEqual(len(scan.snapshots), 6)
        self.assertEqual(self.names(scan, "snapshot:1"), "Reserved")     # indented dump, inside a suite
        self.assertEqual(rc.select_snapshot(scan, "snapshot:1").dumps["/sys/firmware/memmap/0/start"], "0x0\n")
        self.assertEqual(self.names(scan, "boot"), "Boot")
        self.assertEqual(rc.select_snapshot(scan, "boot").dumps["/sys/firmware/memmap/0/start"], "0x100\n")
        self.assertEqual(self.names(scan, "handled:1"), "Event1")
        self.assertEqual(list(rc.select_snapshot(scan, "handled:1").dumps),
                         ["/proc/iomem", "/sys/devices/system/memory/memory32/state"])
        self.assertEqual(self.names(scan, "handled:2"), "Event2b")
        # The memmap dump after `handled 1` belongs to no snapshot.
        self.assertEqual(list(rc.select_snapshot(scan, "snapshot:4").dumps), ["/proc/iomem"])
        self.assertEqual(self.names(scan, "last"), "After")
        self.assertEqual([(m[1], m[2]) for m in scan.markers],
                         [("ready", None), ("handled", 1), ("handled", 2), ("verdict", None)])

    def test_selector_errors(self):
        scan = rc.scan_snapshots(SNAPSHOT_LOG)
        for sel, words in (("handled:3", "no `# hotmem: handled 3"), ("snapshot:9", "has 6 snapshot")):
            with self.assertRaises(LookupError) as cm:
                rc.select_snapshot(scan, sel)
            self.assertIn(words, str(cm.exception))
        with self.assertRaises(LookupError):
            rc.select_snapshot(rc.scan_snapshots("# hotmem: verdict PASS\n"), "boot")
        late = rc.scan_snapshots("# hotmem: ready\n" + ktap.format_dump("/proc/iomem", "0-f : A\n"))
        with self.assertRaises(LookupError) as cm:
            rc.select_snapshot(late, "boot")
        self.assertIn("before `# hotmem: ready`", str(cm.exception))
        quiet = rc.scan_snapshots(ktap.format_dump("/proc/iomem", "0-f : A\n")
                                  + "# hotmem: ready\n# hotmem: handled 1 x add 0x0-0x1\n")
        with self.assertRaises(LookupError) as cm:
            rc.select_snapshot(quiet, "handled:1")
        self.assertIn("no snapshot between", str(cm.exception))
        for bad in ("handled", "handled:0", "snapshot:-1", "first", "boot:1"):
            with self.assertRaises(ValueError, msg=bad):
                rc.parse_selector(bad)

    def test_boot_label_wins(self):
        log = (ktap.format_dump("/proc/iomem", "0-f : A\n") + "# snapshot-begin boot\n"
               + ktap.format_dump("/proc/iomem", "0-f : B\n") + "# snapshot-end boot\n"
               + ktap.format_dump("/proc/iomem", "0-f : C\n"))
        self.assertEqual(self.names(rc.scan_snapshots(log), "boot"), "B")

    def test_boot_without_markers_is_the_last(self):
        log = ktap.format_dump("/proc/iomem", "0-f : A\n") + ktap.format_dump("/proc/iomem", "0-f : B\n")
        self.assertEqual(self.names(rc.scan_snapshots(log), "boot"), "B")

    def test_repeated_dump_in_a_snapshot(self):
        log = (ktap.format_dump("/proc/iomem", "0-f : A\n") + memmap_dumps([(0, "0x0", "0xf", "X")])
               + memmap_dumps([(0, "0x0", "0xf", "Y")]))
        scan = rc.scan_snapshots(log)
        self.assertEqual(scan.problems[0], "snapshot #1: /sys/firmware/memmap/0/start dumped twice")


class EntryParsingTest(unittest.TestCase):
    def test_ref_entries(self):
        got = rc.parse_ref_entries("baseline/pc-512M/1-boot\n  acpi-dimm/hotplug/2-after-device_add-dimm1@handled:1"
                                   " x/y/z@last x/y/z@snapshot:2 a/b/c/")
        self.assertEqual([e.label() for e in got], ["baseline/pc-512M/1-boot",
                                                    "acpi-dimm/hotplug/2-after-device_add-dimm1@handled:1",
                                                    "x/y/z@last", "x/y/z@snapshot:2", "a/b/c"])
        self.assertEqual(got[0].selector, "boot")
        self.assertEqual(rc.parse_ref_entries(""), [])
        for bad in ("/abs/path", "a/../b", "a/./b", "a//b", "a/b@later", "a/b@handled:0", "a/b a/b@boot", "a\\b"):
            with self.assertRaises(ValueError, msg=bad):
                rc.parse_ref_entries(bad)

    def test_check_list(self):
        self.assertIsNone(rc.parse_check_list("  "))
        self.assertEqual(rc.parse_check_list("memmap, e820"), ["e820", "memmap"])
        with self.assertRaises(ValueError) as cm:
            rc.parse_check_list("e820 iomen")
        self.assertIn("iomen", str(cm.exception))

    def test_plan_defaults(self):
        entries = rc.parse_ref_entries(" ".join([HOTPLUG_STEPS[0], HOTPLUG_STEPS[1] + "@handled:1", PMEM]))
        plan = [name for name, _k, _e, _r in rc.plan_checks(entries)]
        self.assertEqual(plan, ["e820 " + HOTPLUG_STEPS[0], "memmap " + HOTPLUG_STEPS[0], "iomem " + HOTPLUG_STEPS[0],
                                "memmap %s@handled:1" % HOTPLUG_STEPS[1], "iomem %s@handled:1" % HOTPLUG_STEPS[1],
                                "memmap " + PMEM, "iomem " + PMEM])
        plan = [name for name, _k, _e, _r in rc.plan_checks(rc.parse_ref_entries(PMEM))]
        self.assertEqual(plan, ["e820 " + PMEM, "e820_user " + PMEM, "memmap " + PMEM, "iomem " + PMEM])
        plan = rc.plan_checks(rc.parse_ref_entries("no/such/step"), ["e820"])
        self.assertEqual([(n, k) for n, k, _e, _r in plan], [("reference no/such/step", None)])


class CompareLogTest(unittest.TestCase):
    def run_checks(self, log, refs=BASELINE, checks=None, extra=()):
        return rc.compare_log(ktap.parse_log(log).lines, rc.parse_ref_entries(refs), checks, extra, label="cfg")

    def test_baseline_passes(self):
        results = self.run_checks(boot_log(BASELINE, iomem=HOTMEM_BASELINE_IOMEM))
        self.assertEqual([(r.name, r.ok) for r in results],
                         [("e820 " + BASELINE, True), ("memmap " + BASELINE, True), ("iomem " + BASELINE, True)])
        self.assertEqual(results[0].summary, "BIOS-e820 table: 7 line(s) match")
        self.assertEqual(results[1].summary, "/sys/firmware/memmap: 7 entries match")
        self.assertEqual(results[2].summary, "/proc/iomem: 14 memory-map line(s) match")

    def test_every_boot_capture_passes_against_itself(self):
        for step in golden_steps():
            if not step.split("/")[-1].startswith("1-boot"):
                continue
            checks = ["e820", "e820_user", "e820_edits", "memmap", "iomem"]
            results = self.run_checks(boot_log(step), refs=step, checks=checks)
            self.assertEqual([r.ok for r in results], [True] * 5, [(r.name, r.details) for r in results])

    def test_deliberate_mismatch_diff(self):
        rows = rc.parse_firmware_memmap(golden(BASELINE, rc.FIRMWARE_MEMMAP))
        rows[3] = (3, "0x100000", "0x1ffeffff", "System RAM")
        iomem = HOTMEM_BASELINE_IOMEM.replace("00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\n",
                                              "00000000-0009fbff : System RAM\n")
        results = self.run_checks(boot_log(BASELINE, iomem=iomem, rows=rows))
        ok = {r.name.split()[0]: r for r in results}
        self.assertTrue(ok["e820"].ok)
        memmap = ok["memmap"]
        self.assertFalse(memmap.ok)
        self.assertEqual(memmap.summary, "/sys/firmware/memmap differs from Linux: 1 line(s) only in Linux,"
                                         " 1 only in hotmem")
        self.assertEqual(memmap.details[0], "--- linux:  tests/golden/linux/%s/firmware_memmap.txt" % BASELINE)
        self.assertEqual(memmap.details[1], "+++ hotmem: cfg /sys/firmware/memmap, snapshot boot (#1 of 1)")
        self.assertIn("-3 0x100000 0x1ffdffff System RAM", memmap.details)
        self.assertIn("+3 0x100000 0x1ffeffff System RAM", memmap.details)
        self.assertIn(" 0 0x0 0x9fbff System RAM", memmap.details)          # short tables: full context
        iomem_r = ok["iomem"]
        self.assertFalse(iomem_r.ok)
        self.assertIn("-00000000-00000fff : Reserved", iomem_r.details)
        self.assertIn("-00001000-0009fbff : System RAM", iomem_r.details)
        self.assertIn("+00000000-0009fbff : System RAM", iomem_r.details)
        self.assertTrue(iomem_r.details[0].endswith("proc_iomem.txt (reduced)"))
        text = "\n".join(rc.format_result(iomem_r))
        self.assertTrue(text.startswith("FAIL: /proc/iomem (reduced) differs from Linux: 2 line(s) only in Linux,"
                                        " 1 only in hotmem\n  --- linux:  tests/golden/linux/"))

    def test_e820_mismatch_and_missing(self):
        e820 = kernel_e820_lines(BASELINE).replace("0x000000001ffdffff] usable", "0x000000001ffdefff] usable")
        r = self.run_checks(boot_log(BASELINE, e820=e820), checks=["e820"])[0]
        self.assertFalse(r.ok)
        self.assertIn("-BIOS-e820: [mem 0x0000000000100000-0x000000001ffdffff] usable", r.details)
        self.assertIn("+BIOS-e820: [mem 0x0000000000100000-0x000000001ffdefff] usable", r.details)
        r = self.run_checks(boot_log(BASELINE, e820=""), checks=["e820"])[0]
        self.assertEqual(r.summary, "BIOS-e820 table: hotmem printed nothing (Linux: 7 line(s))")
        # No memmap= here: an asked-for e820_user check passes when both have none.
        r = self.run_checks(boot_log(BASELINE), checks=["e820_user"])[0]
        self.assertTrue(r.ok, r.details)

    def test_iomem_format_is_checked(self):
        upper = HOTMEM_BASELINE_IOMEM.replace("1ffdffff : System RAM", "1FFDFFFF : System RAM")
        r = self.run_checks(boot_log(BASELINE, iomem=upper), checks=["iomem"])[0]
        self.assertFalse(r.ok)
        self.assertIn("not in Linux's format", r.summary)
        self.assertIn("+00100000-1FFDFFFF : System RAM", r.details)
        r = self.run_checks(boot_log(BASELINE, iomem="00000000-00000fff Reserved\n"), checks=["iomem"])[0]
        self.assertFalse(r.ok)
        self.assertIn("does not parse", r.summary)

    def test_missing_snapshot_and_reference(self):
        results = self.run_checks(boot_log(BASELINE).replace("dump-begin /proc/iomem", "dump-begin /proc/other"))
        self.assertEqual([r.ok for r in results], [True, False, False])
        self.assertIn("no snapshot", results[1].summary)
        results = self.run_checks(boot_log(BASELINE), refs="baseline/pc-512M/9-none")
        self.assertEqual([(r.name, r.ok) for r in results], [("reference baseline/pc-512M/9-none", False)])
        self.assertIn("reference directory not found", results[0].summary)
        results = rc.compare_log([], rc.parse_ref_entries(BASELINE), unavailable="ISO not found")
        self.assertEqual([r.summary for r in results], ["not run: ISO not found"] * 3)

    def test_hotplug_steps_with_events(self):
        log = "".join(kernel_e820_lines(HOTPLUG_STEPS[0]))
        log += "KTAP version 1\n1..0\n"
        for k, step in enumerate(HOTPLUG_STEPS):
            if k == 1:
                log += "# hotmem: ready\n"
            blocks = rc.parse_memory_blocks(golden(step, rc.MEMORY_BLOCKS)) if k else ()
            log += snapshot_text(as_cd_boot(golden(step, rc.PROC_IOMEM)),
                                 rc.parse_firmware_memmap(golden(step, rc.FIRMWARE_MEMMAP)), blocks)
            if k:
                log += "# hotmem: handled %d acpi-dimm %s 0x100000000-0x10fffffff\n" % (k, ("add", "remove")[k - 1])
        log += "# hotmem: verdict SKIP\n"
        refs = "%s %s@handled:1 %s@handled:2" % HOTPLUG_STEPS
        results = self.run_checks(log, refs=refs)
        self.assertEqual(len(results), 7)
        self.assertTrue(all(r.ok for r in results), [(r.name, r.details) for r in results if not r.ok])
        results = self.run_checks(log, refs=HOTPLUG_STEPS[1] + "@handled:1", checks=["blocks"])
        self.assertTrue(results[0].ok, results[0].details)
        # The boot snapshot compared with the step after the add: the DIMM is missing.
        r = self.run_checks(log, refs=HOTPLUG_STEPS[1], checks=["memmap"])[0]
        self.assertEqual(r.details[-1], "-7 0x100000000 0x10fffffff System RAM")
        r = self.run_checks(log, refs=HOTPLUG_STEPS[0], checks=["blocks"])[0]
        self.assertIn("has no /sys/devices/system/memory/memoryN/state dumps", r.summary)


class CommandLineToolTest(unittest.TestCase):
    def test_reduce_and_compare(self):
        out = io.StringIO()
        with tempfile.TemporaryDirectory() as d, unittest.mock.patch("sys.stdout", out):
            self.assertEqual(rc.main(["--reduce", BASELINE]), 0)
            log = Path(d) / "x.log"
            log.write_text(boot_log(BASELINE, iomem=HOTMEM_BASELINE_IOMEM))
            self.assertEqual(rc.main([str(log), BASELINE]), 0)
            log.write_text(boot_log(BASELINE, e820=""))
            self.assertEqual(rc.main([str(log), BASELINE, "--checks", "e820"]), 1)
        text = out.getvalue()
        self.assertTrue(text.startswith(BASELINE_REDUCED.replace("000cb000-000cb5ff : Adapter ROM\n", "")))
        self.assertIn("3 passed, 0 failed", text)
        self.assertIn("0 passed, 1 failed", text)


# ---------------------------------------------------------------------------
# The runner hook
# ---------------------------------------------------------------------------


class ManifestRefTest(unittest.TestCase):
    def test_keys(self):
        cfg = manifest.parse_manifest("[r]\nref = baseline/pc-512M/1-boot\n    acpi-dimm/hotplug/1-boot@handled:1\n"
                                    "ref_checks = iomem, memmap\nref_iomem_extra = re:virtio\\d+\n"
                                    "    0000:00:03.0\n")[0]
        self.assertEqual([e.label() for e in cfg.ref], ["baseline/pc-512M/1-boot", "acpi-dimm/hotplug/1-boot@handled:1"])
        self.assertEqual(cfg.ref_checks, ["memmap", "iomem"])
        self.assertEqual(cfg.ref_iomem_extra, ["re:virtio\\d+", "0000:00:03.0"])
        plain = manifest.parse_manifest("[p]\n")[0]
        self.assertEqual((plain.ref, plain.ref_checks, plain.ref_iomem_extra), ([], None, []))

    def test_errors(self):
        for text, words in (("[a]\nref_checks = e820\n", "need a ref"),
                            ("[a]\nref_iomem_extra = virtio0\n", "need a ref"),
                            ("[a]\nref = x/y\nref_checks = e821\n", "unknown check"),
                            ("[a]\nref = x/y\nref_iomem_extra = re:(\n", "bad regular expression"),
                            ("[a]\nref = ../x\n", "relative to tests/golden/linux"),
                            ("[a]\nref = x/y@soon\n", "snapshot")):
            with self.assertRaises(manifest.ManifestError, msg=text) as cm:
                manifest.parse_manifest(text)
            self.assertIn(words, str(cm.exception))

    def test_repository_ref_configs_mirror_the_captures(self):
        configs = {c.name: c for c in manifest.load_manifest(manifest.DEFAULT_MANIFEST)}
        # config -> the first reference step (its boot snapshot); later steps
        # are the same run's hotplug events.
        want = {"ref-pc-512M": BASELINE, "ref-pc-slots": "acpi-dimm/hotplug/1-boot",
                "ref-q35": "virtio-mem-q35/virtio-mem/2-driver-loaded-requested-256M",
                "ref-pmem": PMEM,
                "ref-dimm-coldplug": "acpi-dimm/coldplug/1-boot",
                "ref-dimm-hotplug": "acpi-dimm/hotplug-online_movable/1-boot",
                "ref-virtio-mem-pc": "virtio-mem-pc/virtio-mem/2-driver-loaded-requested-256M",
                "ref-pmem-kmem": "pmem-legacy-kmem/numa-m1G-memmap256M-at-0x20000000/3-devdax",
                "ref-pmem-kmem-literal": "pmem-legacy-kmem/literal-m1G-memmap256M-at-0x30000000/3-devdax"}
        # hotmem-only words a ref configuration may add to Linux's command line:
        # firmware emulation off, the event protocol's idle limit, and dax.kmem
        # (Linux got kmem by loading the module, not from its command line).
        extra_ok = re.compile(r"^(fw\.hide=none|hotmem\.idle=\d+|dax\.kmem=1)$")
        for name, step in want.items():
            cfg = configs[name]
            self.assertEqual(cfg.ref[0].label(), step, name)
            self.assertIsNone(cfg.ref_checks, name)
            run = GOLDEN / step / ".."
            for entry in cfg.ref:
                self.assertTrue((GOLDEN / entry.step).is_dir(), entry.step)
                self.assertEqual((GOLDEN / entry.step / "..").resolve(), run.resolve(), entry.step)
            self.assertIn("ref", cfg.groups)
            self.assertEqual((cfg.firmware, cfg.media, cfg.expect), ("bios", "cdrom", "pass"), name)
            # QEMU options: the capture's user-visible config line, -m included.
            lines = (run / "qemu_cmdline.txt").read_text().splitlines()
            words = shlex.split(lines[lines.index("# user-visible config (what the project should replicate):") + 1])
            i = words.index("-m")
            self.assertEqual(cfg.memory, words[i + 1], name)
            self.assertEqual(cfg.qemu, words[:i] + words[i + 2:], name)
            # Kernel options: the capture's, minus Linux-only ones, plus fw.hide=none.
            linux = [w for w in (run / "kernel_cmdline.txt").read_text().split()
                     if not w.startswith(("console=", "panic=")) and w != "nokaslr"]
            ours = cfg.cmdline.split()
            self.assertEqual([w for w in ours if not extra_ok.match(w)], linux, name)
            self.assertIn("fw.hide=none", ours, name)
        self.assertEqual(sorted(c.name for c in manifest.select_configs(list(configs.values()), group="ref")),
                         sorted(want))

    def test_selftest_suite_includes_this_file(self):
        ids = set()
        todo = [runner.selftest_suite()]
        while todo:
            s = todo.pop()
            if isinstance(s, unittest.TestSuite):
                todo += list(s)
            else:
                ids.add(s.id().split(".")[0])
        self.assertTrue({"test_runner", "test_refcompare"} <= ids, ids)


class RunnerRefTest(unittest.TestCase):
    """run_matrix / run_qemu with the stand-in QEMU of test_runner."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="hotmem-refcompare-test-")
        self.dir = Path(self.tmp.name)
        self.fake = self.dir / "fake-qemu"
        self.fake.write_text("#!%s\n%s" % (sys.executable, test_runner.FAKE_QEMU))
        self.fake.chmod(0o755)
        self.iso = self.dir / "hotmem.iso"
        self.iso.write_bytes(b"iso")
        self.logdir = self.dir / "logs"

    def tearDown(self):
        self.tmp.cleanup()

    def env(self, log_text):
        path = self.dir / ("log%d.txt" % len(list(self.dir.glob("log*.txt"))))
        path.write_bytes(log_text.encode())
        env = dict(os.environ, QEMU=str(self.fake), FAKE_LOG=str(path), FAKE_RC="1",
                   FAKE_ARGV=str(self.dir / "argv.json"))
        env.pop("HOTMEM_TIMEOUT_SCALE", None)
        return env

    def matrix(self, manifest_text, log_text):
        out = io.StringIO()
        rep = runner.run_matrix(manifest.parse_manifest(manifest_text), self.iso, self.logdir, jobs=1,
                                env=self.env(log_text), out=out)
        return rep, out.getvalue()

    def test_passing_fixture_counts_each_check(self):
        rep, out = self.matrix("[ref-pc-512M]\ncmdline = fw.hide=none\nref = %s\n" % BASELINE,
                               boot_log(BASELINE, iomem=HOTMEM_BASELINE_IOMEM))
        self.assertEqual((rep.passed, rep.failed), (4, 0), out)
        self.assertEqual(rep.lines[1:], ["ref-pc-512M ref e820 %s: PASS: BIOS-e820 table: 7 line(s) match" % BASELINE,
                                         "ref-pc-512M ref memmap %s: PASS: /sys/firmware/memmap: 7 entries match"
                                         % BASELINE,
                                         "ref-pc-512M ref iomem %s: PASS: /proc/iomem: 14 memory-map line(s) match"
                                         % BASELINE])
        self.assertIn("[ref-pc-512M] ref iomem %s: PASS" % BASELINE, out)
        summary = (self.logdir / "SUMMARY").read_text()
        self.assertIn("ref-pc-512M ref memmap %s: PASS" % BASELINE, summary)
        self.assertTrue(summary.rstrip().endswith("4 passed, 0 failed"))

    def test_failing_fixture_shows_the_diff(self):
        iomem = HOTMEM_BASELINE_IOMEM.replace("00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\n",
                                              "00000000-0009fbff : System RAM\n")
        rep, out = self.matrix("[a]\nref = %s\n[b]\n" % BASELINE, boot_log(BASELINE, iomem=iomem))
        # a: boot + e820 + memmap pass, iomem fails; b: a plain configuration.
        self.assertEqual((rep.passed, rep.failed), (4, 1), out)
        self.assertTrue(rep.lines[3].startswith("a ref iomem %s: FAIL: /proc/iomem (reduced) differs" % BASELINE))
        self.assertEqual(rep.lines[4][:9], "b: PASS (")
        self.assertIn("---- a ref iomem %s failed ----" % BASELINE, out)
        self.assertIn("    --- linux:  tests/golden/linux/%s/proc_iomem.txt (reduced)" % BASELINE, out)
        self.assertIn("    +++ hotmem: a /proc/iomem, snapshot boot (#1 of 1) (reduced)", out)
        self.assertIn("    +00000000-0009fbff : System RAM", out)
        summary = (self.logdir / "SUMMARY").read_text()
        self.assertIn("    -00000000-00000fff : Reserved", summary)
        self.assertTrue(summary.rstrip().endswith("4 passed, 1 failed"))

    def test_boot_failure_and_missing_iso(self):
        rep, out = self.matrix("[a]\nref = %s\nref_checks = memmap\n" % BASELINE,
                               boot_log(BASELINE, verdict="FAIL"))
        self.assertEqual((rep.passed, rep.failed), (1, 1), out)        # the checks still run on the log
        cfg = manifest.parse_manifest("[a]\nref = %s\n" % BASELINE)[0]
        res = qemu_run.run_qemu(cfg, self.dir / "none.iso", self.logdir, env=self.env(""))
        results = qemu_run.check_reference(res)
        self.assertEqual([r.ok for r in results], [False] * 3)
        self.assertTrue(results[0].summary.startswith("not run: ISO not found"))
        with unittest.mock.patch.object(rc, "compare_log", side_effect=OSError("disk gone")):
            results = qemu_run.check_reference(res)
        self.assertEqual([(r.ok, r.summary) for r in results],
                         [(False, "runner error in the reference checks: OSError('disk gone')")])

    def test_run_mode_exit_status(self):
        manifest_path = self.dir / "m.cfg"
        manifest_path.write_text("[a]\nref = %s\n" % BASELINE)
        for log_text, status in ((boot_log(BASELINE, iomem=HOTMEM_BASELINE_IOMEM), 0),
                                 (boot_log(BASELINE, e820=""), 1)):
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")     # run mode echoes to sys.stdout.buffer
            with unittest.mock.patch.dict(os.environ, self.env(log_text)), \
                    unittest.mock.patch("sys.stdout", out):
                self.assertEqual(runner.main(["run", "a", "--manifest", str(manifest_path), "--iso", str(self.iso),
                                              "--logdir", str(self.logdir)]), status)
            out.flush()
            text = out.buffer.getvalue().decode()
            self.assertIn("a ref e820 %s: %s" % (BASELINE, "PASS" if status == 0 else "FAIL"), text)


if __name__ == "__main__":
    unittest.main()
