"""The consumer views of /sys/kernel/hotmem (docs/views.md), recomputed in
Python from what a hotmem log shows of the same moment: the snapshot's
/proc/iomem and /sys/firmware/memmap dumps, and the boot's `BIOS-e820:` lines.
The runner compares them with the kernel's own dumps of the views after
events (manifest key `views`, tests/refcompare.py), so the kernel's C code
and this independent reading of the same rules must agree to the byte.

The rules, as Linux 6.1 and kexec-tools 2.0.25 apply them:

  kexec_file_ram      busy System RAM as walk_system_ram_res() finds it (a
                      match hides its children), driver-managed
                      (`System RAM (...)`) left out
  kexec_load_memmap   /sys/firmware/memmap mapped to kexec-tools' types,
                      sorted, same-type overlaps fixed up, the first RAM
                      range below 0x400 starting at 0x400; without a memmap,
                      /proc/iomem lines named exactly `System RAM` etc.
  kdump_ranges        the same walk with driver-managed RAM, then the first
                      MiB and every `Crash kernel` cut out
  kdump_iomem_ranges  every /proc/iomem line whose name contains
                      `System RAM`, ACPI, persistent memory, reserved; then
                      `Crash kernel` lines and the last GART cut out
  kexec_file_e820     the boot's e820 (e820_table_kexec: the firmware table,
                      never updated by hotplug), first 128 entries

Standard library only."""

import re

from iomem import parse_iomem, walk_iomem

VIEWS_DIR = "/sys/kernel/hotmem"
VIEW_NAMES = ("kexec_file_ram", "kexec_load_memmap", "kdump_ranges", "kdump_iomem_ranges",
              "kexec_file_e820")
VIEW_PATHS = tuple("%s/%s" % (VIEWS_DIR, n) for n in VIEW_NAMES)

# Resources the kernel flags busy System RAM: e820 RAM, the kernel image's
# parts, the crashkernel reservation, and hot-added memory.
_PLAIN_SYSRAM = ("System RAM", "Kernel code", "Kernel rodata", "Kernel data", "Kernel bss", "Crash kernel")
_DRIVER_MANAGED_RE = re.compile(r"^System RAM \(.+\)$")

# kexec-tools' firmware-memmap type strings (kexec/firmware_memmap.c).
_MEMMAP_TYPES = {
    "System RAM": "RAM", "ACPI Tables": "ACPI", "ACPI Non-volatile Storage": "ACPI_NVS",
    "Unusable memory": "RESERVED", "reserved": "RESERVED", "Reserved": "RESERVED",
    "Unknown E820 type": "RESERVED", "Uncached RAM": "UNCACHED",
    "Persistent Memory (legacy)": "PRAM", "Persistent Memory": "PMEM",
}
# Both /proc/iomem parsers of kexec-tools map these alike.
_IOMEM_COMMON = {"ACPI Tables": "ACPI", "ACPI Non-volatile Storage": "ACPI_NVS",
                 "Persistent Memory (legacy)": "PRAM", "Persistent Memory": "PMEM"}
# The words of `BIOS-e820:` lines (e820_print_type) -> the view's type.
_E820_WORDS = {"usable": "RAM", "reserved": "RESERVED", "ACPI data": "ACPI", "ACPI NVS": "ACPI_NVS",
               "unusable": "UNUSABLE", "persistent (type 7)": "PMEM", "persistent (type 12)": "PRAM",
               "soft reserved": "SOFT_RESERVED"}
_BIOS_E820_RE = re.compile(r"^BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+)$")
REALMODE_IVT_END = 0x400
LOW_1M_END = (1 << 20) - 1
E820_MAX_ENTRIES_ZEROPAGE = 128

RAM_TYPE = "RAM"


def render(ranges):
    """The text of a view: `%016x-%016x TYPE` lines."""
    return "".join("%016x-%016x %s\n" % r for r in ranges)


def _is_sysram(name):
    return name in _PLAIN_SYSRAM or bool(_DRIVER_MANAGED_RE.match(name))


def walk_system_ram(root):
    """(start, end, driver_managed) of every busy System RAM resource as
    walk_system_ram_res() returns them: pre-order, and a match hides its
    descendants (Kernel code inside System RAM is not returned again)."""
    out = []

    def visit(node):
        for child in node.children:
            if _is_sysram(child.name):
                out.append((child.start, child.end, bool(_DRIVER_MANAGED_RE.match(child.name))))
            else:
                visit(child)

    visit(root)
    return out


def cut(ranges, start, end):
    """Exact interval difference: [start, end] out of every range; pieces
    keep their type."""
    out = []
    for s, e, t in ranges:
        if e < start or s > end:
            out.append((s, e, t))
            continue
        if s < start:
            out.append((s, start - 1, t))
        if e > end:
            out.append((end + 1, e, t))
    return out


def crash_kernels(root):
    return [(n.start, n.end) for _d, n in walk_iomem(root) if n.name == "Crash kernel"]


def kexec_file_ram(root):
    return [(s, e, RAM_TYPE) for s, e, dm in walk_system_ram(root) if not dm]


def kdump_ranges(root):
    ranges = [(s, e, RAM_TYPE) for s, e, _dm in walk_system_ram(root)]
    ranges = cut(ranges, 0, LOW_1M_END)
    for s, e in crash_kernels(root):
        ranges = cut(ranges, s, e)
    return ranges


def kdump_iomem_ranges(root):
    ranges, gart = [], None
    for _depth, n in walk_iomem(root):
        if n.name == "GART":
            gart = (n.start, n.end)
        elif "System RAM" in n.name:
            ranges.append((n.start, n.end, "RAM"))
        elif n.name in ("reserved", "Reserved"):
            ranges.append((n.start, n.end, "RESERVED"))
        elif n.name in _IOMEM_COMMON:
            ranges.append((n.start, n.end, _IOMEM_COMMON[n.name]))
    for s, e in crash_kernels(root):
        ranges = cut(ranges, s, e)
    if gart:
        ranges = cut(ranges, *gart)
    return ranges


def _fixup(ranges):
    """kexec-tools' fixup of sorted ranges: same-type neighbours that start
    together keep the longer; an overlap drops the contained one or moves
    the later start to the earlier END (kexec-tools' own choice)."""
    ranges = [list(r) for r in ranges]
    changed = True
    while changed:
        changed = False
        i = 0
        while i + 1 < len(ranges):
            a, b = ranges[i], ranges[i + 1]
            if a[2] == b[2] and a[0] == b[0]:
                del ranges[i + 1 if a[1] >= b[1] else i]
                changed = True
                continue
            if a[2] == b[2] and a[1] > b[0]:
                if a[1] < b[1]:
                    b[0] = a[1]
                else:
                    del ranges[i + 1]
                changed = True
                continue
            i += 1
    return [tuple(r) for r in ranges]


def kexec_load_memmap(root, memmap_rows):
    """memmap_rows: (index, start, end, type) with start/end as 0x strings."""
    if memmap_rows:
        ranges = sorted((int(s, 16), int(e, 16), _MEMMAP_TYPES.get(t, "RESERVED"))
                        for _i, s, e, t in memmap_rows)
        ranges = _fixup(ranges)
    else:
        ranges = []
        for _depth, n in walk_iomem(root):
            if n.name == "System RAM":
                ranges.append((n.start, n.end, "RAM"))
            elif n.name.lower() == "reserved":
                ranges.append((n.start, n.end, "RESERVED"))
            elif n.name in _IOMEM_COMMON:
                ranges.append((n.start, n.end, _IOMEM_COMMON[n.name]))
    for i, (s, e, t) in enumerate(ranges):
        if t == "RAM" and s < REALMODE_IVT_END:
            ranges[i] = (REALMODE_IVT_END, e, t)
            break
    return ranges


def kexec_file_e820(bios_lines):
    """The `BIOS-e820:` lines of the boot (first block) -> the e820 a
    kexec_file-loaded kernel gets. ValueError on a line it cannot read."""
    out = []
    for line in bios_lines[:E820_MAX_ENTRIES_ZEROPAGE]:
        m = _BIOS_E820_RE.match(line.strip())
        if not m or m.group(3) not in _E820_WORDS:
            raise ValueError("cannot read e820 line %r" % line)
        out.append((int(m.group(1), 16), int(m.group(2), 16), _E820_WORDS[m.group(3)]))
    return out


def expected_views(iomem_text, memmap_rows, bios_lines):
    """{path: text} of every view, from one snapshot."""
    root = parse_iomem(iomem_text)
    views = {
        "kexec_file_ram": kexec_file_ram(root),
        "kexec_load_memmap": kexec_load_memmap(root, memmap_rows),
        "kdump_ranges": kdump_ranges(root),
        "kdump_iomem_ranges": kdump_iomem_ranges(root),
        "kexec_file_e820": kexec_file_e820(bios_lines),
    }
    return {"%s/%s" % (VIEWS_DIR, k): render(v) for k, v in views.items()}
