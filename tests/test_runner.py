"""Unit tests of the host-side runner: KTAP parser (fixture logs in
tests/fixtures/), verdict cross-checks, manifest, QEMU command lines, and the
process plumbing with a stand-in for QEMU (a small Python script), so no
real QEMU is needed. Run: python3 tests/runner.py selftest
(or python3 -m unittest discover -s tests -p 'test_runner.py')."""

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import unittest
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import ktap  # noqa: E402
import manifest  # noqa: E402
import qemu_run  # noqa: E402
import qmp  # noqa: E402
import runner  # noqa: E402

FIXTURES = TESTS_DIR / "fixtures"


def fixture(name):
    return ktap.parse_log((FIXTURES / name).read_bytes())


def check(expect, rc, name, **kw):
    return qemu_run.evaluate(expect, rc, fixture(name), **kw)


class CleanLineTest(unittest.TestCase):
    def test_ansi_and_cr(self):
        self.assertEqual(ktap.clean_line("\x1b[0m\x1b[37m\x1b[40mok 1 a\r"), "ok 1 a")
        self.assertEqual(ktap.clean_line("\x1b[2J\x1b[01;01H\x1b[=3hBdsDxe: x\r\n"), "BdsDxe: x")
        self.assertEqual(ktap.clean_line("\rKTAP version 1\r"), "KTAP version 1")
        self.assertEqual(ktap.clean_line("progress 10%\rprogress 100%"), "progress 100%")
        self.assertEqual(ktap.clean_line("a\x00b\x07c"), "abc")
        self.assertEqual(ktap.clean_line("  keep   trailing   "), "  keep   trailing   ")

    def test_start_after_noise_on_same_line(self):
        log = ktap.parse_log("\x1b[H\x1b[Jjunk KTAP version 1\n1..1\nok 1 a\n")
        self.assertEqual(log.status(), ktap.PASS)
        self.assertEqual(log.counts(), {"passed": 1, "failed": 0, "skipped": 0})


class FixtureTest(unittest.TestCase):
    def test_pass_with_noise(self):
        log = fixture("pass-noise.log")
        self.assertEqual(log.status(), ktap.PASS)
        self.assertEqual(log.verdict, "PASS")
        self.assertEqual([c.name for c in log.root.children], ["printf", "e820"])
        self.assertEqual(log.root.plan, 2)
        self.assertEqual(log.counts(), {"passed": 5, "failed": 0, "skipped": 0})
        self.assertEqual(log.tree_problems(), [])
        self.assertEqual(log.problems, [])
        self.assertEqual(log.dumps["/sys/firmware/memmap/0/end"], "0x9fbff\n")
        self.assertTrue(log.dumps["/proc/iomem"].startswith("00000000-00000fff : Reserved\n"))
        self.assertIn("  00100000-002fffff : Kernel code\n", log.dumps["/proc/iomem"])
        self.assertFalse(log.has_register_dump)
        self.assertTrue(check("pass", 1, "pass-noise.log").ok)

    def test_crash_midsuite(self):
        log = fixture("crash-midsuite.log")
        self.assertEqual(log.status(), ktap.CRASHED)
        self.assertIsNone(log.verdict)
        self.assertTrue(log.has_register_dump)
        self.assertEqual(log.registers["RIP"], "0008:0000000000104a3c")
        self.assertEqual(log.registers["CR2"], "000000dead000000")
        self.assertEqual(log.panics[0], "CPU exception 14 (Page Fault), error code 0x0")
        traps = log.root.children[1]
        self.assertEqual((traps.name, traps.status), ("traps", ktap.CRASHED))
        # 1 missing suite + 2 missing cases of traps
        self.assertEqual(log.counts(), {"passed": 3, "failed": 3, "skipped": 0})
        self.assertTrue(any("panic" in ln for ln in traps.log))
        # Expected crash: passes. Expected pass: fails with the reason.
        self.assertTrue(check("crash", 127, "crash-midsuite.log").ok)
        o = check("pass", 127, "crash-midsuite.log")
        self.assertFalse(o.ok)
        self.assertEqual(o.observed, "CRASH")
        self.assertTrue(any("kernel panic: CPU exception 14" in r for r in o.reasons))
        self.assertTrue(any("incomplete" in r for r in o.reasons))

    def test_real_kernel_crash_capture(self):
        # build/logs/crash-pf.log from the hotmem kernel (hotmem.crash=pf).
        log = fixture("real-crash-pf.log")
        self.assertTrue(log.has_register_dump)
        self.assertEqual(log.registers["CR2"], "000000dead000000")
        self.assertTrue(log.panics[0].startswith("CPU exception 14"))
        self.assertTrue(check("crash", 127, "real-crash-pf.log").ok)

    def test_crash_expectation_needs_exit_127_and_registers(self):
        self.assertFalse(check("crash", 0, "crash-midsuite.log").ok)
        self.assertFalse(check("crash", 1, "crash-midsuite.log").ok)
        o = check("crash", 127, "truncated.log")       # no register dump
        self.assertFalse(o.ok)
        self.assertIn("no register dump (RIP) in the log", o.reasons)

    def test_loadfail_expectation(self):
        # A real log: -m 8M, GRUB runs out of memory loading the kernel.
        self.assertTrue(check("loadfail", 127, "grub-loadfail.log").ok)
        self.assertFalse(check("loadfail", 124, "grub-loadfail.log").ok)
        # GRUB's line is required, and a kernel that started is not a load failure.
        o = check("loadfail", 127, "real-crash-pf.log")
        self.assertFalse(o.ok)
        self.assertTrue(any("could not load" in r for r in o.reasons))
        self.assertTrue(any("the kernel started" in r for r in o.reasons))
        # Under any other expectation the same log fails.
        self.assertFalse(check("crash", 127, "grub-loadfail.log").ok)
        self.assertFalse(check("pass", 127, "grub-loadfail.log").ok)
        self.assertFalse(check("early", 127, "grub-loadfail.log").ok)

    def test_early_expectation(self):
        # A real log: -cpu qemu32, boot/entry.asm finds no long mode.
        self.assertTrue(check("early", 127, "early-no-long-mode.log").ok)
        self.assertFalse(check("early", 124, "early-no-long-mode.log").ok)
        self.assertFalse(check("early", 127, "real-crash-pf.log").ok)
        self.assertFalse(check("crash", 127, "early-no-long-mode.log").ok)

    def test_missing_plan(self):
        log = fixture("missing-plan.log")
        self.assertEqual(log.status(), ktap.FAIL)
        self.assertIn("top level: missing plan", log.tree_problems())
        self.assertEqual(log.counts()["failed"], 1)
        o = check("pass", 1, "missing-plan.log")
        self.assertFalse(o.ok)
        self.assertTrue(any("missing plan" in r for r in o.reasons))

    def test_missing_plan_in_a_suite(self):
        log = ktap.parse_log("KTAP version 1\n1..1\n  KTAP version 1\n  # Subtest: s\n  ok 1 a\nok 1 s\n")
        self.assertEqual(log.status(), ktap.FAIL)
        self.assertEqual(log.tree_problems(), ["s: missing plan"])

    def test_skip_only(self):
        log = fixture("skip-only.log")
        self.assertEqual(log.status(), ktap.SKIP)
        # "ok 2 acpi_dimm" has no directive, but all its children skipped.
        self.assertEqual(log.root.children[1].status, ktap.SKIP)
        self.assertEqual(log.counts(), {"passed": 0, "failed": 0, "skipped": 3})
        self.assertTrue(check("skip", 77, "skip-only.log").ok)
        o = check("pass", 77, "skip-only.log")
        self.assertFalse(o.ok)
        self.assertIn("expected PASS, got SKIP (exit 77)", o.reasons)

    def test_failing_case(self):
        log = fixture("fail-case.log")
        self.assertEqual(log.status(), ktap.FAIL)
        self.assertEqual(log.failed_cases(), ["printf.case_b"])
        self.assertEqual(log.counts(), {"passed": 2, "failed": 1, "skipped": 1})
        printf = log.root.children[0]
        case_b = printf.children[1]
        self.assertEqual(case_b.status, ktap.FAIL)
        self.assertIn("  # Expected a == b, but a == 1, b == 2", case_b.log)
        case_c = printf.children[2]
        self.assertEqual((case_c.status, case_c.directive, case_c.reason), (ktap.SKIP, "SKIP", "no memory to hide"))
        self.assertEqual(log.root.children[1].status, ktap.PASS)
        self.assertTrue(check("fail", 3, "fail-case.log").ok)
        o = check("pass", 3, "fail-case.log")
        self.assertFalse(o.ok)
        self.assertIn("failed: printf.case_b", o.reasons)

    def test_kunit_four_spaces_and_nested_params(self):
        log = fixture("kunit-4space.log")
        self.assertEqual(log.status(), ktap.PASS, log.tree_problems())
        resource = log.root.children[0]
        self.assertEqual(resource.name, "resource")
        inter = resource.children[1]
        self.assertEqual((inter.name, inter.plan, len(inter.children)), ("resource_test_intersection", 2, 2))
        self.assertEqual(log.counts(), {"passed": 4, "failed": 0, "skipped": 0})

    def test_timestamp_prefix(self):
        log = fixture("kunit-timestamps.log")
        self.assertEqual(log.status(), ktap.FAIL)
        self.assertEqual(log.failed_cases(), ["example.example_fail_test"])
        self.assertEqual(log.counts(), {"passed": 1, "failed": 1, "skipped": 0})

    def test_tap14_dashes(self):
        log = fixture("tap14-dash.log")
        self.assertEqual(log.root.version, ("TAP", 14))
        self.assertEqual(log.status(), ktap.PASS, log.tree_problems())
        first = log.root.children[0]
        self.assertEqual(first.name, "kunit-try-catch-test")
        self.assertEqual(first.children[0].name, "kunit_test_try_catch_successful_try_no_catch")
        # A parent that says SKIP is a skip even though its child passed.
        self.assertEqual(log.root.children[1].status, ktap.SKIP)

    def test_reboot_after_the_verdict(self):
        # hotmem.exit=reboot: QEMU's -no-reboot turns the reset into exit 0.
        o = check("reboot", 0, "pass-noise.log")
        self.assertTrue(o.ok, o.reasons)
        self.assertEqual(o.observed, "REBOOT")
        o = check("reboot", 1, "pass-noise.log")
        self.assertIn("expected a reset after the verdict (exit 0), got exit 1", o.reasons)
        o = check("reboot", 0, "fail-case.log")
        self.assertIn("expected the verdict line PASS before the reset, got FAIL", o.reasons)
        self.assertIn("failed: printf.case_b", o.reasons)
        # A triple fault mid-run resets too: no verdict, an incomplete tree.
        o = check("reboot", 0, "crash-midsuite.log")
        self.assertFalse(o.ok)
        self.assertIn("expected the verdict line PASS before the reset, got none", o.reasons)
        self.assertTrue(any(r.startswith("KTAP tree incomplete") for r in o.reasons), o.reasons)

    def test_screen_is_judged_by_the_screen(self):
        empty = ktap.parse_log(b"")
        self.assertTrue(qemu_run.evaluate("screen", 0, empty).ok)
        o = qemu_run.evaluate("screen", 0, empty, extra_reasons=["no screen row matches 'x' (screen_has)"])
        self.assertEqual((o.ok, o.reasons), (False, ["no screen row matches 'x' (screen_has)"]))
        o = qemu_run.evaluate("screen", 124, empty, timed_out=True, timeout=30)
        self.assertEqual((o.ok, o.reasons), (False, ["timeout: no exit after 30.0 s"]))

    def test_verdict_mismatch(self):
        # Exit 3 (FAIL) but the verdict line says PASS, and the KTAP says FAIL.
        o = check("fail", 3, "verdict-mismatch.log")
        self.assertFalse(o.ok)
        self.assertIn("exit 3 (FAIL) disagrees with the verdict line (PASS)", o.reasons)
        # Exit 1 and verdict PASS agree, but the KTAP tree has a failure.
        o = check("pass", 1, "verdict-mismatch.log")
        self.assertFalse(o.ok)
        self.assertIn("KTAP says FAIL but exit 1 says PASS", o.reasons)
        # Exit 3 with a correct FAIL verdict on a passing tree.
        o = check("fail", 3, "pass-noise.log")
        self.assertFalse(o.ok)
        self.assertTrue(any("disagrees with the verdict line (PASS)" in r for r in o.reasons))

    def test_exit_without_verdict_line(self):
        log = ktap.parse_log("KTAP version 1\n1..1\nok 1 a\n")
        o = qemu_run.evaluate("pass", 1, log)
        self.assertFalse(o.ok)
        self.assertIn("exit 1 but no '# hotmem: verdict' line", o.reasons)

    def test_truncated(self):
        log = fixture("truncated.log")
        self.assertEqual(log.status(), ktap.CRASHED)
        self.assertIsNone(log.verdict)
        self.assertFalse(log.panics)
        e820 = log.root.children[1]
        self.assertEqual(e820.status, ktap.CRASHED)
        self.assertIn("e820: ended without a result line (crash or truncated log)", log.tree_problems())
        self.assertEqual(log.counts()["failed"], 3)
        o = check("pass", 124, "truncated.log", timed_out=True, timeout=60)
        self.assertFalse(o.ok)
        self.assertEqual(o.observed, "TIMEOUT")
        self.assertIn("timeout: no exit after 60.0 s", o.reasons)

    def test_triple_fault_exit_zero(self):
        o = check("pass", 0, "truncated.log")
        self.assertFalse(o.ok)
        self.assertEqual(o.observed, "CRASH")
        self.assertIn("QEMU exited 0: triple fault or reset without a verdict", o.reasons)

    def test_unknown_exit_status(self):
        o = check("pass", 2, "pass-noise.log")
        self.assertFalse(o.ok)
        self.assertEqual(o.observed, "ERROR")

    def test_no_ktap(self):
        log = ktap.parse_log("GRUB error: file not found\n# hotmem: verdict PASS\n")
        self.assertIsNone(log.root)
        self.assertIsNone(log.status())
        o = qemu_run.evaluate("pass", 1, log)
        self.assertIn("no KTAP output", o.reasons)

    def test_events_markers(self):
        log = fixture("events.log")
        self.assertTrue(log.ready)
        self.assertEqual([(e.number, e.device, e.action, e.start, e.end) for e in log.events],
                         [(1, "acpi-dimm", "add", 0x20000000, 0x2FFFFFFF), (2, "acpi-dimm", "remove", 0x20000000, 0x2FFFFFFF)])
        self.assertTrue(check("pass", 1, "events.log").ok)


class DirectiveAndStructureTest(unittest.TestCase):
    def parse(self, body):
        return ktap.parse_log(textwrap.dedent(body))

    def test_directives(self):
        log = self.parse("""\
            KTAP version 1
            1..7
            ok 1 a # SKIP why
            not ok 2 b # SKIP also a skip
            not ok 3 c # TODO not yet
            ok 4 d # XFAIL known bug
            not ok 5 e # TIMEOUT 30s
            not ok 6 f # ERROR bad
            ok 7 g # some comment
            """)
        st = [(c.name, c.status) for c in log.root.children]
        self.assertEqual(st, [("a", "SKIP"), ("b", "SKIP"), ("c", "XFAIL"), ("d", "XFAIL"), ("e", "TIMEOUT"),
                              ("f", "ERROR"), ("g", "PASS")])
        self.assertEqual(log.root.children[6].reason, "some comment")
        self.assertEqual(log.status(), ktap.FAIL)
        self.assertEqual(log.counts(), {"passed": 3, "failed": 2, "skipped": 2})

    def test_parent_ok_but_child_failed(self):
        log = self.parse("""\
            KTAP version 1
            1..1
              KTAP version 1
              # Subtest: s
              1..1
              not ok 1 a
            ok 1 s
            """)
        self.assertEqual(log.root.children[0].status, ktap.FAIL)
        self.assertIn("s: reported ok but a subtest failed", log.tree_problems())

    def test_parent_not_ok_without_failed_child(self):
        log = self.parse("KTAP version 1\n1..1\n  KTAP version 1\n  # Subtest: s\n  1..1\n  ok 1 a\nnot ok 1 s\n")
        self.assertEqual(log.status(), ktap.FAIL)

    def test_numbering_and_count(self):
        log = self.parse("KTAP version 1\n1..2\nok 1 a\nok 3 b\nok 4 c\n")
        self.assertEqual(log.status(), ktap.FAIL)
        probs = log.tree_problems()
        self.assertIn("top level: planned 2 tests, got 3", probs)
        self.assertIn("top level: test 'b' numbered 3, expected 2", probs)

    def test_empty_plan_is_skip(self):
        log = self.parse("KTAP version 1\n1..0\n# hotmem: verdict SKIP\n")
        self.assertEqual(log.status(), ktap.SKIP)
        self.assertTrue(qemu_run.evaluate("skip", 77, log).ok)

    def test_bail_out(self):
        log = self.parse("TAP version 14\n1..2\nok 1 a\nBail out! disk full\n")
        self.assertEqual(log.status(), ktap.CRASHED)
        self.assertTrue(any("bail out: disk full" in p for p in log.tree_problems()))

    def test_unknown_lines_ignored(self):
        log = self.parse("""\
            KTAP version 1
            1..1
            random kernel chatter
              KTAP version 1
              # Subtest: s
              1..1
              hotmem: something printed by a driver
              ok 1 a
            [ 12.5 ] more noise
            ok 1 s
            """)
        self.assertEqual(log.status(), ktap.PASS)
        self.assertEqual(log.tree_problems(), [])

    def test_unindented_nesting_closes_by_plan_and_name(self):
        log = self.parse("KTAP version 1\n1..1\n# Subtest: s\n1..1\nok 1 a\nok 1 s\n")
        # A flat log: the root itself took the Subtest name. Still parses.
        self.assertIn(log.status(), (ktap.PASS, ktap.FAIL))

    def test_second_document(self):
        log = self.parse("KTAP version 1\n1..1\nok 1 a\nKTAP version 1\n1..1\nnot ok 1 b\n")
        self.assertEqual(len(log.roots), 2)
        self.assertEqual(log.status(), ktap.FAIL)

    def test_multiple_verdicts(self):
        log = self.parse("KTAP version 1\n1..1\nok 1 a\n# hotmem: verdict PASS\n# hotmem: verdict FAIL\n")
        self.assertEqual(log.verdict, "PASS")
        self.assertTrue(any("more than one verdict" in p for p in log.problems))
        self.assertFalse(qemu_run.evaluate("pass", 1, log).ok)

    def test_malformed_handled(self):
        log = self.parse("# hotmem: handled x y\n")
        self.assertEqual(log.events, [])
        self.assertTrue(log.problems)

    def test_incremental_feed_reports_markers(self):
        p = ktap.LogParser()
        self.assertIsNone(p.feed("KTAP version 1\r\n"))
        self.assertEqual(p.feed("# hotmem: ready\r\n"), ("ready", None))
        kind, ev = p.feed("# hotmem: handled 1 virtio-mem resize 0x100000000-0x10fffffff")
        self.assertEqual((kind, ev.number, ev.action), ("handled", 1, "resize"))
        self.assertEqual(p.feed("\x1b[0m# hotmem: verdict FAIL"), ("verdict", "FAIL"))
        self.assertEqual(p.feed("# hotmem: panic: oops")[0], "panic")


class DumpTest(unittest.TestCase):
    def test_fixture_dumps(self):
        log = fixture("dumps.log")
        self.assertEqual(log.problems, [])
        self.assertEqual(log.status(), ktap.PASS)
        # The later /proc/iomem wins in the dict; both are in dump_list.
        self.assertEqual([p for p, _ in log.dump_list],
                         ["/proc/iomem", "/sys/devices/system/memory/memory8/state", "/proc/iomem", "/tmp/odd"])
        self.assertEqual(log.dump_list[0][1], "00000000-00000fff : Reserved\n00100000-0fffffff : System RAM\n")
        self.assertEqual(log.dumps["/sys/devices/system/memory/memory8/state"], "offline\n")
        self.assertIn("10000000-17ffffff : System RAM\n", log.dumps["/proc/iomem"])
        self.assertEqual(log.dumps["/tmp/odd"], "# not a diagnostic\nok 1 not a result\n\n   spaces   \n")
        # Dump text never leaks into the KTAP tree.
        self.assertEqual(log.counts(), {"passed": 1, "failed": 0, "skipped": 0})

    def test_round_trip(self):
        texts = {
            "/proc/iomem": "00000000-00000fff : Reserved\n  00100000-002fffff : Kernel code\n",
            "/sys/firmware/memmap/3/type": "System RAM\n",
            "/sys/devices/system/memory/memory9/state": "online\n",
            "/tmp/empty": "",
            "/tmp/tricky": "KTAP version 1\n1..1\nnot ok 1 x\n# hotmem: verdict FAIL\n\n\ttab\n",
        }
        log_text = "KTAP version 1\n1..0\n" + "".join(ktap.format_dump(p, t) for p, t in texts.items())
        log_text += "# hotmem: verdict SKIP\n"
        for eol in ("\n", "\r\n"):
            log = ktap.parse_log(log_text.replace("\n", eol))
            self.assertEqual(log.dumps, texts)
            self.assertEqual(log.verdicts, ["SKIP"])
            self.assertEqual(log.status(), ktap.SKIP)

    def test_unterminated(self):
        log = ktap.parse_log("# dump-begin /proc/iomem\n00000000-00000fff : Reserved\n")
        self.assertEqual(log.dumps, {})
        self.assertTrue(any("not terminated" in p for p in log.problems))
        log = ktap.parse_log("# dump-begin /a\nx\n# dump-begin /b\ny\n# dump-end /b\n")
        self.assertEqual(log.dumps, {"/b": "y\n"})
        self.assertTrue(any("/a not terminated" in p for p in log.problems))

    def test_mismatched_end(self):
        log = ktap.parse_log("# dump-begin /a\nx\n# dump-end /b\n")
        self.assertTrue(any("ended by dump-end /b" in p for p in log.problems))


MANIFEST = """
# comment
[DEFAULT]
memory = 256M
timeout = 20

[one]
cmdline = fw.hide=128M@0x1000000,128M@0x2000000 memmap=1G$4G
groups = quick, bios

[two]
firmware = uefi
media = usb
memory = 512M,slots=4,maxmem=2G
qemu = -smp 2
    -object memory-backend-ram,id=m1,size=256M
    -device "pc-dimm,id=d1,memdev=m1"
timeout = 90
groups = uefi nodefault
expect = fail

[three]
expect = crash
events = object-add qom-type=memory-backend-ram id=m2 size=256M; device_add driver=pc-dimm id=d2 memdev=m2
    qom-set path=vm0 property=requested-size value=0x10000000
    device_del id=d2
"""


class ManifestTest(unittest.TestCase):
    def test_config_with_overrides(self):
        cfg = manifest.config_with_overrides("bios-cd", ["cmdline=selftest=none", "memory=1G"])
        self.assertEqual((cfg.name, cfg.cmdline, cfg.memory), ("bios-cd", "selftest=none", "1G"))
        with self.assertRaisesRegex(ValueError, "not a manifest key"):
            manifest.config_with_overrides("bios-cd", ["bogus=1"])
        with self.assertRaisesRegex(ValueError, "no such configuration"):
            manifest.config_with_overrides("no-such-config", [])

    def test_parse(self):
        one, two, three = manifest.parse_manifest(MANIFEST)
        self.assertEqual((one.name, one.firmware, one.media, one.memory, one.timeout, one.expect),
                         ("one", "bios", "cdrom", "256M", 20.0, "pass"))
        self.assertEqual(one.groups, ["quick", "bios"])
        self.assertEqual(two.qemu, ["-smp", "2", "-object", "memory-backend-ram,id=m1,size=256M",
                                    "-device", "pc-dimm,id=d1,memdev=m1"])
        self.assertEqual((two.firmware, two.media, two.memory, two.timeout, two.expect),
                         ("uefi", "usb", "512M,slots=4,maxmem=2G", 90.0, "fail"))
        self.assertEqual(three.events, [
            [("object-add", {"qom-type": "memory-backend-ram", "id": "m2", "size": 256 << 20}),
             ("device_add", {"driver": "pc-dimm", "id": "d2", "memdev": "m2"})],
            [("qom-set", {"path": "vm0", "property": "requested-size", "value": 0x10000000})],
            [("device_del", {"id": "d2"})]])
        self.assertEqual(three.full_cmdline(), "hotmem.events=3")

    def test_errors(self):
        bad = {
            "[a]\nfirmware = coreboot\n": "firmware",
            "[a]\nmedia = floppy\n": "media",
            "[a]\nexpect = maybe\n": "expect",
            "[a]\ntimeout = soon\n": "timeout",
            "[a]\ntimeout = 0\n": "timeout",
            "[a]\nmemroy = 1G\n": "unknown key",
            "[a]\nmemory = lots\n": "memory",
            "[a b]\n": "bad configuration name",
            "[a]\n[a]\n": "",
            "# nothing\n": "no configurations",
            "[a]\nevents = device_add oops\n": "key=value",
            "[a]\nevents = object_add qom-type=memory-backend-ram id=m size=1G\n": "QMP's is 'object-add'",
            "[a]\nexpect = screen\n": "go together",
            "[a]\nscreen_has = PASS\n": "go together",
            "[a]\nexpect = screen\nscreen_has = (\n": "screen_has: bad regular expression",
            "[a]\nexpect = screen\nscreen_has = PASS\nevents = device_del id=d\n": "cannot drive events",
            "[a]\nserial = none\n": "serial = none leaves no log",
            "[a]\nserial = none\nexpect = screen\nscreen_has = x\nlog_has = y\n": "no log_has",
            "[a]\nserial = pty\n": "serial",
        }
        for text, words in bad.items():
            with self.assertRaises(manifest.ManifestError, msg=text) as cm:
                manifest.parse_manifest(text)
            self.assertIn(words, str(cm.exception))

    def test_selection(self):
        configs = manifest.parse_manifest(MANIFEST)
        names = lambda cs: [c.name for c in cs]  # noqa: E731
        self.assertEqual(names(manifest.select_configs(configs)), ["one", "three"])       # nodefault left out
        self.assertEqual(names(manifest.select_configs(configs, ["two"])), ["two"])
        self.assertEqual(names(manifest.select_configs(configs, group="uefi")), ["two"])
        self.assertEqual(names(manifest.select_configs(configs, group="quick")), ["one"])
        with self.assertRaises(manifest.ManifestError):
            manifest.select_configs(configs, ["nine"])

    def test_repository_manifest(self):
        configs = {c.name: c for c in manifest.load_manifest(manifest.DEFAULT_MANIFEST)}
        for name in ("bios-cd", "bios-usb", "uefi-usb", "crash-pf"):
            self.assertIn(name, configs)
            self.assertEqual(configs[name].memory, "512M")
        self.assertEqual((configs["bios-cd"].firmware, configs["bios-cd"].media), ("bios", "cdrom"))
        self.assertEqual((configs["bios-usb"].firmware, configs["bios-usb"].media), ("bios", "usb"))
        self.assertEqual((configs["uefi-usb"].firmware, configs["uefi-usb"].media), ("uefi", "usb"))
        self.assertGreater(configs["uefi-usb"].timeout, configs["bios-cd"].timeout)
        self.assertEqual((configs["crash-pf"].cmdline, configs["crash-pf"].expect), ("hotmem.crash=pf", "crash"))

    def test_repository_events_use_qmp_names(self):
        """Every QMP command the manifest's events send exists in QEMU 7.2
        under that exact name (QMP does not treat '-' and '_' alike)."""
        used = {cmd for c in manifest.load_manifest(manifest.DEFAULT_MANIFEST)
                for step in c.events for cmd, _ in step}
        self.assertTrue(used)
        self.assertEqual(used - QEMU_QMP_COMMANDS, set())

    def test_qmp_values(self):
        v = qmp._qmp_value
        self.assertEqual([v("12"), v("0x10"), v("1G"), v("true"), v("abc"), v('{"a": 1}')],
                         [12, 16, 1 << 30, True, "abc", {"a": 1}])


class CommandLineTest(unittest.TestCase):
    def configs(self):
        return {c.name: c for c in manifest.parse_manifest(MANIFEST)}

    def test_no_serial_port_and_screen(self):
        (cfg,) = manifest.parse_manifest("[s]\nserial = none\ncmdline = selftest=x\nexpect = screen\n"
                                         "screen_has = Verdict PASS\n  ^ +Consoles\n")
        self.assertEqual([p.pattern for p in cfg.screen_has], ["Verdict PASS", "^ +Consoles"])
        # The screen is read at the end, so the machine must stay up.
        self.assertEqual(cfg.full_cmdline(), "selftest=x hotmem.exit=halt")
        cmd = qemu_run.build_qemu_command(cfg, "/x/hotmem.iso", qmp_socket="/t/q.sock")
        self.assertEqual(cmd[cmd.index("-serial") + 1], "none")
        self.assertIn("unix:/t/q.sock,server=on,wait=off", cmd)

    def test_comma_doubling(self):
        self.assertEqual(manifest.qemu_escape("a,b,,c"), "a,,b,,,,c")
        cmd = qemu_run.build_qemu_command(self.configs()["one"], "/x/hotmem.iso")
        i = cmd.index("-fw_cfg")
        self.assertEqual(cmd[i + 1],
                         "name=opt/org.hotmem/cmdline,string=fw.hide=128M@0x1000000,,128M@0x2000000 memmap=1G$4G")

    def test_common_options(self):
        cmd = qemu_run.build_qemu_command(self.configs()["one"], "/x/hotmem.iso", qemu="qemu-x")
        self.assertEqual(cmd[0], "qemu-x")
        for opt in (["-display", "none"], ["-no-reboot"], ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"],
                    ["-m", "256M"], ["-cdrom", "/x/hotmem.iso", "-boot", "order=d"], ["-serial", "stdio"]):
            self.assertTrue(any(cmd[i:i + len(opt)] == opt for i in range(len(cmd))), opt)
        self.assertNotIn("-nodefaults", cmd)
        self.assertNotIn("-qmp", cmd)

    def test_uefi_usb(self):
        cmd = qemu_run.build_qemu_command(self.configs()["two"], "/x,y/hotmem.iso", vars_path="/t/VARS.fd",
                                        ovmf_code="/o/CODE.fd", accel="kvm", tmpdir="/t")
        joined = " ".join(cmd)
        self.assertIn("-drive if=pflash,format=raw,readonly=on,file=/o/CODE.fd", joined)
        self.assertIn("-drive if=pflash,format=raw,file=/t/VARS.fd", joined)
        self.assertIn("-device qemu-xhci -drive if=none,id=stick,format=raw,readonly=on,file=/x,,y/hotmem.iso "
                      "-device usb-storage,drive=stick,bootindex=0", joined)
        self.assertIn("-accel kvm", joined)
        self.assertNotIn("-cdrom", cmd)
        self.assertEqual(cmd[-6:], ["-smp", "2", "-object", "memory-backend-ram,id=m1,size=256M",
                                    "-device", "pc-dimm,id=d1,memdev=m1"])

    def test_qmp_socket_and_events_count(self):
        cmd = qemu_run.build_qemu_command(self.configs()["three"], "i.iso", qmp_socket="/t/qmp.sock")
        self.assertIn("unix:/t/qmp.sock,server=on,wait=off", cmd)
        self.assertIn("name=opt/org.hotmem/cmdline,string=hotmem.events=3", cmd)


# QMP commands of QEMU 7.2 (`query-commands`) that hotplug events use. The
# stand-in below answers any other name as QEMU does (CommandNotFound), and
# QemuCommandNamesTest checks the list against the installed QEMU.
QEMU_QMP_COMMANDS = {"qmp_capabilities", "object-add", "object-del", "device_add", "device_del",
                     "qom-set", "qom-get", "query-status"}
# Commands that only create or delete a backend: no device request, so the
# kernel prints no `handled` line for them.
QMP_BACKEND_COMMANDS = {"object-add", "object-del"}

# A stand-in for QEMU: prints the log named by $FAKE_LOG, optionally
# sleeps, exits with $FAKE_RC; with -qmp it serves the QMP protocol with
# QEMU's command names and answers each device request (a command other
# than a backend's) with a `handled` line, like the kernel would.
FAKE_QEMU = "KNOWN = %r\nBACKEND = %r\n" % (sorted(QEMU_QMP_COMMANDS), sorted(QMP_BACKEND_COMMANDS)) + r'''
import json, os, socket, sys, time
argv = sys.argv[1:]
if os.environ.get("FAKE_ARGV"):
    open(os.environ["FAKE_ARGV"], "w").write(json.dumps(argv))
out = sys.stdout.buffer
out.write(open(os.environ["FAKE_LOG"], "rb").read()); out.flush()
sys.stderr.write(os.environ.get("FAKE_STDERR", ""))
if "-qmp" in argv:
    path = argv[argv.index("-qmp") + 1][len("unix:"):].split(",")[0]
    n = int([a for a in argv if "hotmem.events=" in a][0].split("hotmem.events=")[1].split()[0])
    srv = socket.socket(socket.AF_UNIX); srv.bind(path); srv.listen(1)
    conn, _ = srv.accept(); f = conn.makefile("rwb")
    def send(obj): f.write(json.dumps(obj).encode() + b"\n"); f.flush()
    send({"QMP": {"version": {}, "capabilities": []}})
    json.loads(f.readline()); send({"return": {}})
    out.write(b"# hotmem: ready\r\n"); out.flush()
    k = 0
    while k < n:
        line = f.readline()
        if not line:
            break
        cmd = json.loads(line)
        open(os.environ["FAKE_ARGV"] + ".qmp", "a").write(json.dumps(cmd) + "\n")
        if cmd["execute"] not in KNOWN:
            send({"error": {"class": "CommandNotFound",
                            "desc": "The command %s has not been found" % cmd["execute"]}})
            continue
        send({"event": "DEVICE_ADDED", "data": {}})
        send({"return": {}})
        if cmd["execute"] in BACKEND:
            continue
        k += 1
        out.write(("# hotmem: handled %d acpi-dimm add 0x20000000-0x2fffffff\r\n" % k).encode()); out.flush()
    out.write(b"# hotmem: verdict PASS\r\n"); out.flush()
time.sleep(float(os.environ.get("FAKE_SLEEP", "0")))
sys.exit(int(os.environ.get("FAKE_RC", "1")))
'''


class FakeQemuTest(unittest.TestCase):
    """The process plumbing of run_qemu / run_matrix / run_host."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="hotmem-runner-test-")
        self.dir = Path(self.tmp.name)
        self.fake = self.dir / "fake-qemu"
        self.fake.write_text("#!%s\n%s" % (sys.executable, FAKE_QEMU))
        self.fake.chmod(0o755)
        self.iso = self.dir / "hotmem.iso"
        self.iso.write_bytes(b"iso")
        (self.dir / "CODE.fd").write_bytes(b"code")
        (self.dir / "VARS.fd").write_bytes(b"vars")
        self.logdir = self.dir / "logs"

    def tearDown(self):
        self.tmp.cleanup()

    def env(self, log, rc, **extra):
        env = dict(os.environ, QEMU=str(self.fake), FAKE_LOG=str(FIXTURES / log), FAKE_RC=str(rc),
                   FAKE_ARGV=str(self.dir / "argv.json"), HOTMEM_OVMF_CODE=str(self.dir / "CODE.fd"),
                   HOTMEM_OVMF_VARS=str(self.dir / "VARS.fd"))
        env.pop("HOTMEM_TIMEOUT_SCALE", None)
        env.update(extra)
        return env

    def cfg(self, text="[bios-cd]\n"):
        return manifest.parse_manifest(text)[0]

    def boot(self, cfg, env):
        res = qemu_run.run_qemu(cfg, self.iso, self.logdir, env=env)
        self.assertIsNone(res.error)
        res.outcome = qemu_run.evaluate(cfg.expect, res.rc, res.log, res.timed_out, res.timeout, res.extra_reasons)
        return res

    def test_pass(self):
        res = self.boot(self.cfg(), self.env("pass-noise.log", 1))
        self.assertEqual(res.rc, 1)
        self.assertTrue(res.outcome.ok, res.outcome.reasons)
        self.assertIsNotNone(res.t_verdict)
        self.assertEqual((self.logdir / "bios-cd.log").read_bytes(), (FIXTURES / "pass-noise.log").read_bytes())
        self.assertRegex(qemu_run.describe(res), r"^bios-cd: PASS \(exit 1, \d+\.\d s to verdict\)$")

    def test_uefi_vars_copy_and_timeout_scale(self):
        cfg = self.cfg("[u]\nfirmware = uefi\nmedia = usb\ntimeout = 10\n")
        res = self.boot(cfg, self.env("pass-noise.log", 1, HOTMEM_TIMEOUT_SCALE="3"))
        self.assertEqual(res.timeout, 30.0)
        argv = json.loads((self.dir / "argv.json").read_text())
        vars_arg = [a for a in argv if a.startswith("if=pflash,format=raw,file=")][0]
        self.assertNotEqual(vars_arg.split("file=")[1], str(self.dir / "VARS.fd"))   # a per-run copy
        self.assertFalse(os.path.exists(vars_arg.split("file=")[1]))                 # removed after the run

    def test_timeout(self):
        cfg = self.cfg("[hang]\ntimeout = 0.5\n")
        res = self.boot(cfg, self.env("truncated.log", 1, FAKE_SLEEP="30"))
        self.assertTrue(res.timed_out)
        self.assertEqual(res.rc, 124)
        self.assertLess(res.elapsed, 10)
        self.assertFalse(res.outcome.ok)
        self.assertIn("TIMEOUT after 0.5 s", qemu_run.describe(res))

    def test_crash_expected(self):
        cfg = self.cfg("[crash-pf]\ncmdline = hotmem.crash=pf\nexpect = crash\n")
        res = self.boot(cfg, self.env("crash-midsuite.log", 127))
        self.assertTrue(res.outcome.ok, res.outcome.reasons)
        self.assertIsNotNone(res.t_panic)
        self.assertIn("s to panic", qemu_run.describe(res))
        argv = json.loads((self.dir / "argv.json").read_text())
        self.assertIn("name=opt/org.hotmem/cmdline,string=hotmem.crash=pf", argv)

    def test_missing_iso_and_qemu(self):
        res = qemu_run.run_qemu(self.cfg(), self.dir / "nope.iso", self.logdir, env=self.env("pass-noise.log", 1))
        self.assertIn("ISO not found", res.error)
        res = qemu_run.run_qemu(self.cfg(), self.iso, self.logdir,
                              env=self.env("pass-noise.log", 1, QEMU=str(self.dir / "no-qemu")))
        self.assertIn("cannot start", res.error)

    def test_qmp_events(self):
        cfg = self.cfg("[dimm]\nevents = device_add driver=pc-dimm id=d1 memdev=m1\n"
                       "    device_del id=d1\n")
        res = self.boot(cfg, self.env("missing-plan.log", 1))
        # missing-plan.log makes the KTAP fail, but the protocol itself must be clean.
        self.assertEqual(res.extra_reasons, [])
        self.assertEqual([e.number for e in res.log.events], [1, 2])
        sent = [json.loads(ln) for ln in (self.dir / "argv.json.qmp").read_text().splitlines()]
        self.assertEqual(sent, [{"execute": "device_add", "arguments": {"driver": "pc-dimm", "id": "d1", "memdev": "m1"}},
                                {"execute": "device_del", "arguments": {"id": "d1"}}])

    def test_qmp_backend_then_device(self):
        cfg = self.cfg("[dimm]\nevents = object-add qom-type=memory-backend-ram id=m1 size=256M; "
                       "device_add driver=pc-dimm id=d1 memdev=m1\n")
        res = self.boot(cfg, self.env("missing-plan.log", 1))
        self.assertEqual(res.extra_reasons, [])
        self.assertEqual([e.number for e in res.log.events], [1])
        sent = [json.loads(ln) for ln in (self.dir / "argv.json.qmp").read_text().splitlines()]
        self.assertEqual([m["execute"] for m in sent], ["object-add", "device_add"])
        self.assertEqual(sent[0]["arguments"], {"qom-type": "memory-backend-ram", "id": "m1", "size": 256 << 20})

    def test_qmp_unknown_command_is_reported(self):
        # A name QEMU does not know fails the run with QEMU's own message.
        cfg = self.cfg("[dimm]\nevents = device-add driver=pc-dimm id=d1 memdev=m1; device_del id=d1\n")
        res = self.boot(cfg, self.env("missing-plan.log", 1))
        self.assertEqual(res.extra_reasons, ["event 1: device-add: The command device-add has not been found"])

    def test_matrix_and_summary(self):
        configs = manifest.parse_manifest("[a]\n[b]\nexpect = fail\n")
        out = io.StringIO()
        rep = runner.run_matrix(configs, self.iso, self.logdir, jobs=2, env=self.env("pass-noise.log", 1), out=out)
        self.assertEqual((rep.passed, rep.failed), (1, 1))
        self.assertEqual(rep.lines[0][:9], "a: PASS (")
        self.assertTrue(rep.lines[1].startswith("b: FAIL (expected fail, exit 1"))
        text = out.getvalue()
        self.assertIn("---- b failed ----", text)
        self.assertIn("# hotmem: verdict PASS", text)            # the log tail
        summary = (self.logdir / "SUMMARY").read_text()
        self.assertIn("commit: ", summary)
        self.assertTrue(summary.rstrip().endswith("1 passed, 1 failed"))

    def test_host_binary(self):
        for log, rc, counts, ok in (("fail-case.log", 1, (2, 1, 1), False), ("skip-only.log", 0, (0, 0, 3), True),
                                    ("crash-midsuite.log", 1, (3, 3, 0), False), ("pass-noise.log", 0, (5, 0, 0), True),
                                    ("verdict-mismatch.log", 0, (1, 1, 0), False)):
            out = io.StringIO()
            old = dict(os.environ)
            os.environ.update(self.env(log, rc))
            try:
                rep = runner.run_host(self.fake, logdir=self.logdir, out=out)
            finally:
                os.environ.clear()
                os.environ.update(old)
            self.assertEqual((rep.passed, rep.failed, rep.skipped), counts, log)
            self.assertEqual(rep.ok, ok, log)
        rep = runner.run_host(self.dir / "missing", logdir=self.logdir, out=io.StringIO())
        self.assertEqual(rep.failed, 1)

    def test_evaluate_host(self):
        self.assertEqual(runner.evaluate_host(0, fixture("pass-noise.log")), [])
        self.assertTrue(runner.evaluate_host(1, fixture("pass-noise.log")))
        self.assertTrue(runner.evaluate_host(-6, fixture("truncated.log")))


class QmpTest(unittest.TestCase):
    def test_client_against_fake_server(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "q.sock")
            srv = socket.socket(socket.AF_UNIX)
            srv.bind(path)
            srv.listen(1)
            got = []

            def serve():
                conn, _ = srv.accept()
                f = conn.makefile("rwb")

                def send(o):
                    f.write(json.dumps(o).encode() + b"\n")
                    f.flush()
                send({"QMP": {}})
                for line in f:
                    msg = json.loads(line)
                    got.append(msg)
                    if msg["execute"] == "bad":
                        send({"error": {"class": "GenericError", "desc": "no such thing"}})
                    else:
                        send({"timestamp": {}, "event": "X"})
                        send({"return": {"ok": msg["execute"]}})
                conn.close()

            t = threading.Thread(target=serve, daemon=True)
            t.start()
            c = qmp.QmpClient(path, timeout=5)
            self.assertEqual(c.execute("device_add", {"id": "d1"}), {"ok": "device_add"})
            with self.assertRaises(qmp.QmpError) as cm:
                c.execute("bad")
            self.assertIn("no such thing", str(cm.exception))
            c.close()
            t.join(5)
            srv.close()
            self.assertEqual([m["execute"] for m in got], ["qmp_capabilities", "device_add", "bad"])
            self.assertEqual(len(c.events), 2)

    def test_connect_timeout(self):
        with self.assertRaises(qmp.QmpError):
            qmp.QmpClient("/nonexistent/q.sock", timeout=0.2)

    def test_driver_protocol(self):
        class FakeClient:
            def __init__(self):
                self.sent = []

            def execute(self, cmd, args=None):
                self.sent.append(cmd)

            def close(self):
                pass

        client = FakeClient()
        steps = [[("a1", {}), ("a2", {})], [("b", {})]]
        d = qmp.EventDriver(steps, lambda: client)
        d.start()
        self.assertEqual(client.sent, [])                    # nothing before ready
        d.on_marker("ready", None)
        self.assertEqual(client.sent, ["a1", "a2"])
        ev = ktap.Event(1, "acpi-dimm", "add", 0, 1, "")
        d.on_marker("handled", ev)
        self.assertEqual(client.sent, ["a1", "a2", "b"])
        self.assertEqual(d.finish(), ["1 of 2 events handled"])

        d = qmp.EventDriver(steps, lambda: client)
        d.start()
        self.assertEqual(d.finish(), ["kernel never printed '# hotmem: ready'"])

        d = qmp.EventDriver(steps, lambda: client)
        d.start()
        d.on_marker("handled", ktap.Event(1, "x", "add", 0, 1, ""))   # before anything was sent
        self.assertTrue(any("runner had sent 0" in p for p in d.finish()))

    def test_driver_connection_lost(self):
        class GoneClient:
            def execute(self, cmd, args=None):
                raise qmp.QmpConnectionLost("QMP read failed: [Errno 104] Connection reset by peer")

            def close(self):
                pass

        # QEMU exited after the kernel handled the event: not a failure.
        d = qmp.EventDriver([[("query-status", {})]], GoneClient)
        d.start()
        d.on_marker("ready", None)
        d.on_marker("handled", ktap.Event(1, "dax", "add", 0, 1, ""))
        self.assertEqual(d.finish(), [])
        # The kernel never handled it: the lost connection is the reason.
        d = qmp.EventDriver([[("query-status", {})]], GoneClient)
        d.start()
        d.on_marker("ready", None)
        self.assertEqual(d.finish(), ["event 1: QMP read failed: [Errno 104] Connection reset by peer",
                                      "0 of 1 events handled"])


    def test_virtio_mem_size_checked_after_each_event(self):
        class SizeClient:
            def __init__(self):
                self.sent = []
                self.size = 128 << 20

            def execute(self, cmd, args=None):
                self.sent.append(cmd)
                if cmd == "query-memory-devices":
                    return [{"type": "dimm", "data": {"id": "d1", "size": 1}},
                            {"type": "virtio-mem", "data": {"id": "vm0", "size": self.size,
                                                            "requested-size": 130 << 20}}]

            def close(self):
                pass

        client = SizeClient()
        d = qmp.EventDriver([[("qom-set", {})], [("qom-set", {})]], lambda: client, check_virtio_mem=True)
        d.start()
        d.on_marker("ready", None)
        self.assertEqual(client.sent, ["query-memory-devices", "qom-set"])
        client.size = 130 << 20
        d.on_snapshot(1)
        d.on_marker("handled", ktap.Event(1, "virtio-mem0", "resize", 0, 1, ""))
        self.assertEqual(client.sent, ["query-memory-devices", "qom-set", "query-memory-devices", "qom-set"])
        client.size = 128 << 20
        d.on_snapshot(2)
        d.on_marker("handled", ktap.Event(2, "virtio-mem0", "resize", 0, 1, ""))
        d.on_snapshot(3)                    # not the driver's: nothing asked
        self.assertEqual(client.sent.count("query-memory-devices"), 3)
        self.assertEqual(d.finish(), [
            "at ready: virtio-mem vm0 plugged 134217728 bytes, requested 136314880 (QEMU's query-memory-devices)",
            "after event 2: virtio-mem vm0 plugged 134217728 bytes, requested 136314880 (QEMU's query-memory-devices)"])
        # Fields missing cannot pass silently.
        self.assertEqual(qmp.virtio_mem_shortfalls([{"type": "virtio-mem", "data": {"id": "v"}}], "x"),
                         ["x: virtio-mem v: no size/requested-size in {'id': 'v'}"])
        # Off by default: nothing asked.
        client = SizeClient()
        d = qmp.EventDriver([[("qom-set", {})]], lambda: client)
        d.start()
        d.on_marker("ready", None)
        self.assertEqual(client.sent, ["qom-set"])


class QemuCommandNamesTest(unittest.TestCase):
    """The stand-in's command names are the real QEMU's (skipped without QEMU)."""

    def test_names_exist_in_installed_qemu(self):
        qemu = os.environ.get("QEMU", "qemu-system-x86_64")
        if not shutil.which(qemu):
            self.skipTest("no QEMU binary")
        msgs = b'{"execute": "qmp_capabilities"}\n{"execute": "query-commands"}\n{"execute": "quit"}\n'
        try:
            proc = subprocess.run([qemu, "-M", "none", "-display", "none", "-nodefaults", "-qmp", "stdio"],
                                  input=msgs, capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as e:
            self.skipTest("QEMU did not answer: %s" % e)
        names = set()
        for line in proc.stdout.splitlines():
            reply = json.loads(line)
            if isinstance(reply.get("return"), list):
                names = {c["name"] for c in reply["return"]}
        self.assertTrue(names, proc.stdout[:200])
        self.assertEqual(QEMU_QMP_COMMANDS - names, set())
        self.assertNotIn("object_add", names)


class FormatCheckTest(unittest.TestCase):
    """The batched clang-format run still reports each badly formatted file."""

    @unittest.skipUnless(shutil.which("clang-format"), "clang-format is not installed")
    def test_bad_file_is_named(self):
        import format_check
        with tempfile.TemporaryDirectory() as d:
            Path(d, ".clang-format").write_text("BasedOnStyle: LLVM\n")
            Path(d, "good.c").write_text("int x(void) { return 0; }\n")
            Path(d, "bad.c").write_text("int   y( void ){return 1;}\n")
            passed, failed = format_check.check(Path(d))
            self.assertEqual(passed, ["good.c"])
            self.assertEqual([f for f, _ in failed], ["bad.c"])
            Path(d, "bad.c").write_text("int y(void) { return 1; }\n")
            self.assertEqual(format_check.check(Path(d)), (["bad.c", "good.c"], []))


class CliTest(unittest.TestCase):
    def test_list(self):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            self.assertEqual(runner.main(["qemu", "-l"]), 0)
            self.assertEqual(runner.main(["qemu", "-l", "nine"]), 2)
            self.assertEqual(runner.main(["qemu", "-l", "-g", "crash"]), 0)
        self.assertIn("crash-pf", out.getvalue())
        self.assertIn("unknown configuration(s): nine", err.getvalue())
        self.assertEqual(out.getvalue().count("crash-pf"), 2)

    def test_finish_line(self):
        a = runner.SuiteReport("x")
        a.passed, a.failed, a.skipped = 3, 1, 2
        b = runner.SuiteReport("qemu")
        b.passed = 4
        out = io.StringIO()
        self.assertEqual(runner._finish([a, b], out=out), 1)
        self.assertEqual(out.getvalue().splitlines()[-1], "7 passed, 1 failed")


if __name__ == "__main__":
    unittest.main()
