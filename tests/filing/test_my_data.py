"""Dữ liệu của tôi as its owner and a stranger meet it: who opened their dossier (unit, role, time, never
a name), the ZIP of everything held, only after a proof, only their own, a few times an hour."""

import datetime
import io
import json
import logging
import re
import zipfile

from tests.citizen_papers import filed_by, sign_in
from tests.dossiers.test_subject_copy import OFFICER_LOGIN, OFFICER_NAME, received_and_opened, uploaded
from tests.factories import random_phone
from tests.filing.test_filing import filed_in_state, prove
from tests.pages import check_page
from tests.staff_login import new_staff
from tests.walks import Citizen
from webapp.calendar.working_time import to_local
from webapp.db import db
from webapp.filing.my_data import DOWNLOADS_PER_HOUR
from webapp.models import DossierView, SmsInbound, Unit
from webapp.models.dossier import utcnow

PAGE, ZIP = "/ho-so-cua-toi/du-lieu", "/ho-so-cua-toi/du-lieu.zip"


def download(person):
    response = person.post(ZIP)
    assert response.status_code == 200, response.status_code
    return response, zipfile.ZipFile(io.BytesIO(response.data))


def local(moment):
    return to_local(moment).strftime("%H:%M %d/%m/%Y")


def held_codes(zipped):
    return [d["ma_ho_so"] for d in json.loads(zipped.read("du-lieu.json"))["ho_so"]]


def test_without_a_proof_nothing_is_shown_and_the_way_to_prove_is_said(filing_app):
    someone = filed_in_state(filing_app, random_phone(), "cho_tiep_nhan")
    stranger = Citizen(filing_app)
    for response in (stranger.client.get(PAGE), stranger.client.get(ZIP), stranger.post(ZIP)):
        assert response.status_code == 302 and response.headers["Location"] == "/ho-so-cua-toi"
        assert someone.code.encode() not in response.data and b"PK" not in response.data[:2]
    text = stranger.page("/ho-so-cua-toi").get_text(" ")
    assert "mã xác thực gửi qua SMS" in text and someone.code not in text


def test_a_proven_phone_sees_who_opened_its_dossier_by_unit_and_role_not_name(filing_app):
    phone = random_phone()
    dossier = received_and_opened(filing_app, phone)
    owner = Citizen(filing_app)
    prove(owner, phone)
    link = owner.page("/ho-so-cua-toi").find("a", href=PAGE)
    assert link and link.get_text() == "Dữ liệu của tôi"
    with filing_app.app_context(), db.connection_context():
        seen = DossierView.get(DossierView.dossier == dossier.id)
        unit = Unit.get(Unit.code == "18073").full_name
        elsewhere = Unit.select().where(Unit.code != "18073").order_by(Unit.full_name).first()
    assert elsewhere.full_name < unit, "a unit listed before the dossier's own, if it were not the dossier's"
    specialist = new_staff(filing_app, "cv.hai.z9", "chuyen_vien", (elsewhere.code, "18073"), full_name="Lê Hải")
    later = seen.at + datetime.timedelta(minutes=5)
    with filing_app.app_context(), db.connection_context():
        DossierView.create(dossier=dossier.id, staff=specialist.id, what="mau-01.pdf", at=later, ip="10.1.2.3")
    soup = owner.page(PAGE)
    rows = soup.find("section", id=f"truy-cap-{dossier.id}").find("tbody").find_all("tr")
    cells = [[td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows]
    assert cells == [
        [local(later), f"{unit}, {elsewhere.full_name}", "Chuyên viên", "Xem mẫu 01 (PDF)"],
        [local(seen.at), unit, "Công chức tiếp nhận và trả kết quả", "Mở trang hồ sơ"],
    ], "newest first, the dossier's own unit first"
    assert "Lê Hải" not in soup.get_text() and "10.1.2.3" not in soup.get_text()
    assert OFFICER_NAME not in soup.get_text() and OFFICER_LOGIN not in soup.get_text()
    assert soup.find("form", action=ZIP, method="post")


def test_the_owner_downloads_their_own_dossiers_files_and_views_and_no_one_elses(filing_app, caplog):
    phone = random_phone()
    dossier = received_and_opened(filing_app, phone)
    paper = uploaded(filing_app, dossier)
    stranger = filed_in_state(filing_app, random_phone(), "cho_tiep_nhan")
    with filing_app.app_context(), db.connection_context():
        SmsInbound.create(phone=phone, body=f"TRACUU {dossier.code}", command="tracuu")
        SmsInbound.create(phone=stranger.applicant_phone, body=f"TRACUU {stranger.code}", command="tracuu")
    owner = Citizen(filing_app)
    prove(owner, phone)
    with caplog.at_level(logging.INFO, logger=filing_app.logger.name):
        response, zipped = download(owner)
    day = to_local(utcnow()).date().isoformat()
    assert response.headers["Content-Disposition"] == f"attachment; filename=du-lieu-cua-toi-{day}.zip"
    assert response.headers["Cache-Control"] == "no-store" and response.mimetype == "application/zip"
    assert held_codes(zipped) == [dossier.code]
    [held] = json.loads(zipped.read("du-lieu.json"))["ho_so"]
    assert zipped.read(held["tep"][0]["tep_trong_zip"]) == paper
    assert held["truy_cap"][0]["vai_tro"] == "Công chức tiếp nhận và trả kết quả"
    texts = json.loads(zipped.read("du-lieu.json"))["tin_nhan_den"]
    assert [(t["noi_dung"], t["lenh"]) for t in texts] == [(f"TRACUU {dossier.code}", "tracuu")]
    everything = b"".join(zipped.read(name) for name in zipped.namelist())
    for never in (OFFICER_NAME, OFFICER_LOGIN, stranger.code):
        assert never.encode() not in everything
    [line] = [r.getMessage() for r in caplog.records if "data subject copy" in r.getMessage()]
    assert "(phone): 1 dossiers" in line and phone not in line and dossier.code not in line


def test_a_signed_in_citizen_downloads_what_they_filed_signed_in(filing_app):
    lan, hung = Citizen(filing_app), Citizen(filing_app)
    lan_key, hung_key = sign_in(lan.client, filing_app, "lan"), sign_in(hung.client, filing_app, "hung")
    mine, theirs = filed_by(filing_app, lan_key), filed_by(filing_app, hung_key)
    _response, zipped = download(lan)
    assert held_codes(zipped) == [mine.code]
    copy = json.loads(zipped.read("du-lieu.json"))
    assert copy["ho_so"][0]["dinh_danh_dien_tu"] and "tin_nhan_den" not in copy, "no phone was proven"
    assert theirs.code not in lan.page(PAGE).get_text()
    assert held_codes(download(hung)[1]) == [theirs.code]


def test_downloads_are_limited_per_hour(filing_app):
    phone = random_phone()
    filed_in_state(filing_app, phone, "cho_tiep_nhan")
    owner = Citizen(filing_app)
    prove(owner, phone)
    for _ in range(DOWNLOADS_PER_HOUR):
        download(owner)
    refused = owner.post(ZIP)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert re.search(r"thử lại sau \d+ phút", check_page(text).find(id="my-data-error").get_text())
