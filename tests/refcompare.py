#!/usr/bin/env python3
"""Compare hotmem's memory-map views with golden captures from real Linux.

The golden captures live in tests/golden/linux/<scenario>/<run>/<step>/
(README.md there says where they come from). A hotmem console log carries the
same facts in two forms (docs/ktap.md):

- plain log lines, printed like Linux without the printk time stamp:
  `BIOS-e820: [mem 0x...-0x...] usable`, `user-defined physical RAM map:`
  followed by `user: [mem ...] ...`, and `e820: update [mem ...] a ==> b`;
- dumps `# dump-begin <path>` ... `# dump-end <path>`. A *snapshot* is a
  `/proc/iomem` dump and the dumps that follow it up to the next
  `/proc/iomem` dump or hotmem marker line (`# hotmem: ready`, `handled`,
  `verdict`): every `/sys/firmware/memmap/N/{start,end,type}` and, after a
  hotplug event, every `/sys/devices/system/memory/memoryN/state`.

A reference entry names a captured step and the snapshot compared with it:
`STEP[@SNAPSHOT]`, STEP relative to tests/golden/linux (or `hotmem/...`:
hotmem's own expected views in tests/golden/hotmem, for configurations that
have no Linux capture, such as the firmware emulation), SNAPSHOT one of

  boot         the snapshot after the kernel's `# snapshot-begin boot` line
               (printed at the end of boot, before the self-tests, which
               print more snapshots around their own hotplug steps); in a log
               without that line, the last snapshot before `# hotmem: ready`
               / the first `handled` line / the verdict line (the default)
  handled:K    the last snapshot between the previous `ready`/`handled` line
               and `# hotmem: handled K ...` (the kernel's dump for event K)
  snapshot:N   the N-th snapshot of the log (1-based)
  last         the last snapshot of the log

Checks (each one pass/fail, with a unified diff on failure; `-` lines are the
Linux reference, `+` lines are hotmem):

  e820        the `BIOS-e820:` lines (first block of the log) = dmesg_e820.txt
  e820_user   `user-defined physical RAM map:` and its `user:` lines
  e820_edits  the `e820: update` / `e820: remove` lines (opt-in)
  memmap      /sys/firmware/memmap as a table `N start end type`, compared
              entry by entry with firmware_memmap.txt
  iomem       /proc/iomem reduced to the memory-map names (see
              DEFAULT_IOMEM_NAMES; "Kernel code", PCI windows and BARs are
              dropped, their kept children move up a level) = proc_iomem.txt
              reduced the same way; the hotmem text must also be exactly in
              Linux's format (it must survive parse + render unchanged)
  blocks      memoryN states = memory_blocks.txt (opt-in; needs the state
              dumps of a hotplug snapshot)

By default an entry gets every check its reference has data for, except that
e820 and e820_user (boot-time facts) go with the first entry only, and the
opt-in checks with none. Pure functions apart from load_reference and main;
standard library only.

    refcompare.py LOG STEP[@SNAPSHOT]...   compare a saved console log
    refcompare.py --reduce STEP            print a reduced reference iomem
"""

import argparse
import difflib
import re
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import kexec_views  # noqa: E402  (needs the path above)
import ktap  # noqa: E402
from iomem import IomemError, default_name_set, parse_iomem, reduce_iomem, render_iomem  # noqa: E402
# Re-exported: failure messages and tests/qemu/manifest.cfg name it refcompare.DEFAULT_IOMEM_NAMES.
from iomem import DEFAULT_IOMEM_NAMES  # noqa: E402,F401

ROOT = TESTS_DIR.parent
GOLDEN_DIR = TESTS_DIR / "golden" / "linux"

CHECKS = ("e820", "e820_user", "e820_edits", "memmap", "iomem", "blocks")
OPT_IN_CHECKS = ("e820_edits", "blocks")
BOOT_ONLY_CHECKS = ("e820", "e820_user")

# Reference files of a step.
DMESG_E820 = "dmesg_e820.txt"
PROC_IOMEM = "proc_iomem.txt"
FIRMWARE_MEMMAP = "firmware_memmap.txt"
MEMORY_BLOCKS = "memory_blocks.txt"
STEP_FILES = (DMESG_E820, PROC_IOMEM, FIRMWARE_MEMMAP, MEMORY_BLOCKS)

# Lines of the Linux captures that come from how Linux was booted, not from
# the machine: the captures were booted with QEMU's -kernel, which adds the
# option ROM linuxboot_dma.bin (1536 bytes) at 0xcb000. hotmem boots from the
# CD, where SeaBIOS puts kvmvapic.bin there instead; that ROM patches itself,
# its checksum fails, and Linux's probe_roms would not list it. Removed from
# the reference only (a hotmem line like it would still show up as a diff).
REFERENCE_IOMEM_ARTIFACTS = ("000cb000-000cb5ff : Adapter ROM",)

# Lines hotmem may print that come from its boot path, not from the machine:
# after a SeaBIOS CD boot, 0xe8000 holds a 32 KiB block that starts with the
# option-ROM signature (55 aa 40) and whose bytes change from boot to boot; in
# about one boot of 256 they sum to zero, and probe_roms (Linux's rules, which
# Linux would apply the same way) then lists it. Removed from hotmem's side
# only; every other line still has to match.
HOTMEM_IOMEM_ARTIFACTS = ("000e8000-000effff : Adapter ROM",)

_TIMESTAMP_RE = re.compile(r"^\[\s*\d+\.\d+\] ?")
_BIOS_E820 = "BIOS-e820: "
_USER_HEADER = "user-defined physical RAM map:"
_USER_E820 = "user: "
_E820_EDIT_RE = re.compile(r"^e820: (?:update|remove) \[mem ")
_HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
_MEMMAP_PATH_RE = re.compile(r"^/sys/firmware/memmap/(\d+)/(start|end|type)$")
_BLOCK_PATH_RE = re.compile(r"^/sys/devices/system/memory/memory(\d+)/state$")
# A run of blocks in one state, dumped once (docs/ktap.md): memory{A..B}/state.
_BLOCK_RUN_PATH_RE = re.compile(r"^/sys/devices/system/memory/memory\{(\d+)\.\.(\d+)\}/state$")
_STEP_RE = re.compile(r"^[A-Za-z0-9_.!-]+(/[A-Za-z0-9_.!-]+)*$")
_SELECTOR_RE = re.compile(r"^(?:(boot|last)|(handled|snapshot):([1-9]\d*))$")
IOMEM_PATH = "/proc/iomem"
MEMMAP_FIELDS = ("start", "end", "type")


# ---------------------------------------------------------------------------
# e820 log lines
# ---------------------------------------------------------------------------


def strip_timestamp(line):
    """A log line without the printk time stamp `[    0.000000] ` and the
    line end."""
    return _TIMESTAMP_RE.sub("", line.rstrip("\r\n"), count=1)


class E820Log:
    """The e820 lines of a log: `bios` (the first run of `BIOS-e820:` lines),
    `user` (`user-defined physical RAM map:` and the `user:` lines after it,
    empty without one) and `edits` (every `e820: update|remove` line)."""

    def __init__(self, bios, user, edits):
        self.bios = bios
        self.user = user
        self.edits = edits


def _run_after(lines, i, prefix):
    out = []
    while i < len(lines) and lines[i].startswith(prefix):
        out.append(lines[i])
        i += 1
    return out


def extract_e820(lines):
    """Extract the e820 blocks from Linux dmesg or hotmem log lines (a str or
    a list of lines; time stamps are stripped)."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    lines = [strip_timestamp(ln) for ln in lines]
    bios = []
    first = next((i for i, ln in enumerate(lines) if ln.startswith(_BIOS_E820)), None)
    if first is not None:
        bios = _run_after(lines, first, _BIOS_E820)
    user = []
    header = next((i for i, ln in enumerate(lines) if ln.rstrip() == _USER_HEADER), None)
    if header is not None:
        user = [lines[header]] + _run_after(lines, header + 1, _USER_E820)
    edits = [ln for ln in lines if _E820_EDIT_RE.match(ln)]
    return E820Log(bios, user, edits)


# ---------------------------------------------------------------------------
# /sys/firmware/memmap and memory blocks
# ---------------------------------------------------------------------------

MEMMAP_HEADER = "# N start end type"


def parse_firmware_memmap(text):
    """firmware_memmap.txt (`# N start end type`, then `N 0x.. 0x.. type`)
    -> rows [(index, start, end, type)], start/end as the text sysfs gave."""
    rows = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) != 4 or not parts[0].isdigit() or not all(_HEX_RE.match(p) for p in parts[1:3]):
            raise ValueError("%s line %d: expected `N start end type`: %r" % (FIRMWARE_MEMMAP, no, line))
        rows.append((int(parts[0]), parts[1], parts[2], parts[3]))
    return rows


def _sysfs_value(path, text, problems):
    """A one-value sysfs file: exactly one line ending in a newline."""
    if text.endswith("\n") and "\n" not in text[:-1]:
        return text[:-1]
    problems.append("%s: %r is not one line ending in a newline" % (path, text))
    return text.replace("\n", "\\n")


def memmap_from_dumps(dumps):
    """hotmem's `/sys/firmware/memmap/N/{start,end,type}` dumps (path ->
    text) -> (rows like parse_firmware_memmap, problems)."""
    fields = {}
    problems = []
    for path, text in dumps.items():
        m = _MEMMAP_PATH_RE.match(path)
        if m:
            fields.setdefault(int(m.group(1)), {})[m.group(2)] = _sysfs_value(path, text, problems)
    rows = []
    for index in sorted(fields):
        missing = [f for f in MEMMAP_FIELDS if f not in fields[index]]
        if missing:
            problems.append("/sys/firmware/memmap/%d: no dump of %s" % (index, ", ".join(missing)))
        rows.append((index,) + tuple(fields[index].get(f, "<missing>") for f in MEMMAP_FIELDS))
    return rows, problems


def render_memmap(rows):
    """Lines of the table, by index, in firmware_memmap.txt's format."""
    return [MEMMAP_HEADER] + ["%d %s %s %s" % row for row in sorted(rows)]


def parse_memory_blocks(text):
    """memory_blocks.txt -> rows [(N, state)] of its `memoryN state ...` lines."""
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and re.fullmatch(r"memory\d+", parts[0]):
            rows.append((int(parts[0][6:]), parts[1]))
    return rows


def blocks_from_dumps(dumps):
    """`/sys/devices/system/memory/memoryN/state` dumps -> (rows, problems)."""
    rows = []
    problems = []
    for path, text in dumps.items():
        m = _BLOCK_PATH_RE.match(path)
        if m:
            rows.append((int(m.group(1)), _sysfs_value(path, text, problems)))
            continue
        m = _BLOCK_RUN_PATH_RE.match(path)
        if m:
            first, last = int(m.group(1)), int(m.group(2))
            if first > last:
                problems.append("%s: an empty run of blocks" % path)
                continue
            value = _sysfs_value(path, text, problems)
            rows += [(n, value) for n in range(first, last + 1)]
    return rows, problems


def render_blocks(rows):
    return ["memory%d %s" % row for row in sorted(rows)]


# ---------------------------------------------------------------------------
# Snapshots in a hotmem log
# ---------------------------------------------------------------------------


class Snapshot:
    """One /proc/iomem dump and the dumps after it. `ready`, `handled` and
    `verdict` say which markers came before it (`handled` = the number of the
    last `handled` line, 0 if none); `pos` orders it among the markers."""

    def __init__(self, number, pos, ready, handled, verdict, label=None):
        self.number = number
        self.label = label              # from a preceding `# snapshot-begin <label>`
        self.pos = pos
        self.ready = ready
        self.handled = handled
        self.verdict = verdict
        self.dumps = {}

    def __repr__(self):
        return "Snapshot(#%d, %d dumps)" % (self.number, len(self.dumps))


class LogSnapshots:
    """All snapshots of a log and the marker lines between them."""

    def __init__(self, snapshots, markers, problems):
        self.snapshots = snapshots
        self.markers = markers          # (pos, kind, number or None)
        self.problems = problems


_SNAPSHOT_BEGIN_RE = re.compile(r"^# snapshot-begin (\S+)")


def scan_snapshots(lines):
    """Find the snapshots of a hotmem log (str or list of lines). The log is
    fed through ktap.LogParser, so dumps are read exactly as the runner reads
    them (indentation, line ends, escape sequences)."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    parser = ktap.LogParser()
    snapshots, markers, problems = [], [], []
    current = None
    label = None
    ready, handled, verdict = False, 0, False
    for pos, line in enumerate(lines):
        m = _SNAPSHOT_BEGIN_RE.match(line.strip())
        if m:
            label = m.group(1)
        before = len(parser.out.dump_list)
        marker = parser.feed(line)
        if len(parser.out.dump_list) > before:
            path, text = parser.out.dump_list[-1]
            if path == IOMEM_PATH:
                current = Snapshot(len(snapshots) + 1, pos, ready, handled, verdict, label)
                label = None
                current.dumps[path] = text
                snapshots.append(current)
            elif current is not None:
                if path in current.dumps:
                    problems.append("snapshot #%d: %s dumped twice" % (current.number, path))
                current.dumps[path] = text
            continue
        if marker and marker[0] in ("ready", "handled", "verdict"):
            current = None
            if marker[0] == "ready":
                ready = True
                markers.append((pos, "ready", None))
            elif marker[0] == "handled":
                handled = marker[1].number
                markers.append((pos, "handled", handled))
            else:
                verdict = True
                markers.append((pos, "verdict", None))
    parser.finish()
    return LogSnapshots(snapshots, markers, problems)


def parse_selector(text):
    """`boot`, `last`, `handled:K` or `snapshot:N` -> (kind, number or None)."""
    m = _SELECTOR_RE.match(text.strip())
    if not m:
        raise ValueError("snapshot %r: expected boot, last, handled:K or snapshot:N" % text)
    if m.group(1):
        return (m.group(1), None)
    return (m.group(2), int(m.group(3)))


def select_snapshot(scan, selector):
    """The Snapshot a selector names, or raise LookupError saying why not."""
    kind, n = parse_selector(selector)
    snaps = scan.snapshots
    if not snaps:
        raise LookupError("the log has no snapshot (no `# dump-begin /proc/iomem`)")
    if kind == "last":
        return snaps[-1]
    if kind == "snapshot":
        if n > len(snaps):
            raise LookupError("snapshot:%d asked for, the log has %d snapshot(s)" % (n, len(snaps)))
        return snaps[n - 1]
    if kind == "boot":
        labelled = [s for s in snaps if s.label == "boot"]
        if labelled:
            return labelled[0]
        boot = [s for s in snaps if not s.ready and not s.handled and not s.verdict]
        if not boot:
            raise LookupError("no snapshot before `# hotmem: ready` / the first `handled` / the verdict line")
        return boot[-1]
    at = next((pos for pos, k, num in scan.markers if k == "handled" and num == n), None)
    if at is None:
        raise LookupError("the log has no `# hotmem: handled %d ...` line" % n)
    since = max([pos for pos, k, _ in scan.markers if k in ("ready", "handled") and pos < at], default=-1)
    inside = [s for s in snaps if since < s.pos < at]
    if not inside:
        raise LookupError("no snapshot between the previous ready/handled line and `handled %d`" % n)
    return inside[-1]


# ---------------------------------------------------------------------------
# Reference entries and golden files
# ---------------------------------------------------------------------------


class RefEntry:
    """`STEP[@SNAPSHOT]` from the manifest key `ref`."""

    def __init__(self, step, selector="boot"):
        self.step = step
        self.selector = selector

    def label(self):
        return self.step if self.selector == "boot" else "%s@%s" % (self.step, self.selector)

    def __eq__(self, other):
        return isinstance(other, RefEntry) and (self.step, self.selector) == (other.step, other.selector)

    def __repr__(self):
        return "RefEntry(%s)" % self.label()


def parse_ref_entries(text):
    """Manifest `ref`: entries separated by white space or new lines."""
    entries = []
    for word in text.split():
        step, _, selector = word.partition("@")
        step = step.rstrip("/")
        if not _STEP_RE.match(step) or any(part in (".", "..") for part in step.split("/")):
            raise ValueError("ref %r: expected a path relative to tests/golden/linux, like baseline/pc-512M/1-boot"
                             % word)
        entry = RefEntry(step, selector or "boot")
        parse_selector(entry.selector)
        if entry in entries:
            raise ValueError("ref %r named twice" % word)
        entries.append(entry)
    return entries


def parse_check_list(text):
    """Manifest `ref_checks`: names separated by spaces or commas; None when
    empty (= the default set)."""
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if not words:
        return None
    bad = [w for w in words if w not in CHECKS]
    if bad:
        raise ValueError("ref_checks: unknown check(s) %s (have: %s)" % (", ".join(bad), ", ".join(CHECKS)))
    return [c for c in CHECKS if c in words]


class Reference:
    """The golden files of one step (file name -> text, None if absent)."""

    def __init__(self, golden_root, step):
        self.step = step
        # "hotmem/..." names hotmem's own expectations (tests/golden/hotmem),
        # for configurations Linux was never run with (fw.e820, fw.hide).
        if step.startswith("hotmem/"):
            self.dir = Path(golden_root).parent / step
        else:
            self.dir = Path(golden_root) / step
        self.exists = self.dir.is_dir()
        self.files = {}
        for name in STEP_FILES:
            p = self.dir / name
            self.files[name] = p.read_text(encoding="utf-8") if p.is_file() else None

    def path(self, name):
        return display_path(self.dir / name)

    def default_checks(self, first):
        have = []
        e820 = extract_e820(self.files[DMESG_E820] or "")
        if first and e820.bios:
            have.append("e820")
        if first and e820.user:
            have.append("e820_user")
        if self.files[FIRMWARE_MEMMAP] is not None:
            have.append("memmap")
        if self.files[PROC_IOMEM] is not None:
            have.append("iomem")
        return have


def load_reference(golden_root, step):
    return Reference(golden_root, step)


def display_path(path):
    path = Path(path)
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


class CheckResult:
    """One named check: `ok`, a one-line `summary`, and `details` (lines:
    problems, then the unified diff, expected = Linux, actual = hotmem)."""

    def __init__(self, name, ok, summary, details=()):
        self.name = name
        self.ok = ok
        self.summary = summary
        self.details = list(details)

    def __repr__(self):
        return "CheckResult(%s, %s)" % (self.name, "PASS" if self.ok else "FAIL")

    def describe(self):
        return "%s: %s" % ("PASS" if self.ok else "FAIL", self.summary)


def unified_diff(expected, actual, expected_label, actual_label):
    """difflib's unified diff of two line lists; the whole text as context
    when it is short."""
    longest = max(len(expected), len(actual))
    context = longest if longest <= 60 else 3
    return list(difflib.unified_diff(expected, actual, "linux:  " + expected_label, "hotmem: " + actual_label,
                                     n=context, lineterm=""))


def _diff_counts(diff):
    minus = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
    plus = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
    return "%d line(s) only in Linux, %d only in hotmem" % (minus, plus)


def compare_lines(name, what, expected, actual, expected_label, actual_label, problems=(), ok_text=None):
    """A CheckResult from two line lists and extra problems."""
    problems = list(problems)
    if expected == actual and not problems:
        return CheckResult(name, True, ok_text or "%s: %d line(s) match" % (what, len(expected)))
    if expected == actual:
        return CheckResult(name, False, "%s: %s" % (what, problems[0]), problems)
    diff = unified_diff(expected, actual, expected_label, actual_label)
    if not actual:
        summary = "%s: hotmem printed nothing (Linux: %d line(s))" % (what, len(expected))
    else:
        summary = "%s differs from Linux: %s" % (what, _diff_counts(diff))
    return CheckResult(name, False, summary, problems + diff)


# The UEFI boot logo (docs/linux-model.md): OVMF puts it somewhere else on
# every boot, so a reference cannot hold its address. A reference file may
# say where it goes instead, and the address comes from the kernel's own
# dump of the BGRT table (`ACPI: BGRT: image at ADDR, BMP SIZE bytes`):
#   proc_iomem.txt  `@bgrt-reserve`: the top-level System RAM line holding
#                   the image is split around a `Reserved` line;
#   dmesg_e820.txt  `@bgrt-update`: Linux's `e820: update [mem ...] usable
#                   ==> reserved` line.
# The range is Linux's rule applied here, not read from the kernel's
# reservation: the image's first byte to its last, widened to whole pages.
BGRT_RESERVE = "@bgrt-reserve"
BGRT_UPDATE = "@bgrt-update"
_BGRT_RE = re.compile(r"^ACPI: BGRT: image at (0x[0-9a-fA-F]+), BMP (\d+) bytes")


def find_bgrt(lines):
    """(start, end) inclusive of the page-rounded BGRT image the kernel
    reported, or None."""
    for line in lines:
        m = _BGRT_RE.match(strip_timestamp(line))
        if m:
            addr, size = int(m.group(1), 16), int(m.group(2))
            start = addr & ~0xfff
            end = (addr + size + 0xfff) & ~0xfff
            return start, end - 1
    return None


def expand_bgrt(text, bgrt):
    """Reference text with the @bgrt-* lines made concrete (see above).
    ValueError when it has one and the log reported no image, or no System
    RAM line holds the image."""
    lines = text.splitlines()
    if BGRT_RESERVE not in lines and BGRT_UPDATE not in lines:
        return text
    if bgrt is None:
        raise ValueError("the reference expects the BGRT image, the kernel printed no"
                         " `ACPI: BGRT: image at ...` line")
    start, end = bgrt
    out = []
    for line in lines:
        if line == BGRT_UPDATE:
            out.append("e820: update [mem %#010x-%#010x] usable ==> reserved" % (start, end))
        elif line != BGRT_RESERVE:
            out.append(line)
    if BGRT_RESERVE in lines:
        for i, line in enumerate(out):
            m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) : System RAM$", line)
            if m and int(m.group(1), 16) <= start and end <= int(m.group(2), 16):
                lo, hi = int(m.group(1), 16), int(m.group(2), 16)
                new = []
                if lo < start:
                    new.append("%08x-%08x : System RAM" % (lo, start - 1))
                new.append("%08x-%08x : Reserved" % (start, end))
                if end < hi:
                    new.append("%08x-%08x : System RAM" % (end + 1, hi))
                out[i:i + 1] = new
                break
        else:
            raise ValueError("no top-level System RAM line holds the BGRT image [%#x-%#x]" % (start, end))
    return "\n".join(out) + "\n"


def _check_e820(name, kind, ref, log_e820, label, bgrt=None):
    try:
        ref_e820 = extract_e820(expand_bgrt(ref.files[DMESG_E820], bgrt))
    except ValueError as e:
        return CheckResult(name, False, "%s: %s" % (ref.path(DMESG_E820), e))
    attr, what = {"e820": ("bios", "BIOS-e820 table"), "e820_user": ("user", "user-defined e820 map"),
                  "e820_edits": ("edits", "e820 update/remove lines")}[kind]
    return compare_lines(name, what, getattr(ref_e820, attr), getattr(log_e820, attr),
                         "%s (%s)" % (ref.path(DMESG_E820), what), "%s console log (%s)" % (label, what))


def _snapshot_label(label, entry, snap, total, path):
    return "%s %s, snapshot %s (#%d of %d)" % (label, path, entry.selector, snap.number, total)


def _check_memmap(name, ref, snap, label, entry, total):
    try:
        expected = render_memmap(parse_firmware_memmap(ref.files[FIRMWARE_MEMMAP]))
    except ValueError as e:
        return CheckResult(name, False, "bad reference: %s" % e)
    rows, problems = memmap_from_dumps(snap.dumps)
    actual = render_memmap(rows) if rows else []
    return compare_lines(name, "/sys/firmware/memmap", expected, actual,
                         ref.path(FIRMWARE_MEMMAP), _snapshot_label(label, entry, snap, total, "/sys/firmware/memmap"),
                         problems, "/sys/firmware/memmap: %d entries match" % len(rows))


def prepare_reference_iomem(text, names):
    """The reduced reference: artifacts of the Linux boot removed, then
    reduced to `names`."""
    return render_iomem(reduce_iomem(parse_iomem(text), names, REFERENCE_IOMEM_ARTIFACTS))


def _check_iomem(name, ref, snap, label, entry, total, names, bgrt=None):
    try:
        expected = prepare_reference_iomem(expand_bgrt(ref.files[PROC_IOMEM], bgrt), names).splitlines()
    except (IomemError, ValueError) as e:
        return CheckResult(name, False, "bad reference %s: %s" % (ref.path(PROC_IOMEM), e))
    text = snap.dumps[IOMEM_PATH]
    where = _snapshot_label(label, entry, snap, total, IOMEM_PATH)
    try:
        tree = parse_iomem(text)
    except IomemError as e:
        return CheckResult(name, False, "/proc/iomem of hotmem does not parse: %s" % e,
                           ["hotmem /proc/iomem (%s):" % where] + ["| " + ln for ln in text.splitlines()])
    problems = []
    canonical = render_iomem(tree)
    if canonical != text:
        problems.append("not in Linux's format (`%08llx-%08llx : name`, 2 spaces per level);"
                        " - as Linux would print the same tree, + as hotmem printed it:")
        problems += list(difflib.unified_diff(canonical.splitlines(), text.splitlines(), "canonical form",
                                              "hotmem " + where, n=1, lineterm=""))
    actual = render_iomem(reduce_iomem(tree, names, HOTMEM_IOMEM_ARTIFACTS)).splitlines()
    result = compare_lines(name, "/proc/iomem (reduced)", expected, actual,
                           "%s (reduced)" % ref.path(PROC_IOMEM), "%s (reduced)" % where, problems,
                           "/proc/iomem: %d memory-map line(s) match" % len(actual))
    if not result.ok and expected != actual:
        result.details.append("(reduced: only resources named as in refcompare.DEFAULT_IOMEM_NAMES and the"
                              " configuration's ref_iomem_extra are compared; dropped parents lift their children)")
    return result


def _check_blocks(name, ref, snap, label, entry, total):
    expected = render_blocks(parse_memory_blocks(ref.files[MEMORY_BLOCKS]))
    rows, problems = blocks_from_dumps(snap.dumps)
    if not rows:
        return CheckResult(name, False, "snapshot #%d has no /sys/devices/system/memory/memoryN/state dumps"
                           % snap.number)
    return compare_lines(name, "memory blocks", expected, render_blocks(rows), ref.path(MEMORY_BLOCKS),
                         _snapshot_label(label, entry, snap, total, "memoryN/state"), problems,
                         "memory blocks: %d block states match" % len(rows))


_CHECK_FILES = {"e820": DMESG_E820, "e820_user": DMESG_E820, "e820_edits": DMESG_E820,
                "memmap": FIRMWARE_MEMMAP, "iomem": PROC_IOMEM, "blocks": MEMORY_BLOCKS}


def plan_checks(entries, checks=None, golden_root=GOLDEN_DIR):
    """[(check name, kind, entry, Reference)] in the order they run; kind is
    None for an entry whose reference directory is missing."""
    plan = []
    for i, entry in enumerate(entries):
        ref = load_reference(golden_root, entry.step)
        if not ref.exists:
            plan.append(("reference %s" % entry.label(), None, entry, ref))
            continue
        kinds = checks if checks is not None else ref.default_checks(first=(i == 0))
        for kind in CHECKS:
            if kind in kinds:
                plan.append(("%s %s" % (kind, entry.label()), kind, entry, ref))
    return plan


def compare_log(lines, entries, checks=None, iomem_extra=(), golden_root=GOLDEN_DIR, label="hotmem",
                unavailable=None):
    """Run the reference checks of `entries` (RefEntry list) on a hotmem log
    (str or list of lines). `checks` None means the default set. With
    `unavailable` (a reason) every planned check fails with it. Returns a
    list of CheckResult."""
    plan = plan_checks(entries, checks, golden_root)
    if unavailable is not None:
        return [CheckResult(name, False, "not run: %s" % unavailable) for name, _k, _e, _r in plan]
    if isinstance(lines, str):
        lines = lines.split("\n")
    names = default_name_set(iomem_extra)
    log_e820 = extract_e820(lines)
    bgrt = find_bgrt(lines)
    scan = scan_snapshots(lines)
    total = len(scan.snapshots)
    results = []
    for name, kind, entry, ref in plan:
        if kind is None:
            results.append(CheckResult(name, False, "reference directory not found: %s" % display_path(ref.dir)))
            continue
        if ref.files[_CHECK_FILES[kind]] is None:
            results.append(CheckResult(name, False, "reference file missing: %s" % ref.path(_CHECK_FILES[kind])))
            continue
        if kind.startswith("e820"):
            results.append(_check_e820(name, kind, ref, log_e820, label, bgrt))
            continue
        try:
            snap = select_snapshot(scan, entry.selector)
        except LookupError as e:
            results.append(CheckResult(name, False, "snapshot %s: %s" % (entry.selector, e)))
            continue
        if kind == "memmap":
            results.append(_check_memmap(name, ref, snap, label, entry, total))
        elif kind == "iomem":
            results.append(_check_iomem(name, ref, snap, label, entry, total, names, bgrt))
        else:
            results.append(_check_blocks(name, ref, snap, label, entry, total))
    for r in results:
        if not r.ok and scan.problems:
            r.details += ["log: " + p for p in scan.problems]
    return results


def parse_views_selectors(text, nr_events):
    """Manifest `views`: snapshot selectors separated by white space, or
    `events` for `boot` and `handled:1` .. `handled:<nr_events>`."""
    selectors = []
    for word in text.split():
        if word == "events":
            if not nr_events:
                raise ValueError("views = events needs events")
            new = ["boot"] + ["handled:%d" % k for k in range(1, nr_events + 1)]
        else:
            parse_selector(word)
            new = [word]
        for sel in new:
            if sel in selectors:
                raise ValueError("views: snapshot %s named twice" % sel)
            selectors.append(sel)
    return selectors


def _views_block(texts):
    """One list of lines for all views: a `== path` header, then its text."""
    out = []
    for path in kexec_views.VIEW_PATHS:
        out.append("== %s" % path)
        text = texts.get(path)
        out += ["(no dump)"] if text is None else text.splitlines()
    return out


def compare_views(lines, selectors, label="hotmem", unavailable=None):
    """The consumer views dumped in the snapshots `selectors` name, each
    against kexec_views' recomputation from the same snapshot's /proc/iomem
    and memmap dumps and the log's BIOS-e820 lines. One CheckResult per
    selector, named `views <selector>` (expected = the recomputation)."""
    names = ["views %s" % sel for sel in selectors]
    if unavailable is not None:
        return [CheckResult(n, False, "not run: %s" % unavailable) for n in names]
    if isinstance(lines, str):
        lines = lines.split("\n")
    scan = scan_snapshots(lines)
    bios = extract_e820(lines).bios
    results = []
    for name, sel in zip(names, selectors):
        try:
            snap = select_snapshot(scan, sel)
        except LookupError as e:
            results.append(CheckResult(name, False, "snapshot %s: %s" % (sel, e)))
            continue
        rows, problems = memmap_from_dumps(snap.dumps)
        try:
            expected = kexec_views.expected_views(snap.dumps[IOMEM_PATH], rows, bios)
        except (IomemError, ValueError) as e:
            results.append(CheckResult(name, False, "cannot recompute the views: %s" % e))
            continue
        actual = {p: snap.dumps[p] for p in kexec_views.VIEW_PATHS if p in snap.dumps}
        result = compare_lines(name, "consumer views", _views_block(expected), _views_block(actual),
                               "recomputed from the snapshot", "%s snapshot %s (#%d)" % (label, sel, snap.number),
                               problems, "consumer views: %d view(s) match the snapshot" % len(expected))
        if not result.ok:
            result.summary = result.summary.replace("differs from Linux", "differs from the recomputation")
        results.append(result)
    return results


def format_result(result, indent="  "):
    """Printable lines of a CheckResult: the summary, then the details."""
    out = [result.describe()]
    if not result.ok:
        out += [indent + d for d in result.details]
    return out


# ---------------------------------------------------------------------------
# Command line (for looking at a saved log by hand)
# ---------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(prog="refcompare.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("log", nargs="?", help="hotmem console log (e.g. build/logs/ref-pc-512M.log)")
    ap.add_argument("refs", nargs="*", metavar="STEP[@SNAPSHOT]")
    ap.add_argument("--checks", default="", help="subset of: " + " ".join(CHECKS))
    ap.add_argument("--iomem-extra", action="append", default=[], help="extra iomem name (re:REGEX allowed)")
    ap.add_argument("--golden", default=str(GOLDEN_DIR), help="reference root (default %(default)s)")
    ap.add_argument("--reduce", metavar="STEP", help="print the reduced reference /proc/iomem of STEP and exit")
    args = ap.parse_args(argv)
    try:
        names = default_name_set(args.iomem_extra)
        if args.reduce:
            ref = load_reference(args.golden, args.reduce)
            if ref.files[PROC_IOMEM] is None:
                print("refcompare.py: no %s in %s" % (PROC_IOMEM, ref.dir), file=sys.stderr)
                return 2
            sys.stdout.write(prepare_reference_iomem(ref.files[PROC_IOMEM], names))
            return 0
        if not args.log or not args.refs:
            ap.error("give a LOG and at least one STEP (or --reduce STEP)")
        entries = parse_ref_entries(" ".join(args.refs))
        checks = parse_check_list(args.checks)
        text = Path(args.log).read_text(encoding="utf-8", errors="replace")
    except (ValueError, OSError) as e:
        print("refcompare.py: %s" % e, file=sys.stderr)
        return 2
    results = compare_log(ktap.parse_log(text).lines, entries, checks, args.iomem_extra, args.golden,
                          label=Path(args.log).name)
    for r in results:
        lines = format_result(r)
        print("%s %s" % (r.name, lines[0]))
        for ln in lines[1:]:
            print(ln)
    failed = sum(not r.ok for r in results)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
