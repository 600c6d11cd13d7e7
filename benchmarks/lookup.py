"""`make bench-lookup`: status-lookup requests/s against a bare Flask route, on the same server.

A fresh seeded instance gets the demo dossiers (`flask seed --demo-dossiers`); one browser session
proves the code of the dossier with the longest timeline (code + last 4 digits of the phone, the
throttled step, done once), then wrk loads `/tra-cuu/<code>` with that session cookie, the page a
person refreshes, and `/healthz/live`, a route that returns two bytes, alternately, in rounds, on
the same gunicorn, with the same request headers (the cookie included: Flask opens the session of
every request). A shared machine's speed drifts, so each round's ratio is taken between its two
back-to-back runs and the median round is reported. Prints the figures; fails below the targets.
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

from common import BIN, ROOT, SERVER, free_port, instance_env, machine, seed_instance, start_gunicorn, stop

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
TARGET_RATIO, TARGET_PER_CORE = 0.6, 600


def demo_dossier(instance):
    """The code of the demo dossier that went furthest (returned by post), filed by the seed."""
    output = subprocess.run(
        [BIN / "flask", "seed", "--demo-dossiers"],
        cwd=ROOT,
        env=instance_env(instance),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.search(r"^\s+(\S+)\s+đã gửi qua bưu chính$", output, re.M).group(1)


def proven_session(port, code):
    """A session cookie that has proven `code` through the lookup form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/tra-cuu")
    answer = connection.getresponse()
    page = answer.read().decode()
    cookie = answer.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "ma": code, "so_cuoi": "5678"})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", "/tra-cuu", body=form, headers=headers)
    answer = connection.getresponse()
    answer.read()
    if answer.status != 303:
        raise SystemExit(f"the lookup did not accept the demo dossier: {answer.status}")
    cookie = (answer.getheader("Set-Cookie") or cookie).split(";")[0]
    connection.request("GET", f"/tra-cuu/{code}", headers={"Cookie": cookie})
    page = connection.getresponse()
    body = page.read().decode()
    if page.status != 200 or code not in body:
        raise SystemExit(f"the status page did not show the dossier: {page.status}")
    return cookie


def wrk(url, cookie=None):
    """Requests/s from wrk (2 threads, CONNECTIONS connections, gzip accepted), and non-2xx count."""
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-H", "Accept-Encoding: gzip", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, int(errors.group(1)) if errors else 0


def main():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as instance:
        seed_instance(instance)
        code = demo_dossier(instance)
        server = start_gunicorn(instance, port)
        try:
            cookie = proven_session(port, code)
            wrk(f"{base}/healthz/live", cookie)  # warm every worker
            rounds = []
            for _ in range(ROUNDS):
                rounds.append((wrk(f"{base}/tra-cuu/{code}", cookie), wrk(f"{base}/healthz/live", cookie)))
        finally:
            stop(server)
    rounds.sort(key=lambda r: r[0][0] / r[1][0])
    (lookup, _), (bare, _) = rounds[len(rounds) // 2]
    lookups, bares = [r[0] for r in rounds], [r[1] for r in rounds]
    errors = sum(e for _, e in lookups + bares)
    cores = os.cpu_count()
    print(f"Machine: {machine()}; {SERVER}; wrk 2 threads × {CONNECTIONS} connections on the same machine, ")
    print(f"{SECONDS} s a run, {ROUNDS} rounds of one run each back to back, the median round's ratio, loopback.\n")
    print("| route | requests/s (median round) | per core | every round, by ratio |")
    print("|---|---:|---:|---|")
    print(
        f"| `/tra-cuu/<code>` (status page, proven session) | {lookup:,.0f} | {lookup / cores:,.0f} | "
        + ", ".join(f"{r:,.0f}" for r, _ in lookups)
        + " |"
    )
    print(
        f"| `/healthz/live` (bare route) | {bare:,.0f} | {bare / cores:,.0f} | "
        + ", ".join(f"{r:,.0f}" for r, _ in bares)
        + " |"
    )
    ratios = ", ".join(f"{a[0] / b[0]:.2f}" for a, b in rounds)
    print(
        f"\nlookup / bare = {lookup / bare:.2f} (rounds, lowest first: {ratios}; target ≥ {TARGET_RATIO}); "
        f"lookup per core = {lookup / cores:,.0f} (target ≥ {TARGET_PER_CORE})"
    )
    failures = []
    if errors:
        failures.append(f"{errors} responses were not 2xx/3xx")
    if lookup / bare < TARGET_RATIO:
        failures.append("lookup below 0.6 of the bare route")
    if lookup / cores < TARGET_PER_CORE:
        failures.append("lookup below 600 requests/s per core")
    for failure in failures:
        print(f"BELOW TARGET: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
