"""Paying a fee online through VNPay (the local simulator here): only the IPN settles a payment, once,
whatever the gateway throws at it (bad signatures, wrong amounts, replays, races, database errors)."""

import datetime
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import peewee
from bs4 import BeautifulSoup

from tests.apps import in_threads
from tests.codes import as_people_type
from tests.pages import check_page
from tests.staff_login import csrf
from tests.walks import FEE, from_address, proven, with_fee
from webapp.db import db
from webapp.models import Dossier, Transition
from webapp.models.dossier import utcnow
from webapp.models.payment import Payment
from webapp.payments import services, simulator, tasks, vnpay
from webapp.payments.gateway import gateway

IPN = "/thanh-toan/vnpay/ipn"
HELD = "/gia-lap-thanh-toan/ipn-cho"


def start(client, dossier):
    """The pay page's button, as a browser posts it; returns the response (303 to the bank page)."""
    url = f"/thanh-toan/{dossier.code}"
    return client.post(url, data={"csrf_token": csrf(client, url)})


def at_bank(client, location, result="00", **options):
    """The simulator's page for this redirect, then its Pay (00) or Cancel (24) button."""
    page = client.get(location)
    assert page.status_code == 200, page.get_data(as_text=True)
    soup = check_page(page.get_data(as_text=True))
    form = soup.find("form", action="/gia-lap-thanh-toan/paymentv2/xu-ly")
    data = {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}
    data.update({"ket_qua": result, "ipn": "ngay", **options})
    return client.post(form["action"], data=data)


def paid_through_bank(app, dossier, **options):
    client = proven(app, dossier)
    response = at_bank(client, start(client, dossier).headers["Location"], **options)
    assert response.status_code == 303
    return client, response.headers["Location"]


def record(app, dossier):
    """(payment statuses, online payment steps on the record, dossier paid_at) as stored now."""
    with app.app_context(), db.connection_context():
        payments = [p.status for p in Payment.select().where(Payment.dossier == dossier.id).order_by(Payment.id)]
        steps = list(Transition.select().where(Transition.dossier == dossier.id, Transition.action == "thanh_toan"))
        return payments, steps, Dossier.get_by_id(dossier.id).paid_at


def notice_params(app, dossier, code="00", amount=None, txn_ref=None):
    """A notice as VNPay signs it, for the dossier's latest payment (opened here if there is none)."""
    with app.test_request_context(), db.connection_context():
        payment = Payment.select().where(Payment.dossier == dossier.id).order_by(Payment.id.desc()).first()
        if payment is None:
            payment = services.open_payment(Dossier.get_by_id(dossier.id), "vnpay")
        params = {
            "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
            "vnp_BankCode": "NCB",
            "vnp_PayDate": "20260105103000",
            "vnp_ResponseCode": code,
            "vnp_TmnCode": app.config["VNPAY_TMN_CODE"],
            "vnp_TransactionNo": "14226112",
            "vnp_TransactionStatus": "00" if code == "00" else "02",
            "vnp_TxnRef": txn_ref or payment.txn_ref,
        }
        return vnpay.signed(params, app.config["VNPAY_HASH_SECRET"])


def bank_replies(app):
    """What our IPN answered the simulated bank, oldest first."""
    with app.app_context():
        return simulator.state()["replies"]


def ipn(app, params):
    return app.test_client().get(f"{IPN}?{urlencode(params)}").get_json()["RspCode"]


def text(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text(" ", strip=True)


def test_the_pay_page_needs_the_lookup_proof(filing_app):
    dossier = with_fee(filing_app)
    response = from_address(filing_app).get(f"/thanh-toan/{dossier.code}")
    assert response.status_code == 303 and "/tra-cuu?ma=" in response.headers["Location"]


def test_the_pay_page_finds_the_dossier_from_the_code_as_people_type_it(filing_app):
    dossier = with_fee(filing_app)
    client = proven(filing_app, dossier)
    for typed in as_people_type(dossier.code):
        response = client.get(f"/thanh-toan/{quote(typed, safe='')}")
        assert response.status_code == 303 and response.headers["Location"] == f"/thanh-toan/{dossier.code}", typed
    page = client.get(f"/thanh-toan/{dossier.code}")
    assert page.status_code == 200 and dossier.code in text(page)


def test_paying_through_the_simulator_settles_once_and_the_return_only_shows_it(filing_app):
    dossier = with_fee(filing_app)
    client = proven(filing_app, dossier)
    page = check_page(client.get(f"/thanh-toan/{dossier.code}").get_data(as_text=True))
    assert page.find(id="so-tien").get_text(strip=True) == "50.000 đồng"
    assert page.find("button", string="Thanh toán qua VNPay")
    location = start(client, dossier).headers["Location"]
    query = dict(parse_qsl(urlsplit(location).query))
    assert query["vnp_Amount"] == "5000000" and query["vnp_OrderInfo"].isascii()
    assert query["vnp_TxnRef"] != dossier.code and len(query["vnp_TxnRef"]) == 20
    back = at_bank(client, location)
    assert back.status_code == 303 and back.headers["Location"].startswith("http://localhost/thanh-toan/ket-qua?")
    payments, steps, paid_at = record(filing_app, dossier)
    assert payments == ["paid"] and paid_at is not None and len(steps) == 1
    step = steps[0]
    assert step.from_status == step.to_status == "cho_tiep_nhan" and step.actor == "Cổng thanh toán VNPay"
    assert step.details["txn_ref"] == query["vnp_TxnRef"] and step.details["amount"] == FEE
    result = client.get(back.headers["Location"])
    check_page(result.get_data(as_text=True))
    assert "Đã thanh toán" in text(result)
    with filing_app.app_context(), db.connection_context():
        stored = Dossier.get_by_id(dossier.id)
        payment = Payment.get(Payment.txn_ref == query["vnp_TxnRef"])
        assert stored.payment_channel == "truc_tuyen" and payment.open_for is None
        assert payment.gateway_txn_no and payment.bank_code == "NCB" and payment.notice["vnp_TxnRef"]
    assert "đã được thanh toán" in text(client.get(f"/thanh-toan/{dossier.code}"))
    assert start(client, dossier).status_code == 200 and record(filing_app, dossier)[0] == ["paid"]


def test_nothing_to_pay_says_so_and_opens_nothing(filing_app):
    dossier = with_fee(filing_app, 0)
    client = proven(filing_app, dossier)
    assert "không có khoản phí" in text(client.get(f"/thanh-toan/{dossier.code}"))
    assert start(client, dossier).status_code == 200 and record(filing_app, dossier)[0] == []


def test_a_second_tab_is_stopped_before_the_bank_page(filing_app):
    dossier = with_fee(filing_app)
    client = proven(filing_app, dossier)
    assert start(client, dossier).status_code == 303
    second = start(client, dossier)
    assert second.status_code == 409 and "Đang có một giao dịch thanh toán cho hồ sơ này" in text(second)
    check_page(second.get_data(as_text=True))
    assert record(filing_app, dossier)[0] == ["pending"]


def test_a_long_expired_attempt_is_closed_so_the_person_can_retry(filing_app):
    dossier = with_fee(filing_app)
    client = proven(filing_app, dossier)
    start(client, dossier)
    with filing_app.app_context(), db.connection_context():
        Payment.update(created_at=utcnow() - datetime.timedelta(minutes=21)).execute()
    assert start(client, dossier).status_code == 303
    assert record(filing_app, dossier)[0] == ["cancelled", "pending"]


def test_ipn_faults_change_nothing(filing_app):
    dossier = with_fee(filing_app)
    good = notice_params(filing_app, dossier)
    assert ipn(filing_app, {**good, "vnp_SecureHash": "ab" * 64}) == "97"
    assert ipn(filing_app, {k: v for k, v in good.items() if k != "vnp_SecureHash"}) == "97"
    assert ipn(filing_app, {**good, "vnp_Amount": "100"}) == "97"  # tampered after signing
    assert ipn(filing_app, notice_params(filing_app, dossier, amount=FEE - 1000)) == "04"
    assert ipn(filing_app, notice_params(filing_app, dossier, txn_ref="FFFFFFFFFFFFFFFFFFFF")) == "01"
    payments, steps, paid_at = record(filing_app, dossier)
    assert payments == ["pending"] and steps == [] and paid_at is None


def test_the_same_ipn_twice_confirms_once(filing_app):
    dossier = with_fee(filing_app)
    params = notice_params(filing_app, dossier)
    assert [ipn(filing_app, params), ipn(filing_app, params)] == ["00", "02"]
    payments, steps, paid_at = record(filing_app, dossier)
    assert payments == ["paid"] and len(steps) == 1 and paid_at


def test_a_failed_payment_closes_the_attempt_without_a_step(filing_app):
    dossier = with_fee(filing_app)
    assert ipn(filing_app, notice_params(filing_app, dossier, code="51")) == "00"
    assert ipn(filing_app, notice_params(filing_app, dossier, code="00")) == "02"
    payments, steps, paid_at = record(filing_app, dossier)
    assert payments == ["failed"] and steps == [] and paid_at is None
    with filing_app.app_context(), db.connection_context():
        assert Payment.get(Payment.dossier == dossier.id).open_for is None


def test_concurrent_ipns_give_exactly_one_step(filing_app):
    dossier = with_fee(filing_app)
    url = f"{IPN}?{urlencode(notice_params(filing_app, dossier))}"
    replies = in_threads(filing_app, 4, lambda i: filing_app.test_client().get(url).get_json()["RspCode"])
    assert sorted(replies) == ["00", "02", "02", "02"]
    payments, steps, _ = record(filing_app, dossier)
    assert payments == ["paid"] and len(steps) == 1


def test_a_database_error_answers_99_and_the_retry_confirms_once(filing_app, monkeypatch):
    dossier = with_fee(filing_app)
    params = notice_params(filing_app, dossier)
    real, calls = services.mark_paid, []

    def failing_once(*args):
        calls.append(1)
        if len(calls) == 1:
            raise peewee.OperationalError("database is locked")
        return real(*args)

    monkeypatch.setattr(services, "mark_paid", failing_once)
    assert ipn(filing_app, params) == "99"
    payments, steps, paid_at = record(filing_app, dossier)
    assert payments == ["pending"] and steps == [] and paid_at is None  # the payment's update rolled back
    assert [ipn(filing_app, params), ipn(filing_app, params)] == ["00", "02"]
    payments, steps, paid_at = record(filing_app, dossier)
    assert payments == ["paid"] and len(steps) == 1 and paid_at


def test_the_simulator_replaying_the_ipn_gives_one_step(filing_app):
    dossier = with_fee(filing_app)
    paid_through_bank(filing_app, dossier, ipn="hai_lan")
    assert [code for _, code in bank_replies(filing_app)[-2:]] == ["00", "02"]
    payments, steps, _ = record(filing_app, dossier)
    assert payments == ["paid"] and len(steps) == 1


def test_return_before_the_ipn_says_confirming_and_the_late_ipn_settles(filing_app):
    dossier = with_fee(filing_app)
    client, back = paid_through_bank(filing_app, dossier, ipn="sau")
    result = client.get(back)
    assert result.status_code == 200 and "Đang xác nhận thanh toán" in text(result)
    assert "Đã thanh toán" not in text(result)
    assert record(filing_app, dossier)[0] == ["pending"]
    held = client.get(HELD)
    check_page(held.get_data(as_text=True))
    client.post(HELD, data={"csrf_token": csrf(client, HELD)})
    payments, steps, _ = record(filing_app, dossier)
    assert payments == ["paid"] and len(steps) == 1
    assert "Đã thanh toán" in text(client.get(back))


def test_a_cancel_at_the_bank_is_shown_and_allows_a_new_attempt(filing_app):
    dossier = with_fee(filing_app)
    client, back = paid_through_bank(filing_app, dossier, result="24")
    assert "Bạn đã hủy thanh toán" in text(client.get(back))
    assert record(filing_app, dossier)[0] == ["failed"]
    assert start(client, dossier).status_code == 303


def test_a_tampered_return_or_a_wrongly_signed_ipn_changes_nothing(filing_app):
    dossier = with_fee(filing_app)
    client, back = paid_through_bank(filing_app, dossier, ipn="sau")
    tampered = back.replace("vnp_ResponseCode=00", "vnp_ResponseCode=00&vnp_Extra=1")
    result = client.get(tampered)
    assert result.status_code == 400 and "Không xác minh được kết quả thanh toán" in text(result)
    check_page(result.get_data(as_text=True))
    other = with_fee(filing_app)
    paid_through_bank(filing_app, other, sai_chu_ky="1")
    assert bank_replies(filing_app)[-1][1] == "97"
    assert record(filing_app, dossier)[0] == ["pending"] and record(filing_app, other)[0] == ["pending"]


def test_the_bank_page_refuses_a_wrongly_signed_request(filing_app):
    client = from_address(filing_app)
    response = client.get("/gia-lap-thanh-toan/paymentv2/vpcpay.html?vnp_Command=pay&vnp_Amount=100&vnp_SecureHash=00")
    assert response.status_code == 400
    check_page(response.get_data(as_text=True))


def test_reconciliation_settles_a_payment_whose_ipn_never_came(filing_app):
    dossier = with_fee(filing_app)
    paid_through_bank(filing_app, dossier, ipn="sau")
    never = with_fee(filing_app)
    start(proven(filing_app, never), never)  # left at the bank page: the bank knows nothing of it
    with filing_app.app_context(), db.connection_context():
        Payment.update(created_at=utcnow() - datetime.timedelta(minutes=30)).execute()
    assert list(tasks.reconcile_payments.call_local().values()) == ["00"]
    payments, steps, paid_at = record(filing_app, dossier)
    assert payments == ["paid"] and len(steps) == 1 and paid_at
    assert record(filing_app, never)[0] == ["cancelled"]
    client = from_address(filing_app)
    client.post(HELD, data={"csrf_token": csrf(client, HELD)})  # the lost IPN turns up after all
    assert bank_replies(filing_app)[-1][1] == "02"
    assert len(record(filing_app, dossier)[1]) == 1


def test_reconciliation_records_a_failure_the_bank_reports(ctx):
    dossier = with_fee(ctx)
    client, _ = paid_through_bank(ctx, dossier, result="24", ipn="sau")
    Payment.update(created_at=utcnow() - datetime.timedelta(minutes=30)).execute()
    assert list(services.reconcile(gateway()).values()) == ["00"]
    assert Payment.get(Payment.dossier == dossier.id).status == "failed"


def test_the_payment_step_shows_on_the_audit_page_and_the_status_page(filing_app):
    from tests.staff_login import officer
    from tests.walks import audit_page, rows

    dossier = with_fee(filing_app)
    client, back = paid_through_bank(filing_app, dossier)
    leader = officer(filing_app, "ld.thanhtoan", role="lanh_dao")
    steps = rows(audit_page(leader, dossier), "steps")
    assert steps[0][1] == "Cổng thanh toán VNPay" and len(steps) == 2
    assert steps[0][4] == "Chờ tiếp nhận → Chờ tiếp nhận"
    status = client.get(f"/tra-cuu/{dossier.code}")
    assert status.status_code == 200
    timeline = [
        li.get_text(" ", strip=True) for li in check_page(status.get_data(as_text=True)).select("ol.timeline li")
    ]
    assert len(timeline) == 2 and "50.000" in timeline[-1]


def test_without_a_configured_secret_no_notice_is_ever_genuine(filing_app):
    dossier = with_fee(filing_app)
    params = notice_params(filing_app, dossier)
    unsigned = vnpay.signed({k: v for k, v in params.items() if k != "vnp_SecureHash"}, "")
    filing_app.config["VNPAY_HASH_SECRET"] = ""
    try:
        assert ipn(filing_app, unsigned) == "97"
    finally:
        filing_app.config["VNPAY_HASH_SECRET"] = "motcua-demo-vnpay-secret"
    assert record(filing_app, dossier)[2] is None


def test_the_bank_remembers_across_processes_so_another_worker_sees_the_held_ipn(filing_app):
    """`make run` serves from several gunicorn workers: the one showing the held IPNs, or answering the
    consumer's querydr, is seldom the one that took the payment."""
    from webapp import create_app

    dossier = with_fee(filing_app)
    paid_through_bank(filing_app, dossier, ipn="sau")
    keys = ("DATABASE_URL", "HUEY_URL", "FORM_CACHE_DIR", "UPLOAD_DIR", "PAYMENT_SIMULATOR_STATE")
    other_worker = create_app({key: filing_app.config[key] for key in keys})
    with other_worker.app_context():
        held = simulator.state()["held"]
    assert [notice["vnp_Amount"] for notice in held.values()] == [str(FEE * 100)]
    page = other_worker.test_client().get(HELD)
    assert list(held)[0] in page.get_data(as_text=True)
