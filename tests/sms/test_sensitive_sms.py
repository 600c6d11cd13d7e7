"""SMS about a sensitive procedure name its field only: a shared phone's lock screen shows them to
anyone. Checked word by word at the two messages that name a procedure: the draft's resume link and
the confirmation of an online filing."""

from tests.factories import BIRTH, make_draft
from tests.walks import Citizen
from webapp.db import db
from webapp.links import external_url
from webapp.messaging.templates import sms_time
from webapp.models import Dossier, Draft, SmsMessage

DEATH = "1.000656"  # Thủ tục đăng ký khai tử: seeded as sensitive
PHONE = "+84913579246"


def last_sms(app, phone, template):
    with app.app_context(), db.connection_context():
        query = SmsMessage.select().where(SmsMessage.phone == phone, SmsMessage.template == template)
        return query.order_by(SmsMessage.id.desc()).get().body


def says_nothing_of_a_death(body):
    lower = body.lower()
    assert "khai tu" not in lower and "dang ky khai" not in lower and " tu " not in f" {lower} "


def resume_link_after_proving_the_phone(app, code):
    """A draft of `code` whose phone is proven by its SMS code; (the draft link SMS, its draft)."""
    citizen = Citizen(app)
    with app.app_context(), db.connection_context():
        citizen.token = make_draft(code=code, verified=False).token
    response = citizen.verify_phone(PHONE)
    assert response.status_code == 303
    with app.test_request_context(), db.connection_context():
        draft = Draft.get(Draft.token == citizen.token)
        url = external_url("filing.resume", token=draft.token)
    return last_sms(app, PHONE, "draft_link"), url, sms_time(draft.expires_at)[-10:]


def test_the_resume_link_of_a_death_registration_names_the_field(filing_app):
    body, url, expires = resume_link_after_proving_the_phone(filing_app, DEATH)
    assert body == f"MotCua: ho so nhap Thu tuc linh vuc Ho tich duoc luu. Tiep tuc tai {url} (het han {expires})."
    says_nothing_of_a_death(body)


def test_the_resume_link_of_a_birth_registration_keeps_its_name(filing_app):
    body, url, expires = resume_link_after_proving_the_phone(filing_app, BIRTH)
    assert body == f"MotCua: ho so nhap Thu tuc dang ky khai sinh duoc luu. Tiep tuc tai {url} (het han {expires})."


def submitted_sms(app, code):
    """The confirmation SMS of a draft of `code` filed online; (its body, the dossier)."""
    citizen = Citizen(app)
    with app.app_context(), db.connection_context():
        draft = make_draft(code=code, phone=PHONE)
        if code == DEATH:  # the factory's text does not fit the hour of death (hh:mm)
            draft.answers = {**draft.answers, "gio_chet": "08:30"}
            draft.save()
        citizen.token = draft.token
    assert citizen.submit().headers["Location"].endswith("/da-nop")
    with app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == draft.id)
        due = sms_time(dossier.expected_due_at)
    return last_sms(app, PHONE, "submitted"), dossier, due


def test_the_confirmation_of_a_death_registration_names_the_field(filing_app):
    body, dossier, due = submitted_sms(filing_app, DEATH)
    code = dossier.code
    assert (
        body
        == f"MotCua: da nhan ho so {code} (Thu tuc linh vuc Ho tich). Du kien tra ket qua {due}. Tra cuu: TRACUU {code}"
    )
    says_nothing_of_a_death(body)


def test_the_confirmation_of_a_birth_registration_keeps_its_name(filing_app):
    body, dossier, due = submitted_sms(filing_app, BIRTH)
    code = dossier.code
    assert (
        body
        == f"MotCua: da nhan ho so {code} (Thu tuc dang ky khai sinh). Du kien tra ket qua {due}. Tra cuu: TRACUU {code}"
    )
