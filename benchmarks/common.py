"""What the benchmarks share: a fresh seeded instance, gunicorn on loopback, the machine line."""

import os
import platform
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# The embedded shape on a small machine (as `make run` serves it): 2 workers a core, 2 threads each.
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
GUNICORN_THREADS = int(os.environ.get("BENCH_THREADS", "2"))
SERVER = f"gunicorn {GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads, SQLite (WAL)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, encoding="identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def instance_env(instance):
    """The environment of the app on `instance`: its SQLite database and its SqliteHuey file."""
    return {**os.environ, "MOTCUA_INSTANCE": str(instance), "FLASK_APP": "wsgi.py"}


def seed_instance(instance):
    """Migrate and seed a fresh instance folder."""
    env = instance_env(instance)
    for args in (["db", "up"], ["seed"]):
        subprocess.run([BIN / "flask", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def start_gunicorn(instance, port):
    """gunicorn on 127.0.0.1:`port`, serving `instance`, once /healthz answers."""
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--threads",
            str(GUNICORN_THREADS),
            "wsgi:app",
        ],
        cwd=ROOT,
        env=instance_env(instance),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            fetch(f"http://127.0.0.1:{port}/healthz")
            return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    raise SystemExit("gunicorn did not start")


def start_server(instance, port):
    """A fresh seeded instance served by gunicorn."""
    seed_instance(instance)
    return start_gunicorn(instance, port)


def stop(server):
    server.terminate()
    server.wait()
