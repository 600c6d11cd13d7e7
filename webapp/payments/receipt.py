"""The electronic receipt (biên lai điện tử) of a fee paid online, as a one-page PDF.

Only a confirmed payment has one. The citizen who proved the dossier's code on the lookup page, or
an officer of a unit that handles the dossier, may download it; anyone else gets 404, like an
unknown order number. It is drawn with the back office's paper helpers, so fonts and heading match
forms 01–06.
"""

from types import SimpleNamespace

from flask import abort, make_response
from fpdf import FPDF

from webapp.dossiers.access import reader_dossier_or_404, with_its_dossier
from webapp.formatting import local_time, money
from webapp.forms_engine import paper_pdf
from webapp.forms_engine.pdf import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP
from webapp.models.payment import Payment
from webapp.models.values import PAYMENT_PAID
from webapp.payments import receipts_bp

TXN_REF_MAX = 40
GATEWAYS = {"vnpay": "VNPay", "paygov": "Nền tảng thanh toán quốc gia (PayGov)"}


@receipts_bp.get("/thanh-toan/bien-lai/<txn_ref>")
def receipt(txn_ref):
    payment = _paid_or_404(txn_ref)
    reader_dossier_or_404(payment.dossier.code, seen="bien-lai")  # its applicant, or its units' officers (logged)
    response = make_response(render(payment))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="bien-lai-{payment.dossier.code}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _paid_or_404(txn_ref):
    if len(txn_ref) > TXN_REF_MAX:
        abort(404)
    found = with_its_dossier(Payment, (Payment.txn_ref == txn_ref) & (Payment.status == PAYMENT_PAID))
    return found or abort(404)


def lines(payment):
    """(label, value) of the receipt, in the order they are printed."""
    dossier = payment.dossier
    return [
        ("Đơn vị thu", dossier.agency.name),
        ("Người nộp tiền", payment.payer or dossier.applicant_name),
        ("Nội dung", f"Phí, lệ phí thủ tục {dossier.procedure.name}"),
        ("Mã hồ sơ", dossier.code),
        ("Số tiền", money(payment.amount)),
        ("Hình thức thanh toán", f"Trực tuyến qua {GATEWAYS.get(payment.gateway, payment.gateway)}"),
        ("Mã giao dịch", payment.gateway_txn_no or "—"),
        ("Số tham chiếu", payment.txn_ref),
        ("Thời điểm thanh toán", local_time(payment.paid_at)),
    ]


def render(payment) -> bytes:
    dossier = payment.dossier
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
    paper_pdf._add_fonts(pdf, paper_pdf._font_dir())
    pdf.set_title(f"Biên lai thu phí, lệ phí {dossier.code}")
    pdf.set_creator("MotCua")
    pdf.set_author(dossier.agency.name)
    pdf.set_lang("vi")
    pdf.add_page()
    paper_pdf._heading(pdf, SimpleNamespace(agency=dossier.agency.name, dateline=""))
    pdf.set_font(paper_pdf.FONT, "B", paper_pdf.TITLE_PT)
    pdf.multi_cell(0, 7, "BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in lines(payment):
        paper_pdf._line(pdf, label, value)
    pdf.ln(4)
    paper_pdf._line(pdf, "", "Biên lai được lập tự động khi cổng thanh toán xác nhận giao dịch thành công.")
    return bytes(pdf.output())
