"""The LAVA job files of tools/lava/: they validate against LAVA's own job
schema (Debian's lava-common), and their monitors turn hotmem's serial logs
into exactly one LAVA test case per KTAP case plus the verdict
(tests/lava_monitor.py models LAVA's monitor action)."""

import gzip
import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import ktap  # noqa: E402
import lava_monitor  # noqa: E402

ROOT = TESTS_DIR.parent
JOBS = sorted((ROOT / "tools" / "lava").glob("*.yaml"))
FIXTURES = TESTS_DIR / "fixtures"

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML comes with lava-common
    yaml = None


def read_log(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def lava_interpreter():
    """A Python that can import lava_common: this one, or Debian's."""
    try:
        import lava_common  # noqa: F401
        return sys.executable
    except ImportError:
        pass
    system = shutil.which("python3", path="/usr/bin")
    if system and subprocess.run([system, "-c", "import lava_common, yaml"],
                                 capture_output=True).returncode == 0:
        return system
    return None


def expected_results(text):
    """What LAVA must report: every KTAP case in log order, then the verdict
    (or `panic` on a crash), from the runner's own KTAP parser."""
    log = ktap.parse_log(text.encode())
    out = []
    for root in log.roots:
        for suite in root.children:
            for case in suite.children:
                if case.result is False:
                    result = "fail"
                elif case.directive == "SKIP":
                    result = "skip"
                else:
                    result = "pass"
                out.append(("hotmem", case.name, result))
    if log.verdict:
        out.append(("hotmem-verdict", "verdict", log.verdict.lower()))
    elif log.panics:
        out.append(("hotmem-verdict", "panic", "fail"))
    return out


@unittest.skipIf(yaml is None, "PyYAML is missing (Debian: python3-yaml, pulled in by lava-common)")
class LavaJobTests(unittest.TestCase):
    def jobs(self):
        self.assertEqual([p.name for p in JOBS], ["hotmem-qemu.yaml", "hotmem-x86-netboot.yaml"])
        return {p.name: yaml.safe_load(p.read_text()) for p in JOBS}

    def monitors(self, job):
        return [a["test"]["monitors"] for a in job["actions"] if "test" in a][0]

    def test_jobs_validate_against_lavas_schema(self):
        python = lava_interpreter()
        if python is None:
            self.skipTest("lava_common is not installed and cannot be here: install Debian's lava-common")
        proc = subprocess.run([python, str(ROOT / "tools" / "lava" / "validate.py")] + [str(p) for p in JOBS],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(proc.stdout.count(": valid"), len(JOBS), proc.stdout)

    def test_a_broken_job_is_refused(self):
        python = lava_interpreter()
        if python is None:
            self.skipTest("lava_common is not installed and cannot be here: install Debian's lava-common")
        job = yaml.safe_load(JOBS[0].read_text())
        del job["timeouts"]
        tmp = TESTS_DIR.parent / "build" / "lava-broken.yaml"
        tmp.parent.mkdir(exist_ok=True)
        tmp.write_text(yaml.safe_dump(job))
        proc = subprocess.run([python, str(ROOT / "tools" / "lava" / "validate.py"), str(tmp)],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("invalid", proc.stdout)

    def test_both_jobs_read_the_log_the_same_way(self):
        jobs = self.jobs()
        self.assertEqual(self.monitors(jobs["hotmem-qemu.yaml"]), self.monitors(jobs["hotmem-x86-netboot.yaml"]))

    def check_log(self, name, want_verdict):
        text = read_log(FIXTURES / name)
        want = expected_results(text)
        self.assertEqual(want[-1][1:], want_verdict)
        monitors = self.monitors(self.jobs()["hotmem-qemu.yaml"])
        # Whole log at once, then in random pieces (a line may arrive in parts).
        for seed in (None, 1, 2, 3):
            pieces = None if seed is None else lava_monitor.random_pieces(seed)
            run = lava_monitor.run_monitors(monitors, text, pieces)
            self.assertEqual(run.errors, [], "seed %s" % seed)
            self.assertEqual(run.results, want, "seed %s" % seed)
        return want

    def test_full_boot_log(self):
        want = self.check_log("lava/bios-cd.log.gz", ("verdict", "pass"))
        results = [r for _, _, r in want]
        self.assertGreater(results.count("pass"), 500)
        self.assertGreater(results.count("skip"), 5)

    def test_failed_case_and_fail_verdict(self):
        want = self.check_log("lava/shell-failtest.log.gz", ("verdict", "fail"))
        self.assertIn(("hotmem", "fails_on_purpose", "fail"), want)

    def test_skip_only_log(self):
        want = self.check_log("skip-only.log", ("verdict", "skip"))
        self.assertEqual([r for _, _, r in want], ["skip"] * 4)

    def test_crash_ends_the_job_with_a_failure(self):
        want = self.check_log("lava/crash-pf.log", ("panic", "fail"))
        self.assertEqual(want, [("hotmem-verdict", "panic", "fail")])

    def test_crash_in_the_middle_of_a_suite(self):
        self.check_log("real-crash-pf.log", ("panic", "fail"))

    def test_a_log_that_stops_is_an_error_not_a_result(self):
        monitors = self.monitors(self.jobs()["hotmem-qemu.yaml"])
        text = read_log(FIXTURES / "skip-only.log").split("# hotmem: verdict")[0]
        run = lava_monitor.run_monitors(monitors, text)
        self.assertEqual(len(run.results), 3)
        self.assertEqual(run.errors, ["hotmem: end of the log before the end string"])


if __name__ == "__main__":
    unittest.main()
