"""The receipt (biên lai) of a fee paid, online or in cash at the desk, as a one-page PDF.

Only a paid fee has one (webapp/dossiers/receipts.py numbers it when the payment is recorded). The
citizen who proved the dossier's code on the lookup page, or an officer of a unit that handles the
dossier, may download it; anyone else gets 404, like an unknown order number. It is drawn with the
back office's paper helpers, so fonts and heading match forms 01–06, and is always Vietnamese.

It goes out stamped with the receiving unit's organisation certificate: the payment asks for it
(webapp/dossiers/receipts.py), the job draws it here (`drawn`), and the routes serve the signed copy
or say it is being signed (webapp/dossiers/signed_download.py). A receipt from before signing existed
is drawn afresh, unsigned.
"""

from types import SimpleNamespace

from flask import abort
from fpdf import FPDF

from webapp.dossiers.access import reader_dossier_or_404, with_its_dossier
from webapp.dossiers.fees import charges, fee_of
from webapp.dossiers.money_words import money_words
from webapp.dossiers.numbering import normalise_code
from webapp.dossiers.receipts import number_text, receipt_of
from webapp.dossiers.signed_download import pdf_or_wait
from webapp.dossiers.signed_papers import RECEIPT_PAPER, renders
from webapp.formatting import local_time, money
from webapp.forms_engine import paper_pdf
from webapp.forms_engine.pdf import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP
from webapp.models import Dossier
from webapp.models.payment import Payment, Receipt
from webapp.models.values import ONLINE
from webapp.payments import receipts_bp
from webapp.signing.signer import SigningFailed

TXN_REF_MAX = 40
TITLE = "BIÊN LAI THU PHÍ, LỆ PHÍ"
GATEWAYS = {"vnpay": "VNPay", "paygov": "Nền tảng thanh toán quốc gia (PayGov)"}
CHARGE_HEADERS = ("STT", "Nội dung thu", "Đơn vị tính", "Số lượng", "Đơn giá", "Thành tiền")


@receipts_bp.get("/thanh-toan/bien-lai/<txn_ref>")
def receipt(txn_ref):
    """The receipt of an online payment, by the reference the gateway and the return page show."""
    if not txn_ref or len(txn_ref) > TXN_REF_MAX:
        abort(404)
    return _served(with_its_dossier(Receipt, Receipt.txn_ref == txn_ref))


@receipts_bp.get("/thanh-toan/bien-lai/ho-so/<code>")
def dossier_receipt(code):
    """The receipt of a dossier's fee, however it was paid: the status page and the dossier page link it."""
    canonical = normalise_code(code)
    return _served(with_its_dossier(Receipt, Dossier.code == canonical) if canonical else None)


def _served(found):
    if found is None:
        abort(404)
    reader_dossier_or_404(found.dossier.code, seen="bien-lai")  # its applicant, or its units' officers (logged)
    return pdf_or_wait(found.dossier, RECEIPT_PAPER, lambda: render(found), f"bien-lai-{found.dossier.code}.pdf")


@renders(RECEIPT_PAPER)
def drawn(dossier):
    """The dossier's receipt as its signing job stamps it (webapp/dossiers/signed_papers.py)."""
    found = receipt_of(dossier)
    if found is None:
        raise SigningFailed(f"dossier {dossier.code} has no receipt to sign")
    return render(found)


def how_paid(found):
    if found.channel == ONLINE:
        payment = Payment.get_or_none(Payment.txn_ref == found.txn_ref)
        name = payment.gateway if payment else ""
        return f"Trực tuyến qua {GATEWAYS.get(name, 'cổng thanh toán điện tử')}"
    return f"Tiền mặt tại {found.dossier.agency.name}"


def lines(found):
    """(label, value) of the receipt above its table, in the order they are printed."""
    dossier = found.dossier
    return [
        ("Đơn vị thu", dossier.agency.name),
        ("Người nộp tiền", found.payer or dossier.applicant_name),
        ("Mã hồ sơ", dossier.code),
        ("Thủ tục hành chính", dossier.procedure.name),
    ]


def totals(found):
    """(label, value) under the table: the total in figures and words, how and when it was paid."""
    shown = [
        ("Tổng cộng", money(found.amount)),
        ("Số tiền bằng chữ", money_words(found.amount)),
        ("Hình thức thanh toán", how_paid(found)),
    ]
    if found.txn_ref:
        shown.append(("Mã giao dịch", found.txn_ref))
    shown.append(("Thời điểm thanh toán", local_time(found.issued_at)))
    return shown


def charge_rows(found):
    rows = charges(fee_of(found.dossier), found.amount)
    return [
        (index, c.what, c.unit, c.quantity, money(c.unit_price), money(c.amount)) for index, c in enumerate(rows, 1)
    ]


def render(found) -> bytes:
    """The receipt `found` (a Receipt with its dossier, procedure and agency) as PDF bytes."""
    dossier = found.dossier
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
    paper_pdf._add_fonts(pdf, paper_pdf._font_dir())
    pdf.set_title(f"Biên lai {found.series} số {number_text(found)}")
    pdf.set_creator("MotCua")
    pdf.set_author(dossier.agency.name)
    pdf.set_lang("vi")
    pdf.add_page()
    paper_pdf._heading(pdf, SimpleNamespace(agency=dossier.agency.name, dateline=""))
    pdf.set_font(paper_pdf.FONT, "B", paper_pdf.TITLE_PT)
    pdf.multi_cell(0, 7, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(paper_pdf.FONT, "", paper_pdf.BODY_PT)
    pdf.multi_cell(
        0, 6, f"Ký hiệu: {found.series}    Số: {number_text(found)}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    for label, value in lines(found):
        paper_pdf._line(pdf, label, value)
    paper_pdf._table(pdf, CHARGE_HEADERS, charge_rows(found), [1, 6, 2, 2, 3, 3])
    for label, value in totals(found):
        paper_pdf._line(pdf, label, value)
    if found.channel == ONLINE:
        pdf.ln(4)
        paper_pdf._line(pdf, "", "Biên lai điện tử được lập tự động khi cổng thanh toán xác nhận giao dịch thành công.")
    else:
        paper_pdf._signatures(pdf, (("NGƯỜI NỘP TIỀN", ""), ("NGƯỜI THU TIỀN", found.collector)))
    return bytes(pdf.output())
