"""Kannel for real in the tests: bearerbox, smsbox and fakesmsc (the phones), and MotCua as real
processes (gunicorn and the huey consumer) on a seeded SQLite file.

Everything listens on free loopback ports and writes into one working folder; every process runs
in a session of its own so that stopping it stops what it forked (gunicorn's workers), and
`stop()` is safe to call twice. Waiting is polling against a deadline, never a fixed sleep.

The fake SMSC in bearerbox serves one fakesmsc at a time, and fakesmsc sends only the messages on
its command line (then keeps listening). So bearerbox has two fake links: `phones` carries what
MotCua sends (one long-running fakesmsc prints each message it gets), `phones-mo` what the phones
send (one short-lived fakesmsc per message, stopped before the next one connects).
"""

import contextlib
import ctypes
import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BEARERBOX = Path("/usr/sbin/bearerbox")
SMSBOX = Path("/usr/sbin/smsbox")
FAKESMSC = Path("/usr/lib/kannel/test/fakesmsc")  # Debian ships it in kannel-extras
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent  # the virtualenv running pytest
SHORT_CODE = "8088"


def missing_binaries():
    """The Kannel programs this machine lacks (`make sms-deps` installs them)."""
    return [str(path) for path in (BEARERBOX, SMSBOX, FAKESMSC) if not os.access(path, os.X_OK)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """Whether something listens on TCP `port`, read from /proc/net rather than by connecting: the fake
    SMSC takes any connection for a phone and would send it the next message, lost when it closes."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def wait_for(check, timeout, what, interval=0.05):
    """Call check() until it returns something true and return that; AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(interval)


def http_get(url, timeout=10):
    """(status, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode(errors="replace")


def _die_with_parent():
    """In the child, before exec: SIGTERM when pytest dies, even killed outright (Linux prctl)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Process:
    """One program in a session of its own, its output appended to a log file."""

    def __init__(self, name, args, log, env=None, cwd=None):
        self.name, self.log = name, Path(log)
        with open(self.log, "ab") as out:
            self.popen = subprocess.Popen(
                [str(arg) for arg in args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=cwd,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )

    @property
    def pid(self):
        return self.popen.pid

    def running(self):
        return self.popen.poll() is None

    def send_signal(self, signum):
        """Signal the process and everything it started (its session's process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)

    def stop(self, signum=signal.SIGTERM, timeout=10):
        if self.running():
            self.send_signal(signal.SIGCONT)  # a paused process cannot act on SIGTERM
            self.send_signal(signum)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.send_signal(signal.SIGKILL)
                self.popen.wait(10)
        self.send_signal(signal.SIGKILL)  # stragglers of the group, if the leader left any
        return self.popen.returncode

    def text(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def assert_running(self):
        assert self.running(), f"{self.name} exited with {self.popen.returncode}:\n{self.text()[-3000:]}"


# --- the phones --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sms:
    """One message a phone received from Kannel, as fakesmsc printed it."""

    sender: str
    receiver: str
    text: str


# fakesmsc logs every line the SMSC sends it: "Got message 3: <8088 84912345678 text Hello>".
RECEIVED = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>$")


def decode(kind, data):
    if kind == "text":
        return data
    if kind == "data":
        return urllib.parse.unquote_to_bytes(data.replace("+", " ")).decode("latin-1")
    if kind in ("ucs2", "ucs-2"):
        return urllib.parse.unquote_to_bytes(data.replace("+", " ")).decode("utf-16-be")
    return f"{kind} {data}"


class Phones:
    """fakesmsc plays every phone: `received()` is what they got, `send()` makes one of them text us."""

    def __init__(self, workdir, mt_port, mo_port):
        self.workdir, self.mt_port, self.mo_port = Path(workdir), mt_port, mo_port
        self.receivers = []  # one per connection of the MT link; Kannel restarts end a connection
        self.sender = None
        self.sent = 0

    def connect(self):
        """Start listening for MT messages (the link must be up)."""
        receiver = Process(
            "fakesmsc (MT)",
            # -m 0: send nothing, only print what arrives; it still needs one message argument.
            [FAKESMSC, "-H", "127.0.0.1", "-r", self.mt_port, "-m", "0", "-v", "0", "0 0 text unused"],
            self.workdir / f"phones-mt-{len(self.receivers) + 1}.log",
        )
        self.receivers.append(receiver)
        wait_for(lambda: "Connecting to" in receiver.text() or not receiver.running(), 10, "fakesmsc (MT) starting")
        receiver.assert_running()

    def send(self, phone, text, to=SHORT_CODE):
        """One phone texts `text` to `to`; returns once fakesmsc has written it to bearerbox."""
        self.stop_sender()
        self.sent += 1
        if text.isascii():
            line = f"{phone} {to} text {text}"
        else:
            line = f"{phone} {to} ucs2 {urllib.parse.quote(text.encode('utf-16-be'))}"
        self.sender = Process(
            "fakesmsc (MO)",
            [FAKESMSC, "-H", "127.0.0.1", "-r", self.mo_port, "-i", "0", "-m", "1", "-v", "0", line],
            self.workdir / f"phones-mo-{self.sent}.log",
        )
        sender = self.sender
        wait_for(lambda: "sent message 1" in sender.text() or not sender.running(), 10, "fakesmsc (MO) sending")
        sender.assert_running()

    def stop_sender(self):
        if self.sender is not None:
            self.sender.stop(signal.SIGINT)  # fakesmsc's own way out: it closes the link and reports
            self.sender = None

    def received(self, receiver=None):
        """Every message received so far, oldest first; only those to `receiver` if given."""
        messages = []
        for process in self.receivers:
            for line in process.text().splitlines():
                match = RECEIVED.search(line)
                if match:
                    sender, to, kind, data = match.groups()
                    messages.append(Sms(sender, to, decode(kind, data)))
        return [m for m in messages if receiver is None or m.receiver == receiver]

    def wait_for(self, receiver, count=1, timeout=10, contains=""):
        """The messages to `receiver` (containing `contains`), once there are at least `count`."""

        def arrived():
            found = [m for m in self.received(receiver) if contains in m.text]
            return found if len(found) >= count else None

        return wait_for(arrived, timeout, f"{count} SMS to {receiver} containing {contains!r}")

    def disconnect(self):
        self.stop_sender()
        for receiver in self.receivers:
            receiver.stop(signal.SIGINT)


# --- Kannel ------------------------------------------------------------------------------


class Kannel:
    """bearerbox and smsbox on free ports, configured from tests/kannel/kannel.conf."""

    def __init__(self, workdir, mo_url, username="motcua", password=None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.username, self.password = username, password or secrets.token_hex(8)
        self.admin_password = secrets.token_hex(8)
        self.ports = {name: free_port() for name in ("admin", "smsbox", "sendsms", "mt", "mo")}
        self.conf = self.workdir / "kannel.conf"
        self.conf.write_text(
            string.Template((HERE / "kannel.conf").read_text()).substitute(
                workdir=self.workdir,
                admin_port=self.ports["admin"],
                admin_password=self.admin_password,
                smsbox_port=self.ports["smsbox"],
                sendsms_port=self.ports["sendsms"],
                mt_port=self.ports["mt"],
                mo_port=self.ports["mo"],
                username=self.username,
                password=self.password,
                mo_url=mo_url,
            )
        )
        self.phones = Phones(self.workdir, self.ports["mt"], self.ports["mo"])
        self.bearerbox = self.smsbox = None
        self.starts = 0

    @property
    def sendsms_url(self):
        return f"http://127.0.0.1:{self.ports['sendsms']}/cgi-bin/sendsms"

    def start(self, phones=True):
        """bearerbox, then smsbox, then (unless told not to) the phones' MT link; returns once all are up."""
        self.starts += 1
        self.bearerbox = Process(
            "bearerbox", [BEARERBOX, "-v", "2", self.conf], self.workdir / f"bearerbox-{self.starts}.out"
        )
        bearerbox = self.bearerbox
        for port in ("smsbox", "mt", "mo", "admin"):
            wait_for(lambda p=port: listening(self.ports[p]) or not bearerbox.running(), 15, f"bearerbox {port} port")
            bearerbox.assert_running()
        self.smsbox = Process("smsbox", [SMSBOX, "-v", "2", self.conf], self.workdir / f"smsbox-{self.starts}.out")
        smsbox = self.smsbox
        wait_for(lambda: listening(self.ports["sendsms"]) or not smsbox.running(), 15, "smsbox sendsms port")
        smsbox.assert_running()
        if phones:
            self.connect_phones()

    def connect_phones(self):
        self.phones.connect()
        wait_for(lambda: self.link_online("phones"), 10, "the phones' MT link online")

    def status(self):
        status, body = http_get(
            f"http://127.0.0.1:{self.ports['admin']}/status.txt?password={self.admin_password}", timeout=5
        )
        return body if status == 200 else ""

    def link_online(self, smsc_id):
        return any(line.strip().startswith(f"{smsc_id}[") and "(online" in line for line in self.status().splitlines())

    def stop(self):
        """smsbox and bearerbox, as an operator would (SIGTERM); the phones' links close with them."""
        for box in (self.smsbox, self.bearerbox):
            if box is not None:
                box.stop()
        self.phones.disconnect()

    def sendsms(self, to, text, sender=SHORT_CODE, password=None, **extra):
        """(status, body) of one sendsms request, as MotCua would make it."""
        query = {
            "username": self.username,
            "password": password or self.password,
            "from": sender,
            "to": to,
            "text": text,
            **extra,
        }
        return http_get(f"{self.sendsms_url}?{urllib.parse.urlencode(query)}")

    def smsbox_log(self):
        path = self.workdir / "smsbox.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self):
        """The boxes' own logs, for a failing test's report."""
        parts = []
        for name in ("bearerbox.log", "smsbox.log"):
            path = self.workdir / name
            if path.exists():
                parts.append(f"--- {name} (end)\n" + "\n".join(path.read_text(errors="replace").splitlines()[-60:]))
        return "\n".join(parts)


# --- MotCua ------------------------------------------------------------------------------


class App:
    """MotCua as `make run` serves it (demo configuration), on its own SQLite files: gunicorn and the
    huey consumer, with the SMS settings given."""

    def __init__(self, workdir, settings):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = f"sqlite:///{self.workdir / 'motcua.db'}"
        self.huey_url = f"sqlite:///{self.workdir / 'huey.db'}"
        self.env = {
            **os.environ,
            "MOTCUA_ENV": "demo",
            "MOTCUA_INSTANCE": str(self.workdir),
            "DATABASE_URL": self.database_url,
            "HUEY_URL": self.huey_url,
            "FORM_CACHE_DIR": str(self.workdir / "forms"),
            "UPLOAD_DIR": str(self.workdir / "uploads"),
            "FLASK_APP": "wsgi.py",
            "PYTHONUNBUFFERED": "1",
            **{key: str(value) for key, value in settings.items()},
        }
        self.web = self.worker = None
        self.workers = 0

    def flask(self, *args):
        done = subprocess.run(
            [BIN / "flask", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        if done.returncode:
            raise AssertionError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def seed(self):
        """Migrate and seed, with the demo dossiers `make run` files; self.demo: their codes by stage."""
        self.flask("db", "up")
        output = self.flask("seed", "--demo-dossiers")
        self.demo = {label: code for code, label in re.findall(r"^  (\S+)  (.+)$", output, re.M)}

    def start(self):
        self.start_web()
        self.start_worker()

    def start_web(self):
        self.web = Process(
            "gunicorn",
            [
                BIN / "gunicorn",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            self.workdir / "web.log",
            env=self.env,
            cwd=ROOT,
        )
        web = self.web

        def answers():
            web.assert_running()
            try:
                return http_get(f"{self.url}/healthz", timeout=2)[0] == 200
            except OSError:
                return False

        wait_for(answers, 30, "gunicorn answering /healthz", interval=0.1)

    def start_worker(self, **settings):
        """The huey consumer as `make run` starts it, with these settings on top of the app's."""
        self.workers += 1
        env = {**self.env, **{key: str(value) for key, value in settings.items()}}
        self.worker = Process(
            "huey consumer",
            [
                BIN / "huey_consumer",
                "webapp.worker.huey",
                "--workers",
                "2",
                "--worker-type",
                "thread",
                "--max-delay",
                "1",
            ],
            self.workdir / f"worker-{self.workers}.log",
            env=env,
            cwd=ROOT,
        )
        worker = self.worker
        wait_for(lambda: "Huey consumer started" in worker.text() or not worker.running(), 30, "huey consumer")
        worker.assert_running()

    def stop_worker(self):
        if self.worker is not None:
            self.worker.stop()

    def stop(self):
        for process in (self.worker, self.web):
            if process is not None:
                process.stop()

    def log_text(self):
        paths = [self.workdir / "web.log", *sorted(self.workdir.glob("worker-*.log"))]
        return "\n".join(path.read_text(errors="replace") for path in paths if path.exists())

    def tracebacks(self):
        return [line for line in self.log_text().splitlines() if "Traceback" in line]
