"""The papers of the workflow: forms 01–05 as printable pages, forms 01–06 as PDF.

A paper is what the citizen holds in hand, so it is always Vietnamese whatever language the officer
browses in: its words are fixed text, and the labels it borrows are rendered with the locale forced.
Each paper is built once, as a Paper, from the dossier and the step that issued it; the page and the
PDF both draw that Paper.

Form 01 goes out stamped with the receiving unit's organisation certificate: reception asks for it
(webapp/workflow/reception.py), the job draws it here (`form_01_drawn`) and its PDF is the signed copy
once signed (webapp/dossiers/signed_download.py). Forms 02–06 are printed and signed by hand.
"""

import datetime
from dataclasses import dataclass

from flask import abort, render_template
from flask_babel import force_locale

from webapp.backoffice import bp, services
from webapp.calendar.working_time import to_local
from webapp.dossiers.access import staff_dossier_or_404
from webapp.dossiers.fees import POINT_LABELS, breakdown, fee_of
from webapp.dossiers.labels import CHANNEL, DOCUMENT_KIND
from webapp.dossiers.signed_download import pdf_or_wait, pdf_response
from webapp.dossiers.signed_papers import FORM_01, renders
from webapp.dossiers.timing import PUNCTUALITY
from webapp.formatting import local_time, money
from webapp.forms_engine import paper_pdf
from webapp.forms_engine.stored import form_for
from webapp.identity.session import login_required
from webapp.models import Attachment, Transition
from webapp.models.values import COUNTER, FILED, FILED_AT_COUNTER, ONLINE, POST, RECEIVE
from webapp.phone import display_phone
from webapp.signing.signer import SigningFailed
from webapp.workflow import machine

# The papers' titles as Circular 03/2025/TT-VPCP, Appendix I, words them (DOMAIN §4 and §12; docs/domain.md).
SOURCE = "Thông tư 03/2025/TT-VPCP, Phụ lục I"
TITLES = {
    "01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "04": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    "05": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "06": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}
# The action whose step issues each paper, read from the one workflow definition.
ISSUED_BY = {action.form: action.name for action in machine.ACTIONS if action.form in ("02", "03", "04", "05")}
# Steps written outside the workflow definition, as the papers name them.
COUNTER_RECEPTION = FILED_AT_COUNTER
ELECTRONIC = "Bản điện tử"  # an online dossier's documents: files, counted


@dataclass
class Paper:
    number: str
    dossier: object
    issued_at: datetime.datetime | None  # UTC; None: no date line
    lines: list  # (label, value); an empty label makes the value a paragraph of its own
    table: tuple = ()  # (headers, rows)
    signers: tuple = ()  # (title, name)

    @property
    def title(self):
        return TITLES[self.number]

    @property
    def code(self):
        return self.dossier.code

    @property
    def agency(self):
        return self.dossier.agency.name

    @property
    def dateline(self):
        if self.issued_at is None:
            return ""
        day = to_local(self.issued_at)
        return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def issuing_step(dossier, action_name):
    """The latest Transition of `action_name` on the dossier: the step a paper was issued by."""
    steps_taken = Transition.select().where(Transition.dossier == dossier.id, Transition.action == action_name)
    return steps_taken.order_by(Transition.at.desc(), Transition.id.desc()).first()


def step_label(action_name):
    """A step's name on a paper (form 06), in Vietnamese whatever language the officer browses in."""
    with force_locale("vi"):
        return str(machine.step_label(action_name))


def received_documents(dossier):
    """Form 01's documents received, (name, bản chính/bản sao, số lượng) each, for the page and the PDF.

    At the counter they are the papers the desk ticked; online, the files filed against each
    document of the rule set (supplements answer form 02's items, not this list).
    """
    at_counter = issuing_step(dossier, COUNTER_RECEPTION)
    if at_counter is not None:
        return _ticked((at_counter.details or {}).get("documents", []))
    return _filed(dossier)


def _ticked(papers):
    with force_locale("vi"):
        kinds = {kind: str(label) for kind, label in DOCUMENT_KIND.items()}
    return [(p.get("name", ""), kinds.get(p.get("kind"), p.get("kind", "")), p.get("count", "")) for p in papers]


def _filed(dossier):
    files = Attachment.select(Attachment.document_index).where(
        Attachment.dossier == dossier.id, Attachment.kind == FILED
    )
    counts = {}
    for found in files:
        counts[found.document_index] = counts.get(found.document_index, 0) + 1
    documents = dossier.rule_set.documents
    return [(documents[i]["name"], ELECTRONIC, n) for i, n in sorted(counts.items()) if 0 <= i < len(documents)]


def build(number, dossier):
    """The Paper of form `number` for the dossier, or None when the dossier never had that step."""
    with force_locale("vi"):
        if number == "01":
            return _receipt(dossier) if dossier.received_at else None
        if number == "06":
            return _control_sheet(dossier)
        step = issuing_step(dossier, ISSUED_BY[number])
        return _BUILDERS[number](dossier, step) if step else None


def _applicant(dossier):
    return [("Người nộp hồ sơ", dossier.applicant_name), ("Thủ tục hành chính", dossier.procedure.name)]


def _receipt(dossier):
    received = issuing_step(dossier, RECEIVE)
    address, email = applicant_contact(dossier)
    lines = [
        ("Người nộp hồ sơ", dossier.applicant_name),
        ("Số định danh cá nhân", dossier.applicant_id_number),
        ("Địa chỉ", address),
        ("Số điện thoại", display_phone(dossier.applicant_phone)),
        ("Thư điện tử", email),
        ("Nội dung yêu cầu giải quyết", dossier.procedure.name),
        ("Hình thức nộp", str(CHANNEL.get(dossier.channel, dossier.channel))),
        ("Thời gian nhận hồ sơ", local_time(dossier.received_at)),
        ("Thời gian trả kết quả giải quyết hồ sơ", local_time(dossier.due_at)),
        ("Nhận kết quả", return_place(dossier)),
        ("Phí, lệ phí", fee_text(dossier)),
        (
            "Vào Sổ theo dõi hồ sơ",
            f"quyển số {to_local(dossier.received_at):%Y}, số thứ tự {dossier.book_number or '—'}",
        ),
    ]
    lines = [(label, value) for label, value in lines if value or label != "Thư điện tử"]  # e-mail: optional
    signers = (("NGƯỜI NỘP HỒ SƠ", ""), ("NGƯỜI TIẾP NHẬN HỒ SƠ", received.actor if received else ""))
    documents = _numbered(received_documents(dossier))
    lines.append(("", "Thành phần hồ sơ đã nhận:" if documents else "Thành phần hồ sơ đã nhận: —"))  # the table
    table = (("STT", "Tên giấy tờ", "Bản chính / bản sao", "Số lượng"), documents) if documents else ()
    return Paper("01", dossier, dossier.received_at, lines, table=table, signers=signers)


def return_place(dossier):
    """Where and how the result goes back, as the applicant chose at filing (or at the counter)."""
    channel = dossier.delivery_channel
    if channel == ONLINE:
        return "Trực tuyến: bản điện tử tải về tại trang tra cứu hồ sơ trên Cổng dịch vụ công"
    if channel == POST:
        to = ", ".join(p for p in (dossier.delivery_recipient, dossier.delivery_address) if p)
        phone = display_phone(dossier.delivery_phone) if dossier.delivery_phone else ""
        return f"Qua dịch vụ bưu chính công ích, gửi đến: {to}" + (f" (điện thoại {phone})" if phone else "")
    return f"Trực tiếp tại {dossier.agency.name}"


def fee_text(dossier):
    """The fee as form 01 states it: the amount and when it is due (paid or not), or the exemption."""
    if dossier.fee_exemption:
        return f"Miễn nộp ({dossier.fee_exemption.rstrip('.')})"
    if not dossier.fee_amount:
        return "Không phải nộp"
    parts = [money(dossier.fee_amount)]
    if rate := breakdown(fee_of(dossier)):
        parts[0] += f" ({rate})"
    if dossier.fee_point in POINT_LABELS:
        parts.append(str(POINT_LABELS[dossier.fee_point]))
    parts.append("đã nộp" if dossier.paid_at else "chưa nộp")
    return ", ".join(parts)


ADDRESS_NAMES = ("noi_cu_tru", "dia_chi", "dia_chi_lien_lac", "dia_chi_tru_so")


def applicant_contact(dossier):
    """(address, e-mail) of the applicant where the answers hold them: the applicant's step of the tờ khai
    (its first, by convention), or the counter form's address; "" for what is not there."""
    answers = dossier.answers or {}
    fields = _applicant_fields(dossier)
    address = next((answers.get(f.name) for f in fields if f.name in ADDRESS_NAMES and answers.get(f.name)), "")
    email = next((answers.get(f.name) for f in fields if f.type == "email" and answers.get(f.name)), "")
    if not fields:  # filed at the counter: its own form's names
        address, email = answers.get("dia_chi", ""), answers.get("email", "")
    return " ".join(str(address).split()), str(email).strip()


def _applicant_fields(dossier):
    if dossier.channel == COUNTER:
        return ()
    spec = form_for(dossier.rule_set)
    return spec.steps[0].fields if spec and spec.steps else ()


def _numbered(rows):
    return [(number, *row) for number, row in enumerate(rows, 1)]


def _control_sheet(dossier):
    headers = ("Đơn vị / người thực hiện", "Thời gian giao, nhận", "Nội dung", "Kết quả", "Ghi chú")
    rows = []
    for row in services.control_rows(dossier):
        step = row["step"]
        done = f"{step_label(step.action)} ({machine.STATES.get(step.to_status, '')})"
        if row["handover"]:
            done += f": {row['handover']}"
        timing = str(PUNCTUALITY[row["punctuality"]]) if row["punctuality"] else "—"
        rows.append((step.actor, local_time(step.at), done, timing, step.note))
    lines = [
        *_applicant(dossier),
        ("Thời gian nhận hồ sơ", local_time(dossier.received_at) or "—"),
        ("Thời gian trả kết quả", local_time(dossier.due_at) or "—"),
    ]
    return Paper("06", dossier, None, lines, table=(headers, rows))


def _supplement_request(dossier, step):
    items = step.details.get("items") or [{"item": step.note, "reason": ""}]
    rows = [(index, entry.get("item", ""), entry.get("reason", "")) for index, entry in enumerate(items, 1)]
    lines = [
        *_applicant(dossier),
        ("Ngày nộp hồ sơ", local_time(dossier.submitted_at)),
        ("", "Hồ sơ chưa đầy đủ, hợp lệ. Đề nghị ông/bà bổ sung, hoàn thiện những nội dung sau:"),
    ]
    if step.details.get("items") and step.note:
        lines.append(("Ghi chú", step.note))
    lines.append(("Thông tin liên hệ khi cần hướng dẫn", step.details.get("contact") or dossier.agency.name))
    table = (("STT", "Nội dung cần bổ sung, hoàn thiện", "Lý do"), rows)
    return Paper("02", dossier, step.at, lines, table=table, signers=(("NGƯỜI HƯỚNG DẪN", step.actor),))


def _refusal(dossier, step):
    lines = [
        *_applicant(dossier),
        ("Ngày nộp hồ sơ", local_time(dossier.submitted_at)),
        ("", f"{dossier.agency.name} không tiếp nhận, giải quyết hồ sơ này vì lý do sau:"),
        ("Lý do từ chối", step.note),
    ]
    return Paper("03", dossier, step.at, lines, signers=(("NGƯỜI TIẾP NHẬN HỒ SƠ", step.actor),))


def _apology(dossier, step):
    old_due = _stored_moment(step.details.get("old_due_at")) or dossier.due_at
    new_due = _stored_moment(step.details.get("new_due_at")) or dossier.new_due_at
    lines = [
        ("Kính gửi", dossier.applicant_name),
        ("Nội dung yêu cầu giải quyết", dossier.procedure.name),
        ("Ngày tiếp nhận hồ sơ", local_time(dossier.received_at)),
        ("Thời hạn trả kết quả theo giấy tiếp nhận", local_time(old_due)),
        ("Lý do chậm trễ", step.note),
        (
            "",
            f"{dossier.agency.name} xin lỗi ông/bà vì sự chậm trễ này và đề nghị gia hạn thời gian giải quyết"
            " hồ sơ đến:",
        ),
        ("Thời gian trả kết quả sau gia hạn", local_time(new_due)),
        ("Cán bộ lập văn bản", step.actor),
    ]
    # Whoever drafted it, the head of the agency signs the apology by hand: no name printed under the title.
    return Paper("04", dossier, step.at, lines, signers=(("THỦ TRƯỞNG CƠ QUAN", ""),))


def _stop_notice(dossier, step):
    lines = [
        *_applicant(dossier),
        ("Ngày tiếp nhận hồ sơ", local_time(dossier.received_at) or "—"),
        ("", f"{dossier.agency.name} thông báo dừng giải quyết hồ sơ nêu trên."),
        ("Lý do dừng giải quyết", step.note),
    ]
    return Paper("05", dossier, step.at, lines, signers=(("THỦ TRƯỞNG CƠ QUAN", step.actor),))


_BUILDERS = {"02": _supplement_request, "03": _refusal, "04": _apology, "05": _stop_notice}


def _stored_moment(text):
    return datetime.datetime.fromisoformat(text) if text else None


def _paper_or_404(code, number, seen):
    record = staff_dossier_or_404(code, seen=seen)
    paper = build(number, record)
    if paper is None:
        abort(404)
    return record, paper


@bp.get("/<code>/mau-<any('02', '03', '04', '05'):number>")
@login_required(*machine.STAFF_ROLES)
def paper(code, number):
    """Forms 02–05 as pages to print, each from the step that issued it (form 01: views.receipt)."""
    record, found = _paper_or_404(code, number, seen=f"mau-{number}")
    return render_template(f"backoffice/form{number}.html", dossier=record, paper=found)


@bp.get("/<code>/mau-<any('01', '02', '03', '04', '05', '06'):number>.pdf")
@login_required(*machine.STAFF_ROLES)
def paper_pdf_file(code, number):
    """Forms 01–06 as A4 PDF, for printing on the desk's printer or sending to the citizen; form 01 signed."""
    record, found = _paper_or_404(code, number, seen=f"mau-{number}.pdf")
    filename = f"mau-{number}-{record.code}.pdf"
    if number == "01":
        return pdf_or_wait(record, FORM_01, lambda: paper_pdf.render(found), filename)
    return pdf_response(paper_pdf.render(found), filename)


@renders(FORM_01)
def form_01_drawn(dossier):
    """Form 01 as its signing job stamps it (webapp/dossiers/signed_papers.py)."""
    found = build("01", dossier)
    if found is None:
        raise SigningFailed(f"dossier {dossier.code} was not received: no form 01 to sign")
    return paper_pdf.render(found)
