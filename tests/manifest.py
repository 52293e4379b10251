"""The QEMU run configurations: tests/qemu/manifest.cfg (format described
there) parsed into Config objects, and picking the ones a command asks for.
Also qemu_escape, QEMU's comma doubling for option values taken from a
configuration. Standard library only."""

import configparser
import re
import shlex
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
import refcompare  # noqa: E402  (needs the path above)
from iomem import parse_name_patterns  # noqa: E402
from qmp import parse_events  # noqa: E402

DEFAULT_MANIFEST = TESTS_DIR / "qemu" / "manifest.cfg"

MANIFEST_DEFAULTS = {
    "description": "",
    "qemu": "",
    "cmdline": "",
    "firmware": "bios",
    "media": "cdrom",
    "memory": "512M",
    "timeout": "60",
    "expect": "pass",
    "groups": "",
    "events": "",
    "ref": "",
    "ref_checks": "",
    "ref_iomem_extra": "",
    "views": "",
    "session": "",
    "input": "serial",
    "log_has": "",
    "serial": "stdio",
    "screen_has": "",
}
_CHOICES = {
    "firmware": ("bios", "uefi"),
    "media": ("cdrom", "usb", "netboot"),
    "expect": ("pass", "fail", "skip", "crash", "loadfail", "early", "screen", "reboot"),
    "input": ("serial", "keyboard"),
    "serial": ("stdio", "none"),
}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MEMORY_RE = re.compile(r"^\d+[KMGT]?(,\S+)?$", re.I)


class ManifestError(Exception):
    pass


class Config:
    """One named run configuration from the manifest."""

    def __init__(self, name, values):
        self.name = name
        self.description = values["description"]
        self.qemu = shlex.split(values["qemu"])
        self.cmdline = " ".join(values["cmdline"].split())
        self.firmware = values["firmware"]
        self.media = values["media"]
        self.memory = values["memory"]
        self.timeout = float(values["timeout"])
        self.expect = values["expect"]
        self.groups = [g for g in re.split(r"[\s,]+", values["groups"]) if g]
        self.events = parse_events(values["events"])
        self.ref = refcompare.parse_ref_entries(values["ref"])
        self.ref_checks = refcompare.parse_check_list(values["ref_checks"])
        self.ref_iomem_extra = parse_name_patterns(values["ref_iomem_extra"])
        if not self.ref and (self.ref_checks is not None or self.ref_iomem_extra):
            raise ValueError("ref_checks and ref_iomem_extra need a ref")
        try:
            self.log_has = [re.compile(p) for p in values["log_has"].splitlines() if p.strip()]
        except re.error as e:
            raise ValueError("log_has: bad regular expression: %s" % e) from None
        self.serial = values["serial"]
        try:
            self.screen_has = [re.compile(p.strip()) for p in values["screen_has"].splitlines() if p.strip()]
        except re.error as e:
            raise ValueError("screen_has: bad regular expression: %s" % e) from None
        # The screen is read while the machine stays up at its end (the
        # runner adds hotmem.exit=halt); events and sessions end runs their
        # own way.
        if (self.expect == "screen") != bool(self.screen_has):
            raise ValueError("expect = screen and screen_has go together")
        if self.expect == "screen" and (self.events or values["session"]):
            raise ValueError("expect = screen cannot drive events or a session")
        if self.serial == "none" and (self.log_has or self.expect != "screen"):
            raise ValueError("serial = none leaves no log: use expect = screen, no log_has")
        self.views = refcompare.parse_views_selectors(values["views"], len(self.events))
        self.session = values["session"]
        self.input = values["input"]
        if self.session and not _NAME_RE.match(self.session):
            raise ValueError("session = %r is not a transcript name" % self.session)

    def full_cmdline(self):
        """Kernel arguments passed through fw_cfg (events adds its count, a
        session hotmem.shell, expect = screen hotmem.exit=halt)."""
        args = self.cmdline
        if self.events:
            args = (args + " hotmem.events=%d" % len(self.events)).strip()
        if self.session:
            args = (args + " hotmem.shell").strip()
        if self.expect == "screen":
            args = (args + " hotmem.exit=halt").strip()
        return args

    def __repr__(self):
        return "Config(%s)" % self.name


def load_manifest(path):
    """Read a manifest file; see parse_manifest."""
    try:
        with open(path, encoding="utf-8") as f:
            return parse_manifest(f.read(), str(path))
    except OSError as e:
        raise ManifestError("cannot read manifest: %s" % e) from None


def parse_manifest(text, source="<manifest>"):
    """Parse manifest text into Configs, in file order. Raises
    ManifestError with a readable message."""
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"),
                                       inline_comment_prefixes=None, empty_lines_in_values=False)
    parser.optionxform = str
    try:
        parser.read_string(text, source)
    except configparser.Error as e:
        raise ManifestError("%s: %s" % (source, e)) from None
    configs = []
    for name in parser.sections():
        if not _NAME_RE.match(name):
            raise ManifestError("[%s]: bad configuration name (letters, digits, _ . -)" % name)
        values = dict(MANIFEST_DEFAULTS)
        for key, value in parser.items(name):
            if key not in MANIFEST_DEFAULTS:
                raise ManifestError("[%s]: unknown key %r" % (name, key))
            values[key] = value.strip()
        for key, allowed in _CHOICES.items():
            if values[key] not in allowed:
                raise ManifestError("[%s]: %s = %r, expected one of %s" % (name, key, values[key], ", ".join(allowed)))
        try:
            if float(values["timeout"]) <= 0:
                raise ValueError
        except ValueError:
            raise ManifestError("[%s]: timeout must be a positive number of seconds" % name) from None
        if not _MEMORY_RE.match(values["memory"]):
            raise ManifestError("[%s]: memory = %r is not a QEMU -m value" % (name, values["memory"]))
        try:
            configs.append(Config(name, values))
        except ValueError as e:
            raise ManifestError("[%s]: %s" % (name, e)) from None
    if not configs:
        raise ManifestError("manifest has no configurations")
    return configs


def select_configs(configs, names=(), group=None):
    """Names pick exactly those; -g picks a group; otherwise every
    configuration not in the group `nodefault`."""
    by_name = {c.name: c for c in configs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ManifestError("unknown configuration(s): %s (have: %s)" % (", ".join(unknown), ", ".join(by_name)))
    chosen = [by_name[n] for n in names] if names else list(configs)
    if group:
        chosen = [c for c in chosen if group in c.groups]
    elif not names:
        chosen = [c for c in chosen if "nodefault" not in c.groups]
    return chosen


def qemu_escape(value):
    """QEMU's option parser splits on commas: double every comma."""
    return str(value).replace(",", ",,")


def config_with_overrides(name, overrides, path=None):
    """Configuration `name` of the manifest with `key=value` overrides (for
    the bench tools: cmdline=selftest=none replaces the command line).
    Raises ValueError for an unknown configuration or key."""
    cfgs = {c.name: c for c in load_manifest(path or DEFAULT_MANIFEST)}
    if name not in cfgs:
        raise ValueError("%r: no such configuration" % name)
    base = cfgs[name]
    values = dict(MANIFEST_DEFAULTS)
    values.update(description=base.description, firmware=base.firmware, media=base.media,
                  memory=base.memory, timeout=str(base.timeout), cmdline=base.cmdline, qemu=" ".join(base.qemu))
    for kv in overrides:
        k, _, v = kv.partition("=")
        if k not in MANIFEST_DEFAULTS:
            raise ValueError("%r: not a manifest key (cmdline=selftest=none overrides the command line)" % kv)
        values[k] = v
    return Config(base.name, values)
