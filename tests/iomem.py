"""/proc/iomem as a tree: parse the text (2 spaces of indentation per level),
render it back exactly as Linux prints it, and reduce it to the resources
whose names matter for the memory map (NameSet: exact names or `re:REGEX`).
Used by tests/refcompare.py; standard library only."""

import re

# /proc/iomem names of the memory-map core: e820 types (e820_type_to_string),
# option ROMs (probe_roms), MADT/HPET, hotplugged memory. A `re:` prefix makes
# the rest a regular expression that must match the whole name; anything else
# is an exact name. Never substrings: "Kernel code" must not pass for "code".
DEFAULT_IOMEM_NAMES = (
    "System RAM", "Reserved", "ACPI Tables", "ACPI Non-volatile Storage", "Unusable memory",
    "Persistent Memory", "Persistent Memory (legacy)", "Soft Reserved", "Unknown E820 type", "RAM buffer",
    "Video ROM", "Adapter ROM", "System ROM",
    r"re:IOAPIC \d+", "Local APIC", r"re:HPET \d+",
    r"re:System RAM \(.+\)",
)

_IOMEM_LINE_RE = re.compile(r"^( *)([0-9a-fA-F]+)-([0-9a-fA-F]+) : (.*)$")


class IomemError(ValueError):
    pass


class Resource:
    """One /proc/iomem line; the tree root has name None."""

    __slots__ = ("start", "end", "name", "children")

    def __init__(self, start, end, name, children=None):
        self.start = start
        self.end = end
        self.name = name
        self.children = children if children is not None else []

    def key(self):
        return (self.start, self.end, self.name)

    def __repr__(self):
        return "Resource(%#x-%#x %r, %d children)" % (self.start, self.end, self.name, len(self.children))


def parse_iomem_line(line):
    """`  00100000-1ffdffff : System RAM` -> (depth, start, end, name)."""
    m = _IOMEM_LINE_RE.match(line)
    if not m:
        raise IomemError("not a /proc/iomem line: %r" % line)
    if len(m.group(1)) % 2:
        raise IomemError("odd indentation (%d spaces): %r" % (len(m.group(1)), line))
    return len(m.group(1)) // 2, int(m.group(2), 16), int(m.group(3), 16), m.group(4)


def parse_iomem(text):
    """Parse /proc/iomem text into a tree (2 spaces of indentation per
    level). Raises IomemError naming the line on malformed input."""
    root = Resource(0, (1 << 64) - 1, None)
    stack = [root]                      # stack[d] = the last node at depth d - 1
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for no, line in enumerate(lines, 1):
        try:
            depth, start, end, name = parse_iomem_line(line)
        except IomemError as e:
            raise IomemError("line %d: %s" % (no, e)) from None
        if depth > len(stack) - 1:
            raise IomemError("line %d: indented more than one level below the line before: %r" % (no, line))
        del stack[depth + 1:]
        node = Resource(start, end, name)
        stack[depth].children.append(node)
        stack.append(node)
    return root


def walk_iomem(root):
    """Yield (depth, node) in /proc/iomem order (pre-order, root excluded)."""
    stack = [(0, c) for c in reversed(root.children)]
    while stack:
        depth, node = stack.pop()
        yield depth, node
        stack += [(depth + 1, c) for c in reversed(node.children)]


def render_iomem(root):
    """The /proc/iomem text of a tree, as Linux's r_show prints it:
    `%0*llx-%0*llx : %s` with width 8 and two spaces per level."""
    return "".join("%s%08x-%08x : %s\n" % ("  " * depth, n.start, n.end, n.name) for depth, n in walk_iomem(root))


class NameSet:
    """Resource names to keep: exact names, or `re:REGEX` (whole name)."""

    def __init__(self, patterns):
        self.patterns = list(patterns)
        self.exact = set()
        self.regexes = []
        for p in self.patterns:
            if p.startswith("re:"):
                try:
                    self.regexes.append(re.compile(p[3:]))
                except re.error as e:
                    raise ValueError("bad regular expression %r: %s" % (p[3:], e)) from None
            elif p:
                self.exact.add(p)
            else:
                raise ValueError("empty name pattern")

    def __contains__(self, name):
        return name in self.exact or any(r.fullmatch(name) for r in self.regexes)


def parse_name_patterns(text):
    """Manifest `ref_iomem_extra`: one pattern per line (exact name, or
    `re:REGEX`). Returns the list; raises ValueError on a bad regex."""
    patterns = [ln.strip() for ln in text.splitlines() if ln.strip()]
    NameSet(patterns)
    return patterns


def default_name_set(extra=()):
    return NameSet(DEFAULT_IOMEM_NAMES + tuple(extra))


def reduce_iomem(root, names, drop=()):
    """A copy of the tree with only the nodes whose name is in `names` (a
    NameSet or any container) and whose `start-end : name` line is not in
    `drop`. A kept node hangs under its nearest kept ancestor, so dropping
    "PCI Bus 0000:00" lifts its kept children one level; a dropped node's
    other descendants are still looked at."""
    drop_keys = {parse_iomem_line(d.strip())[1:] for d in drop}
    new_root = Resource(root.start, root.end, root.name)

    def visit(node, parent):
        for child in node.children:
            if child.name in names and child.key() not in drop_keys:
                copy = Resource(child.start, child.end, child.name)
                parent.children.append(copy)
                visit(child, copy)
            else:
                visit(child, parent)

    visit(root, new_root)
    return new_root
