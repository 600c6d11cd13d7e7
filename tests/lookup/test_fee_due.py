"""A fee the citizen owes: the status page says the dossier waits on them, with the amount and a pay
button; an SMS says so when the fee falls due (at filing, or when the result is signed); once paid, the
status page links the receipt and shows the one transaction reference."""

import io

from tests.factories import PDF
from tests.staff_login import officer
from tests.walks import (
    EXTRACT,
    SMS_AGREED,
    Citizen,
    act_now,
    dossier_at,
    draft_of,
    fresh,
    pdf_text,
    proven,
    status_page,
    with_fee,
)
from webapp.db import db
from webapp.models import Dossier, SmsMessage
from webapp.payments import services
from webapp.payments.gateway import Notice

CERTIFY = "2.000815"  # chứng thực bản sao: paid before the result goes back


def owing(app, dossier, point="truoc_tiep_nhan"):
    with app.app_context(), db.connection_context():
        Dossier.update(fee_point=point).where(Dossier.id == dossier.id).execute()
    return fresh(app, dossier)


def pay_online(app, dossier):
    with app.test_request_context(), db.connection_context():
        payment = services.open_payment(Dossier.get_by_id(dossier.id), "vnpay")
        notice = Notice(True, payment.txn_ref, payment.amount, success=True, transaction_no="14999999")
        assert services.confirm(notice, "Cổng thanh toán VNPay") == services.CONFIRMED
        return payment


def sent(app, dossier, template):
    with app.app_context(), db.connection_context():
        query = SmsMessage.select().where(SmsMessage.dossier == dossier.id, SmsMessage.template == template)
        return [message.body for message in query]


def test_an_unpaid_fee_before_reception_is_the_citizens_turn_with_a_pay_button(filing_app):
    dossier = owing(filing_app, with_fee(filing_app, 16000))
    page = status_page(proven(filing_app, dossier), dossier)
    state = page.find(id="tinh-trang").parent.get_text(" ", strip=True)
    assert state.startswith("Chờ bạn nộp phí") and "16.000 đồng" in state and "trong hạn" not in state
    box = page.find(id="le-phi")
    assert "16.000 đồng" in box.get_text()
    pay = box.find("a", id="nop-phi")
    assert pay.get_text(strip=True) == "Nộp phí trực tuyến" and "button" in pay["class"]
    assert pay["href"] == f"/thanh-toan/{dossier.code}"
    stop = page.find("button", attrs={"name": "nhan_tin"})
    assert "link" in stop["class"]  # a quiet control, smaller than the pay button


def test_once_paid_the_status_page_links_the_receipt_with_the_same_reference(filing_app):
    dossier = owing(filing_app, with_fee(filing_app, 16000))
    payment = pay_online(filing_app, dossier)
    citizen = proven(filing_app, dossier)
    page = status_page(citizen, dossier)
    assert page.find(id="tinh-trang").get_text() == "Đang chờ kiểm tra, tiếp nhận hồ sơ"
    assert not page.find(id="nop-phi")
    assert page.find(id="ma-giao-dich").get_text(strip=True) == payment.txn_ref
    link = page.find("a", id="bien-lai")["href"]
    assert link == f"/thanh-toan/bien-lai/ho-so/{dossier.code}"
    assert f"Mã giao dịch: {payment.txn_ref}" in pdf_text(citizen.get(link))
    assert "16.000 dong" in sent(filing_app, dossier, "fee_received")[0]


def test_a_fee_paid_before_return_waits_on_the_citizen_once_the_result_is_signed(filing_app):
    dossier = owing(filing_app, dossier_at(filing_app, "cho_phe_duyet"), "truoc_tra_ket_qua")
    with filing_app.app_context(), db.connection_context():
        Dossier.update(fee_amount=20000).where(Dossier.id == dossier.id).execute()
    citizen = proven(filing_app, dossier)
    before = status_page(citizen, dossier)
    assert before.find(id="tinh-trang").get_text() == "Đang được giải quyết" and before.find(id="nop-phi")
    leader = officer(filing_app, "ld.phi", "lanh_dao")
    assert act_now(leader, dossier, "phe_duyet", ket_qua=(io.BytesIO(PDF), "ket-qua.pdf")).status_code == 303
    assert sent(filing_app, dossier, "result_ready") == []
    (due,) = sent(filing_app, dossier, "fee_due")
    assert dossier.code in due and "20.000 dong de nhan ket qua" in due
    after = status_page(citizen, dossier)
    assert after.find(id="tinh-trang").get_text() == "Chờ bạn nộp phí" and after.find(id="nop-phi")


def test_filing_with_a_fee_due_before_reception_sends_fee_due_and_one_due_at_return_does_not(filing_app):
    citizen = Citizen(filing_app)
    extract = draft_of(filing_app, EXTRACT, so_ban_sao=2)
    certify = draft_of(filing_app, CERTIFY, so_trang=3, so_ban_sao=2)
    for draft in (extract, certify):
        assert citizen.post(f"/nop/{draft.token}/gui", SMS_AGREED).status_code == 303
    with filing_app.app_context(), db.connection_context():
        first, second = (Dossier.get(Dossier.draft == d.id) for d in (extract, certify))
    (due,) = sent(filing_app, first, "fee_due")
    assert due.startswith(f"MotCua: ho so {first.code} can nop phi, le phi 16.000 dong de duoc tiep nhan")
    assert due.isascii() and len(due) <= 160
    assert sent(filing_app, second, "fee_due") == [] and sent(filing_app, second, "submitted")
