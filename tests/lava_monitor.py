"""What a LAVA lab makes of hotmem's serial log (tools/lava/*.yaml).

A model of LAVA's `monitors` test action, written from its documented
behaviour, so the job files' patterns can be checked against real logs
without a LAVA installation:

- the monitors run one after the other on one console stream;
- a monitor first waits for its `start` regex, then repeatedly waits for
  whichever of `end` and `pattern` matches first in the text received so far
  (the earliest match in the buffer wins, `end` on a tie), and consumes the
  text up to the end of that match, as pexpect does (patterns compiled with
  re.DOTALL);
- a `pattern` match is one test case: its `result` group, mapped through
  `fixupdict`, must be pass, fail, skip or unknown; its `test_case_id` group
  is lower-cased and every run of non-word characters becomes "_";
- the console delivers text in pieces of any size, so a pattern must not
  match a line that has not fully arrived.
"""

import random
import re

LAVA_RESULTS = ("pass", "fail", "skip", "unknown")


class Console:
    """A console that delivers `text` in pieces of the given sizes."""

    def __init__(self, text, piece_sizes=None):
        self.text = text
        self.pos = 0
        self.buffer = ""
        self.sizes = piece_sizes or [len(text) or 1]
        self.turn = 0

    def _read(self):
        if self.pos >= len(self.text):
            return False
        n = max(1, self.sizes[self.turn % len(self.sizes)])
        self.turn += 1
        self.buffer += self.text[self.pos:self.pos + n]
        self.pos += n
        return True

    def expect(self, patterns):
        """(index, match) of the earliest match among `patterns`, or None
        when the text ends first."""
        while True:
            best = None
            for i, pat in enumerate(patterns):
                m = pat.search(self.buffer)
                if m and (best is None or m.start() < best[1].start()):
                    best = (i, m)
            if best:
                self.buffer = self.buffer[best[1].end():]
                return best
            if not self._read():
                return None


class MonitorRun:
    def __init__(self):
        self.results = []     # (monitor name, case id, result)
        self.errors = []      # what LAVA would report as errors


def run_monitors(monitors, text, piece_sizes=None):
    """Play `text` through the monitors; returns a MonitorRun."""
    run = MonitorRun()
    console = Console(text, piece_sizes)
    for mon in monitors:
        name = mon["name"].replace(" ", "-").lower()
        fixup = mon.get("fixupdict") or {}
        start = re.compile(mon["start"], re.DOTALL)
        end = re.compile(mon["end"], re.DOTALL)
        pattern = re.compile(mon["pattern"], re.DOTALL)
        if console.expect([start]) is None:
            run.errors.append("%s: start string never seen" % name)
            return run
        while True:
            hit = console.expect([end, pattern])
            if hit is None:
                run.errors.append("%s: end of the log before the end string" % name)
                return run
            index, m = hit
            if index == 0:
                break
            groups = m.groupdict()
            result = groups.get("result")
            result = fixup.get(result, result)
            if result not in LAVA_RESULTS:
                run.errors.append("%s: bad test result %r" % (name, groups.get("result")))
                continue
            case = re.sub(r"\W+", "_", (groups.get("test_case_id") or "").strip().lower())
            run.results.append((name, case, result))
    return run


def random_pieces(seed, count=64, largest=4096):
    """Piece sizes for Console, reproducible from `seed`."""
    rng = random.Random(seed)
    return [rng.randint(1, largest) for _ in range(count)]
