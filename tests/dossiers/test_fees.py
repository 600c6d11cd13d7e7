"""Fees: counted from the rule set and the tờ khai, shown before submitting, fixed on the dossier,
and the desk's gate: no reception (or return) before the fee due by then is paid."""

import datetime
import io
import re
from types import SimpleNamespace

import pytest

from tests.factories import posted_value
from tests.pages import check_page
from tests.staff_login import act, csrf, officer
from tests.walks import COUNTER, Citizen, agency_id, draft_of, filled_counter_form
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.fees import breakdown, exemptions_for, fee_for, unpaid_refusal
from webapp.formatting import money
from webapp.models import Attachment, Dossier, Draft, Transition
from webapp.models.dossier import utcnow
from webapp.versions.schema import RecordError, check_procedure
from webapp.workflow.intake import submit

EXTRACT = "2.000635"  # 8.000 đồng per copy, due before reception; exemptions
CERTIFY = "2.000815"  # per page, cheaper from page 3, capped per copy, due before the result goes back
MARITAL = "1.004873"  # a fixed fee, not confirmed
POOR = "Người thuộc hộ nghèo."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def rules(*items, exemptions=()):
    return SimpleNamespace(id=None, fees=list(items), exemptions=list(exemptions))


def item(amount, **more):
    return {"channel": "truc_tuyen", "amount": amount, "description": "", **more}


# -- the computation ---------------------------------------------------------------------------


def test_a_fixed_fee_is_due_once_before_reception():
    fee = fee_for(rules(item(15000, unconfirmed=True)), "truc_tuyen", {"so_ban_sao": 4})
    assert (fee.amount, fee.per, fee.point, fee.unconfirmed) == (15000, "ho_so", "truoc_tiep_nhan", True)


def test_a_fee_per_copy_counts_the_copies_asked_for():
    fee = fee_for(rules(item(8000, per="ban")), "truc_tuyen", {"so_ban_sao": 3})
    assert (fee.amount, fee.quantity, fee.unit_amount) == (24000, 3, 8000)


def test_a_fee_per_page_is_tiered_and_capped_per_copy_then_per_dossier():
    certify = item(2000, per="trang", then={"from": 3, "amount": 1000}, max_per_copy=200000)
    # 2 × 2.000 + 3 × 1.000 = 7.000 a copy, two copies
    assert fee_for(rules(certify), "truc_tuyen", {"so_trang": 5, "so_ban_sao": 2}).amount == 14000
    # 4.000 + 498 × 1.000 = 502.000, capped at 200.000 a copy
    assert fee_for(rules(certify), "truc_tuyen", {"so_trang": 500, "so_ban_sao": 2}).amount == 400000
    capped = item(2000, per="trang", max=10000)
    assert fee_for(rules(capped), "truc_tuyen", {"so_trang": 50, "so_ban_sao": 3}).amount == 10000


def test_the_channel_falls_back_to_the_counters_fee_and_free_means_nothing_due():
    counter_only = rules({"channel": "truc_tiep", "amount": 5000, "description": ""})
    assert fee_for(counter_only, "truc_tuyen", {}).amount == 5000
    free = fee_for(rules(item(None)), "truc_tuyen", {})
    assert (free.amount, free.point) == (0, None)


def test_an_exemption_makes_it_free_and_keeps_the_reason():
    extract = rules(item(8000, per="ban"), exemptions=[POOR, {"reason": "Người khuyết tật.", "proof": True}])
    fee = fee_for(extract, "truc_tuyen", {"so_ban_sao": 2}, exemption=POOR)
    assert (fee.amount, fee.full_amount, fee.exemption, fee.point) == (0, 16000, POOR, None)
    assert fee_for(extract, "truc_tuyen", {}, exemption="Người khuyết tật.").amount == 0
    with pytest.raises(ValueError):
        fee_for(extract, "truc_tuyen", {}, exemption="Tôi nghĩ là được miễn")


def test_a_channel_with_several_items_sums_them_and_keeps_each_part():
    registration = item(None, kind="le_phi", description="Miễn lệ phí khi đăng ký đúng hạn.")
    copies = item(8000, kind="phi", per="ban", optional=True, point="truoc_tra_ket_qua", label="Phí bản sao")
    birth = rules(registration, copies)
    fee = fee_for(birth, "truc_tuyen", {"so_ban_sao": 2})
    assert (fee.amount, fee.point, fee.copies, fee.unit_amount) == (16000, "truoc_tra_ket_qua", 2, 8000)
    assert [(p.kind, p.amount, p.label) for p in fee.parts] == [("le_phi", 0, ""), ("phi", 16000, "Phí bản sao")]
    assert breakdown(fee) == "2 bản × 8.000 đồng"  # the one part that costs anything describes the whole
    for none_asked in ({"so_ban_sao": 0}, {"so_ban_sao": None}, {}):  # an optional count: none unless asked
        assert (fee_for(birth, "truc_tuyen", none_asked).amount, fee_for(birth, "truc_tuyen", none_asked).point) == (
            0,
            None,
        )
    both = fee_for(
        rules(item(15000), item(8000, per="ban", point="truoc_tra_ket_qua")), "truc_tuyen", {"so_ban_sao": 1}
    )
    assert (both.amount, both.point, breakdown(both)) == (23000, "truoc_tiep_nhan", "")  # the earliest point


def test_an_exemption_covers_only_the_kinds_the_rule_set_names():
    registration, copies = item(50000, kind="le_phi"), item(8000, kind="phi", per="ban")
    late_birth = rules(registration, copies, exemptions=[{"reason": POOR, "covers": ["le_phi"]}, "Người có công."])
    fee = fee_for(late_birth, "truc_tuyen", {"so_ban_sao": 2}, exemption=POOR)
    assert (fee.amount, fee.exemption) == (16000, POOR)  # the copies' phí is still due
    assert fee_for(late_birth, "truc_tuyen", {"so_ban_sao": 2}, exemption="Người có công.").amount == 0
    free_registration = rules(item(None, kind="le_phi"), copies, exemptions=[{"reason": POOR, "covers": ["le_phi"]}])
    charged = fee_for(free_registration, "truc_tuyen", {"so_ban_sao": 2})
    assert exemptions_for(free_registration, charged) == []  # nothing it would make cheaper is offered
    assert exemptions_for(late_birth, fee_for(late_birth, "truc_tuyen", {})) == [POOR, "Người có công."]


def test_money_is_written_the_vietnamese_way():
    assert money(16000) == "16.000 đồng" and money(200000) == "200.000 đồng" and money(0) == "0 đồng"


# -- the seed ----------------------------------------------------------------------------------


def procedure_record(fee, fields):
    return {
        "code": "1.999991",
        "name": "Thử",
        "tier": "xa",
        "field": "HT",
        "online_class": "toan_trinh",
        "legacy_level": 4,
        "rules": {
            "version": 1,
            "effective_from": datetime.date(2025, 7, 1),
            "implementing_agency": "UBND xã",
            "legal_bases": [],
            "steps": ["Nộp"],
            "channels": ["truc_tuyen"],
            "documents": [],
            "time_limits": [],
            "fees": [fee],
            "exemptions": [POOR, {"reason": "Người khuyết tật.", "proof": True}],
            "result": "Bản sao",
        },
        "form": {"steps": [{"key": "a", "fields": fields}]},
    }


COPIES = {"name": "so_ban_sao", "type": "number", "required": True, "validation": {"min": 1, "max": 20}}


def test_the_seed_checks_fee_rules_and_names_the_field_at_fault():
    check_procedure(procedure_record(item(8000, per="ban"), [COPIES]), ["HT"])
    cases = [
        (item(8000, per="ban"), [], "fees[0].copies", "no field 'so_ban_sao'"),
        (item(8000, per="ban"), [COPIES | {"required": False}], "fees[0].copies", "required number"),
        (item(8000, per="ban"), [COPIES | {"validation": {"min": 0, "max": 5}}], "fees[0].copies", "min ≥ 1"),
        (item(8000, per="to"), [COPIES], "fees[0].per", "not one of"),
        (item(8000, point="sau"), [COPIES], "fees[0].point", "not one of"),
        (item(-5), [COPIES], "fees[0].amount", "negative"),
        (item(8000, per="ban", then={"from": 3, "amount": 1}), [COPIES], "fees[0].then", "per page"),
        (item(8000, copies="so_ban"), [COPIES], "fees[0].copies", "per copy"),
        (item(8000, kind="thue"), [COPIES], "fees[0].kind", "not one of"),
        (item(8000, optional=True), [COPIES], "fees[0].optional", "per copy"),
        (item(8000, per="ban", optional=True), [COPIES | {"validation": {"max": 5}}], "fees[0].copies", "min ≥ 0"),
    ]
    for fee, fields, path, words in cases:
        with pytest.raises(RecordError) as error:
            check_procedure(procedure_record(fee, fields), ["HT"])
        assert error.value.path == f"rules.{path}" and words in error.value.message, (fee, error.value)


def test_an_optional_copies_item_may_count_from_a_field_left_empty_or_zero():
    maybe = COPIES | {"required": False, "validation": {"min": 0, "max": 20}}
    check_procedure(procedure_record(item(8000, per="ban", optional=True), [maybe]), ["HT"])
    record = procedure_record(item(8000), [COPIES])
    record["rules"]["exemptions"] = [{"reason": POOR, "covers": ["thue"]}]
    with pytest.raises(RecordError) as error:
        check_procedure(record, ["HT"])
    assert error.value.path == "rules.exemptions[0].covers[0]"


def test_the_demo_catalogue_charges_per_copy_and_per_page(ctx):
    from webapp.models import Procedure

    extract = Procedure.get(Procedure.code == EXTRACT).rules_on()
    assert fee_for(extract, "truc_tuyen", {"so_ban_sao": 2}).amount == 16000
    certify = Procedure.get(Procedure.code == CERTIFY).rules_on()
    fee = fee_for(certify, "truc_tuyen", {"so_trang": 3, "so_ban_sao": 1})
    assert (fee.amount, fee.point) == (5000, "truoc_tra_ket_qua")


# -- filing ------------------------------------------------------------------------------------


def test_the_check_page_shows_the_fee_with_its_breakdown_and_when_it_is_due(filing_app):
    citizen = Citizen(filing_app)
    draft = draft_of(filing_app, EXTRACT, so_ban_sao=2)
    text = citizen.page(f"/nop/{draft.token}/kiem-tra").find(id="le-phi").get_text(" ", strip=True)
    assert "Phí: 16.000 đồng (2 bản × 8.000 đồng), nộp trước khi tiếp nhận hồ sơ" in text
    marital = citizen.page(f"/nop/{draft_of(filing_app, MARITAL).token}/kiem-tra").find(id="le-phi")
    assert "Lệ phí: 15.000 đồng" in marital.get_text(" ", strip=True) and "chưa xác nhận" in marital.get_text()
    certify = draft_of(filing_app, CERTIFY, so_trang=3, so_ban_sao=2)
    text = citizen.page(f"/nop/{certify.token}/kiem-tra").find(id="le-phi").get_text(" ", strip=True)
    assert "Phí: 10.000 đồng (3 trang × 2 bản), nộp trước khi nhận kết quả" in text
    assert "tối đa 200.000 đồng/bản" in text


def test_the_applicant_claims_an_exemption_and_the_dossier_records_it(filing_app):
    citizen = Citizen(filing_app)
    draft = draft_of(filing_app, EXTRACT, so_ban_sao=2)
    options = [o["value"] for o in citizen.page(f"/nop/{draft.token}/kiem-tra").select("#mien_phi option")]
    assert options == ["", "Người thuộc gia đình có công với cách mạng.", POOR, "Người khuyết tật."]
    refused = citizen.post(f"/nop/{draft.token}/gui", {"mien_phi": "Tôi nghĩ là được miễn"})
    assert refused.status_code == 303 and refused.headers["Location"].endswith("/kiem-tra")
    proof = {"giay_mien_phi": (io.BytesIO(PDF), "chung-nhan-ho-ngheo.pdf")}
    sent = citizen.post(f"/nop/{draft.token}/gui", {"mien_phi": POOR, **proof}, content_type="multipart/form-data")
    assert sent.status_code == 303
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == draft.id)
    assert (dossier.fee_amount, dossier.fee_point, dossier.fee_exemption) == (0, None, POOR)
    desk = officer(filing_app, "mc.mien")
    panel = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)).find(id="fee-title").parent
    assert POOR in panel.get_text() and "thu-phi" not in str(panel)
    proof_link = panel.find("a", string="chung-nhan-ho-ngheo.pdf")
    assert desk.get(proof_link["href"]).get_data() == PDF


@pytest.mark.parametrize(
    "upload, words",
    [
        (None, "Vui lòng tải lên giấy tờ chứng minh thuộc diện miễn phí, lệ phí."),
        ((b"<html>not a certificate</html>", "ho-ngheo.pdf"), "Tệp không phải PDF, JPEG hoặc PNG."),
    ],
)
def test_an_exemption_that_needs_a_proof_is_not_submitted_without_one(filing_app, upload, words):
    citizen = Citizen(filing_app)
    draft = draft_of(filing_app, EXTRACT, so_ban_sao=2)
    data = {"mien_phi": POOR}
    if upload:
        data["giay_mien_phi"] = (io.BytesIO(upload[0]), upload[1])
    response = citizen.post(f"/nop/{draft.token}/gui", data, content_type="multipart/form-data")
    assert response.status_code == 422
    soup = check_page(response.get_data(as_text=True))
    assert words in soup.find(id="f-giay_mien_phi-error").get_text()
    assert soup.find(id="error-summary").find("a", href="#f-giay_mien_phi")
    assert soup.select_one("#mien_phi option[selected]")["value"] == POOR  # the choice is kept
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().where(Dossier.draft == draft.id).exists()
        assert not Attachment.select().where(Attachment.draft == draft.id).exists()


@pytest.mark.parametrize("reason", [POOR, "Người khuyết tật."])
def test_a_proof_that_is_not_a_pdf_or_photo_is_refused_next_to_it_with_the_reason_kept(filing_app, reason):
    citizen = Citizen(filing_app)
    draft = draft_of(filing_app, EXTRACT, so_ban_sao=2)
    upload = {"giay_mien_phi": (io.BytesIO(b"PK\x03\x04 a zip, not a paper"), "giay-xac-nhan.docx")}
    response = citizen.post(
        f"/nop/{draft.token}/gui",
        {"mien_phi": reason, "idempotency_key": draft.idempotency_key, **upload},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    soup = check_page(response.get_data(as_text=True))
    proof = soup.find("input", id="f-giay_mien_phi")
    assert proof["aria-invalid"] == "true" and "f-giay_mien_phi-error" in proof["aria-describedby"].split()
    assert "Tệp không phải PDF, JPEG hoặc PNG." in soup.find(id="f-giay_mien_phi-error").get_text()
    assert soup.select_one("#mien_phi option[selected]")["value"] == reason
    assert not soup.find(id="mien_phi").has_attr("aria-invalid")  # the reason itself was fine
    assert soup.find("input", attrs={"name": "idempotency_key"})["value"] == draft.idempotency_key
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().where(Dossier.draft == draft.id).exists()


def test_submission_records_the_fee_on_the_dossier(filing_app):
    with filing_app.app_context(), db.connection_context():
        draft = draft_of(filing_app, EXTRACT, so_ban_sao=3)
        dossier = submit(Draft.get_by_id(draft.id), spec_of(draft))[0]
        dossier = Dossier.get_by_id(dossier.id)
    assert (dossier.fee_amount, dossier.fee_point, dossier.fee_exemption) == (24000, "truoc_tiep_nhan", "")
    assert dossier.paid_at is None


@pytest.mark.parametrize("typed, words", [("-1", "nhỏ nhất là 1"), ("5000", "lớn nhất là 20"), ("ba", "Nhập một số")])
def test_a_negative_or_absurd_number_of_copies_is_refused_on_its_step(filing_app, typed, words):
    citizen = Citizen(filing_app)
    draft = draft_of(filing_app, EXTRACT)
    spec = _spec(filing_app, draft)
    number = next(i for i, step in enumerate(spec.steps, 1) if any(f.name == "so_ban_sao" for f in step.fields))
    data = {f.name: posted_value(f) for f in spec.steps[number - 1].fields} | {"so_ban_sao": typed}
    response = citizen.post(f"/nop/{draft.token}/buoc/{number}", data)
    assert response.status_code == 200
    assert words in check_page(response.get_data(as_text=True)).find(id="f-so_ban_sao-error").get_text()


def _spec(app, draft):
    with app.app_context(), db.connection_context():
        return spec_of(Draft.get_by_id(draft.id))


# -- the desk ----------------------------------------------------------------------------------


def filed(app, code=EXTRACT, status=None, **answers):
    with app.app_context(), db.connection_context():
        draft = draft_of(app, code, **answers)
        dossier = submit(Draft.get_by_id(draft.id), spec_of(draft))[0]
        if status:
            now = utcnow()
            Dossier.update(status=status, received_at=now, due_at=now + datetime.timedelta(days=3)).where(
                Dossier.id == dossier.id
            ).execute()
        return Dossier.get_by_id(dossier.id)


def version_of(app, dossier):
    with app.app_context(), db.connection_context():
        return Dossier.get_by_id(dossier.id).version


def take_cash(client, dossier):
    return client.post(f"/can-bo/ho-so/{dossier.code}/thu-phi", data={"csrf_token": csrf(client)})


def test_the_desk_cannot_receive_it_unpaid_then_takes_the_cash_and_receives_it(filing_app):
    dossier = filed(filing_app, so_ban_sao=2)
    desk = officer(filing_app, "mc.lephi")
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    panel = page.find(id="fee-title").parent.get_text(" ", strip=True)
    assert "16.000 đồng" in panel and "Chưa nộp" in panel
    refused = act(desk, dossier, "tiep_nhan", version_of(filing_app, dossier))
    assert refused.status_code == 200
    alert = check_page(refused.get_data(as_text=True)).find(role="alert").get_text()
    assert "Hồ sơ chưa nộp phí, lệ phí 16.000 đồng: chưa thể tiếp nhận." in alert
    assert take_cash(desk, dossier).status_code == 303
    with filing_app.app_context(), db.connection_context():
        paid = Dossier.get_by_id(dossier.id)
        row = Transition.get(Transition.dossier == dossier.id, Transition.action == "thu_phi")
    assert paid.paid_at and paid.payment_channel == "truc_tiep" and paid.status == "cho_tiep_nhan"
    assert row.details["amount"] == 16000 and row.from_status == row.to_status == "cho_tiep_nhan"
    again = check_page(take_cash(desk, dossier).get_data(as_text=True))
    assert "đã được nộp" in again.find(role="alert").get_text()
    assert act(desk, dossier, "tiep_nhan", version_of(filing_app, dossier)).status_code == 303
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(dossier.id).status == "da_tiep_nhan"


def test_another_communes_officer_gets_404_on_the_cash_route(filing_app):
    dossier = filed(filing_app)
    stranger = officer(filing_app, "mc.xakhac", unit="18100")
    assert take_cash(stranger, dossier).status_code == 404
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(dossier.id).paid_at is None


def test_only_the_desk_takes_cash(filing_app):
    dossier = filed(filing_app)
    specialist = officer(filing_app, "cv.lephi", role="chuyen_vien")
    page = check_page(specialist.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    assert "8.000 đồng" in page.find(id="fee-title").parent.get_text()
    assert page.find("form", action=f"/can-bo/ho-so/{dossier.code}/thu-phi") is None
    assert take_cash(specialist, dossier).status_code == 403
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(dossier.id).paid_at is None


def test_a_free_dossier_has_no_fee_panel_and_nothing_to_take(filing_app):
    dossier = filed(filing_app, code="1.001193")
    desk = officer(filing_app, "mc.mienphi")
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    assert page.find(id="fee-title") is None
    assert "không phải nộp phí, lệ phí" in check_page(take_cash(desk, dossier).get_data(as_text=True)).get_text()


def test_a_fee_due_before_the_return_holds_the_result_not_the_reception(filing_app):
    dossier = filed(filing_app, code=CERTIFY, status="cho_tra_ket_qua", so_trang=3, so_ban_sao=1)
    assert dossier.fee_point == "truoc_tra_ket_qua" and dossier.fee_amount == 5000
    assert unpaid_refusal(dossier, "tiep_nhan") is None
    desk = officer(filing_app, "mc.tra")
    refused = act(
        desk, dossier, "tra_ket_qua", version_of(filing_app, dossier), kenh_tra="truc_tiep",
        nguoi_nhan="Lê Thị Mai", giay_to_nguoi_nhan="042095001234",
    )  # fmt: skip
    assert "chưa thể trả kết quả" in check_page(refused.get_data(as_text=True)).find(role="alert").get_text()
    take_cash(desk, dossier)
    done = act(
        desk, dossier, "tra_ket_qua", version_of(filing_app, dossier), kenh_tra="truc_tiep",
        nguoi_nhan="Lê Thị Mai", giay_to_nguoi_nhan="042095001234",
    )  # fmt: skip
    assert done.status_code == 303


def test_a_paid_procedure_at_the_counter_waits_for_the_cash_before_reception(filing_app):
    desk = officer(filing_app, "mc.quay.phi")
    url = f"{COUNTER}?co_quan={agency_id(filing_app)}&thu_tuc={EXTRACT}"
    form = check_page(desk.get(url).get_data(as_text=True))
    response = desk.post(url, data=filled_counter_form(form), content_type="multipart/form-data")
    assert response.status_code == 303
    code = re.search(r"/can-bo/ho-so/([^/?]+)$", response.headers["Location"]).group(1)
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.code == code)
    assert (dossier.status, dossier.fee_amount, dossier.channel) == ("cho_tiep_nhan", 8000, "truc_tiep")


def counter_dossier(app, desk, **typed):
    url = f"{COUNTER}?co_quan={agency_id(app)}&thu_tuc={EXTRACT}"
    response = desk.post(url, data=filled_counter_form(check_page(desk.get(url).get_data(as_text=True)), **typed))
    if response.status_code != 303:
        return check_page(response.get_data(as_text=True))
    code = re.search(r"/can-bo/ho-so/([^/?]+)$", response.headers["Location"]).group(1)
    with app.app_context(), db.connection_context():
        return Dossier.get(Dossier.code == code)


def test_the_counter_charges_the_copies_asked_for_and_records_an_exemption(filing_app):
    desk = officer(filing_app, "mc.quay.ban")
    assert counter_dossier(filing_app, desk, so_ban_sao="3").fee_amount == 24_000
    exempt = counter_dossier(filing_app, desk, so_ban_sao="3", mien_phi=POOR)
    assert (exempt.fee_amount, exempt.fee_exemption, exempt.status) == (0, POOR, "da_tiep_nhan")
    refused = counter_dossier(filing_app, desk, so_ban_sao="0")
    assert "nhỏ nhất là 1" in refused.find(id="f-so_ban_sao-error").get_text()
    assert refused.find(id="f-ho_ten")["value"] == "Trần Văn Bình"  # nothing typed is lost
