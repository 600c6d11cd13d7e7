"""The receipt (biên lai) of a fee paid online or in cash: numbered per agency and year without gaps, the
breakdown and the amount in words, one transaction reference; a PDF stamped with the agency's certificate
for the citizen who proved the code, or its officers."""

import datetime

import pytest

from tests.apps import in_threads
from tests.pages import check_page
from tests.staff_login import csrf, officer
from tests.walks import dossier_at, pdf_text, proven, with_fee
from webapp.db import db
from webapp.dossiers import receipts
from webapp.formatting import money
from webapp.models import Dossier, RuleSet, SmsMessage
from webapp.models.payment import Payment, Receipt
from webapp.models.values import ONLINE
from webapp.payments import services, vnpay
from webapp.payments.gateway import Notice
from webapp.signing import validation

PAID_AT = datetime.datetime(2026, 3, 2, 2, 5)  # UTC: 09:05 in Hà Nội


@pytest.fixture(name="app")
def receipts_app(filing_app):
    return filing_app


def paid_online(app, dossier, amount=16000, at=PAID_AT):
    """The dossier's fee paid through the gateway as its IPN confirms it; the Payment."""
    with app.test_request_context(), db.connection_context():
        return pay(dossier, amount, at)


def pay(dossier, amount=16000, at=PAID_AT):
    Dossier.update(fee_amount=amount).where(Dossier.id == dossier.id).execute()
    payment = services.open_payment(Dossier.get_by_id(dossier.id), "vnpay", now=at)
    notice = Notice(True, payment.txn_ref, amount, success=True, transaction_no="14123456", bank_code="NCB")
    assert services.confirm(notice, "Cổng thanh toán VNPay", now=at) == services.CONFIRMED
    return Payment.get_by_id(payment.id)


def url(paid):
    return f"/thanh-toan/bien-lai/{paid.txn_ref}"


def by_copies(app, dossier, copies=2, unit=8000):
    """The dossier's rule set charges `unit` đồng a copy online, and the tờ khai asked for `copies`."""
    with app.app_context(), db.connection_context():
        rules = RuleSet.get_by_id(dossier.rule_set_id)
        fee = {"channel": ONLINE, "amount": unit, "per": "ban", "copies": "so_ban_sao", "description": "Phí"}
        RuleSet.update(fees=[fee]).where(RuleSet.id == rules.id).execute()
        answers = {**dossier.answers, "so_ban_sao": str(copies)}
        Dossier.update(answers=answers).where(Dossier.id == dossier.id).execute()


def test_amounts_are_written_the_vietnamese_way():
    assert money(16000) == "16.000 đồng" and money(1250000) == "1.250.000 đồng" and money(0) == "0 đồng"


def test_the_receipt_has_its_series_and_number_the_breakdown_the_words_and_one_reference(app):
    dossier = dossier_at(app, "dang_xu_ly")
    by_copies(app, dossier)
    paid = paid_online(app, dossier)
    client = proven(app, dossier)
    text = pdf_text(client.get(url(paid)))
    with app.app_context(), db.connection_context():
        receipt = Receipt.get(Receipt.dossier == dossier.id)
    assert receipt.series == f"{dossier.agency.code}-BL26" and receipt.txn_ref == paid.txn_ref
    assert f"Ký hiệu: {receipt.series}" in text and f"Số: {receipts.number_text(receipt)}" in text
    assert "Phí, lệ phí theo số bản bản 2 8.000 đồng 16.000 đồng" in text  # quantity × unit price = amount
    assert "Số tiền bằng chữ: Mười sáu nghìn đồng" in text
    assert f"Mã giao dịch: {paid.txn_ref}" in text and "14123456" not in text  # one reference, the return page's
    assert text.count(dossier.procedure.name) == 1 and "thủ tục Thủ tục" not in text
    assert "09:05 02/03/2026" in text and "Trực tuyến qua VNPay" in text and dossier.applicant_name in text
    assert pdf_text(client.get(f"/thanh-toan/bien-lai/ho-so/{dossier.code}")) == text


def test_the_return_page_shows_the_receipts_reference_and_links_it(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid = paid_online(app, dossier)
    params = {"vnp_TxnRef": paid.txn_ref, "vnp_Amount": "1600000", "vnp_ResponseCode": "00"}
    params |= {"vnp_TransactionStatus": "00", "vnp_TransactionNo": "14123456"}
    signed = vnpay.signed(params, app.config["VNPAY_HASH_SECRET"])
    page = check_page(proven(app, dossier).get("/thanh-toan/ket-qua", query_string=signed).get_data(as_text=True))
    assert page.find(id="ma-giao-dich").get_text(strip=True) == paid.txn_ref
    assert page.find("a", href=f"/thanh-toan/bien-lai/{paid.txn_ref}")
    assert "14123456" not in page.find("main").get_text()


def test_numbers_run_per_agency_and_year_without_gaps_under_concurrency(app):
    dossiers = [with_fee(app, 16000) for _ in range(6)]

    def paying(i):
        with app.test_request_context():
            pay(dossiers[i])

    in_threads(app, 6, paying)
    with app.app_context(), db.connection_context():
        issued = list(Receipt.select().where(Receipt.dossier.in_([d.id for d in dossiers])))
        every = list(Receipt.select().where(Receipt.series == issued[0].series).order_by(Receipt.number))
    assert len(issued) == 6 and len({r.series for r in issued}) == 1
    assert [r.number for r in every] == list(range(1, len(every) + 1))


def test_next_year_starts_again_at_one_in_a_new_series(app):
    first = paid_online(app, with_fee(app), at=datetime.datetime(2026, 12, 31, 16, 30))  # 23:30 in Hà Nội
    second = paid_online(app, with_fee(app), at=datetime.datetime(2026, 12, 31, 17, 30))  # 00:30 on 1/1/2027
    with app.app_context(), db.connection_context():
        old, new = (Receipt.get(Receipt.txn_ref == p.txn_ref) for p in (first, second))
    assert old.series.endswith("-BL26") and new.series.endswith("-BL27") and new.number == 1


def test_cash_at_the_desk_gets_a_receipt_signed_by_the_officer_and_an_sms(app):
    dossier = with_fee(app, 15000)
    desk = officer(app, "mc.thutien", full_name="Phan Thị Thu")
    page = f"/can-bo/ho-so/{dossier.code}"
    assert desk.post(f"{page}/thu-phi", data={"csrf_token": csrf(desk, page)}).status_code == 303
    text = pdf_text(desk.get(f"/thanh-toan/bien-lai/ho-so/{dossier.code}"))
    assert "Tiền mặt tại" in text and "Phan Thị Thu" in text and "Mười lăm nghìn đồng" in text
    assert "Mã giao dịch" not in text and "Phí, lệ phí giải quyết hồ sơ hồ sơ 1 15.000 đồng 15.000 đồng" in text
    with app.app_context(), db.connection_context():
        receipt = Receipt.get(Receipt.dossier == dossier.id)
        sms = SmsMessage.get(SmsMessage.dossier == dossier.id, SmsMessage.template == "fee_received")
    assert f"Bien lai so {receipts.number_text(receipt)}, ky hieu {receipt.series}" in sms.body
    assert "15.000 dong" in sms.body and dossier.code in sms.body


def test_an_online_payment_sends_fee_received_once(app):
    dossier = with_fee(app, 16000)
    paid = paid_online(app, dossier)
    with app.test_request_context(), db.connection_context():
        notice = Notice(True, paid.txn_ref, 16000, success=True, transaction_no="14123456")
        assert services.confirm(notice, "Cổng thanh toán VNPay") == services.ALREADY
        sent = list(SmsMessage.select().where(SmsMessage.dossier == dossier.id, SmsMessage.template == "fee_received"))
    assert len(sent) == 1 and "16.000 dong" in sent[0].body


def test_paying_for_a_signed_result_sends_the_result_ready_sms_it_held_back(app):
    dossier = with_fee(app, 16000)
    with app.app_context(), db.connection_context():
        Dossier.update(status="cho_tra_ket_qua", fee_point="truoc_tra_ket_qua").where(
            Dossier.id == dossier.id
        ).execute()
    paid_online(app, dossier)
    with app.app_context(), db.connection_context():
        sent = [m.template for m in SmsMessage.select().where(SmsMessage.dossier == dossier.id).order_by(SmsMessage.id)]
    assert sent[-2:] == ["fee_received", "result_ready"]


def test_a_fee_paid_before_reception_says_nothing_of_a_result(app):
    dossier = with_fee(app, 16000)
    paid_online(app, dossier)
    with app.app_context(), db.connection_context():
        assert (
            not SmsMessage.select()
            .where(SmsMessage.dossier == dossier.id, SmsMessage.template == "result_ready")
            .exists()
        )


def test_an_officer_of_the_unit_gets_it_another_communes_does_not(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid = paid_online(app, dossier)
    assert "16.000 đồng" in pdf_text(officer(app, "mc.bienlai").get(url(paid)))
    elsewhere = officer(app, "mc.noikhac", unit="18100")
    assert elsewhere.get(url(paid)).status_code == 404
    assert elsewhere.get(f"/thanh-toan/bien-lai/ho-so/{dossier.code}").status_code == 404


def test_nobody_else_and_no_unpaid_fee_has_a_receipt(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid = paid_online(app, dossier)
    assert app.test_client().get(url(paid)).status_code == 404
    citizen = proven(app, dossier)
    assert citizen.get("/thanh-toan/bien-lai/khong-co").status_code == 404
    unpaid = with_fee(app)
    assert proven(app, unpaid, ip="10.4.4.4").get(f"/thanh-toan/bien-lai/ho-so/{unpaid.code}").status_code == 404
    other = dossier_at(app, "dang_xu_ly")
    assert proven(app, other, ip="10.3.3.3").get(url(paid)).status_code == 404


def test_a_fee_paid_twice_keeps_the_first_receipt_and_the_online_one_links_none(app):
    dossier = with_fee(app, 15000)
    desk = officer(app, "mc.haylan")
    page = f"/can-bo/ho-so/{dossier.code}"
    with app.test_request_context(), db.connection_context():
        payment = services.open_payment(Dossier.get_by_id(dossier.id), "vnpay")
    assert desk.post(f"{page}/thu-phi", data={"csrf_token": csrf(desk, page)}).status_code == 303
    with app.test_request_context(), db.connection_context():
        notice = Notice(True, payment.txn_ref, 15000, success=True, transaction_no="14000001")
        assert services.confirm(notice, "Cổng thanh toán VNPay") == services.CONFIRMED  # taken: to refund
        (receipt,) = Receipt.select().where(Receipt.dossier == dossier.id)
    assert receipt.channel == "truc_tiep" and receipt.txn_ref == ""
    params = {"vnp_TxnRef": payment.txn_ref, "vnp_Amount": "1500000", "vnp_ResponseCode": "00"}
    params |= {"vnp_TransactionStatus": "00", "vnp_TransactionNo": "14000001"}
    signed = vnpay.signed(params, app.config["VNPAY_HASH_SECRET"])
    shown = check_page(proven(app, dossier).get("/thanh-toan/ket-qua", query_string=signed).get_data(as_text=True))
    assert not shown.find("a", string="Xem biên lai")
    assert proven(app, dossier, ip="10.5.5.5").get(url(payment)).status_code == 404


def test_an_online_receipt_is_stamped_by_the_agency_and_the_same_file_on_every_download(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid = paid_online(app, dossier)
    citizen = proven(app, dossier)
    first = citizen.get(url(paid))
    assert "16.000 đồng" in pdf_text(first)
    with app.app_context(), db.connection_context():
        report = validation.check(first.data)
    # stamped by the receiving unit's organisation certificate (its People's Committee)
    assert report.verdict == validation.VALID
    assert [s.signer for s in report.signatures] == ["Ủy ban nhân dân phường Thành Sen"]
    assert citizen.get(f"/thanh-toan/bien-lai/ho-so/{dossier.code}").data == first.data  # its stored copy
