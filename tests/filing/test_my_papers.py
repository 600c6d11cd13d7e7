"""Giấy tờ của tôi: the results issued online to the signed-in citizen, and choosing one of them on
the documents page of a later filing instead of uploading a photo."""

import io

from tests.citizen_papers import filed_by, key_of, returned_online, sign_in, stored_result
from tests.factories import PDF, make_draft
from tests.walks import Citizen
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.files import read_attachment
from webapp.identity import citizen as citizens
from webapp.models import Attachment, Dossier
from webapp.workflow.intake import submit

GIAY_CHUNG_SINH = 1  # the birth registration's paper to upload (0 is the tờ khai filled online)


def test_my_papers_lists_only_my_issued_results(filing_app):
    lan = Citizen(filing_app)
    key = sign_in(lan.client, filing_app, "lan")
    mine, result = returned_online(filing_app, key)
    theirs, their_result = returned_online(filing_app, key_of(filing_app, "hung"))
    waiting = filed_by(filing_app, key, "cho_tra_ket_qua")
    not_returned = stored_result(filing_app, waiting)
    soup = lan.page("/giay-to-cua-toi")
    row = soup.find("tr", id=f"giay-to-{result.id}")
    text = " ".join(row.get_text(" ").split())
    assert mine.procedure.name in text and mine.agency.name in text and mine.code in text
    assert row.find("a", href=f"/xac-thuc/{result.verify_code}")
    download = lan.client.get(row.find("a", string=result.original_name)["href"])
    assert download.status_code == 200 and file_bytes(filing_app, result) == download.data
    page = soup.get_text()
    assert their_result.verify_code not in page and theirs.code not in page
    assert not_returned.verify_code not in page, "not yet handed back: not yet theirs to reuse"
    assert lan.page(f"/xac-thuc/{result.verify_code}")


def test_my_papers_asks_an_anonymous_visitor_to_sign_in(filing_app):
    soup = Citizen(filing_app).page("/giay-to-cua-toi")
    assert "đăng nhập bằng định danh điện tử" in soup.get_text() and not soup.find("table")
    if "signin.start" in filing_app.view_functions:
        assert soup.find("a", href=lambda href: href and "next=" in href)


def file_bytes(app, attachment):
    with app.app_context():
        return read_attachment(attachment)


def documents_page(citizen, draft):
    return citizen.page(f"/nop/{draft.token}/giay-to")


def choose(citizen, draft, attachment_id, index=GIAY_CHUNG_SINH, **more):
    data = {f"reuse-{index}": str(attachment_id), "action": "reuse", **more}
    return citizen.post(f"/nop/{draft.token}/giay-to", data, content_type="multipart/form-data")


def my_draft(app, key):
    with app.app_context(), db.connection_context():
        return make_draft(citizen_key=key)


def test_a_chosen_result_is_attached_as_a_copy_and_goes_with_the_dossier(filing_app):
    lan = Citizen(filing_app)
    key = sign_in(lan.client, filing_app, "lan")
    _, result = returned_online(filing_app, key)
    draft = my_draft(filing_app, key)
    select = documents_page(lan, draft).find("select", id=f"reuse-{GIAY_CHUNG_SINH}")
    assert select.find("option", value=str(result.id)) and select.find_previous("label", attrs={"for": select["id"]})
    assert choose(lan, draft, result.id).status_code == 303
    assert choose(lan, draft, result.id).status_code == 303, "chosen twice: one copy"
    with filing_app.app_context(), db.connection_context():
        copy = Attachment.get(Attachment.draft == draft.id)
        assert copy.reused_from_id == result.id and copy.kind == "ho_so" and copy.document_index == GIAY_CHUNG_SINH
        assert copy.stored_name != result.stored_name and copy.sha256 == result.sha256
        assert read_attachment(copy) == file_bytes(filing_app, result)
    soup = documents_page(lan, draft)
    assert f"Giấy tờ do hệ thống cấp — mã xác thực {result.verify_code}" in soup.get_text()
    check = lan.page(f"/nop/{draft.token}/kiem-tra").get_text()
    assert result.original_name in check
    with filing_app.app_context(), db.connection_context():
        fresh_draft = type(draft).get_by_id(draft.id)
        dossier = submit(fresh_draft, spec_of(fresh_draft))[0]
        copy = Attachment.get(Attachment.draft == draft.id)
        assert copy.dossier_id == dossier.id and copy.reused_from_id == result.id
        assert Dossier.get_by_id(dossier.id).citizen_key == key


def test_another_citizens_result_or_a_made_up_id_is_refused_and_nothing_is_lost(filing_app):
    lan = Citizen(filing_app)
    key = sign_in(lan.client, filing_app, "lan")
    _, theirs = returned_online(filing_app, key_of(filing_app, "hung"))
    draft = my_draft(filing_app, key)
    for chosen in (theirs.id, "abc", 10**15):
        response = choose(lan, draft, chosen, **{"doc-4": (io.BytesIO(PDF), "uy-quyen.pdf")})
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "không có trong Giấy tờ của tôi" in text
    with filing_app.app_context(), db.connection_context():
        kept = list(Attachment.select().where(Attachment.draft == draft.id))
        assert [a.original_name for a in kept] == ["uy-quyen.pdf"] * 3, "the upload beside it was kept"
        assert not any(a.reused_from_id for a in kept)


def test_no_choice_is_offered_on_a_draft_that_is_not_the_signed_in_citizens(filing_app):
    lan, anonymous = Citizen(filing_app), Citizen(filing_app)
    key = sign_in(lan.client, filing_app, "lan")
    _, result = returned_online(filing_app, key)
    hungs_draft, lans_draft = my_draft(filing_app, key_of(filing_app, "hung")), my_draft(filing_app, key)
    for citizen, draft, refused in ((lan, hungs_draft, 403), (anonymous, lans_draft, 401)):
        assert citizen.client.get(f"/nop/{draft.token}/giay-to").status_code == refused  # for its owner alone
        assert choose(citizen, draft, result.id).status_code == refused
    anonymous_draft = my_draft(filing_app, None)
    assert not documents_page(lan, anonymous_draft).find("select"), "not hers until she takes it"
    response = choose(lan, anonymous_draft, result.id)
    assert response.status_code == 200 and "không có trong Giấy tờ của tôi" in response.get_data(as_text=True)
    with filing_app.app_context(), db.connection_context():
        assert not Attachment.select().where(Attachment.reused_from == result.id).exists()


def test_a_chosen_result_counts_against_the_drafts_caps(filing_app):
    lan = Citizen(filing_app)
    key = sign_in(lan.client, filing_app, "lan")
    _, result = returned_online(filing_app, key)
    draft = my_draft(filing_app, key)
    filing_app.config["UPLOAD_MAX_DRAFT_FILES"] = 1
    try:
        upload = {"doc-4": (io.BytesIO(PDF), "uy-quyen.pdf"), "action": "upload"}
        assert lan.post(f"/nop/{draft.token}/giay-to", upload, content_type="multipart/form-data").status_code == 303
        response = choose(lan, draft, result.id)
        assert response.status_code == 200 and "tối đa 1 tệp" in response.get_data(as_text=True)
    finally:
        filing_app.config.pop("UPLOAD_MAX_DRAFT_FILES")
    with filing_app.app_context(), db.connection_context():
        assert Attachment.select().where(Attachment.draft == draft.id).count() == 1


def test_the_demo_citizens_find_their_issued_extract_after_seeding(filing_app):
    runner = filing_app.test_cli_runner()
    assert runner.invoke(args=["seed", "--demo-dossiers"]).exit_code == 0
    assert runner.invoke(args=["seed", "--demo-dossiers"]).exit_code == 0
    for who in ("lan", "hung"):
        citizen = Citizen(filing_app)
        key = sign_in(citizen.client, filing_app, who)
        with filing_app.app_context(), db.connection_context():
            owned = list(Dossier.select().where(Dossier.citizen_key == key))
            assert len(owned) == 1 and owned[0].identity["id_number"] == citizens.demo_citizen(who)["id_number"]
            assert owned[0].applicant_name == citizens.demo_citizen(who)["name"]
        row = citizen.page("/giay-to-cua-toi").find("tr", id=lambda i: i and i.startswith("giay-to-"))
        assert owned[0].code in row.get_text() and row.find("a", href=lambda h: h.startswith("/xac-thuc/"))
        download = citizen.client.get(row.find("a", href=lambda h: h.endswith("/ket-qua"))["href"])
        assert download.status_code == 200 and download.data.startswith(b"%PDF")
