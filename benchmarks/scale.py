"""`make bench-scale`: the statistics, the staff dashboard, an officer's queue page and the status
lookup timed at 10⁴, 10⁵ and 10⁶ dossiers, on SQLite and on PostgreSQL.

For each database and size, a fresh database is migrated, seeded and filled by `flask seed
--synthetic N` (timed). Then, in this process, each operation runs once to warm up and RUNS times
more; the median is reported:
- statistics year: what the statistics page's job computes for the whole province over the last
  12 months (webapp.reports.background.compute: the figures and the 766 index), called directly;
- dashboard: GET /can-bo/thong-ke as a commune's leader, through the Flask test client; province
  dashboard: the same as the province admin (every unit: it lists every late dossier of the province);
- queue page: GET /can-bo/ho-so as a commune's desk officer (the tabs with their counts and the
  first page of the queue), through the test client;
- lookup: GET /tra-cuu/<code> of a proven code (a different dossier each run, so the page cache
  never answers), through the test client.

Environment: SCALE_SIZES (default 10000,100000,1000000), SCALE_ENGINES (sqlite,postgres),
SCALE_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/motcua_scale; databases
motcua_scale_<N> are made next to it), SCALE_RUNS (default 5).
"""

import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from common import BIN, ROOT, machine

sys.path.insert(0, str(ROOT))

SIZES = [int(n) for n in os.environ.get("SCALE_SIZES", "10000,100000,1000000").split(",")]
ENGINES = os.environ.get("SCALE_ENGINES", "sqlite,postgres").split(",")
POSTGRES_URL = os.environ.get("SCALE_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/motcua_scale")
RUNS = int(os.environ.get("SCALE_RUNS", "5"))
OPERATIONS = ("statistics year", "dashboard", "province dashboard", "queue page", "lookup")


def database_url(engine, size, folder):
    if engine == "sqlite":
        return f"sqlite:///{folder}/scale_{size}.db"
    import psycopg2

    base = urlparse(POSTGRES_URL)
    name = f"{base.path.lstrip('/') or 'motcua_scale'}_{size}"
    admin = psycopg2.connect(base._replace(path="/postgres").geturl())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return base._replace(path=f"/{name}").geturl()


def fill(url, folder, size):
    """Migrate, seed and write `size` synthetic dossiers; returns the seconds the last took."""
    env = {**os.environ, "MOTCUA_INSTANCE": str(folder), "FLASK_APP": "wsgi.py", "DATABASE_URL": url}
    for args in (["db", "up"], ["seed"]):
        subprocess.run([BIN / "flask", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    started = time.monotonic()
    subprocess.run([BIN / "flask", "seed", "--synthetic", str(size)], cwd=ROOT, env=env, check=True)
    return time.monotonic() - started


def median_ms(work, runs=RUNS):
    work(0)  # warm: connections, templates, the calendar
    times = []
    for i in range(1, runs + 1):
        started = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(url, folder):
    """{operation: median milliseconds} on the filled database at `url`."""
    os.environ["MOTCUA_ENV"] = "test"
    from webapp import create_app
    from webapp.db import db
    from webapp.dossiers import proof
    from webapp.identity.session import session_values
    from webapp.models import Dossier, Staff
    from webapp.reports import background
    from webapp.reports.periods import Period

    app = create_app({"DATABASE_URL": url, "HUEY_URL": f"sqlite:///{folder}/huey.db", "UPLOAD_DIR": str(folder)})
    today = datetime.date.today()
    year = Period(today - datetime.timedelta(days=365), today, "12 tháng")

    def statistics_year(_i):
        with app.test_request_context(), db.connection_context():
            background.compute(year, None)

    def page(username, url_of):
        client = app.test_client()
        with app.app_context(), db.connection_context():
            staff = Staff.get(Staff.username == username)
        with client.session_transaction() as session:
            session.update(session_values(staff))

        def get(i):
            response = client.get(url_of(i))
            assert response.status_code == 200, (url_of(i), response.status_code)

        return get

    with app.app_context(), db.connection_context():
        codes = [row.code for row in Dossier.select(Dossier.code).order_by(Dossier.id.desc()).limit(RUNS + 1)]
    citizen = app.test_client()
    with citizen.session_transaction() as session:
        for code in codes:
            proof.remember(session, code)
    lookup_page = citizen.get
    results = {
        "statistics year": median_ms(statistics_year),
        "dashboard": median_ms(page("thanhsen.lanhdao", lambda i: "/can-bo/thong-ke")),
        "province dashboard": median_ms(page("tinh.quantri", lambda i: "/can-bo/thong-ke")),
        "queue page": median_ms(page("thanhsen.motcua", lambda i: "/can-bo/ho-so")),
        "lookup": median_ms(lambda i: _ok(lookup_page(f"/tra-cuu/{codes[i]}"))),
    }
    db.close()
    return results


def _ok(response):
    assert response.status_code == 200, response.status_code


def main():
    rows = []
    for engine in ENGINES:
        for size in SIZES:
            with tempfile.TemporaryDirectory() as folder:
                url = database_url(engine, size, folder)
                seeded = fill(url, Path(folder), size)
                found = measure(url, Path(folder))
            line = " | ".join(f"{found[name]:,.0f}" for name in OPERATIONS)
            rows.append(f"| {engine} | {size:,} | {seeded:,.0f} | {line} |")
            print(rows[-1], flush=True)
    print(f"\nMachine: {machine()}; median of {RUNS} runs (ms), after one warm-up.\n")
    print("| database | dossiers | seeding (s) | " + " | ".join(f"{name} (ms)" for name in OPERATIONS) + " |")
    print("|---|---:|---:|" + "---:|" * len(OPERATIONS))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
