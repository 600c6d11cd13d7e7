"""The electronic receipt of a fee paid online: a PDF for the citizen who proved the code, or its officers."""

import datetime
import secrets

import pytest

from tests.staff_login import officer
from tests.walks import dossier_at, pdf_text, proven
from webapp.db import db
from webapp.formatting import money
from webapp.models.payment import Payment

PAID_AT = datetime.datetime(2026, 3, 2, 2, 5)  # UTC: 09:05 in Hà Nội


@pytest.fixture(name="app")
def receipts_app(filing_app):
    return filing_app


def payment(app, dossier, status="paid", payer="Lê Thị Hoa"):
    with app.app_context(), db.connection_context():
        return Payment.create(
            txn_ref=secrets.token_hex(8),
            dossier=dossier.id,
            gateway="vnpay",
            amount=16000,
            status=status,
            payer=payer,
            paid_at=PAID_AT if status == "paid" else None,
            gateway_txn_no="14123456",
        )


def url(paid):
    return f"/thanh-toan/bien-lai/{paid.txn_ref}"


def test_amounts_are_written_the_vietnamese_way():
    assert money(16000) == "16.000 đồng" and money(1250000) == "1.250.000 đồng" and money(0) == "0 đồng"


def test_the_citizen_who_proved_the_code_gets_the_receipt(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid = payment(app, dossier)
    response = proven(app, dossier).get(url(paid))
    text = pdf_text(response)
    assert "16.000 đồng" in text and dossier.code in text and "14123456" in text and "Lê Thị Hoa" in text
    assert "09:05 02/03/2026" in text and dossier.procedure.name.split()[0] in text
    assert response.headers["Cache-Control"] == "private, no-store"


def test_without_a_payer_the_applicant_pays(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid = payment(app, dossier, payer="")
    assert dossier.applicant_name in pdf_text(proven(app, dossier).get(url(paid)))


def test_an_officer_of_the_unit_gets_it_another_communes_does_not(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid = payment(app, dossier)
    assert "16.000 đồng" in pdf_text(officer(app, "mc.bienlai").get(url(paid)))
    elsewhere = officer(app, "mc.noikhac", unit="18100")
    assert elsewhere.get(url(paid)).status_code == 404


def test_nobody_else_and_no_unpaid_payment_has_a_receipt(app):
    dossier = dossier_at(app, "dang_xu_ly")
    paid, pending = payment(app, dossier), payment(app, dossier, status="pending")
    assert app.test_client().get(url(paid)).status_code == 404
    citizen = proven(app, dossier)
    assert citizen.get(url(pending)).status_code == 404
    assert citizen.get("/thanh-toan/bien-lai/khong-co").status_code == 404
    other = dossier_at(app, "dang_xu_ly")
    assert proven(app, other, ip="10.3.3.3").get(url(paid)).status_code == 404
