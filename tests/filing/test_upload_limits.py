"""Upload limits (issue 17): images of too many pixels are refused by every way a file comes in, with
what was typed kept; a draft holds at most so many files and bytes, plain or resumable uploads alike,
and the documents page says how much room is left."""

import io

import pytest

from tests.big_images import BIG_IMAGES, bilevel_9400, refusal, rgba_12000
from tests.factories import PDF, commune_agency, make_draft
from tests.pages import check_page
from tests.staff_login import officer
from tests.walks import (
    SUPPLEMENT_ITEMS,
    Citizen,
    Uploader,
    citizen_on_a_draft,
    counter_form,
    filed,
    filled_counter_form,
    post_counter_form,
    request_supplement,
)
from webapp.db import db
from webapp.models import Attachment, Dossier, SmsMessage

CHUNG_SINH, UY_QUYEN = 1, 4  # papers of Đăng ký khai sinh sent as files
EXTRACT, POOR = "2.000635", "Người thuộc hộ nghèo."  # a fee with exemptions that need a proof
MIB = 1024 * 1024


def refusals():
    """The expected message of each big image, named as the pages name it."""
    return [f"{name}: {refusal(name, mp)}" for name, _, mp in BIG_IMAGES]


def big_files():
    return [(io.BytesIO(image()), name) for name, image, _ in BIG_IMAGES]


@pytest.fixture
def citizen(filing_app):
    return citizen_on_a_draft(filing_app)


def stored_names(app, **where):
    with app.app_context(), db.connection_context():
        query = Attachment.select()
        for column, value in where.items():
            query = query.where(getattr(Attachment, column) == value)
        return sorted(a.original_name for a in query)


def draft_id(app, token):
    from webapp.models import Draft

    with app.app_context(), db.connection_context():
        return Draft.get(Draft.token == token).id


def documents_page(citizen, files=None, **form):
    data = {**form, **{f"doc-{i}": f for i, f in (files or {}).items()}}
    return citizen.post(f"/nop/{citizen.token}/giay-to", data, content_type="multipart/form-data")


# -- images of too many pixels, by every way in -------------------------------------------------


def test_the_documents_step_refuses_them_next_to_the_paper_and_keeps_the_good_file(citizen, filing_app):
    response = documents_page(
        citizen, {CHUNG_SINH: big_files(), UY_QUYEN: (io.BytesIO(PDF), "uy-quyen.pdf")}, action="continue"
    )
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    field = page.find(id=f"doc-{CHUNG_SINH}").parent
    assert [p.get_text() for p in field.select("p.error")] == refusals()
    assert [a.get_text() for a in page.select("#error-summary a")] == refusals()
    assert stored_names(filing_app, draft=draft_id(filing_app, citizen.token)) == ["uy-quyen.pdf"]


def test_a_resumable_upload_is_refused_when_assembled_and_the_documents_page_says_why(citizen, filing_app):
    uploader = Uploader(citizen.client, citizen.token)
    ids = []
    for name, image, megapixels in BIG_IMAGES:
        last = uploader.send(image(), name=name, doc=CHUNG_SINH)
        assert last.status_code == 422 and last.json["message"] == refusal(name, megapixels)
        ids.append(last.json["id"])
    page = check_page(documents_page(citizen, action="continue", upload=ids).get_data(as_text=True))
    assert [p.get_text() for p in page.find(id=f"doc-{CHUNG_SINH}").parent.select("p.error")] == refusals()
    assert stored_names(filing_app) == []


def test_a_supplement_is_refused_with_the_note_kept(filing_app):
    dossier = filed(filing_app)
    request_supplement(officer(filing_app, "mc.anhlon"), dossier, **SUPPLEMENT_ITEMS)
    with filing_app.app_context(), db.connection_context():
        body = SmsMessage.get(SmsMessage.template == "supplement", SmsMessage.body.contains(dossier.code)).body
    path = body.split("localhost", 1)[1].split()[0]
    client = filing_app.test_client()
    token = check_page(client.get(path).get_data(as_text=True)).find("input", attrs={"name": "csrf_token"})["value"]
    data = {"csrf_token": token, "note": "Gửi lại bản rõ", "item-0": big_files()}
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert page.find(id="item-0-error").get_text() == " ".join(refusals())
    assert page.find("textarea", id="note").get_text() == "Gửi lại bản rõ"
    assert stored_names(filing_app, dossier=dossier.id) == []


@pytest.mark.parametrize("name, image, megapixels", BIG_IMAGES)
def test_an_exemption_proof_is_refused_with_the_reason_kept(filing_app, name, image, megapixels):
    with filing_app.app_context(), db.connection_context():
        draft = make_draft(code=EXTRACT, agency=commune_agency())
        draft.answers = {**draft.answers, "so_ban_sao": 2}
        draft.save()
    citizen = Citizen(filing_app)
    proof = {"giay_mien_phi": (io.BytesIO(image()), name)}
    response = citizen.post(f"/nop/{draft.token}/gui", {"mien_phi": POOR, **proof}, content_type="multipart/form-data")
    assert response.status_code == 422
    page = check_page(response.get_data(as_text=True))
    assert refusal(name, megapixels) in page.find(id="f-giay_mien_phi-error").get_text()
    assert page.select_one("#mien_phi option[selected]")["value"] == POOR
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().where(Dossier.draft == draft.id).exists()
    assert stored_names(filing_app, draft=draft.id) == []


def test_the_counters_scans_are_refused_with_everything_typed_kept(filing_app):
    client = officer(filing_app, "mc.quayanh")
    data = filled_counter_form(counter_form(client, filing_app)) | {
        "tep-0": (io.BytesIO(bilevel_9400()), BIG_IMAGES[0][0]),
        "tep-1": (io.BytesIO(rgba_12000()), BIG_IMAGES[1][0]),
    }
    response = post_counter_form(client, filing_app, data)
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    for index, message in enumerate(refusals()):
        assert message in page.find(id=f"f-tep-{index}-error").get_text()
    assert page.find(id="f-ho_ten")["value"] == "Trần Văn Bình"
    assert page.find(id="f-so_luong-1")["value"] == "2"
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().where(Dossier.channel == "truc_tiep").exists()
    assert stored_names(filing_app) == []


# -- what one draft may hold --------------------------------------------------------------------


def room_left(citizen):
    return citizen.page(f"/nop/{citizen.token}/giay-to").find(id="room-left").get_text(strip=True)


def test_the_documents_page_says_how_much_room_is_left(citizen):
    assert room_left(citizen) == "Còn có thể tải lên 20 tệp, 50 MB."
    documents_page(citizen, {CHUNG_SINH: (io.BytesIO(PDF), "a.pdf")}, action="upload")
    left = (50 * MIB - len(PDF)) * 10 // MIB / 10
    assert room_left(citizen) == f"Còn có thể tải lên 19 tệp, {left:.1f} MB.".replace(".", ",", 1).replace(
        ",0 MB", " MB"
    )


def test_plain_uploads_beyond_the_number_of_files_are_refused_saying_so(citizen, filing_app):
    filing_app.config["UPLOAD_MAX_DRAFT_FILES"] = 2
    files = [(io.BytesIO(PDF), f"trang-{n}.pdf") for n in (1, 2, 3)]
    response = documents_page(citizen, {CHUNG_SINH: files}, action="upload")
    assert response.status_code == 200
    errors = [p.get_text() for p in check_page(response.get_data(as_text=True)).select("p.error")]
    assert errors == [
        "trang-3.pdf: Hồ sơ chỉ nhận tối đa 2 tệp, tổng cộng 50 MB; còn có thể tải lên 0 tệp, 49,9 MB. "
        "Hãy xóa bớt tệp không cần hoặc chụp lại với độ phân giải thấp hơn."
    ]
    assert stored_names(filing_app) == ["trang-1.pdf", "trang-2.pdf"]
    assert room_left(citizen).startswith("Còn có thể tải lên 0 tệp")


def test_plain_uploads_beyond_the_bytes_are_refused(citizen, filing_app):
    filing_app.config["UPLOAD_MAX_DRAFT_BYTES"] = 2 * len(PDF) + 1
    files = [(io.BytesIO(PDF), f"trang-{n}.pdf") for n in (1, 2, 3)]
    errors = check_page(documents_page(citizen, {CHUNG_SINH: files}, action="upload").get_data(as_text=True))
    assert errors.select_one("p.error").get_text().startswith("trang-3.pdf: Hồ sơ chỉ nhận tối đa 20 tệp")
    assert stored_names(filing_app) == ["trang-1.pdf", "trang-2.pdf"]


def test_resumable_uploads_are_refused_at_the_start_once_their_declared_sizes_fill_the_draft(citizen, filing_app):
    uploader = Uploader(citizen.client, citizen.token)
    answers = [uploader.create(10 * MIB, name=f"anh-{n}.jpg", doc=CHUNG_SINH) for n in range(30)]
    assert [a.status_code for a in answers] == [201] * 5 + [413] * 25
    assert (
        answers[5]
        .json["message"]
        .startswith("Hồ sơ chỉ nhận tối đa 20 tệp, tổng cộng 50 MB; còn có thể tải lên 15 tệp, 0 MB.")
    )
    filing_app.config["UPLOAD_MAX_DRAFT_BYTES"] = 500 * MIB
    small = [uploader.create(1000, name=f"nho-{n}.pdf", doc=CHUNG_SINH).status_code for n in range(16)]
    assert small == [201] * 15 + [413]  # 20 files in all, the five still under way included


def test_a_resumable_upload_is_checked_again_when_assembled(citizen, filing_app):
    uploader = Uploader(citizen.client, citizen.token)
    upload_id = uploader.create(len(PDF), name="cuoi.pdf", doc=CHUNG_SINH).json["id"]
    documents_page(citizen, {UY_QUYEN: (io.BytesIO(PDF), "truoc.pdf")}, action="upload")
    filing_app.config["UPLOAD_MAX_DRAFT_BYTES"] = len(PDF) + 1  # room for the upload no longer
    last = uploader.put(upload_id, 0, PDF)
    assert last.status_code == 422 and last.json["message"].startswith("Hồ sơ chỉ nhận tối đa 20 tệp")
    assert stored_names(filing_app) == ["truoc.pdf"]
