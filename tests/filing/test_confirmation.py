"""The confirmation page: the code kept whole, a copy button (JavaScript only), "Theo dõi hồ sơ" to the
lookup with the code filled in; and a submitted draft that says so when it is visited or posted again."""

import gzip
import re
from pathlib import Path

import pytest

from tests.factories import commune_agency, make_draft
from tests.walks import Citizen
from webapp.db import db
from webapp.models import Dossier, Draft

ROOT = Path(__file__).parents[2]
AGAIN = re.compile(r"^Hồ sơ này đã được nộp lúc \d{2}:\d{2} \d{2}/\d{2}/\d{4} — không tạo hồ sơ mới\.$")


@pytest.fixture
def citizen(filing_app):
    citizen = Citizen(filing_app)
    with filing_app.app_context(), db.connection_context():
        citizen.token = make_draft(agency=commune_agency()).token
    return citizen


def submitted(citizen):
    response = citizen.post(f"/nop/{citizen.token}/gui")
    assert response.status_code == 303 and response.headers["Location"].endswith("/da-nop")
    return citizen.page(f"/nop/{citizen.token}/da-nop")


def dossiers_of(app, token):
    with app.app_context(), db.connection_context():
        return list(Dossier.select().join(Draft).where(Draft.token == token))


def test_the_confirmation_offers_copy_and_the_lookup_with_the_code(citizen, filing_app):
    done = submitted(citizen)
    code = done.find(id="ma-ho-so").get_text()
    (dossier,) = dossiers_of(filing_app, citizen.token)
    assert code == dossier.code and "dossier-code" in done.find(id="ma-ho-so")["class"]
    copy = done.find("button", attrs={"data-copy": "ma-ho-so"})
    assert copy.has_attr("hidden") and copy.get_text() == "Chép mã hồ sơ"  # shown by its script only
    assert done.find(id=copy["aria-describedby"]).has_attr("aria-live")
    assert done.find("script", src=re.compile(r"/js/filing-after\.js"))
    follow = done.find("a", string="Theo dõi hồ sơ")
    lookup = citizen.page(follow["href"])
    assert follow["href"].startswith("/tra-cuu?ma=") and lookup.find(id="f-ma")["value"] == code
    assert done.find(id="da-nop-truoc") is None  # the first landing has nothing to warn about


def test_the_check_page_is_never_kept_so_back_fetches_it_again(citizen):
    response = citizen.client.get(f"/nop/{citizen.token}/kiem-tra")
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    submitted(citizen)
    back = citizen.client.get(f"/nop/{citizen.token}/kiem-tra")
    assert back.status_code == 303 and back.headers["Location"].endswith("/da-nop?lai=1")
    page = citizen.page(back.headers["Location"])
    assert AGAIN.match(page.find(id="da-nop-truoc").get_text())
    assert page.find("button", string="Nộp hồ sơ") is None


def test_submitting_again_lands_on_the_confirmation_saying_so_and_makes_nothing_new(citizen, filing_app):
    first = submitted(citizen).find(id="ma-ho-so").get_text()
    again = citizen.post(f"/nop/{citizen.token}/gui")
    assert again.status_code == 303 and again.headers["Location"].endswith("/da-nop?lai=1")
    page = citizen.page(again.headers["Location"])
    assert AGAIN.match(page.find(id="da-nop-truoc").get_text())
    assert page.find(id="ma-ho-so").get_text() == first
    assert len(dossiers_of(filing_app, citizen.token)) == 1


def test_the_copy_script_is_tiny_and_falls_back_without_the_clipboard_api():
    source = (ROOT / "static/js/filing-after.js").read_text()
    assert "navigator.clipboard" in source and 'execCommand("copy")' in source and "pageshow" in source
    assert len(gzip.compress(source.encode(), 9)) < 1_000
