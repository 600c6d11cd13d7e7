"""`make bench`: page weight and requests/s of the embedded configuration, on this machine.

Starts gunicorn on a fresh seeded SQLite instance on loopback, measures each page's bytes
(raw, gzip, brotli) against benchmarks/budgets.json, then runs a bounded load of a few
seconds per page from a handful of client threads. Prints a Markdown report for the README.
"""

import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
BUDGETS = json.loads((Path(__file__).parent / "budgets.json").read_text())
SECONDS_PER_PAGE = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, encoding="identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def load(url, seconds, clients):
    """Requests/s over `seconds`, from `clients` threads, each looping until the deadline."""
    deadline = time.monotonic() + seconds
    counts = [0] * clients

    def worker(i):
        while time.monotonic() < deadline:
            fetch(url, "gzip")
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - start)


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


def start_server(instance, port):
    env = {**os.environ, "MOTCUA_INSTANCE": instance, "FLASK_APP": "wsgi.py"}
    for args in (["db", "up"], ["seed"]):
        subprocess.run([BIN / "flask", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [BIN / "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            fetch(f"http://127.0.0.1:{port}/healthz")
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    failures, rows = [], []
    with tempfile.TemporaryDirectory() as instance:
        server = start_server(instance, port)
        try:
            for path, budget in BUDGETS["pages"].items():
                raw, gz, br = (len(fetch(base + path, e)) for e in ("identity", "gzip", "br"))
                rps = load(base + path, SECONDS_PER_PAGE, CLIENTS)
                rows.append(f"| `{path}` | {raw:,} | {gz:,} | {br:,} | {budget:,} | {rps:,.0f} |")
                if gz > budget:
                    failures.append(f"{path}: {gz} bytes gzip > budget {budget}")
            css_path = re.search(r'href="(/static/css/site\.css\?v=\w+)"', fetch(base + "/").decode()).group(1)
            css = len(fetch(base + css_path, "gzip"))
            rows.append(
                f"| stylesheet | {len(fetch(base + css_path)):,} | {css:,} | – | {BUDGETS['stylesheet']:,} | – |"
            )
            if css > BUDGETS["stylesheet"]:
                failures.append(f"stylesheet: {css} bytes gzip > budget {BUDGETS['stylesheet']}")
        finally:
            server.terminate()
            server.wait()
    print(
        f"Machine: {machine()}; gunicorn 2 workers × 4 threads, SQLite (WAL); "
        f"{CLIENTS} client threads, {SECONDS_PER_PAGE:g} s per page, loopback.\n"
    )
    print("| page | bytes | gzip | brotli | gzip budget | requests/s |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    for failure in failures:
        print(f"OVER BUDGET: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
