"""Receipts (biên lai) of a dossier's fee: one per dossier, issued in the transaction that records the
payment, numbered per receiving agency and year without gaps or duplicates (the way dossier codes
and log-book lines are, webapp/dossiers/numbering.py).

The series (ký hiệu) is the agency's code and the year, "H42.18073-BL26"; the number restarts at 1
each year in each series and prints with seven digits. The official shape of an electronic
receipt's series (Decree 11/2020/NĐ-CP as amended) is not followed (DOMAIN §12).

A receipt goes out stamped with the receiving unit's organisation certificate: issuing it asks for its
signing in the same transaction (webapp/dossiers/signed_papers.py; the payments feature draws it).
"""

from webapp.calendar.working_time import to_local
from webapp.db import db
from webapp.dossiers.numbering import NEXT_NUMBER
from webapp.dossiers.signed_papers import RECEIPT_PAPER, request_signing
from webapp.models import Agency, Dossier
from webapp.models.payment import Receipt

NUMBER_DIGITS = 7


def series_for(agency_code, year):
    return f"{agency_code}-BL{year % 100:02d}"


def number_text(receipt):
    """0000012: the number as the receipt prints it."""
    return f"{receipt.number:0{NUMBER_DIGITS}d}"


def issue(dossier_id, *, channel, amount, payer, collector, at, txn_ref=""):
    """The dossier's Receipt, numbered now and asked to be signed; call it inside the transaction that
    records the payment, so a rolled-back payment gives its number back and nothing is signed."""
    found = Dossier.select(Dossier.id, Dossier.applicant_name, Agency.id, Agency.code).join(Agency)
    dossier = found.where(Dossier.id == dossier_id).get()
    year = to_local(at).year
    sql = NEXT_NUMBER.format(table="receipt_sequence", period="year", p=db.obj.param)
    number = db.execute_sql(sql, (dossier.agency.id, year)).fetchone()[0]
    receipt = Receipt.create(
        dossier=dossier_id,
        series=series_for(dossier.agency.code, year),
        number=number,
        amount=amount,
        channel=channel,
        txn_ref=txn_ref or "",
        payer=(payer or dossier.applicant_name)[:120],
        collector=(collector or "")[:120],
        issued_at=at,
    )
    request_signing(dossier_id, RECEIPT_PAPER)  # after the row: the job draws the receipt from it
    return receipt


def receipt_of(dossier_or_id):
    """The dossier's Receipt, or None while its fee is unpaid (or there is none)."""
    dossier_id = getattr(dossier_or_id, "id", dossier_or_id)
    return Receipt.get_or_none(Receipt.dossier == dossier_id)


def transaction_ref(dossier_or_id):
    """The one reference of the dossier's online payment, as the receipt, the return page, the status
    page and the officer's fee panel print it ("" when paid in cash or not paid)."""
    receipt = receipt_of(dossier_or_id)
    return receipt.txn_ref if receipt else ""
