"""Unit tests of the shell-session machinery (tests/session.py,
tools/sysroot-copy.py): the transcript format, normalisation, comparison,
drafts, the key maps, lsmem's cross-check, and whole sessions against a
stand-in kernel (tests/fixtures/sessions/fake-kernel.py) that plays a shell
over the serial socket and QMP, so a transcript that does not match cannot
pass. Run: python3 tests/runner.py selftest."""

import os
import shutil
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import manifest  # noqa: E402
import qemu_run  # noqa: E402
import session  # noqa: E402

SESSIONS = TESTS_DIR / "fixtures" / "sessions"
FAKE_KERNEL = SESSIONS / "fake-kernel.py"
HAVE_LSMEM = shutil.which("lsmem") is not None

TRANSCRIPT = textwrap.dedent("""\
    # a comment
    not a prompt yet: still the header
    hotmem> cat /sys/kernel/hotmem/screen
     hotmem 0.1.0
    \\hotmem> cat /sys/kernel/hotmem/screen
    \\\\ a backslash line
    Verdict PASS after <elapsed> s
    hotmem> ls x^H ^H/
    !! type ls x
    !! keys backspace
    !! type /
    !! keys ret
    /proc
    hotmem> 
    !! qmp object-add qom-type=memory-backend-ram id=m1 size=256M; device_add driver=pc-dimm id=d1 memdev=m1
    # hotmem: handled 1 acpi-dimm0 add 0x100000000-0x10fffffff
    hotmem> exit
    # hotmem: verdict PASS
    """)


class TranscriptTest(unittest.TestCase):
    def test_parse(self):
        t = session.parse_transcript(TRANSCRIPT, "t.txt")
        self.assertEqual(t.header, "# a comment\nnot a prompt yet: still the header\n")
        self.assertEqual([s.prompt_text for s in t.steps],
                         ["cat /sys/kernel/hotmem/screen", "ls x\b \b/", "", "exit"])
        self.assertEqual(t.steps[0].text, "hotmem> cat /sys/kernel/hotmem/screen\n hotmem 0.1.0\n"
                         "hotmem> cat /sys/kernel/hotmem/screen\n\\ a backslash line\n"
                         "Verdict PASS after <elapsed> s\n")
        self.assertTrue(t.steps[0].types_line)
        self.assertFalse(t.steps[1].types_line)
        self.assertEqual(t.steps[1].directives, [("type", "ls x"), ("keys", "backspace"), ("type", "/"),
                                                 ("keys", "ret")])
        self.assertEqual(t.steps[1].text, "hotmem> ls x\b \b/\n/proc\n")
        # object-add makes no event; device_add one.
        self.assertEqual([s.events for s in t.steps], [0, 0, 1, 0])
        self.assertEqual(t.steps[3].text, "hotmem> exit\n# hotmem: verdict PASS\n")
        self.assertTrue(t.expected.endswith("# hotmem: verdict PASS\n"))

    def test_errors(self):
        for text, msg in (("no prompt at all\n", "no prompt line"),
                          ("hotmem> x\n!! frobnicate 1\n", "unknown directive 'frobnicate'"),
                          ("hotmem> x\n!! keys\n", "keys needs an argument"),
                          ("hotmem> x\n!! qmp object_add id=m1\n", "human monitor's command"),
                          ("hotmem> x\n!! qmp device_add nokey\n", "is not key=value")):
            with self.assertRaises(session.TranscriptError) as cm:
                session.parse_transcript(text, "t.txt")
            self.assertIn(msg, str(cm.exception))

    def test_repository_transcripts_parse(self):
        for path in sorted(session.SESSIONS_DIR.glob("*.txt")):
            t = session.load_transcript(path.stem)
            self.assertTrue(t.steps, path)
            self.assertTrue(t.header.startswith("# " + path.stem), path)
            # Every session ends the run with its verdict.
            self.assertRegex(t.steps[-1].text, r"^hotmem> exit\n(.*\n)*# hotmem: verdict (PASS|FAIL|SKIP)\n$")

    def test_normalise(self):
        text = (" Verdict FAIL after 12.3 s\n  00100000-001b0483 : Kernel code\n"
                "  001b1000-0020adaf : Kernel rodata\n00212000-003f09b7 : Kernel bss extra\n")
        self.assertEqual(session.normalise(text),
                         " Verdict FAIL after <elapsed> s\n  <kernel> : Kernel code\n"
                         "  <kernel> : Kernel rodata\n00212000-003f09b7 : Kernel bss extra\n")

    def test_session_text_cuts_and_start(self):
        raw = b"boot\r\nhotmem> (x\r\nhotmem> a\r\nA\r\nhotmem> cp\r\ncopy\r\nhotmem> b\r\n"
        self.assertEqual(session.session_text(raw), "hotmem> (x\nhotmem> a\nA\nhotmem> cp\ncopy\nhotmem> b\n")
        cut = raw.index(b"cp")
        end = raw.index(b"b\r\n", cut)
        self.assertEqual(session.session_text(raw, [(cut, end)]), "hotmem> (x\nhotmem> a\nA\nhotmem> b\n")
        self.assertEqual(session.session_text(b"no shell\n"), "")

    def test_compare_is_exact(self):
        t = session.parse_transcript("hotmem> a\nA\nhotmem> exit\n")
        ok, summary, diff = session.compare(t, "hotmem> a\nA\nhotmem> exit\n", "x")
        self.assertTrue(ok, summary)
        for actual in ("hotmem> a\nA \nhotmem> exit\n", "hotmem> a\nA\nB\nhotmem> exit\n",
                       "hotmem> a\nhotmem> exit\n", "hotmem> a\nA\nhotmem> exit\n# more\n"):
            ok, summary, diff = session.compare(t, actual, "x")
            self.assertFalse(ok, repr(actual))
            self.assertTrue(any(d.startswith(("-", "+")) and not d.startswith(("---", "+++")) for d in diff))
        ok, summary, diff = session.compare(t, "hotmem> a\nA\x08\nhotmem> exit\n", "x")
        self.assertIn("+A^H", diff)

    def test_draft_round_trip(self):
        t = session.parse_transcript("# head\nhotmem> cat s\nhotmem> \n!! qmp device_del id=d1\nhotmem> exit\n")
        actual = ("hotmem> cat s\n row\nhotmem> cat s\n!! not a directive\n\\x\nhotmem> \nevent 1\n"
                  "hotmem> exit\n# hotmem: verdict PASS\n")
        text = session.draft(t, actual)
        self.assertEqual(text, "# head\nhotmem> cat s\n row\n\\hotmem> cat s\n\\!! not a directive\n\\\\x\n"
                               "hotmem> \n!! qmp device_del id=d1\nevent 1\nhotmem> exit\n# hotmem: verdict PASS\n")
        again = session.parse_transcript(text)
        self.assertEqual(again.expected, actual)
        self.assertEqual(len(again.steps), 3)

    def test_keys(self):
        self.assertEqual(session.qcodes_for_char("a"), ["a"])
        self.assertEqual(session.qcodes_for_char("Q"), ["shift", "q"])
        self.assertEqual(session.qcodes_for_char(">"), ["shift", "dot"])
        self.assertEqual(session.qcodes_for_char("/"), ["slash"])
        self.assertEqual(session.qcodes_for_char("*"), ["shift", "8"])
        with self.assertRaises(session.TranscriptError):
            session.qcodes_for_char("\u00e9")
        self.assertEqual(session.SERIAL_KEYS["shift-pgup"], "\x1b[5;2~")


def make_sysroot(root, blocks, iomem, bs=0x8000000):
    base = Path(root) / "sys/devices/system/memory"
    base.mkdir(parents=True)
    (base / "block_size_bytes").write_text("%x\n" % bs)
    for n, state in blocks.items():
        d = base / ("memory%d" % n)
        (d / "node0").mkdir(parents=True)
        (d / "state").write_text(state + "\n")
        (d / "removable").write_text("1\n")
        (d / "valid_zones").write_text("Normal\n")
    (Path(root) / "proc").mkdir()
    (Path(root) / "proc/iomem").write_text(iomem)


class LsmemTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="hotmem-lsmem-test-")
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    LSMEM = ("$ lsmem --sysroot DIR\nRANGE SIZE STATE REMOVABLE BLOCK\n"
             "0x0000000000000000-0x000000000fffffff  256M  online  yes  0-1\n"
             "0x0000000100000000-0x0000000107ffffff  128M offline        32\n")

    def test_cross_check(self):
        root = self.dir / "a"
        make_sysroot(root, {0: "online", 1: "online", 32: "offline"},
                     "00001000-0fffffff : System RAM\n100000000-107ffffff : System RAM\n")
        self.assertEqual(session.cross_check(root, self.LSMEM), [])
        # lsmem saying something else than the files
        problems = session.cross_check(root, self.LSMEM.replace(" 0-1\n", " 0\n"))
        self.assertIn("lsmem's ranges", problems[0])
        # a block /proc/iomem knows nothing of, System RAM without a block
        root = self.dir / "b"
        make_sysroot(root, {0: "online", 1: "online", 32: "offline"},
                     "00001000-0fffffff : System RAM\n200000000-207ffffff : System RAM (kmem)\n")
        problems = session.cross_check(root, self.LSMEM)
        self.assertIn("memory32 (0x100000000-0x107ffffff) holds no System RAM of /proc/iomem", problems)
        self.assertIn("System RAM 200000000-207ffffff of /proc/iomem has no memory64", problems)

    @unittest.skipUnless(HAVE_LSMEM, "util-linux lsmem not installed")
    def test_check_lsmem_against_golden(self):
        root = self.dir / "s"
        make_sysroot(root, {0: "online", 1: "offline"}, "00001000-0fffffff : System RAM\n")
        golden = self.dir / "golden"
        golden.mkdir()
        results, text = session.check_lsmem(root, "x", golden)
        self.assertFalse(results[0].ok)                       # no golden file yet
        self.assertIn("0x0000000008000000-0x000000000fffffff  128M offline", text)
        (golden / "lsmem-x.txt").write_text(text)
        results, _ = session.check_lsmem(root, "x", golden)
        self.assertEqual([r.ok for r in results], [True, True])
        (golden / "lsmem-x.txt").write_text(text.replace("offline", "online "))
        results, _ = session.check_lsmem(root, "x", golden)
        self.assertFalse(results[0].ok)
        self.assertTrue(any(d.startswith("-") for d in results[0].details))


class SysrootCopyTest(unittest.TestCase):
    def test_copy_through_a_shell(self):
        tool = session.load_sysroot_tool()
        tree = {"/proc": "iomem\nmeminfo\n", "/proc/iomem": "00001000-0fffffff : System RAM\n",
                "/proc/meminfo": "MemTotal:         100 kB\n",
                "/sys/devices/system/memory": "block_size_bytes\nmemory0/\nprobe\n",
                "/sys/devices/system/memory/block_size_bytes": "8000000\n",
                "/sys/devices/system/memory/memory0": "state\nnode0/\n",
                "/sys/devices/system/memory/memory0/state": "online\n",
                "/sys/devices/system/memory/memory0/node0": "",
                "/sys/firmware/memmap": "0/\n", "/sys/firmware/memmap/0": "type\n",
                "/sys/firmware/memmap/0/type": "System RAM\n"}
        dirs = {"/proc", "/sys/devices/system/memory", "/sys/devices/system/memory/memory0",
                "/sys/devices/system/memory/memory0/node0", "/sys/firmware/memmap", "/sys/firmware/memmap/0"}
        typed = []

        def run(command):
            typed.append(command)
            verb, path = command.split(" ", 1)
            if path.endswith("/probe"):
                return "%s: %s: Permission denied\n" % (verb, path)
            if verb == "ls":
                return tree[path] if path in dirs else path + "\n"
            return tree[path]

        with tempfile.TemporaryDirectory() as d:
            copied, skipped = tool.copy_sysroot(run, d)
            self.assertEqual((Path(d) / "proc/iomem").read_text(), tree["/proc/iomem"])
            self.assertEqual((Path(d) / "sys/firmware/memmap/0/type").read_text(), "System RAM\n")
            self.assertTrue((Path(d) / "sys/devices/system/memory/memory0/node0").is_dir())
            self.assertFalse((Path(d) / "sys/devices/system/memory/probe").exists())
        self.assertEqual(skipped, [("/sys/devices/system/memory/probe", "Permission denied")])
        self.assertEqual(len(copied), 5)
        self.assertIn("cat /sys/devices/system/memory/memory0/state", typed)


class FakeKernelSessionTest(unittest.TestCase):
    """Whole sessions through run_qemu against the stand-in kernel."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="hotmem-session-test-")
        self.dir = Path(self.tmp.name)
        self.fake = self.dir / "fake-qemu"
        self.fake.write_text("#!/bin/sh\nexec %s %s \"$@\"\n" % (sys.executable, FAKE_KERNEL))
        self.fake.chmod(0o755)
        self.iso = self.dir / "hotmem.iso"
        self.iso.write_bytes(b"iso")
        self.sessions = self.dir / "sessions"
        shutil.copytree(SESSIONS, self.sessions)

    def tearDown(self):
        self.tmp.cleanup()

    def run_session(self, cfg_text="[fake]\nsession = fake\ntimeout = 60\n", **env_extra):
        env = dict(os.environ, QEMU=str(self.fake), HOTMEM_SESSIONS_DIR=str(self.sessions))
        env.pop("HOTMEM_TIMEOUT_SCALE", None)
        env.update(env_extra)
        cfg = manifest.parse_manifest(cfg_text)[0]
        res = qemu_run.run_qemu(cfg, self.iso, self.dir / "logs", env=env)
        self.assertIsNone(res.error)
        res.outcome = qemu_run.evaluate(cfg.expect, res.rc, res.log, res.timed_out, res.timeout, res.extra_reasons)
        return res

    def names(self, res):
        return [(r.name, r.ok) for r in res.session_results]

    def test_serial_session_passes(self):
        res = self.run_session()
        self.assertTrue(res.outcome.ok, res.outcome.reasons)
        want = [("transcript fake", True)]
        if HAVE_LSMEM:
            want += [("lsmem copy", True), ("lsmem-vs-files copy", True)]
        self.assertEqual(self.names(res)[:len(want)], want, [r.details for r in res.session_results])
        self.assertIn("hotmem.shell", res.cmd[res.cmd.index("-fw_cfg") + 1])
        # The copier's traffic is in the serial log, not in the transcript.
        log = (self.dir / "logs" / "fake.log").read_bytes()
        self.assertIn(b"ls /sys/devices/system/memory/memory0/node0", log)
        draft = (self.dir / "logs" / "fake.session.txt").read_text()
        self.assertEqual(draft, (SESSIONS / "fake.txt").read_text())

    def test_keyboard_session_passes(self):
        res = self.run_session("[fake]\nsession = fake\ninput = keyboard\n")
        self.assertEqual(self.names(res)[0], ("transcript fake", True), res.session_results[0].details)

    def test_missing_output_fails(self):
        # The kernel prints one line of help fewer than the transcript says.
        res = self.run_session("[fake]\nsession = fake\ntimeout = 200\n", FAKE_BREAK="help",
                               HOTMEM_TIMEOUT_SCALE="0.05")
        r = res.session_results[0]
        self.assertFalse(r.ok)
        self.assertIn("-help  this list", r.details)
        self.assertIn("no next prompt after 3 s", r.summary)
        self.assertFalse(res.outcome.ok)
        self.assertLess(res.elapsed, 8)     # the runner stops QEMU at once

    def test_wrong_transcript_fails(self):
        path = self.sessions / "fake.txt"
        path.write_text(path.read_text().replace("nope: command not found", "nope: command not found!"))
        res = self.run_session()
        r = res.session_results[0]
        self.assertFalse(r.ok)
        self.assertIn("-nope: command not found!", r.details)
        self.assertIn("+nope: command not found", r.details)

    @unittest.skipUnless(HAVE_LSMEM, "util-linux lsmem not installed")
    def test_wrong_lsmem_golden_fails(self):
        golden = self.sessions / "fake" / "lsmem-copy.txt"
        golden.write_text(golden.read_text().replace("128M online", "256M online"))
        res = self.run_session()
        self.assertEqual(self.names(res), [("transcript fake", True), ("lsmem copy", False),
                                           ("lsmem-vs-files copy", True)])

    def test_missing_transcript_is_an_error(self):
        env = dict(os.environ, QEMU=str(self.fake), HOTMEM_SESSIONS_DIR=str(self.sessions))
        cfg = manifest.parse_manifest("[fake]\nsession = nosuch\n")[0]
        res = qemu_run.run_qemu(cfg, self.iso, self.dir / "logs", env=env)
        self.assertIn("cannot read transcript", res.error)

    def test_command_line(self):
        cfg = manifest.parse_manifest("[s]\nsession = x\n")[0]
        cmd = qemu_run.build_qemu_command(cfg, "i.iso", serial_socket="/t/s.sock", qmp_socket="/t/q.sock")
        self.assertEqual(cmd[cmd.index("-serial") + 1], "unix:/t/s.sock,server=on,wait=on")
        self.assertEqual(cfg.full_cmdline(), "hotmem.shell")
        with self.assertRaises(manifest.ManifestError):
            manifest.parse_manifest("[s]\ninput = mouse\n")


if __name__ == "__main__":
    unittest.main()
