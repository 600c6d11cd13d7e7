"""Issue 22 at filing: the privacy notice is one link away on every page of the flow, optional fields
say so and why, and the optional SMS are sent only after the unticked box was ticked, the answer kept
as a Consent row with its time and wording."""

from tests.factories import random_phone
from tests.walks import SMS_AGREED
from webapp.db import db
from webapp.dossiers.consent import NOTICE_VERSION
from webapp.models import Consent, Dossier, Draft, SmsMessage

NOTICE = "/quyen-rieng-tu"
BOX = "tin_nhan"


def links_notice(soup):
    return soup.select_one(f'main a[href="{NOTICE}"]') is not None


def walk_to_check(citizen):
    """Every page from the start to the check page, each as the citizen saw it: [(url, soup)]."""
    seen = [(url, citizen.page(url)) for url in ("/thu-tuc/1.001193/nop-truc-tuyen",)]
    citizen.start()
    token = citizen.token
    for number in range(1, len(citizen.spec().steps) + 1):
        seen.append((f"/nop/{token}/buoc/{number}", citizen.page(f"/nop/{token}/buoc/{number}")))
    citizen.fill_steps()
    seen.append((f"/nop/{token}/giay-to", citizen.page(f"/nop/{token}/giay-to")))
    citizen.post(f"/nop/{token}/giay-to", {"action": "continue"})
    seen.append((f"/nop/{token}/dien-thoai", citizen.page(f"/nop/{token}/dien-thoai")))
    citizen.verify_phone(random_phone())
    seen.append((f"/nop/{token}/nhan-ket-qua", citizen.page(f"/nop/{token}/nhan-ket-qua")))
    seen.append((f"/nop/{token}/kiem-tra", citizen.page(f"/nop/{token}/kiem-tra")))
    return seen


def sent(app, token, template):
    with app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == Draft.get(Draft.token == token).id)
        return SmsMessage.select().where(SmsMessage.dossier == dossier.id, SmsMessage.template == template).count()


def consents(app, token):
    with app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == Draft.get(Draft.token == token).id)
        rows = list(Consent.select().where(Consent.dossier == dossier.id))
        return dossier, rows


def test_every_page_of_the_flow_links_the_privacy_notice(citizen):
    pages = walk_to_check(citizen)
    assert len(pages) >= 6
    for url, soup in pages:
        assert links_notice(soup), f"{url} does not link the privacy notice"
        assert soup.select_one(f'footer a[href="{NOTICE}"]'), url


def test_the_sms_box_is_unticked_and_says_what_it_is_for(citizen):
    check = walk_to_check(citizen)[-1][1]
    box = check.find("input", attrs={"name": BOX})
    assert box["type"] == "checkbox" and not box.has_attr("checked")
    label = check.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
    assert label == "Nhận tin nhắn thông báo về hồ sơ (không bắt buộc)"
    purpose = check.find(id=box["aria-describedby"]).get_text(" ")
    assert "mời đánh giá" in purpose and "HUY" in purpose
    assert box.find_parent("form")["action"] == f"/nop/{citizen.token}/gui"


def test_filing_without_ticking_sends_no_optional_sms_and_records_not_given(citizen, filing_app):
    walk_to_check(citizen)
    assert citizen.post(f"/nop/{citizen.token}/gui").headers["Location"].endswith("/da-nop")
    dossier, [row] = consents(filing_app, citizen.token)
    assert dossier.reminders_consent is False and sent(filing_app, citizen.token, "submitted") == 0
    assert (row.given, row.channel, row.text_version) == (False, "web", NOTICE_VERSION)
    assert row.phone == dossier.applicant_phone and row.at is not None
    assert abs((row.at - dossier.submitted_at).total_seconds()) < 60
    done = citizen.page(f"/nop/{citizen.token}/da-nop")
    assert "không gửi tin xác nhận" in done.find(id="khong-nhan-tin").get_text()
    assert "Chúng tôi đã gửi tin nhắn" not in done.get_text()


def test_filing_with_the_box_ticked_records_consent_and_sends_the_confirmation(citizen, filing_app):
    walk_to_check(citizen)
    citizen.submit()
    dossier, [row] = consents(filing_app, citizen.token)
    assert row.given is True and dossier.reminders_consent is True
    assert sent(filing_app, citizen.token, "submitted") == 1
    assert "Chúng tôi đã gửi tin nhắn" in citizen.page(f"/nop/{citizen.token}/da-nop").get_text()


def test_a_retried_submission_records_the_answer_once(citizen, filing_app):
    walk_to_check(citizen)
    citizen.post(f"/nop/{citizen.token}/gui", SMS_AGREED)
    citizen.post(f"/nop/{citizen.token}/gui")  # a retried POST, the box lost: the same dossier, the same answer
    dossier, rows = consents(filing_app, citizen.token)
    assert len(rows) == 1 and dossier.reminders_consent is True


def test_optional_fields_say_so_and_contact_ones_say_why(citizen):
    citizen.start()
    contact = 0
    for number, step in enumerate(citizen.spec().steps, 1):
        soup = citizen.page(f"/nop/{citizen.token}/buoc/{number}")
        for field in step.fields:
            label = soup.find("label", attrs={"for": f"f-{field.name}"}) or soup.find(id=f"f-{field.name}")
            text = label.get_text(" ") if label else ""
            if field.type in ("checkbox", "radio"):
                continue
            assert ("không bắt buộc" in text) == (not field.required), (field.name, text)
            if not field.required and field.type in ("email", "phone"):
                hint = soup.find(id=f"f-{field.name}-help").get_text()
                assert "liên hệ" in hint and "không dùng vào việc khác" in hint
                contact += 1
    assert contact  # the birth registration asks for an e-mail it does not need
