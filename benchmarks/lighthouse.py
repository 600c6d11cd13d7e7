"""`make lighthouse`: Lighthouse 12.2.3 on the home page, a procedure page and a filing step, then the
time a page takes to reload from the service worker with the server stopped.

A fresh seeded instance (as `make bench`) is served by gunicorn on loopback; a filing draft is
started through the web form, as a person would. Lighthouse (installed by `npm ci` in
benchmarks/lighthouse/, never by `make test`) drives Debian's Chromium (CHROME_PATH) headless, a cold
profile each run, in two settings: its mobile default (a Moto G Power, simulated Slow 4G: 150 ms RTT,
1.6 Mbit/s, CPU ×4) and DevTools' Slow 3G applied for real ("devtools" throttling: 2,000 ms a
request, 400 kbit/s down and up, CPU ×4). Then Playwright opens each page twice on Debian's Chromium
(the second visit is the one the service worker keeps), gunicorn is stopped, and each page is
reloaded LIGHTHOUSE_RELOADS (5) times: the navigation's duration (start to the end of the load
event) is reported, median and every run. Prints Markdown for the README; writes every report to
benchmarks/results/lighthouse/ (not committed). Fails on nothing: the figures are to be read.
"""

import datetime
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.parse

from common import ROOT, SERVER, free_port, machine, seed_instance, start_gunicorn, stop

LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RESULTS = ROOT / "benchmarks" / "results" / "lighthouse"
RELOADS = int(os.environ.get("LIGHTHOUSE_RELOADS", "5"))
BIRTH = "1.001193"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
SETTINGS = {
    "mobile, simulated Slow 4G": [],
    "mobile, Slow 3G (devtools)": [
        "--throttling-method=devtools",
        "--throttling.requestLatencyMs=2000",
        "--throttling.downloadThroughputKbps=400",
        "--throttling.uploadThroughputKbps=400",
        "--throttling.cpuSlowdownMultiplier=4",
    ],
}
AUDITS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "bytes": "total-byte-weight",
}


def start_filing(port, code=BIRTH):
    """The first step of a draft started through the form (the first desk offered), as a browser would."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", f"/thu-tuc/{code}/nop-truc-tuyen")
    answer = connection.getresponse()
    page = answer.read().decode()
    cookie = answer.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    desks = re.search(r'<select id="agency".*?</select>', page, re.S).group(0)
    agency = re.findall(r'<option value="([^"]+)"', desks)[0]
    form = urllib.parse.urlencode({"csrf_token": token, "agency": agency})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", f"/thu-tuc/{code}/nop-truc-tuyen", body=form, headers=headers)
    answer = connection.getresponse()
    answer.read()
    if answer.status != 303:
        raise SystemExit(f"the filing form did not start a draft: {answer.status}")
    return urllib.parse.urlsplit(answer.getheader("Location")).path


def lighthouse(url, name, setting):
    """One Lighthouse run (performance only) → the figures of its report, which is kept."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{name} {setting}".lower()).strip("-")
    report = RESULTS / f"{slug}.json"
    args = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
        *SETTINGS[setting],
    ]
    subprocess.run(args, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text())
    figures = {key: data["audits"][audit]["numericValue"] for key, audit in AUDITS.items()}
    figures["score"] = round(data["categories"]["performance"]["score"] * 100)
    figures["lighthouse"], figures["chromium"] = data["lighthouseVersion"], data["environment"]["hostUserAgent"]
    return figures


def offline_reloads(base, paths, server):
    """{path: (heading shown offline, [ms of each reload])}, the server stopped after two visits."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(base_url=base)
        pages = {}
        for path in paths:
            page = context.new_page()
            page.goto(path)
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_function("navigator.serviceWorker.controller !== null")
            page.reload()  # under the worker now: the page is kept
            page.wait_for_load_state("networkidle")
            pages[path] = page
        stop(server)
        timings = {}
        for path, page in pages.items():
            runs = []
            for _ in range(RELOADS):
                page.reload()
                runs.append(page.evaluate("performance.getEntriesByType('navigation')[0].duration"))
            timings[path] = (page.locator("h1").first.inner_text(), runs)
        browser.close()
    return timings


def chromium_version():
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return re.search(r"Chromium [\d.]+", out).group(0) if "Chromium" in out else out.strip()


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: `make lighthouse` installs it (npm ci in benchmarks/lighthouse)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rows = []
    with tempfile.TemporaryDirectory() as instance:
        seed_instance(instance)
        server = start_gunicorn(instance, port)
        try:
            pages = {"home": "/", "procedure": f"/thu-tuc/{BIRTH}", "filing step 1": start_filing(port)}
            for name, path in pages.items():
                for setting in SETTINGS:
                    rows.append((name, path, setting, lighthouse(base + path, name, setting)))
            offline = offline_reloads(base, list(pages.values()), server)
        finally:
            if server.poll() is None:
                stop(server)
    today = datetime.date.today().isoformat()
    print(f"Machine: {machine()}; {chromium_version()} (Debian), headless; {SERVER}; loopback; {today}.")
    print(f"Lighthouse {rows[0][3]['lighthouse']}, performance only, a cold profile each run.\n")
    print("| page | throttling | score | FCP ms | LCP ms | TBT ms | CLS | total bytes |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, path, setting, f in rows:
        shown = "`/nop/<token>/buoc/1`" if name.startswith("filing") else f"`{path}`"
        print(
            f"| {shown} | {setting} | {f['score']} | {f['fcp']:,.0f} | {f['lcp']:,.0f} | {f['tbt']:,.0f} | "
            f"{f['cls']:.3f} | {f['bytes']:,.0f} |"
        )
    print(f"\nOffline reload (server stopped, page served by the service worker), {RELOADS} reloads each:\n")
    print("| page | shows | median ms | every reload, ms |")
    print("|---|---|---:|---|")
    for path, (heading, runs) in offline.items():
        shown = "`/nop/<token>/buoc/1`" if path.startswith("/nop/") else f"`{path}`"
        every = ", ".join(f"{ms:.0f}" for ms in runs)
        print(f"| {shown} | {heading} | {statistics.median(runs):.0f} | {every} |")
    summary = {"date": today, "machine": machine(), "chromium": chromium_version(), "runs": rows}
    summary["offline_reload_ms"] = {path: runs for path, (_, runs) in offline.items()}
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
