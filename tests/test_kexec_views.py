"""Unit tests of tests/kexec_views.py (the consumer views recomputed from a
snapshot), of refcompare.compare_views (manifest key `views`) and of its hook
in the runner. No QEMU: logs are built here in the kernel's dump format, with
view texts written by hand from the rules in docs/views.md. Run:
python3 tests/runner.py selftest."""

import sys
import unittest
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import kexec_views as kv  # noqa: E402
import ktap  # noqa: E402
import manifest  # noqa: E402
import refcompare as rc  # noqa: E402
from iomem import parse_iomem  # noqa: E402
import test_refcompare  # noqa: E402  (its stand-in QEMU harness)

# A 1 GiB pc with crashkernel=128M, a DIMM at 4 GiB (memmap entry 7),
# virtio-mem RAM above it and a low kmem range in legacy pmem.
E820 = """\
BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved
BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved
BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable
BIOS-e820: [mem 0x000000003ffe0000-0x000000003fffffff] reserved
BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved
"""
IOMEM = """\
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-2fffffff : System RAM
  01000000-01ffffff : Kernel code
  20000000-27ffffff : Crash kernel
30000000-37ffffff : Persistent Memory (legacy)
  30000000-37ffffff : namespace0.0
    30000000-37ffffff : dax0.0
      30000000-37ffffff : System RAM (kmem)
38000000-3ffdffff : System RAM
3ffe0000-3fffffff : Reserved
fffc0000-ffffffff : Reserved
100000000-10fffffff : System RAM
110000000-17fffffff : virtio0
  110000000-117ffffff : System RAM (virtio_mem)
"""
MEMMAP = [(0, "0x0", "0x9fbff", "System RAM"), (1, "0x9fc00", "0x9ffff", "Reserved"),
          (2, "0xf0000", "0xfffff", "Reserved"), (3, "0x100000", "0x3ffdffff", "System RAM"),
          (4, "0x3ffe0000", "0x3fffffff", "Reserved"), (5, "0xfffc0000", "0xffffffff", "Reserved"),
          (7, "0x100000000", "0x10fffffff", "System RAM")]

# Written by hand from docs/views.md.
VIEWS = {
    "kexec_file_ram": """\
0000000000001000-000000000009fbff RAM
0000000000100000-000000002fffffff RAM
0000000038000000-000000003ffdffff RAM
0000000100000000-000000010fffffff RAM
""",
    "kexec_load_memmap": """\
0000000000000400-000000000009fbff RAM
000000000009fc00-000000000009ffff RESERVED
00000000000f0000-00000000000fffff RESERVED
0000000000100000-000000003ffdffff RAM
000000003ffe0000-000000003fffffff RESERVED
00000000fffc0000-00000000ffffffff RESERVED
0000000100000000-000000010fffffff RAM
""",
    "kdump_ranges": """\
0000000000100000-000000001fffffff RAM
0000000028000000-000000002fffffff RAM
0000000030000000-0000000037ffffff RAM
0000000038000000-000000003ffdffff RAM
0000000100000000-000000010fffffff RAM
0000000110000000-0000000117ffffff RAM
""",
    "kdump_iomem_ranges": """\
0000000000000000-0000000000000fff RESERVED
0000000000001000-000000000009fbff RAM
000000000009fc00-000000000009ffff RESERVED
00000000000f0000-00000000000fffff RESERVED
0000000000100000-000000001fffffff RAM
0000000028000000-000000002fffffff RAM
0000000030000000-0000000037ffffff PRAM
0000000030000000-0000000037ffffff RAM
0000000038000000-000000003ffdffff RAM
000000003ffe0000-000000003fffffff RESERVED
00000000fffc0000-00000000ffffffff RESERVED
0000000100000000-000000010fffffff RAM
0000000110000000-0000000117ffffff RAM
""",
    "kexec_file_e820": """\
0000000000000000-000000000009fbff RAM
000000000009fc00-000000000009ffff RESERVED
00000000000f0000-00000000000fffff RESERVED
0000000000100000-000000003ffdffff RAM
000000003ffe0000-000000003fffffff RESERVED
00000000fffc0000-00000000ffffffff RESERVED
""",
}


def views_dumps(views):
    return "".join(ktap.format_dump("%s/%s" % (kv.VIEWS_DIR, name), text) for name, text in views.items())


def event_log(views=None, iomem=IOMEM, rows=MEMMAP):
    """A log with a boot snapshot and one event, both with the views."""
    views = VIEWS if views is None else views
    snap = test_refcompare.snapshot_text(iomem, rows) + views_dumps(views)
    return ("hotmem 0.1.0: memory-map test kernel (x86-64, multiboot2)\n" + E820
            + "# snapshot-begin boot\n" + snap
            + "# hotmem: ready\n# snapshot-begin event 1\n" + snap
            + "# hotmem: handled 1 acpi-dimm0 add 0x100000000-0x10fffffff\n# hotmem: verdict PASS\n")


def boot_log(views=None):
    """A whole boot log without events: KTAP, the boot snapshot with the
    views, the verdict."""
    views = VIEWS if views is None else views
    return ("hotmem 0.1.0: memory-map test kernel (x86-64, multiboot2)\n" + E820
            + "KTAP version 1\n1..1\nok 1 boot\n# snapshot-begin boot\n"
            + test_refcompare.snapshot_text(IOMEM, MEMMAP) + views_dumps(views) + "# hotmem: verdict PASS\n")


class ViewsTest(unittest.TestCase):
    def test_each_view_from_the_rules(self):
        got = kv.expected_views(IOMEM, MEMMAP, E820.splitlines())
        self.assertEqual(got, {"%s/%s" % (kv.VIEWS_DIR, k): v for k, v in VIEWS.items()})

    def test_dimm_in_kexec_load_but_not_in_kexec_file_e820(self):
        got = kv.expected_views(IOMEM, MEMMAP, E820.splitlines())
        self.assertIn("0000000100000000-000000010fffffff RAM", got[kv.VIEW_PATHS[1]])
        self.assertNotIn("0000000100000000", got[kv.VIEW_PATHS[4]])

    def test_cut_trims_splits_drops(self):
        r = [(0x1000, 0x9fbff, "RAM"), (0x100000, 0x3fffffff, "RAM")]
        self.assertEqual(kv.cut(r, 0, 0xfffff), [(0x100000, 0x3fffffff, "RAM")])
        self.assertEqual(kv.cut(r, 0x10000000, 0x17ffffff),
                         [(0x1000, 0x9fbff, "RAM"), (0x100000, 0xfffffff, "RAM"), (0x18000000, 0x3fffffff, "RAM")])
        self.assertEqual(kv.cut(r, 0x3f000000, 0x4fffffff), [(0x1000, 0x9fbff, "RAM"), (0x100000, 0x3effffff, "RAM")])

    def test_memmap_sorted_fixed_up_and_trimmed(self):
        rows = [(9, "0x200", "0x2fff", "System RAM"), (2, "0x0", "0x1fff", "System RAM"),
                (3, "0x5000", "0x5fff", "Soft Reserved"), (4, "0x5000", "0x6fff", "Soft Reserved")]
        self.assertEqual(kv.kexec_load_memmap(parse_iomem(""), rows),
                         [(0x400, 0x1fff, "RAM"), (0x1fff, 0x2fff, "RAM"), (0x5000, 0x6fff, "RESERVED")])

    def test_without_memmap_iomem_names_exactly_system_ram(self):
        got = kv.kexec_load_memmap(parse_iomem(IOMEM), [])
        self.assertIn((0x1000, 0x9fbff, "RAM"), got)
        self.assertNotIn((0x110000000, 0x117ffffff, "RAM"), got)
        self.assertNotIn((0x30000000, 0x37ffffff, "RAM"), got)
        self.assertIn((0x30000000, 0x37ffffff, "PRAM"), got)

    def test_gart_last_one_cut(self):
        text = "00100000-3fffffff : reserved\n  10000000-1fffffff : GART\n  20000000-2fffffff : GART\n"
        self.assertEqual(kv.kdump_iomem_ranges(parse_iomem(text)),
                         [(0x100000, 0x1fffffff, "RESERVED"), (0x30000000, 0x3fffffff, "RESERVED")])

    def test_e820_first_128_entries_and_bad_lines(self):
        lines = ["BIOS-e820: [mem 0x%016x-0x%016x] usable" % (i * 0x2000, i * 0x2000 + 0xfff) for i in range(130)]
        got = kv.kexec_file_e820(lines)
        self.assertEqual(len(got), 128)
        self.assertEqual(got[-1], (127 * 0x2000, 127 * 0x2000 + 0xfff, "RAM"))
        self.assertEqual(kv.kexec_file_e820(["BIOS-e820: [mem 0x0-0xfff] persistent (type 12)"]),
                         [(0, 0xfff, "PRAM")])
        with self.assertRaises(ValueError):
            kv.kexec_file_e820(["BIOS-e820: [mem 0x0-0xfff] type 99"])


class CompareViewsTest(unittest.TestCase):
    def test_pass(self):
        res = rc.compare_views(event_log(), ["boot", "handled:1"])
        self.assertEqual([(r.name, r.ok) for r in res], [("views boot", True), ("views handled:1", True)])
        self.assertEqual(res[0].summary, "consumer views: 5 view(s) match the snapshot")

    def test_a_wrong_line_fails_with_a_diff(self):
        views = dict(VIEWS, kdump_ranges=VIEWS["kdump_ranges"].replace("0000000028000000", "0000000027000000"))
        res = rc.compare_views(event_log(views), ["handled:1"])
        self.assertFalse(res[0].ok)
        self.assertIn("differs from the recomputation", res[0].summary)
        self.assertIn("-0000000028000000-000000002fffffff RAM", res[0].details)
        self.assertIn("+0000000027000000-000000002fffffff RAM", res[0].details)

    def test_a_missing_view_fails(self):
        views = dict(VIEWS)
        del views["kexec_file_e820"]
        res = rc.compare_views(event_log(views), ["boot"])
        self.assertFalse(res[0].ok)
        self.assertIn("+(no dump)", res[0].details)

    def test_missing_snapshot_and_unavailable(self):
        res = rc.compare_views(event_log(), ["handled:2"])
        self.assertFalse(res[0].ok)
        self.assertIn("no `# hotmem: handled 2", res[0].summary)
        res = rc.compare_views(event_log(), ["boot"], unavailable="QEMU did not start")
        self.assertEqual(res[0].summary, "not run: QEMU did not start")

    def test_selectors(self):
        self.assertEqual(rc.parse_views_selectors("events", 2), ["boot", "handled:1", "handled:2"])
        self.assertEqual(rc.parse_views_selectors("boot last", 0), ["boot", "last"])
        for text, n in (("events", 0), ("boot boot", 0), ("events handled:1", 1), ("later", 0)):
            with self.assertRaises(ValueError, msg=text):
                rc.parse_views_selectors(text, n)


class RunnerViewsTest(unittest.TestCase):
    """The `views` key through run_matrix with test_refcompare's stand-in
    QEMU (its harness methods, not its tests)."""

    setUp = test_refcompare.RunnerRefTest.setUp
    tearDown = test_refcompare.RunnerRefTest.tearDown
    env = test_refcompare.RunnerRefTest.env
    matrix = test_refcompare.RunnerRefTest.matrix

    CFG = "[ck]\nmemory = 1G\ncmdline = crashkernel=128M\nviews = boot last\n"

    def test_views_counted_one_test_per_snapshot(self):
        rep, out = self.matrix(self.CFG, boot_log())
        self.assertEqual((rep.passed, rep.failed), (3, 0), out)
        self.assertEqual(rep.lines[1:], ["ck ref views boot: PASS: consumer views: 5 view(s) match the snapshot",
                                         "ck ref views last: PASS: consumer views: 5 view(s) match the snapshot"])

    def test_views_failure_reported(self):
        views = dict(VIEWS, kexec_file_ram=VIEWS["kexec_file_ram"] + "0000000110000000-0000000117ffffff RAM\n")
        rep, out = self.matrix(self.CFG, boot_log(views))
        self.assertEqual((rep.passed, rep.failed), (1, 2), out)
        self.assertIn("+0000000110000000-0000000117ffffff RAM", out)

    def test_manifest_refuses_views_events_without_events(self):
        with self.assertRaises(manifest.ManifestError):
            manifest.parse_manifest("[x]\nviews = events\n")


if __name__ == "__main__":
    unittest.main()
