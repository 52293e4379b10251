"""Shell sessions with exact transcripts (docs/testing.md): a configuration
with `session = NAME` boots with hotmem.shell, and the runner plays the
transcript tests/golden/hotmem/sessions/NAME.txt against the kernel's shell
over the serial port (or the PS/2 keyboard through QMP send-key), sends the
QMP events written in it at the prompt, then compares the whole session
with the transcript. Standard library only.

Transcript format:

- Lines before the first line that starts with `hotmem> ` are comments.
- From there on the file is the exact text the serial port carries from the
  first prompt to the end of the run (carriage returns removed), except:
  - a line starting with `!! ` is a directive (below), not text;
  - a line starting with `\\` is text without that backslash: write output
    lines that begin with `hotmem> `, `!! ` or `\\` so (the rows of
    `cat /sys/kernel/hotmem/screen` that show earlier prompts);
  - `^H` stands for the byte 0x08 (the line editor's echo of Backspace);
  - `<elapsed>` stands for the summary's elapsed time ("after 1.4 s"), the
    one value that differs from run to run, and `<kernel>` for the range of
    a "Kernel code/rodata/data/bss" line of /proc/iomem, which differs from
    build to build (NORMALISERS).
- Every line starting with `hotmem> ` is a prompt. At each prompt the runner
  runs the directives below the line, in order; unless one of them is input
  (`type`, `keys`, `qmp`), it then types the rest of the prompt line and
  Enter. It goes on when the kernel has printed everything up to the next
  prompt (as many lines as the transcript has, ending in `hotmem> `); after
  the last prompt it waits for the end of the run.

Directives:

  !! type TEXT        type TEXT (no Enter) the configuration's way
  !! keys K ...       press keys, each a QMP qcode or several joined by `-`
                      (ret, backspace, pgup, shift-pgup, ctrl-c); over serial
                      the terminal's bytes for them (SERIAL_KEYS)
  !! qmp CMD k=v ...; CMD ...   QMP commands (the manifest's `events` syntax)
  !! sysroot NAME     copy the pseudo-files through the shell
                      (tools/sysroot-copy.py) and check util-linux lsmem on
                      the copy against <session>/lsmem-NAME.txt; what the
                      copy typed and read is not part of the transcript
"""

import difflib
import importlib.util
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
from qmp import parse_events  # noqa: E402  (needs the path above)
SESSIONS_DIR = TESTS_DIR / "golden" / "hotmem" / "sessions"   # $HOTMEM_SESSIONS_DIR overrides
SYSROOT_TOOL = ROOT / "tools" / "sysroot-copy.py"

PROMPT = "hotmem> "

# Values that differ from run to run: (regex, replacement), applied to what
# the kernel printed before the comparison.
NORMALISERS = [
    # The summary screen's time from kernel entry to the verdict.
    (re.compile(r"(Verdict (?:PASS|FAIL|SKIP) after )\d+\.\d s"), r"\1<elapsed> s"),
    # Where the kernel image ends in /proc/iomem changes with every build
    # (the diff of an add next to it shows it as context).
    (re.compile(r"^( *)[0-9a-f]+-[0-9a-f]+( : Kernel (?:code|rodata|data|bss))$", re.M), r"\1<kernel>\2"),
]

INPUT_DIRECTIVES = ("type", "keys", "qmp")
# QMP commands that only create or delete a backend: no device request, so
# the kernel reports no event for them.
QMP_BACKEND_COMMANDS = ("object-add", "object-del")
HANDLED = b"# hotmem: handled "
DIRECTIVES = INPUT_DIRECTIVES + ("sysroot",)

# What a terminal sends for a key, for `keys` over serial (docs/input.md).
SERIAL_KEYS = {
    "ret": "\r", "backspace": "\x7f", "tab": "\t", "esc": "\x1b",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "home": "\x1b[H", "end": "\x1b[F", "pgup": "\x1b[5~", "pgdn": "\x1b[6~",
    "shift-pgup": "\x1b[5;2~", "shift-pgdn": "\x1b[6;2~",
    "ctrl-c": "\x03", "ctrl-d": "\x04",
}

# QMP qcodes of the characters a command line uses (US layout).
_QCODE_PLAIN = {" ": "spc", "/": "slash", ".": "dot", "-": "minus", "=": "equal", ",": "comma",
                ";": "semicolon", "'": "apostrophe", "`": "grave_accent", "[": "bracket_left",
                "]": "bracket_right", "\\": "backslash", "\n": "ret"}
_QCODE_SHIFTED = {">": "dot", "<": "comma", "_": "minus", "+": "equal", ":": "semicolon",
                  '"': "apostrophe", "~": "grave_accent", "{": "bracket_left", "}": "bracket_right",
                  "|": "backslash", "?": "slash", "!": "1", "@": "2", "#": "3", "$": "4", "%": "5",
                  "^": "6", "&": "7", "*": "8", "(": "9", ")": "0"}


class TranscriptError(Exception):
    pass


def qcodes_for_char(ch):
    """The qcodes pressed together for one character."""
    if ch.isascii() and (ch.islower() or ch.isdigit()):
        return [ch]
    if ch.isascii() and ch.isupper():
        return ["shift", ch.lower()]
    if ch in _QCODE_PLAIN:
        return [_QCODE_PLAIN[ch]]
    if ch in _QCODE_SHIFTED:
        return ["shift", _QCODE_SHIFTED[ch]]
    raise TranscriptError("no PS/2 key for %r" % ch)


class Step:
    """One prompt: the directives to run there, what to type after them (or
    None), and the transcript text from this prompt up to the next one."""

    def __init__(self, prompt_text):
        self.prompt_text = prompt_text
        self.directives = []      # (name, argument)
        self.text = ""            # expected text of this step

    @property
    def types_line(self):
        return not any(d[0] in INPUT_DIRECTIVES for d in self.directives)

    @property
    def events(self):
        """Device requests the step's QMP commands make: the kernel reports
        each with a `handled` line before its next prompt."""
        n = 0
        for name, arg in self.directives:
            if name == "qmp":
                n += sum(1 for step in parse_events(arg) for cmd, _ in step if cmd not in QMP_BACKEND_COMMANDS)
        return n


class Transcript:
    def __init__(self, steps, source="<transcript>", header=""):
        self.steps = steps
        self.source = source
        self.header = header      # the comment lines before the first prompt

    @property
    def expected(self):
        return "".join(s.text for s in self.steps)


def _unescape(line):
    return line.replace("^H", "\b")


def parse_transcript(text, source="<transcript>"):
    """A Transcript from the file's text (format above)."""
    steps = []
    started = False
    header = []
    for nr, line in enumerate(text.split("\n"), 1):
        if not started:
            if not line.startswith(PROMPT):
                header.append(line)
                continue
            started = True
        if line.startswith("!! "):
            name, _, arg = line[3:].strip().partition(" ")
            if name not in DIRECTIVES:
                raise TranscriptError("%s:%d: unknown directive %r (have: %s)" % (source, nr, name,
                                                                                   ", ".join(DIRECTIVES)))
            if not arg.strip():
                raise TranscriptError("%s:%d: %s needs an argument" % (source, nr, name))
            steps[-1].directives.append((name, arg.strip()))
            continue
        if line.startswith(PROMPT):
            steps.append(Step(_unescape(line[len(PROMPT):])))
        elif line.startswith("\\"):
            line = line[1:]
        steps[-1].text += _unescape(line) + "\n"
    if not steps:
        raise TranscriptError("%s: no prompt line (`hotmem> ...`)" % source)
    # The file's last newline ends the text; the empty "line" after it is none.
    if text.endswith("\n"):
        steps[-1].text = steps[-1].text[:-1]
    for s in steps:
        for name, arg in s.directives:
            if name == "keys":
                for k in arg.split():
                    if not all(k.split("-")):
                        raise TranscriptError("%s: bad key %r" % (source, k))
            elif name == "qmp":
                try:
                    parse_events(arg)
                except ValueError as e:
                    raise TranscriptError("%s: %s" % (source, e)) from None
    return Transcript(steps, source, "".join(h + "\n" for h in header))


def _escape(line):
    line = line.replace("\b", "^H")
    if line.startswith((PROMPT, "!! ", "\\")):
        return "\\" + line
    return line


def draft(transcript, actual):
    """A transcript file for `actual` (a session's text): the header and
    directives of `transcript`, its prompts where the session has them, and
    every other line as printed, escaped. For writing or updating a
    transcript after reviewing what the kernel printed (docs/testing.md)."""
    out = [transcript.header.rstrip("\n")] if transcript.header.strip() else []
    steps = list(transcript.steps)
    lines = actual.split("\n")
    for i, line in enumerate(lines):
        last = i + 1 == len(lines)
        if steps and line == PROMPT + steps[0].prompt_text:
            step = steps.pop(0)
            out.append(line.replace("\b", "^H"))
            out += ["!! %s %s" % d for d in step.directives]
        elif not (last and line == ""):
            out.append(_escape(line))
    return "\n".join(out) + "\n"


def load_transcript(name, sessions_dir=None):
    path = Path(sessions_dir or SESSIONS_DIR) / ("%s.txt" % name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise TranscriptError("cannot read transcript %s: %s" % (path, e.strerror or e)) from None
    return parse_transcript(text, str(path))


def normalise(text):
    for regex, repl in NORMALISERS:
        text = regex.sub(repl, text)
    return text


def session_text(raw, cuts=()):
    """The session as the transcript has it: from the first prompt at the
    start of a line, the spans in cuts (byte offsets into raw) removed,
    carriage returns dropped, normalised."""
    data = bytearray(raw)
    for start, end in sorted(cuts, reverse=True):
        del data[start:end]
    text = bytes(data).decode("utf-8", errors="replace").replace("\r", "")
    start = _first_prompt(text)
    return normalise(text[start:]) if start >= 0 else ""


def _first_prompt(text):
    if text.startswith(PROMPT):
        return 0
    i = text.find("\n" + PROMPT)
    return i + 1 if i >= 0 else -1


def compare(transcript, actual, label):
    """(ok, summary, diff lines) of the transcript against the session."""
    want = transcript.expected
    if actual == want:
        n = want.count("\n")
        return True, "%s: %d line(s) match" % (label, n), []
    w, a = want.split("\n"), actual.split("\n")
    diff = list(difflib.unified_diff(w, a, "transcript " + transcript.source, "serial (session)",
                                     n=3, lineterm=""))
    minus = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
    plus = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
    return False, "%s: %d line(s) only in the transcript, %d only on serial" % (label, minus, plus), \
        [repr_controls(d) for d in diff]


def repr_controls(line):
    return "".join(c if c >= " " or c == "\t" else "^%c" % (ord(c) + 64) for c in line)


class SerialStream:
    """The bytes the guest wrote to the serial port so far, with waiting."""

    def __init__(self):
        self.data = bytearray()
        self.closed = False
        self.cond = threading.Condition()

    def feed(self, chunk):
        with self.cond:
            self.data += chunk
            self.cond.notify_all()

    def close(self):
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def wait(self, pred, timeout):
        """Wait until pred(bytes) is true or the stream closed; True if pred
        held."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if pred(bytes(self.data)):
                    return True
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    return pred(bytes(self.data))
                self.cond.wait(left)

    def __len__(self):
        with self.cond:
            return len(self.data)


def _ends_with_prompt(data):
    return data.replace(b"\r", b"").endswith(b"\n" + PROMPT.encode()) or data == PROMPT.encode()


def _newlines(data):
    return data.count(b"\n")


def load_sysroot_tool():
    spec = importlib.util.spec_from_file_location("sysroot_copy", str(SYSROOT_TOOL))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class CheckResult:
    """A named check of a session (one test): ok, summary, details."""

    def __init__(self, name, ok, summary, details=()):
        self.name = name
        self.ok = ok
        self.summary = summary
        self.details = list(details)

    def describe(self):
        return "%s: %s" % ("PASS" if self.ok else "FAIL", self.summary)


class SessionDriver:
    """Plays a transcript against a running kernel.

    stream: SerialStream of the guest's serial output; send_serial(bytes)
    writes to its serial input; qmp: a QmpClient or None (needed for
    keyboard input and `qmp` directives); keyboard: type over the PS/2
    keyboard; workdir: where sysroot copies go; step_timeout: seconds a
    step may take."""

    def __init__(self, transcript, stream, send_serial, qmp=None, keyboard=False, workdir=None,
                 step_timeout=60.0, lsmem="lsmem"):
        self.t = transcript
        self.stream = stream
        self.send_serial = send_serial
        self.qmp = qmp
        self.keyboard = keyboard
        self.workdir = Path(workdir) if workdir else None
        self.step_timeout = step_timeout
        self.lsmem = lsmem
        self.problems = []
        self.cuts = []             # (start, end) byte spans of the copier's traffic
        self.cut_newlines = 0
        self.start = None          # byte offset of the first prompt
        self.sysroot_results = []  # CheckResult per sysroot directive
        self.copies = {}           # sysroot name -> directory
        self.lsmem_texts = {}      # sysroot name -> what lsmem printed

    # -- input ------------------------------------------------------------
    def _type(self, text):
        if not self.keyboard:
            self.send_serial(text.encode())
            return
        for ch in text:
            # One key at a time, each after the echo of the one before:
            # QEMU's PS/2 queue holds 16 bytes and drops what comes on top,
            # so keys sent faster than a busy guest drains them are lost.
            before = len(self.stream)
            self._press(qcodes_for_char(ch))
            self.stream.wait(lambda d: len(d) > before, 5.0)

    def _press(self, qcodes):
        if self.qmp is None:
            raise TranscriptError("keyboard input needs QMP")
        self.qmp.execute("send-key", {"keys": [{"type": "qcode", "data": q} for q in qcodes],
                                      "hold-time": 10})
        time.sleep(0.02)

    def _keys(self, arg):
        for k in arg.split():
            if self.keyboard:
                self._press(k.split("-"))
            elif k in SERIAL_KEYS:
                self.send_serial(SERIAL_KEYS[k].encode())
            else:
                raise TranscriptError("no serial bytes for key %r (have: %s)" % (k, ", ".join(SERIAL_KEYS)))

    def _enter(self):
        if self.keyboard:
            self._press(["ret"])
        else:
            self.send_serial(b"\r")

    def _qmp(self, arg):
        if self.qmp is None:
            raise TranscriptError("qmp directive without a QMP connection")
        for step in parse_events(arg):
            for command, args in step:
                self.qmp.execute(command, args)

    # -- the copier ---------------------------------------------------------
    def run_command(self, command, timeout=None):
        """Type a command over serial and return what it printed (between
        its echo and the next prompt)."""
        before = len(self.stream)
        self.send_serial(command.encode() + b"\r")
        ok = self.stream.wait(lambda d: len(d) > before and _newlines(d[before:]) >= 1
                              and _ends_with_prompt(d[before:]), timeout or self.step_timeout)
        out = bytes(self.stream.data[before:]).decode("utf-8", errors="replace").replace("\r", "")
        if not ok:
            raise TranscriptError("no prompt after %r" % command)
        lines = out[:-len(PROMPT)].split("\n", 1)
        return lines[1] if len(lines) > 1 else ""

    def _sysroot(self, name):
        if self.workdir is None:
            raise TranscriptError("sysroot needs a work directory")
        tool = load_sysroot_tool()
        dest = self.workdir / ("sysroot-" + name)
        if dest.exists():
            shutil.rmtree(dest)
        begin = len(self.stream)
        try:
            tool.copy_sysroot(self.run_command, dest)
        finally:
            end = len(self.stream)
            self.cuts.append((begin, end))
            self.cut_newlines += _newlines(bytes(self.stream.data[begin:end]))
        self.copies[name] = dest
        results, self.lsmem_texts[name] = check_lsmem(dest, name, self.golden_dir, self.lsmem)
        self.sysroot_results += results

    def t_name(self):
        return Path(self.t.source).stem

    @property
    def golden_dir(self):
        """Where the transcript's lsmem files are: beside it, in a directory
        of its name."""
        return Path(self.t.source).parent / self.t_name()

    # -- the session --------------------------------------------------------
    def run(self):
        """Drive every step; problems go to self.problems."""
        ok = self.stream.wait(lambda d: _first_prompt(d.decode("utf-8", "replace")) >= 0
                              and _ends_with_prompt(d), self.step_timeout)
        if not ok:
            self.problems.append("the shell never printed its first prompt")
            return
        text = bytes(self.stream.data).decode("utf-8", "replace")
        self.start = len(text[:_first_prompt(text)].encode("utf-8"))
        want_newlines = 0
        steps = self.t.steps
        for i, step in enumerate(steps):
            try:
                # The sysroot copies run first, at this very prompt.
                for name, arg in step.directives:
                    if name == "sysroot":
                        self._sysroot(arg)
                handled_before = bytes(self.stream.data).count(HANDLED)
                mark = len(self.stream)
                for name, arg in step.directives:
                    if name == "type":
                        self._type(arg)
                    elif name == "keys":
                        self._keys(arg)
                    elif name == "qmp":
                        self._qmp(arg)
                if step.types_line:
                    self._type(step.prompt_text)
                    self._enter()
            except Exception as e:  # QmpError, TranscriptError, OSError
                self.problems.append("prompt %d (%r): %s" % (i + 1, step.prompt_text, e))
                return
            want_newlines += step.text.count("\n")
            if i + 1 == len(steps):
                # The last step ends the run: wait for the end of the output.
                self.stream.wait(lambda d: False, self.step_timeout)
                return
            base = self.start
            target = want_newlines + self.cut_newlines
            events = handled_before + step.events
            # Every input ends its line (Enter's echo, or the newline an
            # event report starts with) before the next prompt can come; an
            # event comes when the kernel next polls, and its `handled` line
            # (docs/events.md) says the report is complete.
            if not self.stream.wait(lambda d: _newlines(d[base:]) >= target and _newlines(d[mark:]) >= 1
                                    and _ends_with_prompt(d) and d.count(HANDLED) >= events,
                                    self.step_timeout):
                self.problems.append("prompt %d (%r): no next prompt after %.0f s" % (
                    i + 1, step.prompt_text, self.step_timeout))
                return

    def draft(self):
        return draft(self.t, self.actual_text())

    def actual_text(self):
        """The session as printed, in the transcript's terms (normalised,
        the copier's traffic cut out), without the directives."""
        return session_text(bytes(self.stream.data), self.cuts)

    def results(self, label):
        """CheckResults: the transcript, then each sysroot check."""
        actual = self.actual_text()
        ok, summary, diff = compare(self.t, actual, label)
        details = list(self.problems) + diff
        if self.problems:
            ok = False
            summary += "; " + self.problems[0]
        out = [CheckResult("transcript " + self.t_name(), ok, summary, details)]
        return out + self.sysroot_results


# ---------------------------------------------------------------------------
# lsmem on a copied sysroot
# ---------------------------------------------------------------------------

LSMEM_COLUMNS = "RANGE,SIZE,STATE,REMOVABLE,BLOCK,ZONES"


def run_lsmem(sysroot, lsmem="lsmem"):
    """The two lsmem runs of a check, as one text: each preceded by the
    command line (with DIR for the sysroot)."""
    out = []
    for extra in ([], ["-o", LSMEM_COLUMNS]):
        argv = [lsmem, "--sysroot", str(sysroot)] + extra
        p = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        out.append("$ " + " ".join(["lsmem", "--sysroot", "DIR"] + extra))
        out += p.stdout.rstrip("\n").split("\n")
        if p.returncode or p.stderr.strip():
            out.append("(exit %d) %s" % (p.returncode, p.stderr.strip()))
    return "\n".join(out) + "\n"


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return None


def memory_blocks(sysroot):
    """{block: (state, removable, node)} from the copied memoryN files."""
    base = Path(sysroot) / "sys" / "devices" / "system" / "memory"
    blocks = {}
    for d in base.glob("memory*"):
        if not d.is_dir() or not d.name[6:].isdigit():
            continue
        nodes = [n.name[4:] for n in d.glob("node*") if n.name[4:].isdigit()]
        blocks[int(d.name[6:])] = ((_read(d / "state") or "").strip(),
                                   (_read(d / "removable") or "").strip(), nodes[0] if nodes else "")
    return blocks


def iomem_system_ram(sysroot):
    """Ranges of every "System RAM..." line of the copied /proc/iomem."""
    text = _read(Path(sysroot) / "proc" / "iomem") or ""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^\s*([0-9a-f]+)-([0-9a-f]+) : System RAM", line)
        if m:
            out.append((int(m.group(1), 16), int(m.group(2), 16)))
    return out


def expected_ranges(sysroot):
    """The RANGE lines lsmem must print, from the memory-block files: runs
    of consecutive blocks with the same state, removable and node (lsmem's
    default merge), as (start, end, state, first, last)."""
    bs = int((_read(Path(sysroot) / "sys/devices/system/memory/block_size_bytes") or "0").strip() or "0", 16)
    runs = []
    for n, key in sorted(memory_blocks(sysroot).items()):
        if runs and runs[-1][4] == n - 1 and runs[-1][5] == key:
            runs[-1][1] = (n + 1) * bs - 1
            runs[-1][4] = n
        else:
            runs.append([n * bs, (n + 1) * bs - 1, key[0], n, n, key])
    return bs, [tuple(r[:5]) for r in runs]


def cross_check(sysroot, lsmem_text):
    """Problems: lsmem's default table against the memory-block files; every
    block holds System RAM of /proc/iomem, and every block System RAM
    touches exists (a block may hold holes, as memory0 does)."""
    problems = []
    bs, ranges = expected_ranges(sysroot)
    got = []
    table = lsmem_text.split("$ ")[1].split("\n") if "$ " in lsmem_text else []
    for line in table:
        m = re.match(r"^0x([0-9a-f]+)-0x([0-9a-f]+)\s+\S+\s+(\S+)\s+(?:\S+\s+)?(\d+)(?:-(\d+))?$", line)
        if m:
            got.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3), int(m.group(4)),
                        int(m.group(5) or m.group(4))))
    if got != ranges:
        problems.append("lsmem's ranges %s, the memory-block files say %s" % (
            [_fmt_range(r) for r in got], [_fmt_range(r) for r in ranges]))
    if not bs:
        return problems + ["no block_size_bytes in the copy"]
    ram = iomem_system_ram(sysroot)
    blocks = {b for _, _, _, first, last in ranges for b in range(first, last + 1)}
    for blk in sorted(blocks):
        s, e = blk * bs, (blk + 1) * bs - 1
        if not any(a <= e and s <= b for a, b in ram):
            problems.append("memory%d (%#x-%#x) holds no System RAM of /proc/iomem" % (blk, s, e))
    for a, b in ram:
        for blk in range(a // bs, b // bs + 1):
            if blk not in blocks:
                problems.append("System RAM %x-%x of /proc/iomem has no memory%d" % (a, b, blk))
    return problems


def _fmt_range(r):
    return "%#x-%#x %s %d-%d" % r


def check_lsmem(sysroot, name, golden_dir, lsmem="lsmem"):
    """Two checks: lsmem's exact text (golden_dir/lsmem-NAME.txt), and its
    ranges against the copied memory-block files and /proc/iomem. Returns
    (the CheckResults, what lsmem printed)."""
    if shutil.which(lsmem) is None and not Path(lsmem).is_file():
        return [CheckResult("lsmem " + name, False, "lsmem not found (install util-linux)")], ""
    text = run_lsmem(sysroot, lsmem)
    golden = Path(golden_dir) / ("lsmem-%s.txt" % name)
    want = _read(golden)
    results = []
    if want is None:
        results.append(CheckResult("lsmem " + name, False, "no golden file %s; lsmem printed:" % golden,
                                   text.rstrip("\n").split("\n")))
    elif want == text:
        results.append(CheckResult("lsmem " + name, True, "%d line(s) match %s" % (
            text.count("\n"), golden.name)))
    else:
        diff = list(difflib.unified_diff(want.split("\n"), text.split("\n"), str(golden), "lsmem", lineterm=""))
        results.append(CheckResult("lsmem " + name, False, "lsmem differs from %s" % golden.name, diff))
    problems = cross_check(sysroot, text)
    results.append(CheckResult("lsmem-vs-files " + name, not problems,
                               "lsmem agrees with memoryN/state and /proc/iomem" if not problems
                               else problems[0], problems))
    return results, text

