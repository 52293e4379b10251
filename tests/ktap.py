"""KTAP parser for hotmem console logs (serial captures and the host binary).

Reads a log that may carry noise before and between the test output (GRUB and
firmware text, ANSI escape sequences, carriage returns) and extracts:

- the KTAP tree: starts at the first `KTAP version N` / `TAP version N` line,
  nests by indentation (any width: 2 or 4 spaces per level), accepts
  `ok N name`, `ok N - name`, directives SKIP/TODO/XFAIL/TIMEOUT/ERROR,
  `# Subtest:` headers and `Bail out!`; unknown lines are ignored;
- dump blocks `# dump-begin <path>` ... `# dump-end <path>` (docs/ktap.md),
  as path -> exact text;
- the hotmem markers: `# hotmem: verdict X`, `# hotmem: ready`,
  `# hotmem: handled k device op start-end`, `# hotmem: panic: ...`, and a
  register dump (`RIP: ...` lines).

The parser is incremental (`LogParser.feed` per line, then `finish`) so the
QEMU runner can react to markers while the guest runs; `parse_log` parses a
whole text at once. Standard library only.
"""

import re

# Result statuses. FAILURE_STATUSES count as failures everywhere.
PASS = "PASS"
FAIL = "FAIL"
SKIP = "SKIP"
XFAIL = "XFAIL"
TIMEOUT = "TIMEOUT"
ERROR = "ERROR"
CRASHED = "CRASHED"
FAILURE_STATUSES = frozenset({FAIL, TIMEOUT, ERROR, CRASHED})

# --- line cleaning -----------------------------------------------------------

# CSI (ESC [ params intermediates final), OSC (ESC ] ... BEL/ST), charset
# selection (ESC ( B) and two-byte escapes (ESC 7, ESC c, ...).
_ANSI_RE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[()*+][0-~]|[ -~])"
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_line(raw):
    """Return one console line as the eye would read it: escape sequences and
    control characters removed, trailing CR dropped, and for a CR inside the
    line (cursor back to column 0) only the text written last is kept."""
    line = _ANSI_RE.sub("", raw).rstrip("\r\n")
    if "\r" in line:
        parts = [p for p in line.split("\r") if p.strip()]
        line = parts[-1] if parts else ""
    return _CONTROL_RE.sub("", line)


# --- line grammar ------------------------------------------------------------

_VERSION_ANYWHERE_RE = re.compile(r"\b(K?TAP) version (\d+)\s*$")
_VERSION_RE = re.compile(r"^(K?TAP) version (\d+)\s*$")
_PLAN_RE = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
_RESULT_RE = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s+)?([^#]*?)\s*(?:#(.*))?$")
_DIRECTIVE_RE = re.compile(r"^\s*(SKIP|TODO|XFAIL|TIMEOUT|ERROR)\w*\b\s*(.*)$", re.I)
_SUBTEST_RE = re.compile(r"^#\s*Subtest:\s*(.*?)\s*$")
_BAIL_RE = re.compile(r"^Bail out!\s*(.*)$")
# printk-style time stamps that may prefix every line ("[    0.123456] ").
_TIMESTAMP_RE = re.compile(r"^\[\s*\d+\.\d+\]\s?")

_DUMP_BEGIN_RE = re.compile(r"^(\s*)#\s*dump-begin\s+(\S.*?)\s*$")
_DUMP_END_RE = re.compile(r"^\s*#\s*dump-end\s+(\S.*?)\s*$")
_VERDICT_RE = re.compile(r"#\s*hotmem:\s*verdict\s+(\S+)")
_READY_RE = re.compile(r"#\s*hotmem:\s*ready\b")
_HANDLED_RE = re.compile(r"#\s*hotmem:\s*handled\s+(.*)$")
_HANDLED_ARGS_RE = re.compile(r"^(\d+)\s+(\S+)\s+(add|remove|resize)\s+(0x[0-9a-fA-F]+|\d+)-(0x[0-9a-fA-F]+|\d+)\s*$")
_PANIC_RE = re.compile(r"#\s*hotmem:\s*panic:\s*(.*)$")
# A register line: one or more "NAME: value" pairs, first token a register.
_REG_LINE_RE = re.compile(r"^#?\s*[A-Z][A-Z0-9]{1,5}:\s*(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{8,16}\b")
_REG_PAIR_RE = re.compile(r"\b([A-Z][A-Z0-9]{1,5}):\s*((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{8,16})\b")


class Node:
    """One KTAP test: a leaf case or a block (suite) with children.

    `result` is None for a block whose result line never came (and always for
    the top-level document, which has no result line of its own)."""

    def __init__(self, name="", indent=0, is_block=False):
        self.name = name
        self.number = None
        self.indent = indent
        self.is_block = is_block
        self.version = None
        self.plan = None
        self.plan_directive = ""
        self.children = []
        self.result = None          # True: "ok", False: "not ok", None: missing
        self.directive = ""         # SKIP, TODO, ... (upper case) or ""
        self.reason = ""            # text after the directive
        self.log = []               # lines seen since the previous result line
        self.problems = []          # structural problems found at this node
        self.status = None          # set by finish()
        self.missing = 0            # planned children that never reported
        self.bailed = ""

    def __repr__(self):
        return "Node(%r, %s, %d children)" % (self.name, self.status, len(self.children))

    def walk(self, prefix=""):
        """Yield (dotted name, node) for this node and every descendant."""
        full = prefix + "." + self.name if prefix and self.name else (self.name or prefix)
        yield full, self
        for child in self.children:
            yield from child.walk(full)


def _own_status(ok, directive):
    """Status of a single result line from ok/not ok and its directive."""
    if directive == "SKIP":
        return SKIP
    if directive == "TODO":
        return PASS if ok else XFAIL
    if directive == "XFAIL":
        return XFAIL if ok else FAIL
    if directive == "TIMEOUT" and not ok:
        return TIMEOUT
    if directive == "ERROR" and not ok:
        return ERROR
    return PASS if ok else FAIL


def _finish_node(node, is_root):
    """Compute node.status bottom-up: failures bubble up, a parent whose
    children all skipped is a skip, plan and numbering are checked."""
    for child in node.children:
        _finish_node(child, False)
    if not node.is_block:
        node.status = _own_status(node.result, node.directive)
        return
    kids = [c.status for c in node.children]
    count = len(node.children)
    if node.plan is None:
        node.problems.append("missing plan")
    elif count < node.plan:
        node.missing = node.plan - count
        node.problems.append("planned %d tests, got %d" % (node.plan, count))
    elif count > node.plan:
        node.problems.append("planned %d tests, got %d" % (node.plan, count))
    for i, child in enumerate(node.children, 1):
        if child.number is not None and child.number != i:
            node.problems.append("test %r numbered %d, expected %d" % (child.name, child.number, i))
            break
    truncated = node.bailed or (node.result is None if not is_root else node.missing > 0)
    if truncated:
        node.status = CRASHED
        if not is_root and node.result is None and not node.bailed:
            node.problems.append("ended without a result line (crash or truncated log)")
        if node.bailed:
            node.problems.append("bail out: " + node.bailed)
        return
    if any(k == CRASHED for k in kids):
        node.status = CRASHED if is_root else FAIL
        return
    own = PASS if is_root else _own_status(node.result, node.directive)
    failed_kids = [k for k in kids if k in FAILURE_STATUSES]
    if failed_kids:
        if own not in FAILURE_STATUSES and not is_root:
            node.problems.append("reported ok but a subtest failed")
        node.status = own if own in (TIMEOUT, ERROR) else FAIL
    elif own == SKIP:
        node.status = SKIP
    elif own in FAILURE_STATUSES or own == XFAIL:
        node.status = own
    elif node.problems:
        node.status = FAIL
    elif not kids or all(k == SKIP for k in kids):
        # No tests at all (1..0) or every child skipped: nothing ran.
        node.status = SKIP
    else:
        node.status = PASS


class Event:
    """One `# hotmem: handled <k> <device> <op> <start>-<end>` line."""

    def __init__(self, number, device, action, start, end, line):
        self.number = number
        self.device = device
        self.action = action
        self.start = start
        self.end = end
        self.line = line

    def __repr__(self):
        return "Event(%d %s %s %#x-%#x)" % (self.number, self.device, self.action, self.start, self.end)


class ParsedLog:
    """Everything extracted from one log. See the module docstring."""

    def __init__(self):
        self.lines = []          # cleaned lines, in order
        self.roots = []          # KTAP documents (normally exactly one)
        self.dumps = {}          # path -> text of the last dump of that path
        self.dump_list = []      # (path, text) for every dump, in order
        self.verdicts = []       # every verdict word seen
        self.ready = False
        self.events = []         # Event objects
        self.panics = []         # text after "# hotmem: panic:"
        self.registers = {}      # register name -> value from the dump
        self.problems = []       # log-level problems (not KTAP tree problems)

    @property
    def root(self):
        return self.roots[0] if self.roots else None

    @property
    def verdict(self):
        return self.verdicts[0] if self.verdicts else None

    @property
    def has_register_dump(self):
        return "RIP" in self.registers

    def status(self):
        """Combined KTAP status of all documents, or None without KTAP."""
        if not self.roots:
            return None
        statuses = [r.status for r in self.roots]
        for s in (CRASHED, ERROR, TIMEOUT, FAIL):
            if s in statuses:
                return s
        if all(s == SKIP for s in statuses):
            return SKIP
        return PASS

    def failed_cases(self):
        """Dotted names of failing leaves and of blocks with problems."""
        out = []
        for root in self.roots:
            for name, node in root.walk():
                if node.status in FAILURE_STATUSES and (not node.children or node.problems):
                    out.append(name or "(top level)")
        return out

    def tree_problems(self):
        """Human-readable structural problems of every node."""
        out = []
        for root in self.roots:
            for name, node in root.walk():
                for p in node.problems:
                    out.append("%s: %s" % (name or "top level", p))
        return out

    def counts(self):
        """Leaf case counts: dict passed/failed/skipped.

        XFAIL counts as passed. Planned cases that never reported count as
        failed, and a failing tree counts at least one failure even when no
        single leaf failed (missing plan, wrong numbering, bail out)."""
        c = {"passed": 0, "failed": 0, "skipped": 0}
        for root in self.roots:
            for _name, node in root.walk():
                if node is not root and not node.children:
                    if node.status in FAILURE_STATUSES:
                        c["failed"] += 1
                    elif node.status == SKIP:
                        c["skipped"] += 1
                    else:
                        c["passed"] += 1
                c["failed"] += node.missing
        if self.status() in FAILURE_STATUSES and c["failed"] == 0:
            c["failed"] = 1
        return c


class LogParser:
    """Incremental parser: feed() cleaned or raw lines, then finish()."""

    def __init__(self):
        self.out = ParsedLog()
        self._stack = []         # open KTAP blocks, outermost first
        self._pending = []       # lines since the last result line
        self._prefix_re = None   # prefix stripped from every KTAP line
        self._dump = None        # (path, indent, lines) while inside a dump
        self._finished = False

    # -- markers ---------------------------------------------------------
    def _marker(self, line):
        """Handle hotmem marker lines; return (kind, value) or None."""
        m = _VERDICT_RE.search(line)
        if m:
            word = m.group(1).upper()
            if self.out.verdicts:
                self.out.problems.append("more than one verdict line (%s after %s)" % (word, self.out.verdicts[0]))
            elif word not in (PASS, FAIL, SKIP):
                self.out.problems.append("unknown verdict %r" % m.group(1))
            self.out.verdicts.append(word)
            return ("verdict", word)
        if _READY_RE.search(line):
            self.out.ready = True
            return ("ready", None)
        m = _HANDLED_RE.search(line)
        if m:
            a = _HANDLED_ARGS_RE.match(m.group(1))
            if not a:
                self.out.problems.append("malformed handled line: %r" % line.strip())
                return None
            ev = Event(int(a.group(1)), a.group(2), a.group(3), int(a.group(4), 0), int(a.group(5), 0),
                       line.strip())
            self.out.events.append(ev)
            return ("handled", ev)
        m = _PANIC_RE.search(line)
        if m:
            self.out.panics.append(m.group(1).strip())
            return ("panic", m.group(1).strip())
        if _REG_LINE_RE.match(line.strip()):
            for name, value in _REG_PAIR_RE.findall(line):
                self.out.registers.setdefault(name, value)
            return ("registers", None)
        return None

    # -- dumps -----------------------------------------------------------
    def _dump_line(self, line):
        """Consume a line while a dump is open; return True if consumed."""
        path, indent, body = self._dump
        m = _DUMP_END_RE.match(line)
        if m:
            if m.group(1) != path:
                self.out.problems.append("dump %s ended by dump-end %s" % (path, m.group(1)))
            if indent and all(b.startswith(indent) for b in body):
                body = [b[len(indent):] for b in body]
            text = "".join(b + "\n" for b in body)
            self.out.dumps[path] = text
            self.out.dump_list.append((path, text))
            self._dump = None
            return True
        if _DUMP_BEGIN_RE.match(line):
            self.out.problems.append("dump %s not terminated before the next dump-begin" % path)
            self._dump = None
            return False
        body.append(line)
        return True

    # -- KTAP ------------------------------------------------------------
    def _start(self, line):
        """Look for the first version line; set up the prefix stripping."""
        m = _VERSION_ANYWHERE_RE.search(line)
        if not m:
            return False
        prefix = line[:m.start()]
        stripped = prefix.strip()
        if stripped and _TIMESTAMP_RE.match(stripped):
            self._prefix_re = _TIMESTAMP_RE
        indent = len(prefix) if not stripped else 0
        self._open_document(indent, m.group(1), int(m.group(2)))
        return True

    def _open_document(self, indent, kind, version):
        root = Node("", indent, is_block=True)
        root.version = (kind, version)
        self.out.roots.append(root)
        self._stack = [root]
        self._pending = []

    def _close_open(self, keep):
        """Close open blocks deeper than stack index `keep` without a result
        line: they become CRASHED children of their parents."""
        while len(self._stack) > keep + 1:
            block = self._stack.pop()
            parent = self._stack[-1]
            block.number = len(parent.children) + 1
            block.log.extend(self._pending)
            self._pending = []
            parent.children.append(block)

    def _ktap_line(self, line):
        if self._prefix_re:
            line = self._prefix_re.sub("", line, count=1)
        content = line.strip()
        if not content:
            return
        indent = len(line) - len(line.lstrip(" \t"))
        root = self._stack[0] if self._stack else None
        top = self._stack[-1] if self._stack else None

        m = _VERSION_RE.match(content)
        if m:
            if root is None or indent <= root.indent:
                # A new document (a second run, or output after a reset).
                if root is not None:
                    self._close_open(0)
                self._open_document(indent, m.group(1), int(m.group(2)))
                return
            # Blocks at this indentation or deeper ended without a result.
            keep = max(i for i, b in enumerate(self._stack) if b.indent < indent)
            self._close_open(keep)
            block = Node("", indent, is_block=True)
            block.version = (m.group(1), int(m.group(2)))
            self._stack.append(block)
            return
        if top is None:
            return

        m = _SUBTEST_RE.match(content)
        if m:
            if indent == top.indent and top is not root and not top.name and top.plan is None \
                    and not top.children:
                top.name = m.group(1)
            elif indent == top.indent and top is root and not root.name and root.plan is None \
                    and not root.children:
                root.name = m.group(1)
            elif indent > top.indent:
                block = Node(m.group(1), indent, is_block=True)
                self._stack.append(block)
            else:
                self._pending.append(line)
            return

        m = _PLAN_RE.match(content)
        if m:
            if indent > top.indent:
                top = Node("", indent, is_block=True)
                self._stack.append(top)
            if indent == top.indent and top.plan is None:
                top.plan = int(m.group(1))
                top.plan_directive = (m.group(2) or "").strip()
            else:
                self._pending.append(line)
            return

        m = _RESULT_RE.match(content)
        if m:
            self._result(indent, m, line)
            return

        m = _BAIL_RE.match(content)
        if m:
            for block in self._stack:
                block.bailed = m.group(1) or "(no reason)"
            self._close_open(0)
            self._stack = []
            return
        self._pending.append(line)

    def _result(self, indent, m, line):
        """A result line: a leaf of the innermost block at this indentation,
        or the closing line of the block just below it."""
        # Deepest block whose indentation does not exceed this line's.
        candidates = [i for i, b in enumerate(self._stack) if b.indent <= indent]
        owner_i = candidates[-1] if candidates else 0
        owner = self._stack[owner_i]
        name = m.group(3).strip()
        closing = None
        if owner_i + 1 < len(self._stack):
            self._close_open(owner_i + 1)
            closing = self._stack.pop()
        elif owner_i > 0 and owner.plan is not None and len(owner.children) >= owner.plan \
                and owner.indent == indent and name == owner.name:
            # Unindented nesting: a full block followed by its own result.
            closing = self._stack.pop()
            owner = self._stack[-1]
        if closing is not None:
            node = closing
            owner = self._stack[-1]
            if not node.name:
                node.name = name
        else:
            node = Node(name, indent)
        node.number = int(m.group(2)) if m.group(2) else None
        node.result = m.group(1) == "ok"
        extra = (m.group(4) or "").strip()
        d = _DIRECTIVE_RE.match(extra)
        if d:
            node.directive = d.group(1).upper()
            node.reason = d.group(2).strip()
        else:
            node.reason = extra
        node.log.extend(self._pending)
        node.log.append(line)
        self._pending = []
        owner.children.append(node)

    # -- public ----------------------------------------------------------
    def feed(self, raw):
        """Feed one line (with or without its newline). Returns a marker
        tuple (kind, value) for hotmem marker lines, else None."""
        line = clean_line(raw)
        self.out.lines.append(line)
        if self._dump is not None and self._dump_line(line):
            return None
        m = _DUMP_BEGIN_RE.match(line)
        if m:
            self._dump = (m.group(2), m.group(1), [])
            return ("dump-begin", m.group(2))
        marker = self._marker(line)
        if marker is not None:
            if self._stack:
                self._pending.append(line)
            return marker
        if not self.out.roots:
            self._start(line)
        else:
            self._ktap_line(line)
        return None

    def finish(self):
        """Close everything and compute statuses; returns the ParsedLog."""
        if self._finished:
            return self.out
        self._finished = True
        if self._dump is not None:
            self.out.problems.append("dump %s not terminated (log ends inside it)" % self._dump[0])
        if self._stack:
            self._close_open(0)
        for root in self.out.roots:
            _finish_node(root, True)
        return self.out


def parse_log(text):
    """Parse a whole log (str or bytes) and return a ParsedLog."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    parser = LogParser()
    for line in text.split("\n"):
        parser.feed(line)
    return parser.finish()


def format_dump(path, text):
    """The console form of a dump (what the kernel prints), for tests."""
    return "# dump-begin %s\n%s# dump-end %s\n" % (path, text, path)
