"""QMP side of the hotplug event protocol (docs/events.md), for tests/runner.py.

A configuration's `events` (manifest) is a list of steps; each step is one
or more QMP commands that together make one device request. EventDriver sends
step 1 when the kernel prints `# hotmem: ready` and step k+1 after
`# hotmem: handled k ...`, never earlier. QmpClient is a minimal QMP client
on a unix socket. Standard library only.
"""

import json
import re
import shlex
import socket
import threading
import time
_SIZE_RE = re.compile(r"^(\d+)([KMGT])$")

# QMP spells these with a dash. The underscore forms are the human monitor's
# (HMP) commands, and QMP answers them with CommandNotFound.
HMP_SPELLINGS = {"object_add": "object-add", "object_del": "object-del"}


def _qmp_value(text):
    """Type a compact-syntax value: JSON, bool, integer, size, else string."""
    if text and text[0] in "{[\"":
        return json.loads(text)
    if text in ("true", "false"):
        return text == "true"
    if re.match(r"^-?(0x[0-9a-fA-F]+|\d+)$", text):
        return int(text, 0)
    m = _SIZE_RE.match(text)
    if m:
        return int(m.group(1)) << (10 * "KMGT".index(m.group(2)) + 10)
    return text


def parse_events(text):
    """`events` value: one step per line, each step one or more QMP commands
    separated by `;`, each command `name key=value ...`. Returns a list of
    steps, each a list of (command, arguments dict)."""
    steps = []
    for line in text.splitlines():
        if not line.strip():
            continue
        step = []
        for part in line.split(";"):
            words = shlex.split(part)
            if not words:
                continue
            if words[0] in HMP_SPELLINGS:
                raise ValueError("events: %r is the human monitor's command; QMP's is %r"
                                 % (words[0], HMP_SPELLINGS[words[0]]))
            args = {}
            for w in words[1:]:
                key, sep, value = w.partition("=")
                if not sep or not key:
                    raise ValueError("events: %r is not key=value" % w)
                args[key] = _qmp_value(value)
            step.append((words[0], args))
        if step:
            steps.append(step)
    return steps


class QmpError(Exception):
    pass


def virtio_mem_shortfalls(devices, when):
    """query-memory-devices' answer: one message per virtio-mem device whose
    plugged `size` is not its `requested-size` (QEMU's own view)."""
    out = []
    for dev in devices if isinstance(devices, list) else []:
        if dev.get("type") != "virtio-mem":
            continue
        data = dev.get("data", {})
        size, req = data.get("size"), data.get("requested-size")
        if not isinstance(size, int) or not isinstance(req, int):
            out.append("%s: virtio-mem %s: no size/requested-size in %r" % (when, data.get("id", "?"), data))
        elif size != req:
            out.append("%s: virtio-mem %s plugged %s bytes, requested %s (QEMU's query-memory-devices)"
                       % (when, data.get("id", "?"), size, req))
    return out
class QmpConnectionLost(QmpError):
    """The socket failed or closed: QEMU is gone (or going)."""


class QmpClient:
    """A minimal QMP client on a unix socket."""

    def __init__(self, path, timeout=10.0):
        self.events = []
        deadline = time.monotonic() + timeout
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(str(path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.sock.close()
                if time.monotonic() > deadline:
                    raise QmpError("cannot connect to QMP socket %s" % path) from None
                time.sleep(0.05)
        self.sock.settimeout(timeout)
        self.file = self.sock.makefile("rwb")
        greeting = self._read()
        if "QMP" not in greeting:
            raise QmpError("no QMP greeting: %r" % greeting)
        self.execute("qmp_capabilities")

    def _read(self):
        try:
            line = self.file.readline()
        except OSError as e:
            raise QmpConnectionLost("QMP read failed: %s" % e) from None
        if not line:
            raise QmpConnectionLost("QMP connection closed")
        return json.loads(line)

    def execute(self, command, arguments=None):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.file.write(json.dumps(msg).encode() + b"\n")
        self.file.flush()
        while True:
            reply = self._read()
            if "event" in reply:
                self.events.append(reply)
            elif "error" in reply:
                raise QmpError("%s: %s" % (command, reply["error"].get("desc", reply["error"])))
            elif "return" in reply:
                return reply["return"]

    def close(self):
        for f in (self.file, self.sock):
            try:
                f.close()
            except OSError:
                pass


class EventDriver:
    """Feeds a configuration's event steps to QEMU in step with the kernel."""

    def __init__(self, steps, connect, more_events_ok=False, check_virtio_mem=False):
        """more_events_ok: `handled` lines after the last step are not the
        driver's (a shell session that follows serves events of its own).
        check_virtio_mem: at `ready` and when each of the driver's events is
        done (its snapshot begins: on_snapshot), ask QEMU
        (query-memory-devices) whether every virtio-mem device has plugged
        exactly its requested-size; a shortfall is a problem."""
        self.steps = steps
        self.more_events_ok = more_events_ok
        self.check_virtio_mem = check_virtio_mem
        self.connect = connect      # callable returning a QmpClient
        self.client = None
        self.sent = 0
        self.handled = 0
        self.ready = False
        self.problems = []
        self.lost = []              # (event, message): the connection went while sending it
        self.close_client = True
        self._started = threading.Event()

    def start(self):
        """Connect (called once QEMU runs; markers wait for this)."""
        try:
            self.client = self.connect()
        except (QmpError, OSError) as e:
            self.problems.append(str(e))
        finally:
            self._started.set()

    def _send_next(self):
        step = self.steps[self.sent]
        self.sent += 1
        if self.client is None:
            return
        for command, args in step:
            try:
                self.client.execute(command, args)
            except (QmpConnectionLost, OSError) as e:
                # Judged in finish(): an event whose step needs no reply
                # (e.g. query-status while the kernel binds kmem by itself)
                # can be handled, and QEMU exit, before the reply is read.
                self.lost.append((self.sent, str(e)))
                return
            except QmpError as e:
                self.problems.append("event %d: %s" % (self.sent, e))

    def _check_sizes(self, when):
        if not self.check_virtio_mem or self.client is None:
            return
        try:
            devices = self.client.execute("query-memory-devices")
        except (QmpError, OSError) as e:
            self.problems.append("%s: %s" % (when, e))
            return
        self.problems.extend(virtio_mem_shortfalls(devices, when))

    def on_snapshot(self, number):
        """`# snapshot-begin event <number>`: the kernel finished that event's
        request (its own events only, not a session's)."""
        if number <= self.sent and number <= len(self.steps):
            self._started.wait(timeout=30)
            self._check_sizes("after event %d" % number)

    def on_marker(self, kind, value):
        if kind in ("ready", "handled"):
            self._started.wait(timeout=30)
        if kind == "ready":
            if self.ready:
                self.problems.append("kernel printed 'ready' twice")
                return
            self.ready = True
            self._check_sizes("at ready")
            if self.steps:
                self._send_next()
        elif kind == "handled":
            if self.more_events_ok and self.handled >= len(self.steps):
                return
            self.handled += 1
            if value.number != self.handled or value.number > self.sent:
                self.problems.append("handled %d but the runner had sent %d event(s)" % (value.number, self.sent))
            if self.sent < len(self.steps) and self.handled == self.sent:
                self._send_next()

    def finish(self):
        """Reasons for failure, if the protocol did not complete."""
        reasons = list(self.problems)
        # A lost connection is a failure only when the kernel did not report
        # that event handled; if it did, QEMU simply ended the run.
        reasons += ["event %d: %s" % (k, msg) for k, msg in self.lost if self.handled < k]
        if not self.ready:
            reasons.append("kernel never printed '# hotmem: ready'")
        elif self.handled < len(self.steps):
            reasons.append("%d of %d events handled" % (self.handled, len(self.steps)))
        if self.client is not None and self.close_client:
            self.client.close()
        return reasons
