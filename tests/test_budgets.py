"""Every page a citizen opens fits the first network round trip: ≤ 14,000 bytes of HTML on the wire.

One place lists them all (issue 7, item 6): the catalogue (home, list and search, every procedure,
every unit), filing (start, each step of every procedure, documents, phone, delivery, check, done),
the lookup form, a status page, the rating, payment and verification pages, and the offline page.
The bytes counted are what the server sends to a browser that accepts gzip (flask-compress at its
configured level), not a re-compression of the HTML, so a change of level counts too. Bytes are
stable from run to run; nothing here times anything. The first-visit and repeat-visit totals are
measured in Chromium: tests/browser/test_budgets_browser.py.
"""

import pytest

from tests.apps import bind, make_app, migrated_and_seeded
from tests.factories import BIRTH, make_draft
from tests.walks import Citizen, filed, fresh_draft, proven, returned, signed, with_fee
from webapp.db import db
from webapp.models import Draft, Procedure, Unit

HTML_BUDGET = 14_000


@pytest.fixture(scope="module")
def budget_app(tmp_path_factory):
    """A seeded database of this module's own: the pages below write drafts and dossiers."""
    return migrated_and_seeded(bind(make_app(tmp_path_factory.mktemp("budgets"), "budgets")))


def codes(app, model, field):
    with app.app_context(), db.connection_context():
        return [getattr(row, field) for row in model.select().order_by(model.id)]


def filing_pages(app, citizen, code):
    """The start page, then each step of a draft of `code` started through the form, as a person would."""
    start = f"/thu-tuc/{code}/nop-truc-tuyen"
    if citizen.client.get(start).status_code != 200:
        return {}  # a procedure not filed online: its page says so, and there is nothing to weigh
    citizen.start(code)
    pages = {f"filing start {code}": (citizen.client, start)}
    for number in range(1, len(citizen.spec().steps) + 1):
        pages[f"filing step {number} {code}"] = (citizen.client, f"/nop/{citizen.token}/buoc/{number}")
    for name, path in (("documents", "giay-to"), ("phone", "dien-thoai")):
        pages[f"filing {name} {code}"] = (citizen.client, f"/nop/{citizen.token}/{path}")
    return pages


@pytest.fixture(scope="module")
def citizen_pages(budget_app):
    """{name: (client, url)}: every citizen-facing page, with the session each one needs."""
    app = bind(budget_app)
    anyone = app.test_client()
    pages = {
        "home": (anyone, "/"),
        "procedure list": (anyone, "/thu-tuc"),
        "procedure search": (anyone, "/thu-tuc?q=khai+sinh"),
        "unit list": (anyone, "/don-vi"),
        "lookup form": (anyone, "/tra-cuu"),
        "offline page": (anyone, "/ngoai-tuyen"),
    }
    pages |= {f"procedure {code}": (anyone, f"/thu-tuc/{code}") for code in codes(app, Procedure, "code")}
    pages |= {f"unit {code}": (anyone, f"/don-vi/{code}") for code in codes(app, Unit, "code")}
    for code in codes(app, Procedure, "code"):
        pages |= filing_pages(app, Citizen(app), code)

    delivery = Citizen(app)  # a procedure that offers all three ways, the address form included
    draft = fresh_draft(app)
    delivery.post(f"/nop/{draft.token}/nhan-ket-qua", {"cach_nhan": "buu_chinh"})
    pages["filing delivery"] = (delivery.client, f"/nop/{draft.token}/nhan-ket-qua")
    pages["filing delivery address"] = (delivery.client, f"/nop/{draft.token}/nhan-ket-qua/dia-chi")
    with app.app_context(), db.connection_context():
        ready = make_draft(code=BIRTH)
    pages["filing check"] = (anyone, f"/nop/{ready.token}/kiem-tra")
    done = filed(app)
    with app.app_context(), db.connection_context():
        token = Draft.get_by_id(done.draft_id).token
    pages["filing done"] = (anyone, f"/nop/{token}/da-nop")

    dossier = returned(app)  # a returned dossier: the longest public timeline, and it can be rated
    person = proven(app, dossier)
    pages["status page"] = (person, f"/tra-cuu/{dossier.code}")
    pages["rating page"] = (person, f"/tra-cuu/{dossier.code}/danh-gia")
    owing = with_fee(app)
    pages["payment page"] = (proven(app, owing, ip="10.3.3.3"), f"/thanh-toan/{owing.code}")
    _, result = signed(app)
    pages["verification page"] = (anyone, f"/xac-thuc/{result.verify_code}")
    return pages


def wire_bytes(client, url):
    """The page's body as the server sends it to a browser that accepts gzip only."""
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "text/html", (url, response.mimetype)
    if len(response.data) >= 300:  # COMPRESS_MIN_SIZE: smaller pages go as they are
        assert response.headers.get("Content-Encoding") == "gzip", url
    return len(response.data)


def test_the_list_covers_every_kind_of_citizen_page(citizen_pages):
    names = " | ".join(citizen_pages)
    for kind in (
        "home",
        "procedure search",
        f"procedure {BIRTH}",
        "unit 18073",
        f"filing start {BIRTH}",
        f"filing step 1 {BIRTH}",
        f"filing documents {BIRTH}",
        f"filing phone {BIRTH}",
        "filing delivery",
        "filing check",
        "lookup form",
        "status page",
        "rating page",
        "payment page",
        "verification page",
        "offline page",
    ):
        assert kind in citizen_pages, f"{kind!r} missing from: {names}"


def test_every_citizen_page_weighs_at_most_14000_bytes_gzipped(citizen_pages, budget_app):
    bind(budget_app)
    weights = {name: wire_bytes(client, url) for name, (client, url) in citizen_pages.items()}
    print(f"{len(weights)} pages; the heaviest:")
    for name, size in sorted(weights.items(), key=lambda item: -item[1])[:8]:  # shown with -s
        print(f"{size:>7,}  {name}")
    over = {name: f"{size:,} bytes ({size - HTML_BUDGET:+,})" for name, size in weights.items() if size > HTML_BUDGET}
    assert not over, f"over the {HTML_BUDGET:,}-byte budget: {over}"
