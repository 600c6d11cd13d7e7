"""A province in miniature: two web hosts (gunicorn) and two job consumers (huey) as real processes,
sharing one PostgreSQL database, one Redis queue and the files stored in PostgreSQL (STORAGE_URL).

Each host has upload and form folders of its own that nothing shared may depend on: a file written
to one host's disk would be missing on the other, and the test would see it. What a province shares
besides the three services (the session key, the signing keys, the demo bank's memory) is named in
`shared_env` and in docs/scale-out.md. The second consumer runs without the periodic jobs, as a
province's second consumer must (each consumer would otherwise schedule every periodic job again).
"""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from tests.kannel.harness import BIN, ROOT, Process, free_port, http_get, wait_for

CONSUMER = ["webapp.worker.huey", "--workers", "2", "--worker-type", "thread", "--max-delay", "1"]


def redis_url(server_url, number):
    """The Redis of server_url with database `number`."""
    return urlparse(server_url)._replace(path=f"/{number}").geturl()


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


class Province:
    """Two hosts (A, B) and two consumers over the given database, queue and storage URLs."""

    def __init__(self, workdir, database_url, huey_url, web_workers=2, web_threads=2, **settings):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.web_workers, self.web_threads = web_workers, web_threads
        self.env = {
            **os.environ,
            "MOTCUA_ENV": "demo",
            "FLASK_APP": "wsgi.py",
            "PYTHONUNBUFFERED": "1",
            **self.shared_env(database_url, huey_url),
            **{key: str(value) for key, value in settings.items()},
        }
        self.ports = {"a": free_port(), "b": free_port()}
        self.urls = {name: f"http://127.0.0.1:{port}" for name, port in self.ports.items()}
        self.processes = []

    def shared_env(self, database_url, huey_url):
        """What every host and consumer of a province must be given alike."""
        shared = self.workdir / "shared"
        return {
            "DATABASE_URL": database_url,
            "HUEY_URL": huey_url,
            "STORAGE_URL": database_url,
            "SECRET_KEY": "scale-out-test-key",  # sessions signed on one host are read on the other
            "SIGNING_KEY_DIR": str(shared / "pki"),  # one key per unit, whoever signs
            "PAYMENT_SIMULATOR_STATE": str(shared / "bank.json"),  # the demo bank (a real one is elsewhere)
            "DEMO_IDP_KEY_FILE": str(shared / "idp_key.json"),
            "MOTCUA_INSTANCE": str(shared),
        }

    def host_env(self, name):
        """A host's own folders: nothing of a request may depend on them once STORAGE_URL is set."""
        own = self.workdir / f"host-{name}"
        return {**self.env, "UPLOAD_DIR": str(own / "uploads"), "FORM_CACHE_DIR": str(own / "forms")}

    def flask(self, *args):
        done = subprocess.run(
            [BIN / "flask", *args], cwd=ROOT, env=self.host_env("a"), capture_output=True, text=True, timeout=300
        )
        if done.returncode:
            raise AssertionError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def prepare(self):
        """Migrate and seed once, from one host, before any process starts."""
        self.flask("db", "up")
        self.flask("seed")

    def start(self):
        try:
            for name in ("a", "b"):
                self.start_web(name)
            self.start_consumer("a")
            self.start_consumer("b", "--no-periodic")
        except BaseException:
            self.stop()
            raise

    def start_web(self, name):
        args = [BIN / "gunicorn", "--bind", f"127.0.0.1:{self.ports[name]}", "--workers", str(self.web_workers)]
        args += ["--threads", str(self.web_threads), "--access-logfile", "-", "wsgi:app"]
        web = self._spawn(f"gunicorn {name.upper()}", args, f"web-{name}.log", name)

        def answers():
            web.assert_running()
            try:
                return http_get(f"{self.urls[name]}/healthz", timeout=2)[0] == 200
            except OSError:
                return False

        wait_for(answers, 60, f"host {name.upper()} answering /healthz", interval=0.1)

    def start_consumer(self, name, *extra):
        args = [BIN / "huey_consumer", *CONSUMER, *extra]
        consumer = self._spawn(f"consumer {name.upper()}", args, f"consumer-{name}.log", name)
        wait_for(lambda: "Huey consumer started" in consumer.text() or not consumer.running(), 60, "consumer")
        consumer.assert_running()

    def _spawn(self, label, args, log, host):
        process = Process(label, args, self.workdir / log, env=self.host_env(host), cwd=ROOT)
        self.processes.append(process)
        return process

    def stop(self):
        """Every process started, even when one of them failed; safe to call twice."""
        for process in reversed(self.processes):
            process.stop()

    def logs(self, lines=40):
        """The end of every process's log, for a failing test's report."""
        return "\n".join(f"--- {p.name}\n" + "\n".join(p.text().splitlines()[-lines:]) for p in self.processes)

    def tracebacks(self):
        return [p.name for p in self.processes if "Traceback" in p.text()]
