"""The data subject's copy read back as its owner would: the JSON parses and tells their dossier (fields,
answers, steps by unit and role), the files are the bytes they uploaded, who opened it is told by unit
and role, and nothing names an officer or holds anyone else's dossier."""

import hashlib
import io
import json
import secrets
import zipfile

from tests.factories import PDF, make_draft, random_phone
from tests.filing.test_filing import filed_in_state
from tests.staff_login import new_staff, sign_in
from tests.walks import act_now
from webapp.db import db
from webapp.dossiers import receipts
from webapp.dossiers.files import keep_bytes, remove_stored
from webapp.dossiers.subject_copy import archive, safe_name
from webapp.filing.mine import everything_of
from webapp.filing.my_data import WORDS
from webapp.models import Attachment, Consent, Rating, SmsMessage, Unit
from webapp.models.dossier import utcnow

OFFICER_NAME, OFFICER_LOGIN = "Trịnh Quang Vỹ", "vy.motcua.z9"


def uploaded(app, dossier, name="Giấy chứng sinh.pdf"):
    """A PDF stored on the dossier as filed; returns its bytes."""
    data = PDF + b"%" + secrets.token_hex(8).encode()
    with app.app_context(), db.connection_context():
        keep_bytes(data, "application/pdf", name, dossier=dossier.id, kind="ho_so", document_index=0)
    return data


def received_and_opened(app, phone):
    """A dossier of `phone`, received at the desk by OFFICER_NAME, who then opened its page."""
    dossier = filed_in_state(app, phone, "cho_tiep_nhan")
    desk = app.test_client()
    sign_in(desk, new_staff(app, OFFICER_LOGIN, full_name=OFFICER_NAME))
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    assert desk.get(f"/can-bo/ho-so/{dossier.code}").status_code == 200
    return dossier


def copy_of(app, phone):
    """(the ZIP's bytes, the archive open) of everything held for `phone`."""
    with app.test_request_context(), db.connection_context():
        dossiers, drafts = everything_of(None, phone)
        zipped, size = archive(dossiers, drafts, WORDS, utcnow())
        data = zipped.read()
    assert len(data) == size
    return data, zipfile.ZipFile(io.BytesIO(data))


def test_the_copy_holds_the_dossier_its_steps_files_and_views_and_no_officer(filing_app):
    phone = random_phone()
    dossier = received_and_opened(filing_app, phone)
    papers = [uploaded(filing_app, dossier), uploaded(filing_app, dossier, "../Sổ hộ khẩu: trang 1.pdf")]
    with filing_app.app_context(), db.connection_context():
        draft = make_draft(phone=phone)
        keep_bytes(PDF, "application/pdf", "CCCD.pdf", draft=draft.id, kind="ho_so", document_index=1)
        unit = Unit.get(Unit.code == "18073").full_name
        SmsMessage.create(public_id=secrets.token_hex(8), phone=phone, template="received", body="MotCua: da nhan")
    stranger = filed_in_state(filing_app, random_phone(), "cho_tiep_nhan")

    data, zipped = copy_of(filing_app, phone)
    copy = json.loads(zipped.read("du-lieu.json").decode("utf-8"))
    [held] = copy["ho_so"]
    assert held["ma_ho_so"] == dossier.code and held["nguoi_nop"]["dien_thoai"] == phone
    assert held["nguoi_nop"]["so_dinh_danh"] == dossier.applicant_id_number
    assert held["thoi_gian"]["nop"].endswith("+07:00") and held["trang_thai"]["ten"] == "Đã tiếp nhận"
    answers = {a["truong"]: a for a in held["tra_loi"]}
    assert answers["ho_ten"]["gia_tri"] == dossier.applicant_name
    assert answers["ho_ten"]["nhan"] == answers["ks_ho_ten"]["nhan"] != ""
    assert answers["ho_ten"]["phan"] != answers["ks_ho_ten"]["phan"], "the part of the form tells them apart"
    filed, reception = held["cac_buoc"]
    assert (filed["vai_tro"], filed["don_vi"]) == ("Công dân", None)
    assert reception["buoc"] == "Tiếp nhận hồ sơ" and reception["don_vi"] == unit
    assert reception["vai_tro"] == "Công chức tiếp nhận và trả kết quả"
    [opened] = held["truy_cap"]
    assert opened["don_vi"] == unit and opened["noi_dung"] == "Mở trang hồ sơ" and opened["luc"].endswith("+07:00")
    assert [f["sha256"] for f in held["tep"]] == [hashlib.sha256(p).hexdigest() for p in papers]
    for stored, expected in zip(held["tep"], papers, strict=True):
        assert zipped.read(stored["tep_trong_zip"]) == expected
    assert held["tep"][1]["tep_trong_zip"] == f"tep/{dossier.code}/2-Sổ hộ khẩu_ trang 1.pdf"
    [draft_held] = copy["ho_so_dang_soan"]
    assert draft_held["het_han_luc"] and {a["truong"] for a in draft_held["tra_loi"]} == set(draft.answers)
    assert draft_held["tep"][0]["tep_trong_zip"] == "tep/dang-soan-1/1-CCCD.pdf"
    assert zipped.read("tep/dang-soan-1/1-CCCD.pdf") == PDF
    assert "README.txt" in zipped.namelist() and "du-lieu.json" in zipped.read("README.txt").decode()

    for never in (OFFICER_NAME, OFFICER_LOGIN, stranger.code, stranger.applicant_phone):
        assert never.encode() not in data, never
    everything = b"".join(zipped.read(name) for name in zipped.namelist())
    for never in (OFFICER_NAME, OFFICER_LOGIN, "127.0.0.1"):
        assert never.encode() not in everything, never


def test_a_file_missing_from_the_store_is_said_so_and_the_rest_still_comes(filing_app):
    phone = random_phone()
    dossier = filed_in_state(filing_app, phone, "cho_tiep_nhan")
    kept = uploaded(filing_app, dossier)
    uploaded(filing_app, dossier, "mất.pdf")
    with filing_app.app_context(), db.connection_context():
        remove_stored(Attachment.get(Attachment.original_name == "mất.pdf").stored_name)
    _data, zipped = copy_of(filing_app, phone)
    files = json.loads(zipped.read("du-lieu.json"))["ho_so"][0]["tep"]
    assert zipped.read(files[0]["tep_trong_zip"]) == kept
    assert files[1]["tep_trong_zip"] is None and files[1]["ghi_chu"]


def test_file_names_in_the_archive_climb_nowhere():
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_name("C:\\Windows\\a.pdf") == "C__Windows_a.pdf"
    assert safe_name("\x00\x1f") == "tep"
    assert safe_name("Giấy khai sinh.pdf") == "Giấy khai sinh.pdf"


def test_consents_recorded_for_the_phone_come_with_their_time_and_text_version(filing_app):
    phone = random_phone()
    dossier = filed_in_state(filing_app, phone, "cho_tiep_nhan")
    with filing_app.app_context(), db.connection_context():
        Consent.create(
            phone=phone, dossier=dossier.id, purpose="tin_nhan_thong_bao", given=True, text_version="v1", channel="web"
        )
        Consent.create(phone=random_phone(), purpose="tin_nhan_thong_bao", given=True, text_version="v1", channel="web")
    _data, zipped = copy_of(filing_app, phone)
    [given] = json.loads(zipped.read("du-lieu.json"))["dong_y"]
    assert (given["so_dien_thoai"], given["ho_so"], given["dong_y"]) == (phone, dossier.code, True)
    assert (given["phien_ban_thong_bao"], given["kenh"]) == ("v1", "web")
    assert given["luc"].endswith("+07:00")


def test_fee_receipt_and_rating_come_without_the_collecting_officer(filing_app):
    phone = random_phone()
    dossier = filed_in_state(filing_app, phone, "da_tra_ket_qua", fee_amount=8000, paid_at=utcnow())
    with filing_app.app_context(), db.connection_context():
        receipts.issue(
            dossier.id, channel="truc_tiep", amount=8000, payer="Nguyễn Thị Hoa", collector=OFFICER_NAME, at=utcnow()
        )
        Rating.create(dossier=dossier.id, overall=3, comment="Nhanh gọn", channel="web")
    data, zipped = copy_of(filing_app, phone)
    [held] = json.loads(zipped.read("du-lieu.json"))["ho_so"]
    [receipt] = held["phi_le_phi"]["bien_lai"]
    assert held["phi_le_phi"]["so_tien"] == 8000 and receipt["so"] == "0000001" and receipt["so_tien"] == 8000
    assert held["danh_gia"] == [{**held["danh_gia"][0], "muc": 3, "y_kien": "Nhanh gọn"}]
    assert OFFICER_NAME.encode() not in b"".join(zipped.read(name) for name in zipped.namelist())
