"""`make bench-submit`: online submissions/s of the embedded configuration, with retries, checked.

Seeds a fresh SQLite instance, writes BENCH_DRAFTS complete, phone-verified drafts of the
birth registration (1.001193) straight into the database, starts gunicorn on loopback and
submits every draft once from BENCH_CLIENTS threads (POST /nop/<token>/gui, one session
cookie and CSRF token for all). A random 20 % of the drafts are submitted a second time,
queued a few places after the first, so some retries race their original in flight and
others arrive just after it committed: what a double click or a flaky network does.

submissions/s is drafts / the time until the last first submission answered (the replays run
meanwhile, so it is measured under their load). Afterwards the database must hold exactly
one dossier per draft, unique codes, numbers 1..n without a gap per agency and day, one
transition and one queued SMS per dossier; every retry must get the same 303 as its original.
Exits non-zero on any of those, never on speed. Prints a Markdown report for the README.
"""

import datetime
import http.client
import os
import queue
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict

from common import SERVER, free_port, machine, seed_instance, start_gunicorn, stop

DRAFTS = int(os.environ.get("BENCH_DRAFTS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
AGENCIES = int(os.environ.get("BENCH_AGENCIES", "4"))
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "300"))  # seconds for the whole load
REPLAY_SHARE = 0.2
PROCEDURE = "1.001193"
TARGET = 200  # submissions/s, from the issue
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


# --- the drafts --------------------------------------------------------------------------


def open_app(instance):
    """The app on `instance`, in this process, pointed at the same files gunicorn will use."""
    from webapp import create_app

    return create_app({"DATABASE_URL": f"sqlite:///{instance}/motcua.db", "HUEY_URL": f"sqlite:///{instance}/huey.db"})


def prepare_drafts(app, count, agency_count):
    """`count` complete, phone-verified drafts over the first `agency_count` commune desks, in one
    transaction; returns [{"token", "agency"}]."""
    from webapp.db import db
    from webapp.dossiers.drafts import first_incomplete_step
    from webapp.dossiers.procedures import agencies_for
    from webapp.forms_engine.stored import form_for
    from webapp.models import Draft, Procedure
    from webapp.models.dossier import utcnow
    from webapp.phone import normalize_phone
    from webapp.seed.dossiers import sample_answers

    with app.app_context(), db.connection_context(), db.atomic():
        procedure = Procedure.get(Procedure.code == PROCEDURE)
        rule_set = procedure.rules_on()
        spec = form_for(rule_set)
        agencies = [a for a in agencies_for(procedure) if a.unit.kind == "commune"][:agency_count]
        phone_field = next(f.name for f in spec.fields if f.type == "phone")
        now = utcnow()
        rows = []
        for i in range(count):
            answers = sample_answers(spec, i)
            if first_incomplete_step(Draft(answers=answers), spec) is not None:
                raise SystemExit("a prepared draft would not pass the check page")
            rows.append(
                {
                    "token": secrets.token_urlsafe(24),
                    "idempotency_key": uuid.uuid4().hex,
                    "procedure": procedure,
                    "rule_set": rule_set,
                    "agency": agencies[i % len(agencies)],
                    "answers": answers,
                    "phone": normalize_phone(answers[phone_field]),
                    "phone_verified_at": now,
                    "delivery": {"channel": "truc_tiep"},
                    "created_at": now,
                    "updated_at": now,
                    "expires_at": now + datetime.timedelta(days=30),
                }
            )
        for start in range(0, len(rows), 200):
            Draft.insert_many(rows[start : start + 200]).execute()
    return [{"token": row["token"], "agency": row["agency"].code} for row in rows]


# --- the load ----------------------------------------------------------------------------


def session_for(port):
    """(cookie header, csrf token) of one visitor: the token is per session, good for every POST."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", f"/thu-tuc/{PROCEDURE}/nop-truc-tuyen")
        response = conn.getresponse()
        page = response.read().decode()
        cookies = [value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    finally:
        conn.close()
    match = CSRF_RE.search(page)
    if response.status != 200 or not match or not cookies:
        raise SystemExit(f"no session: HTTP {response.status}, csrf token found: {bool(match)}")
    return "; ".join(cookies), match.group(1)


def plan(count, rng):
    """The jobs in the order the clients take them: every draft once ("first"), and 20 % of them
    again ("replay") a few places later, close enough to race the first in flight."""
    keyed = [(i, "first", i) for i in range(count)]
    for i in rng.sample(range(count), round(count * REPLAY_SHARE)):
        keyed.append((i + rng.uniform(0.5, 2 * CLIENTS), "replay", i))
    return [(kind, i) for _, kind, i in sorted(keyed)]


def run_load(port, drafts, jobs, cookie, csrf_token):
    """Run `jobs` from CLIENTS threads; returns (results, start) with one result dict per job run."""
    jobs_left = queue.SimpleQueue()
    for job in jobs:
        jobs_left.put(job)
    results = []
    body = urllib.parse.urlencode({"csrf_token": csrf_token})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    start = time.monotonic()
    deadline = start + TIME_LIMIT

    def client():
        conn = None
        while time.monotonic() < deadline:
            try:
                kind, i = jobs_left.get_nowait()
            except queue.Empty:
                break
            result = {"kind": kind, "draft": i, "status": None, "location": None, "error": None}
            sent = time.monotonic()
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", f"/nop/{drafts[i]['token']}/gui", body, headers)
                response = conn.getresponse()
                response.read()
                result["status"], result["location"] = response.status, response.getheader("Location")
            except (OSError, http.client.HTTPException) as exc:
                result["error"] = repr(exc)
                if conn:
                    conn.close()
                conn = None
            result["sent"], result["done"] = sent, time.monotonic()
            result["latency"] = result["done"] - sent
            results.append(result)
        if conn:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, start


def check_responses(drafts, jobs, results):
    """Problems with the answers: every job run, each a 303 to its own confirmation page."""
    problems = []
    if len(results) < len(jobs):
        problems.append(f"{len(jobs) - len(results)} requests not sent within {TIME_LIMIT:g} s")
    for r in results:
        expected = f"/nop/{drafts[r['draft']]['token']}/da-nop"
        location = urllib.parse.urlsplit(r["location"] or "").path
        if r["error"] or r["status"] != 303 or location != expected:
            got = r["error"] or f"HTTP {r['status']} → {r['location']}"
            problems.append(f"{r['kind']} submit of draft {r['draft']}: {got}, expected 303 → {expected}")
    return problems


# --- the database afterwards -------------------------------------------------------------


def check_database(app, drafts):
    """Problems in what was stored: one dossier per draft, codes unique and gapless, one SMS each."""
    from webapp.db import db
    from webapp.models import Agency, Dossier, DossierSequence, Draft, SmsMessage, Transition

    problems = []
    with app.app_context(), db.connection_context():
        rows = list(
            Dossier.select(Dossier.code, Dossier.submitted_at, Draft.token, Agency.code.alias("agency_code"))
            .join_from(Dossier, Draft)
            .join_from(Dossier, Agency)
            .dicts()
        )
        sequences = {
            (agency_code, day.strftime("%y%m%d")): last
            for agency_code, day, last in DossierSequence.select(Agency.code, DossierSequence.day, DossierSequence.last)
            .join(Agency)
            .tuples()
        }
        transitions = Transition.select().count()
        # One stored SMS per submission (sent by the job consumer, which does not run here).
        queued_sms = Counter(phone for (phone,) in SmsMessage.select(SmsMessage.phone).tuples())

    expected_agency = {d["token"]: d["agency"] for d in drafts}
    per_draft = Counter(row["token"] for row in rows)
    missing = [t for t in expected_agency if per_draft[t] == 0]
    if missing or len(rows) != len(drafts):
        problems.append(f"{len(rows)} dossiers for {len(drafts)} drafts ({len(missing)} drafts without one)")
    problems += [f"draft {t}: {n} dossiers" for t, n in per_draft.items() if n > 1]
    problems += [f"code {code} used {n} times" for code, n in Counter(r["code"] for r in rows).items() if n > 1]

    numbers = defaultdict(list)
    for row in rows:
        agency_code, day, number = row["code"].rsplit("-", 2)
        if agency_code != row["agency_code"] or agency_code != expected_agency.get(row["token"]):
            problems.append(f"code {row['code']}: agency {row['agency_code']}, draft's {expected_agency[row['token']]}")
        numbers[(agency_code, day)].append(int(number))
    for (agency_code, day), taken in sorted(numbers.items()):
        if sorted(taken) != list(range(1, len(taken) + 1)):
            gaps = sorted(set(range(1, max(taken) + 1)) - set(taken))
            doubles = sorted(n for n, c in Counter(taken).items() if c > 1)
            problems.append(f"{agency_code} {day}: {len(taken)} numbers, gaps {gaps[:10]}, duplicates {doubles[:10]}")
        if sequences.get((agency_code, day)) != len(taken):
            problems.append(f"{agency_code} {day}: sequence at {sequences.get((agency_code, day))}, {len(taken)} used")

    if transitions != len(rows):
        problems.append(f"{transitions} transitions for {len(rows)} dossiers")
    if queued_sms.total() != len(drafts):
        problems.append(f"{queued_sms.total()} SMS queued for {len(drafts)} submissions")
    problems += [f"{n} SMS queued for {phone}" for phone, n in queued_sms.items() if n > 1]
    summary = (
        f"{len(rows):,} dossiers for {len(drafts):,} drafts, {len({r['code'] for r in rows}):,} distinct codes, "
        f"numbers 1..n without gaps in {len(numbers)} agency-day sequences, "
        f"{transitions:,} transitions, {queued_sms.total():,} SMS queued"
    )
    return problems, summary


# --- the report --------------------------------------------------------------------------


def percentile_ms(values, p):
    if len(values) < 2:
        return 1000 * values[0] if values else float("nan")
    return 1000 * statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def one_round(rng):
    """One fresh instance, loaded and checked: (table row, submissions/s, problems, summary line)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as instance:
        seed_instance(instance)
        app = open_app(instance)
        drafts = prepare_drafts(app, DRAFTS, AGENCIES)
        jobs = plan(len(drafts), rng)
        server = start_gunicorn(instance, port)
        try:
            cookie, csrf_token = session_for(port)
            results, start = run_load(port, drafts, jobs, cookie, csrf_token)
        finally:
            stop(server)
        problems = check_responses(drafts, jobs, results)
        db_problems, summary = check_database(app, drafts)
        problems += db_problems

    firsts = [r for r in results if r["kind"] == "first"]
    replays = [r for r in results if r["kind"] == "replay"]
    first_wall = max((r["done"] for r in firsts), default=start) - start
    all_wall = max((r["done"] for r in results), default=start) - start
    rate = len(firsts) / first_wall if first_wall else 0.0
    first_done = {r["draft"]: r["done"] for r in firsts}
    raced = sum(1 for r in replays if r["sent"] < first_done.get(r["draft"], 0))
    first_latency = [r["latency"] for r in firsts]
    replay_latency = [r["latency"] for r in replays]
    row = (
        f"| {len(firsts):,} | {first_wall:.1f} | {rate:,.0f} | {percentile_ms(first_latency, 50):.0f} "
        f"| {percentile_ms(first_latency, 95):.0f} | {len(replays):,} | {percentile_ms(replay_latency, 50):.0f} "
        f"| {len(results) / all_wall if all_wall else 0:,.0f} | {len(problems)} |"
    )
    summary += f"; {raced:,} retries sent while their original was in flight"
    return row, rate, problems, summary


def main():
    rng = random.Random(int(os.environ.get("BENCH_SEED", "1193")))
    rounds = [one_round(rng) for _ in range(ROUNDS)]
    problems = [p for _, _, round_problems, _ in rounds for p in round_problems]
    median = statistics.median(rate for _, rate, _, _ in rounds)

    print(
        f"Machine: {machine()}; {SERVER}; {CLIENTS} client threads, loopback; "
        f"{DRAFTS:,} drafts of {PROCEDURE} over {AGENCIES} commune desks a round, "
        f"{REPLAY_SHARE:.0%} retried, {ROUNDS} rounds on fresh instances.\n"
    )
    print("| submissions | seconds | submissions/s | p50 ms | p95 ms | retries | retry p50 ms | requests/s | errors |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row, _, _, _ in rounds:
        print(row)
    print(f"\nMedian: {median:,.0f} submissions/s.")
    if problems:
        print(f"\nFAILED: {len(problems)} problems (listed on stderr).")
    else:
        print(f"\nChecked every round: {rounds[-1][3]}; every retry answered 303 to its original's confirmation page.")
    if median < TARGET:
        print(f"\nBelow the target of {TARGET} submissions/s.")
    for problem in problems[:50]:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
