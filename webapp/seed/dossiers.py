"""`flask seed --demo-dossiers`: a few dossiers of Phường Thành Sen at every stage, for `make run`,
and one with a fee still to pay online (mức 4).

They are filed and moved through the same services and back-office steps the pages use, by the
demo officers, so the lookup page, the SMS lookup and the queues have something true to show.
All belong to the demo phone 0912 345 678 (second factor: 5678).

The first two citizens of the demo identity provider also get a birth registration each, filed signed
in and returned online with a signed extract: after signing in they find it in "Hồ sơ của tôi" and
"Giấy tờ của tôi", ready to attach to their next filing.
"""

import datetime
import io
from types import SimpleNamespace

from fpdf import FPDF
from werkzeug.datastructures import FileStorage

from webapp.calendar.services import current_calendar
from webapp.dossiers.drafts import spec_of, start_draft
from webapp.dossiers.signed_papers import RESULT_PAPER, sign_paper, signing_of
from webapp.forms_engine import paper_pdf
from webapp.forms_engine.answers import clean_step
from webapp.forms_engine.claims import from_identity
from webapp.forms_engine.pdf import MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP
from webapp.forms_engine.prefill import prefilled
from webapp.identity import citizen as citizens
from webapp.models import Agency, Dossier, Procedure, Staff, Unit, values
from webapp.models.dossier import utcnow
from webapp.phone import normalize_phone
from webapp.workflow.actions import take
from webapp.workflow.intake import submit
from webapp.workflow.services import Origin

DEMO_PHONE = "+84912345678"
DEMO_UNIT = "18073"
DESK, SPECIALIST, LEADER = "thanhsen.motcua", "thanhsen.chuyenvien", "thanhsen.lanhdao"


def sample_value(field, position, i):
    """What applicant number `i` types into a field, as posted; valid for the field's type and rules."""
    rules = field.validation
    if field.type == "checkbox":
        return "on"
    if field.choices:
        return field.choices[i % len(field.choices)].value
    if field.type == "date":
        return f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025"
    if field.type == "number":
        low, high = rules.get("min", 0), rules.get("max", 10**6)
        return str(min(max(1990, low), high))
    if field.type == "phone":
        return f"09{i:08d}"
    if field.type == "email":
        return f"nguoi{i}@example.com"
    if field.type == "id_number":
        return f"{position:03d}{i:09d}"  # unique per person, so no dossier is flagged "có thể trùng"
    text = f"Thôn {i}, xã Cẩm Bình, tỉnh Hà Tĩnh" if field.type == "textarea" else f"Nguyễn Thị Mẫu {i}"
    return text.ljust(rules.get("min_length", 0), ".")[: rules.get("max_length", 100)]


def sample_answers(spec, i, given=None):
    """Answers as the flow stores them (cleaned, step by step); every step must pass clean_step.
    `given`: what some fields were typed as instead (by name, as posted)."""
    answers, position, given = {}, 0, given or {}
    for step in spec.steps:
        posted = {}
        for field in step.fields:
            posted[field.name] = given.get(field.name, sample_value(field, position, i))
            position += 1
        cleaned, errors = clean_step(step, posted)
        if errors:
            raise ValueError(f"the sample answers fail step {step.key}: {errors}")
        answers.update(cleaned)
    return answers


BIRTH, EXTRACT = "1.001193", "2.000635"  # the extract (trích lục) costs 8.000 đồng a copy: mức 4's demo


def _stages(due_after):
    """(label, [(officer, action, form)], procedure code) for each demo dossier, in filing order."""
    supplement = {"items": [{"item": "Bản sao giấy chứng sinh", "reason": "Bản chụp bị mờ, không đọc được số"}]}
    processing = [(DESK, values.RECEIVE, {}), (DESK, values.ASSIGN, {"assignee": "specialist"})]
    approved = [*processing, (SPECIALIST, values.SUBMIT_TO_LEADER, {}), (LEADER, values.APPROVE, {"ban_giay": True})]
    stages = [
        ("vừa nộp", []),
        ("cần bổ sung", [(DESK, values.REQUEST_SUPPLEMENT, supplement)]),
        ("đã tiếp nhận", [(DESK, values.RECEIVE, {})]),
        ("trễ hạn, đã xin lỗi", [*processing, (SPECIALIST, values.APOLOGISE, due_after)]),
        ("có kết quả", approved),
        ("đã trả tại bộ phận một cửa", [*approved, (DESK, values.RETURN, _at_desk())]),
        (
            "đã gửi qua bưu chính",
            [*approved, (DESK, values.RETURN, {"kenh_tra": values.POST, "ma_buu_gui": "EE123456789VN"})],
        ),
        (
            "bị từ chối",
            [(DESK, values.REFUSE, {"note": "Thủ tục không thuộc thẩm quyền của phường; đề nghị nộp tại UBND tỉnh."})],
        ),
    ]
    return [(label, moves, BIRTH) for label, moves in stages] + [("chờ nộp phí 16.000 đồng", [], EXTRACT)]


# Where the demo's postal dossier was asked to go: an address from the unit tree, as the filing page builds it.
DEMO_POST_ADDRESS = {"nguoi_nhan": "Nguyễn Thị Mẫu", "xa": DEMO_UNIT, "dia_chi": "Số 12 đường Trần Phú"}


def _delivery(moves, code):
    """How each demo applicant asked for the result: the way it was (or will be) handed back."""
    if code == EXTRACT:
        return {"channel": values.ONLINE}
    channel = next((form["kenh_tra"] for _who, action, form in moves if action == values.RETURN), values.COUNTER)
    if channel == values.POST:
        return {"channel": channel, "dien_thoai": DEMO_PHONE, **DEMO_POST_ADDRESS}
    return {"channel": channel}


def _at_desk():
    return {"kenh_tra": values.COUNTER, "nguoi_nhan": "Nguyễn Thị Mẫu", "giay_to_nguoi_nhan": "042195000123"}


def write_demo_dossiers():
    """File the demo dossiers unless the demo phone already has some, and each demo citizen's unless they
    have one; returns [(code, label)]."""
    agency = Agency.select().join(Unit).where(Unit.code == DEMO_UNIT).get()
    staff = {name: Staff.get(Staff.username == name) for name in (DESK, SPECIALIST, LEADER)}
    return _phone_dossiers(agency, staff) + citizen_dossiers(agency, staff)


def _phone_dossiers(agency, staff):
    if Dossier.select().where(Dossier.applicant_phone == DEMO_PHONE).exists():
        return []
    filed = []
    # The links in the demo SMS point where `make run` serves (PUBLIC_URL: webapp/links.py).
    origin = Origin.seed(notify=True)
    for i, (label, moves, code) in enumerate(_stages(_new_date_form(agency))):
        draft = start_draft(Procedure.get(Procedure.code == code), agency)
        draft.answers = sample_answers(spec_of(draft), 9000 + i)
        if "so_ban_sao" in draft.answers:
            # The extract's 2 copies are its fee; the births ask for none (their copies are charged too).
            draft.answers["so_ban_sao"] = 2 if code == EXTRACT else 0
        draft.phone, draft.phone_verified_at = DEMO_PHONE, utcnow()
        draft.delivery = _delivery(moves, code)
        draft.save()
        dossier = submit(draft, spec_of(draft))[0]
        for officer, action, form in moves:
            form = {key: staff[SPECIALIST].id if value == "specialist" else value for key, value in form.items()}
            take(Dossier.get_by_id(dossier.id), action, staff[officer], form, origin)
        filed.append((dossier.code, label))
    return filed


def _new_date_form(agency):
    """Form 04's inputs: a working day about two weeks from now, after any due date the seed gives."""
    calendar = current_calendar(agency.unit)
    day = datetime.date.today() + datetime.timedelta(days=21)
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return {"new_due_date": day, "note": "Cần xác minh thêm thông tin với nơi sinh."}


# The demo identity provider's first two citizens: a child each, registered and returned online.
CHILDREN = {
    "lan": {"ks_ho_ten": "Phạm Minh An", "ks_ngay_sinh": "15/03/2024", "quan_he": "me"},
    "hung": {"ks_ho_ten": "Trần Gia Bảo", "ks_ngay_sinh": "02/06/2023", "quan_he": "cha"},
}


def citizen_dossiers(agency, staff):
    """For each of the first two demo citizens without a dossier yet: a birth registration filed signed in,
    approved with a signed extract and returned online."""
    filed = []
    for i, person in enumerate(citizens.demo_citizens()[:2]):
        key = citizens.subject_key(person["sub"])
        if Dossier.select().where(Dossier.citizen_key == key).exists():
            continue
        dossier = _signed_in_birth(agency, person, key, 9100 + i)
        moves = [
            (DESK, values.RECEIVE, {}),
            (DESK, values.ASSIGN, {"assignee": staff[SPECIALIST].id}),
            (SPECIALIST, values.SUBMIT_TO_LEADER, {}),
            (LEADER, values.APPROVE, {"ket_qua": _extract_file(person, dossier)}),
            (DESK, values.RETURN, {"kenh_tra": values.ONLINE}),
        ]
        for officer, action, form in moves:
            take(Dossier.get_by_id(dossier.id), action, staff[officer], form, Origin.seed(notify=False))
            if action == values.APPROVE:  # signed now: the online return hands out only a signed result
                sign_paper.call_local(signing_of(dossier, RESULT_PAPER).id)
        filed.append((dossier.code, f"đã trả trực tuyến, của {person['name']} (đăng nhập định danh điện tử)"))
    return filed


def _signed_in_birth(agency, person, key, i):
    """The birth registration `person` files signed in: their own fields from their identity, and the
    mother's or father's page copied from them, as the flow fills them."""
    claims = citizens.claims_from(person)
    identity = {**claims, "issuer": "demo", "verified_at": utcnow().isoformat(timespec="seconds")}
    draft = start_draft(Procedure.get(Procedure.code == BIRTH), agency, citizen_key=key, identity=identity)
    spec = spec_of(draft)
    draft.answers = sample_answers(spec, i, _own_answers(spec, identity, CHILDREN[person["key"]]))
    if "so_ban_sao" in draft.answers:
        draft.answers["so_ban_sao"] = 0  # no copies asked: nothing to pay before the result goes back
    draft.phone, draft.phone_verified_at = normalize_phone(claims["phone"]), utcnow()
    draft.delivery = {"channel": values.ONLINE}
    draft.save()
    return submit(draft, spec)[0]  # whose it is and the claims it used: intake copies them from the draft


def _own_answers(spec, identity, given):
    """What the signed-in parent posts: the claims where the form takes them, `given`, and what each
    step copies from them (the mother's page from the mother's own fields)."""
    posted = {**from_identity(spec.fields, identity), **given}
    for step in spec.steps:
        posted |= {name: str(value) for name, value in prefilled(step, posted).items() if name not in posted}
    return posted


def _extract_file(person, dossier):
    """The result as the leader uploads it: a one-page "Trích lục khai sinh" PDF, signed on approval
    with the demo PKI's keys of the leader and the agency (webapp/dossiers/signed_papers.py)."""
    child = CHILDREN[person["key"]]
    lines = [
        ("Họ, chữ đệm, tên", child["ks_ho_ten"]),
        ("Ngày, tháng, năm sinh", child["ks_ngay_sinh"]),
        ("Người đi đăng ký khai sinh", person["name"]),
        ("Mã hồ sơ", dossier.code),
    ]
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    paper_pdf._add_fonts(pdf, paper_pdf._font_dir())
    pdf.set_title(f"Trích lục khai sinh {dossier.code}")
    pdf.set_lang("vi")
    pdf.add_page()
    paper_pdf._heading(pdf, SimpleNamespace(agency=dossier.agency.name, dateline=""))
    pdf.set_font(paper_pdf.FONT, "B", paper_pdf.TITLE_PT)
    pdf.multi_cell(0, 7, "TRÍCH LỤC KHAI SINH", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in lines:
        paper_pdf._line(pdf, label, value)
    paper_pdf._signatures(pdf, (("TM. ỦY BAN NHÂN DÂN", ""),))
    data = bytes(pdf.output())
    return FileStorage(io.BytesIO(data), filename="trich-luc-khai-sinh.pdf", content_type="application/pdf")
