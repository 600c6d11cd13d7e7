"""Walks of a dossier through the workflow, shared by the test modules: filed online, received at the desk
(or typed in at the counter), assigned, asked for a supplement, approved with a signed PDF, returned;
the citizen proving a dossier on the lookup page; and the pages and papers a walk is read back from."""

import datetime
import io
import re
import secrets

import pypdf

from tests import staff_login
from tests.factories import BIRTH, PDF, commune_agency, make_draft, posted_value
from tests.pages import check_page
from tests.staff_login import csrf, officer, person
from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import to_local, to_utc
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import Attachment, Dossier, Draft, RuleSet, SmsMessage, Transition
from webapp.models.dossier import utcnow
from webapp.phone import display_phone
from webapp.workflow.intake import submit

EXTRACT = "2.000635"  # cấp bản sao trích lục hộ tịch: toàn trình, accepts the post, a fee per copy
FEE = 50000
# The check page's optional-SMS box, ticked: a walk that expects the "submitted" SMS agrees to it.
SMS_AGREED = {"tin_nhan": "y"}


# Filing online.


class Citizen:
    """A test client that fills forms the way a browser would (CSRF token included)."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.token = None

    def page(self, url, status=200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return check_page(response.get_data(as_text=True))

    def post(self, url, data=None, **kwargs):
        csrf = self.page("/").find("input", attrs={"name": "csrf_token"})["value"]
        return self.client.post(url, data={"csrf_token": csrf, **(data or {})}, **kwargs)

    def start(self, code=BIRTH):
        soup = self.page(f"/thu-tuc/{code}/nop-truc-tuyen")
        agency = soup.select("#agency option")[1]["value"]
        response = self.post(f"/thu-tuc/{code}/nop-truc-tuyen", {"agency": agency})
        assert response.status_code == 303
        self.token = response.headers["Location"].split("/")[2]
        return response.headers["Location"]

    def spec(self):
        with self.app.app_context(), db.connection_context():
            return spec_of(Draft.get(Draft.token == self.token))

    def fill_steps(self):
        for number, step in enumerate(self.spec().steps, 1):
            response = self.post(f"/nop/{self.token}/buoc/{number}", {f.name: posted_value(f) for f in step.fields})
            assert response.status_code == 303, f"step {number} refused"

    def submit(self, **data):
        """Press "Nộp hồ sơ" on the check page, the optional-SMS box ticked."""
        return self.post(f"/nop/{self.token}/gui", {**SMS_AGREED, **data})

    def verify_phone(self, phone):
        self.post(f"/nop/{self.token}/dien-thoai", {"phone": display_phone(phone), "action": "send"})
        with self.app.app_context(), db.connection_context():
            body = SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc()).get().body
        code = re.search(r"\b(\d{6})\b", body).group(1)
        return self.post(f"/nop/{self.token}/dien-thoai", {"code": code, "action": "verify"})


def fresh_draft(app, code=EXTRACT):
    """A complete, phone-verified draft that has not yet said how the result comes back."""
    with app.app_context(), db.connection_context():
        return make_draft(code=code, agency=commune_agency(), delivery={})


def filed(app, unit="18073"):
    """A dossier filed online to the commune (or ward) `unit`, waiting at its desk."""
    with app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency(unit))
        return submit(draft, spec_of(draft))[0]


def fresh(app, dossier):
    """The dossier as stored now."""
    with app.app_context(), db.connection_context():
        return Dossier.get_by_id(dossier.id)


def with_fee(app, amount=FEE):
    """A dossier filed online that owes `amount` đồng."""
    dossier = filed(app)
    with app.app_context(), db.connection_context():
        Dossier.update(fee_amount=amount).where(Dossier.id == dossier.id).execute()
    dossier.fee_amount = amount
    return dossier


# The back office.


def act_now(client, dossier_or_code, action, **inputs):
    """A workflow action posted at the dossier's current version, read back from the database first."""
    code = getattr(dossier_or_code, "code", dossier_or_code)
    with client.application.app_context(), db.connection_context():
        version = Dossier.get(Dossier.code == code).version
    return staff_login.act(client, code, action, version, **inputs)


def received(app, username="mc.giay", **columns):
    """A dossier filed online and received at the desk by a new officer `username`; (dossier, desk)."""
    dossier, desk = filed(app), officer(app, username, **columns)
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    return fresh(app, dossier), desk


def assigned(app):
    """Received and assigned to Trần Thị Bình; (code, desk, Bình's client, Bình)."""
    dossier, desk = received(app, "mc.xuly", full_name="Nguyễn Thị Lan")
    binh, binh_staff = person(app, "cv.binh", "chuyen_vien", name="Trần Thị Bình")
    assert act_now(desk, dossier, "phan_cong", assignee=binh_staff.id).status_code == 303
    return dossier.code, desk, binh, binh_staff


def dossier_at(app, status, due_in_days=3):
    """An online dossier of commune 18073 already received and moved on to `status`."""
    with app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency())
        dossier = submit(draft, spec_of(draft))[0]
        now = utcnow()
        due = now + datetime.timedelta(days=due_in_days)
        Dossier.update(status=status, received_at=now, due_at=due).where(Dossier.id == dossier.id).execute()
        return Dossier.get_by_id(dossier.id)


def approved_with_pdf(app, username="ld.ketqua"):
    """A dossier the leader `username` approved with PDF as its signed result."""
    dossier = dossier_at(app, "cho_phe_duyet")
    leader = officer(app, username, "lanh_dao")
    response = act_now(leader, dossier, "phe_duyet", ket_qua=(io.BytesIO(PDF), "giay-khai-sinh.pdf"))
    assert response.status_code == 303
    return fresh(app, dossier)


def result_file(app, dossier):
    with app.app_context(), db.connection_context():
        return Attachment.get(Attachment.dossier == dossier.id, Attachment.kind == "ket_qua")


def signed(app):
    """(dossier approved with a signed PDF, its result attachment)."""
    dossier = approved_with_pdf(app)
    return dossier, result_file(app, dossier)


def returned(app, with_token=True):
    """A dossier whose result went back, with the rating link the "returned" SMS carries."""
    dossier = dossier_at(app, "da_tra_ket_qua")
    with app.app_context(), db.connection_context():
        token = secrets.token_urlsafe(16) if with_token else None
        Dossier.update(rating_token=token).where(Dossier.id == dossier.id).execute()
    return fresh(app, dossier)


def next_working_day_after(app, moment_utc):
    with app.app_context(), db.connection_context():
        day = current_calendar().next_working_day(to_local(moment_utc).date())
    return day.isoformat()


def later(app, dossier, days=0):
    """A date after the dossier's due date: the next working day after it."""
    return next_working_day_after(app, fresh(app, dossier).due_at + datetime.timedelta(days=days))


# The counter: walk-in dossiers typed in at the desk.

COUNTER = "/can-bo/ho-so/tiep-nhan-truc-tiep"


def agency_id(app, unit="18073"):
    with app.app_context(), db.connection_context():
        return commune_agency(unit).id


def counter_form(client, app):
    """The counter's form for Đăng ký khai sinh at commune 18073, as the desk opens it."""
    response = client.get(f"{COUNTER}?co_quan={agency_id(app)}&thu_tuc={BIRTH}")
    assert response.status_code == 200
    return check_page(response.get_data(as_text=True))


def filled_counter_form(soup, **overrides):
    """The form as an officer fills it: applicant typed in, the first two papers ticked."""
    data = {
        "csrf_token": soup.find("input", attrs={"name": "csrf_token"})["value"],
        "khoa": soup.find("input", attrs={"name": "khoa"})["value"],
        "ho_ten": "Trần Văn Bình",
        "so_dinh_danh": "042090001111",
        "dien_thoai": "0912 345 678",
        "dia_chi": "Thôn 3, xã Thạch Hà",
        "nhan-0": "on",
        "ban-0": "ban_chinh",
        "so_luong-0": "1",
        "nhan-1": "on",
        "ban-1": "ban_sao",
        "so_luong-1": "2",
        "cach_nhan": "truc_tiep",
        "so_ban_sao": "1",  # asked only where the fee is per copy
    }
    return data | overrides


def post_counter_form(client, app, data):
    return client.post(
        f"{COUNTER}?co_quan={agency_id(app)}&thu_tuc={BIRTH}", data=data, content_type="multipart/form-data"
    )


# Supplements (form 02).

SUPPLEMENT_ITEMS = {
    "item-1": "Giấy chứng sinh",
    "reason-1": "Bản chụp bị mờ, không đọc được số",
    "item-2": "CCCD của mẹ",
    "reason-2": "Thiếu mặt sau",
}
THREE_DAYS = [{"channel": "truc_tiep", "unit": "working_day", "amount": 3}]


def local(*parts):
    """A Vietnamese wall-clock moment, as the database stores it (naive UTC)."""
    return to_utc(datetime.datetime(*parts))


def request_supplement(client, dossier, **fields):
    """The desk's "Yêu cầu bổ sung" form, posted as an officer would."""
    return staff_login.act(
        client, dossier, "yeu_cau_bo_sung", dossier.version, **{"note": "Hồ sơ chưa đủ giấy tờ", **fields}
    )


def set_rules(dossier, clock):
    RuleSet.update(supplement_clock=clock, time_limits=THREE_DAYS).where(RuleSet.id == dossier.rule_set_id).execute()
    return Dossier.get_by_id(dossier.id)


def supplement_history(dossier, arrived, asked, handed_in):
    """A dossier that arrived, was asked for a supplement and got it, at the given local moments."""
    Dossier.update(submitted_at=arrived).where(Dossier.id == dossier.id).execute()
    for action, at in (("yeu_cau_bo_sung", asked), ("nop_bo_sung", handed_in)):
        Transition.create(dossier=dossier.id, action=action, to_status="x", actor="t", at=at)
    return Dossier.get_by_id(dossier.id)


# Seeded 2026 calendar: Mon 27/4 (Giỗ Tổ, observed), Thu 30/4 and Fri 1/5 are days off.
ARRIVED = local(2026, 4, 24, 16, 0)  # Fri 16:00: 1 h used that day
ASKED = local(2026, 4, 28, 9, 0)  # Tue 09:00: 3 h used in all
HANDED_IN = local(2026, 5, 4, 8, 0)  # Mon 08:00: 15 working hours paused (Tue 6 + Wed 8 + Mon 1)
RECEIVED = local(2026, 5, 5, 10, 0)  # Tue 10:00


# The citizen's lookup.

LOOKUP = "/tra-cuu"
CCCD = "042095001234"  # every factory dossier's applicant (tests/factories.py)


def from_address(app, ip="10.1.1.1"):
    """A citizen's browser (a test client) from an address of its own."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def lookup(client, code, factor, ip=None):
    """The lookup form posted as a browser would, with its CSRF token."""
    extra = {"environ_base": {"REMOTE_ADDR": ip}} if ip else {}
    token = csrf(client, LOOKUP)
    return client.post(LOOKUP, data={"csrf_token": token, "ma": code, "so_cuoi": factor}, **extra)


def proven(app, dossier, ip="10.2.2.2"):
    """A browser that proved the dossier's code with its phone's last four digits."""
    client = from_address(app, ip)
    response = lookup(client, dossier.code, dossier.applicant_phone[-4:])
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def status_page(client, dossier):
    response = client.get(f"{LOOKUP}/{dossier.code}")
    assert response.status_code == 200, response.status_code
    soup = check_page(response.get_data(as_text=True))
    soup.response = response
    return soup


# Reading a walk back: the audit page, the papers.


def audit_page(client, dossier, status=200):
    response = client.get(f"/can-bo/ho-so/{dossier.code}/nhat-ky")
    assert response.status_code == status
    return check_page(response.get_data(as_text=True)) if status == 200 else response


def rows(page, table):
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select(f"table.{table} tbody tr")]


def pdf_text(response):
    """The text of a served PDF, on one line."""
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# Uploads, as the documents page and static/js/uploads.js send them.

CHUNK = 64 * 1024
DOC = 1  # Giấy chứng sinh (the tờ khai, paper 0, is filled in online, not uploaded)


def documents_csrf(client, token):
    html = client.get(f"/nop/{token}/giay-to").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Uploader:
    """Speaks the protocol the way static/js/uploads.js does, CSRF header included."""

    def __init__(self, client, token):
        self.client, self.token = client, token
        self.headers = {"X-CSRFToken": documents_csrf(client, token)}

    def create(self, size, name="anh.jpg", doc=DOC):
        return self.client.post(
            f"/nop/{self.token}/tai-len", data={"doc": doc, "name": name, "size": size}, headers=self.headers
        )

    def put(self, upload_id, offset, data, token=None):
        return self.client.put(
            f"/nop/{token or self.token}/tai-len/{upload_id}?offset={offset}",
            data=data,
            headers={**self.headers, "Content-Type": "application/octet-stream"},
        )

    def status(self, upload_id, token=None):
        return self.client.get(f"/nop/{token or self.token}/tai-len/{upload_id}")

    def send(self, data, name="anh.jpg", doc=DOC):
        """Create and send every chunk in order; the last answer."""
        upload_id = self.create(len(data), name, doc).json["id"]
        for offset in range(0, len(data), CHUNK):
            response = self.put(upload_id, offset, data[offset : offset + CHUNK])
        return response


def draft_of(app, code, **answers):
    """A complete, phone-verified draft of `code` at commune 18073, with these answers changed."""
    with app.app_context(), db.connection_context():
        draft = make_draft(code=code, agency=commune_agency())
        draft.answers = {**draft.answers, **answers}
        draft.save()
        return draft


def citizen_on_a_draft(app, code=BIRTH):
    """A citizen whose complete draft of `code` is open in their browser."""
    citizen = Citizen(app)
    citizen.token = draft_of(app, code).token
    return citizen
