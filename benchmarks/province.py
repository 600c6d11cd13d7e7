"""Province load test: two web hosts on PostgreSQL, Redis and the files in PostgreSQL, driven for a
bounded time by virtual people doing what a province does, measured per route.

The hosts are those of the scale-out test (tests/scale_out/hosts.py: two gunicorn, two huey
consumers); the people are threads with a requests session each, on this same machine, without
think time: the figures are what the machine serves at saturation, and the headroom is that over
the peak hour worked out in PEAK below. The mix, per iteration of a person:
  catalogue reads (home, search, a procedure page), status lookups (the form, then the status page),
  online filings (every step, two papers uploaded, the phone proven with the code sent to it),
  officers (the queue page, a dossier page, and taking in a dossier the filings left waiting).
Citizens come from addresses of their own (X-Forwarded-For behind one trusted proxy), as they
would through the province's load balancer, so the per-address limits apply as in production.

    python benchmarks/province.py [--seconds 60] [--users 16] [--peak | --pace R]   (make bench-province)

With neither --peak nor --pace (`make bench-province`) it runs twice on the same hosts: paced at the
peak hour (p95 per route as people would see it then), then at saturation (the capacity, and so
the headroom over the peak).

Prints the Markdown table for benchmarks/README.md ("Province load test").
"""

import argparse
import collections
import itertools
import os
import queue
import random
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import machine  # noqa: E402  (benchmarks/ is the script's own folder)

from tests.apps import postgres_database  # noqa: E402
from tests.factories import random_phone  # noqa: E402
from tests.scale_out.browsing import DESK, Browser, act, file_online, log_in  # noqa: E402
from tests.scale_out.hosts import Province, flush_redis, redis_url  # noqa: E402

POSTGRES = os.environ.get("TEST_POSTGRES_URL") or "postgresql://postgres@127.0.0.1:5432/motcua_test"
REDIS = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
REDIS_DB = 10
MIX = {"catalogue": 45, "lookup": 30, "officer": 17, "filing": 8}  # iterations per 100
SEARCHES = ("khai sinh", "ket hon", "chung thuc", "ho kinh doanh", "tro cap", "dat dai")
PROCEDURES = ("1.001193", "2.000635", "1.001022", "2.000884")

# The peak hour of Hà Tĩnh (69 communes), stated so the headroom can be checked and redone.
PEAK = {
    "dossiers_a_year": 300_000,  # "a few hundred thousand"
    "working_days": 250,
    "peak_hour_share_of_day": 0.2,  # a day's work is bunched in the morning: 20 % in its busiest hour
    "peak_month_factor": 1.5,  # the busiest month (year-end, school entry) over the average
    "requests_per_dossier": 90,  # filing ~30, lookups ~10, officers ~20, payment/results ~10, browsing ~20
}


def peak_requests_per_second(peak=PEAK):
    per_day = peak["dossiers_a_year"] / peak["working_days"]
    per_peak_hour = per_day * peak["peak_hour_share_of_day"] * peak["peak_month_factor"]
    return per_peak_hour * peak["requests_per_dossier"] / 3600, per_peak_hour


# Routes: a path with its codes, tokens and numbers replaced, so each page is one row.
NORMAL = [
    (re.compile(r"H42\.\d{5}-\d{6}-\d{4}"), "<ma>"),
    (re.compile(r"/thu-tuc/[\d.]+"), "/thu-tuc/<tt>"),
    (re.compile(r"/nop/[\w-]{16,}"), "/nop/<t>"),
    (re.compile(r"/buoc/\d+"), "/buoc/<n>"),
    (re.compile(r"/gia-lap-thanh-toan/.*"), "/gia-lap-thanh-toan/…"),
]


def route(method, url):
    path = urlsplit(url).path
    for pattern, label in NORMAL:
        path = pattern.sub(label, path)
    return f"{method} {path}"


class Timings:
    def __init__(self):
        self.lock, self.samples, self.errors = threading.Lock(), collections.defaultdict(list), collections.Counter()

    def add(self, name, seconds, status):
        with self.lock:
            self.samples[name].append(seconds)
            if status >= 400:
                self.errors[name] += 1


class Person(Browser):
    """A browser whose every request is timed under its route; each from an address of its own, as a
    province's many people would come (the per-address limits are not what is measured here)."""

    def __init__(self, urls, timings):
        super().__init__(urls)
        self.requests = 0
        original = self.session.request

        def timed(method, url, **kwargs):
            self.requests += 1
            self.session.headers["X-Forwarded-For"] = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.7"
            started = time.perf_counter()
            response = original(method, url, **kwargs)
            timings.add(route(method, url), time.perf_counter() - started, response.status_code)
            return response

        self.session.request = timed


class Load:
    def __init__(self, province, read, demo_codes, timings):
        self.province, self.read, self.demo_codes, self.timings = province, read, demo_codes, timings
        self.waiting = queue.Queue()  # dossiers filed during the run, for the officers to take in
        self.failures = collections.Counter()

    def catalogue(self, person, host):
        person.get(host, "/")
        person.get(host, f"/thu-tuc?q={random.choice(SEARCHES)}")
        person.get(host, f"/thu-tuc/{random.choice(PROCEDURES)}")

    def lookup(self, person, host):
        code = random.choice(self.demo_codes)
        after = person.post(host, "/tra-cuu", {"ma": code, "so_cuoi": "5678"}).headers.get("Location", "")
        person.get(host, after or f"/tra-cuu/{code}")

    def filing(self, person, host):
        self.waiting.put(file_online(person, host, self.read, random_phone()))

    def officer(self, person, host):
        if not getattr(person, "signed_in", False):
            log_in(person, host, DESK)
            person.signed_in = True
        person.get(host, "/can-bo/ho-so")
        try:
            code = self.waiting.get_nowait()
        except queue.Empty:
            person.get(host, f"/can-bo/ho-so/{random.choice(self.demo_codes)}")
        else:
            act(person, host, code, "tiep_nhan")

    def run(self, seconds, users, pace=None):
        """Each person alternates hosts; with `pace` (requests/s in all), each waits between
        iterations so as to make its share of it, else goes on at once (saturation)."""
        started = time.monotonic()
        deadline = started + seconds
        names = [name for name, weight in MIX.items() for _ in range(weight)]

        def one(number):
            citizen, officer = Person(self.province.urls, self.timings), Person(self.province.urls, self.timings)
            hosts = "ab" if number % 2 else "ba"
            begin = started + (number / pace if pace else 0)  # paced people start spread, not all at once
            time.sleep(max(0.0, begin - time.monotonic()))
            for turn in itertools.count():
                if time.monotonic() >= deadline:
                    return
                scenario = random.choice(names)
                try:
                    getattr(self, scenario)(officer if scenario == "officer" else citizen, hosts[turn % 2])
                except Exception as failed:  # counted and reported: the load goes on
                    self.failures[f"{scenario}: {type(failed).__name__}: {str(failed)[:120]}"] += 1
                if pace:
                    due = begin + (citizen.requests + officer.requests) * users / pace
                    time.sleep(max(0.0, min(due, deadline) - time.monotonic()))

        threads = [threading.Thread(target=one, args=(n,)) for n in range(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(timings, seconds, users, load, pace):
    peak, dossiers = peak_requests_per_second()
    total = sum(len(v) for v in timings.samples.values())
    how = f"paced at {pace:g} requests/s in all" if pace else "no pause (saturation)"
    lines = [
        f"{seconds} s, {users} people ({how}), two hosts (gunicorn 2 workers × 2 threads each) and two consumers, "
        f"PostgreSQL + Redis + files in PostgreSQL, on {machine()}; load generator on the same machine.",
        "",
        "| route | requests | requests/s | p50 ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, values in sorted(timings.samples.items(), key=lambda item: -len(item[1])):
        lines.append(
            f"| `{name}` | {len(values)} | {len(values) / seconds:.1f} | {percentile(values, 0.5) * 1000:.0f} | "
            f"{percentile(values, 0.95) * 1000:.0f} | {timings.errors[name]} |"
        )
    all_values = [v for values in timings.samples.values() for v in values]
    lines.append(
        f"| **all** | {total} | **{total / seconds:.1f}** | {percentile(all_values, 0.5) * 1000:.0f} | "
        f"{percentile(all_values, 0.95) * 1000:.0f} | {sum(timings.errors.values())} |"
    )
    lines += [
        "",
        f"Peak hour assumed: {PEAK['dossiers_a_year']:,} dossiers a year over {PEAK['working_days']} working days, "
        f"{PEAK['peak_hour_share_of_day']:.0%} of a day in its busiest hour, the busiest month "
        f"{PEAK['peak_month_factor']}× the average: {dossiers:.0f} dossiers in the peak hour × "
        f"{PEAK['requests_per_dossier']} requests each = **{peak:.1f} requests/s**."
        + ("" if pace else f" Headroom at saturation: **{total / seconds / peak:.1f}×**."),
        f"Dossiers filed during the run: {load.waiting.qsize()} left waiting; failures: {dict(load.failures) or 'none'}.",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--pace", type=float, help="requests/s in all; with neither option: the peak, then saturation")
    parser.add_argument("--peak", action="store_true", help="pace at the peak hour worked out from PEAK")
    options = parser.parse_args()
    paces = [peak_requests_per_second()[0]] if options.peak else [options.pace] if options.pace else None
    paces = paces or [peak_requests_per_second()[0], None]
    database = postgres_database("motcua_hosts_bench", POSTGRES)
    huey = redis_url(REDIS, REDIS_DB)
    flush_redis(huey)
    workdir = Path(tempfile.mkdtemp(prefix="motcua-province-"))
    province = Province(workdir, database, huey, TRUSTED_PROXIES=1)
    try:
        province.prepare()
        output = province.flask("seed", "--demo-dossiers")
        demo_codes = re.findall(r"^  (\S+)  ", output, re.M)
        province.start()
        from webapp import create_app
        from webapp.db import db

        local = create_app({"DATABASE_URL": database, "STORAGE_URL": database, "HUEY_IMMEDIATE": True})
        db.initialize(local.extensions["database"])

        def read(work):
            with local.app_context(), db.connection_context():
                return work()

        for pace in paces:
            timings = Timings()
            load = Load(province, read, demo_codes, timings)
            load.run(options.seconds, options.users, pace)
            print(report(timings, options.seconds, options.users, load, pace), end="\n\n", flush=True)
        if province.tracebacks():
            print("\nTracebacks in:", ", ".join(province.tracebacks()), f"(logs in {workdir})")
    finally:
        province.stop()


if __name__ == "__main__":
    main()
