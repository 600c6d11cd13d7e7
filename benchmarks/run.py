"""`make bench`: page weight and requests/s of the embedded configuration, on this machine.

Starts gunicorn on a fresh seeded SQLite instance on loopback, measures each page's bytes
(raw, gzip, brotli) against benchmarks/budgets.json, then runs a bounded load of a few
seconds per page from a handful of client threads. Prints a Markdown report for the README.
"""

import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import SERVER, fetch, free_port, machine, start_server, stop

BUDGETS = json.loads((Path(__file__).parent / "budgets.json").read_text())
SECONDS_PER_PAGE = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))


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
            css_path = "/static/css/site.css"  # inside every page since it went inline; its size as served alone
            css = len(fetch(base + css_path, "gzip"))
            rows.append(
                f"| stylesheet | {len(fetch(base + css_path)):,} | {css:,} | – | {BUDGETS['stylesheet']:,} | – |"
            )
            if css > BUDGETS["stylesheet"]:
                failures.append(f"stylesheet: {css} bytes gzip > budget {BUDGETS['stylesheet']}")
        finally:
            stop(server)
    print(f"Machine: {machine()}; {SERVER}; {CLIENTS} client threads, {SECONDS_PER_PAGE:g} s per page, loopback.\n")
    print("| page | bytes | gzip | brotli | gzip budget | requests/s |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    for failure in failures:
        print(f"OVER BUDGET: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
