"""Offline filing as the server hands it out: the hooks the device script needs, in every page of the
flow, translated, small, and a replayed submission that never makes a second dossier."""

import gzip
import re

from tests.factories import make_draft, posted_value
from tests.walks import SMS_AGREED
from webapp.db import db
from webapp.models import Dossier, Draft, SmsMessage

SCRIPT = re.compile(r"^/static/js/filing-offline\.js\?v=\w{12}$")
NOTES = ("restored", "nostore", "waiting", "stuck")


def ready_draft(app):
    with app.app_context(), db.connection_context():
        return make_draft()


def test_a_step_page_names_its_draft_its_next_page_and_its_notes(citizen):
    citizen.start()
    soup = citizen.page(f"/nop/{citizen.token}/buoc/1")
    note = soup.find(id="mc-note")
    assert note.has_attr("hidden") and note["role"] == "status" and not note.get_text(strip=True)
    assert note["data-token"] == citizen.token
    assert note["data-next"] == f"/nop/{citizen.token}/buoc/2"
    assert note["data-waiting"].startswith("Đang chờ gửi")
    assert all(note[f"data-{name}"] for name in NOTES)
    assert soup.find("form", attrs={"data-offline": True}).find("input", attrs={"name": "csrf_token"})
    assert soup.find("script", src=SCRIPT).has_attr("defer")


def test_a_change_from_the_check_page_prefetches_the_check_page(citizen):
    citizen.start()
    soup = citizen.page(f"/nop/{citizen.token}/buoc/2?sau=kiem-tra")
    assert soup.find(id="mc-note")["data-next"] == f"/nop/{citizen.token}/kiem-tra"


def test_the_last_step_prefetches_the_documents_page(citizen):
    citizen.start()
    last = len(citizen.spec().steps)
    assert citizen.page(f"/nop/{citizen.token}/buoc/{last}").find(id="mc-note")["data-next"].endswith("/giay-to")


def test_the_notes_go_through_the_catalogue():
    """Strings the script shows come from the page, so they are translated with the page's own."""
    from webapp.config import ROOT

    source = (ROOT / "templates/filing/_offline.html").read_text()
    for name in NOTES:
        assert re.search(rf"data-{name}=\"{{{{ _\('[^']+'\) }}}}\"", source), name


def test_the_submit_form_goes_to_the_outbox_with_its_idempotency_key(citizen, filing_app):
    draft = ready_draft(filing_app)
    soup = citizen.page(f"/nop/{draft.token}/kiem-tra")
    form = soup.find("form", attrs={"data-submit": True})
    assert form.has_attr("data-offline") and form["action"] == f"/nop/{draft.token}/gui"
    assert form.find("input", attrs={"name": "idempotency_key"})["value"] == draft.idempotency_key
    note = soup.find(id="mc-note")
    assert note["data-token"] == draft.token and not note.has_attr("data-next")
    assert soup.find("script", src=SCRIPT)


def test_the_confirmation_tells_the_device_to_forget_the_draft(citizen, filing_app):
    draft = ready_draft(filing_app)
    citizen.post(f"/nop/{draft.token}/gui", {"idempotency_key": draft.idempotency_key})
    soup = citizen.page(f"/nop/{draft.token}/da-nop")
    note = soup.find(id="mc-note")
    assert note["data-token"] == draft.token and note.has_attr("data-done") and note.has_attr("hidden")
    assert soup.find("script", src=SCRIPT)


def test_a_replay_from_the_outbox_after_the_dossier_exists_gets_its_confirmation(citizen, filing_app):
    """The device sends the stored POST (old CSRF token, same key) long after it went through."""
    draft = ready_draft(filing_app)
    form = {"idempotency_key": draft.idempotency_key, **SMS_AGREED}
    first = citizen.post(f"/nop/{draft.token}/gui", form)
    replay = citizen.post(f"/nop/{draft.token}/gui", form, follow_redirects=True)
    assert first.headers["Location"] == f"/nop/{draft.token}/da-nop"
    assert replay.status_code == 200 and replay.request.path == f"/nop/{draft.token}/da-nop"
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == Draft.get(Draft.token == draft.token))
        assert dossier.code in replay.get_data(as_text=True)
        assert Dossier.select().where(Dossier.draft == dossier.draft).count() == 1
        assert (
            SmsMessage.select().where(SmsMessage.template == "submitted", SmsMessage.phone == draft.phone).count() == 1
        )


def test_queued_steps_replayed_in_order_then_the_submission_make_one_dossier(citizen, filing_app):
    """What the outbox sends when the link is back: every step again, then the submission, twice."""
    draft = ready_draft(filing_app)
    citizen.token = draft.token
    for _ in range(2):
        for number, step in enumerate(citizen.spec().steps, 1):
            assert citizen.post(
                f"/nop/{draft.token}/buoc/{number}", {f.name: posted_value(f) for f in step.fields}
            ).status_code in (200, 303)
        assert citizen.post(f"/nop/{draft.token}/gui", {"idempotency_key": draft.idempotency_key}).status_code == 303
    with filing_app.app_context(), db.connection_context():
        assert Dossier.select().join(Draft).where(Draft.token == draft.token).count() == 1


def test_the_worker_imports_the_outbox_and_answers_draft_pages_from_their_own_cache(client):
    source = client.get("/sw.js").get_data(as_text=True)
    shell = re.search(r'"shell": (\[[^\]]*\])', source).group(1)
    assert re.search(r"/static/js/filing-offline\.js\?v=\w{12}", shell)
    assert 'importScripts(SETTINGS.shell.find((url) => url.includes("/js/filing-offline.js")));' in source
    draft_page = re.compile(re.search(r"const DRAFT_PAGE = /(.+)/;", source).group(1))
    assert draft_page.match("/nop/abc_-9/buoc/2").group(1) == "abc_-9"
    assert not draft_page.match("/thu-tuc/1.001193/nop-truc-tuyen")
    assert '"motcua-draft-" + token' in source


def test_the_script_stays_small(app):
    from webapp.config import ROOT

    assert len(gzip.compress((ROOT / "static/js/filing-offline.js").read_bytes(), 9)) < 3_500


def test_filing_pages_with_the_offline_hooks_stay_within_14000_bytes(citizen, filing_app):
    draft = ready_draft(filing_app)
    urls = [f"/nop/{draft.token}/buoc/{n}" for n in (1, 2, 3)] + [f"/nop/{draft.token}/kiem-tra"]
    for url in urls:
        assert len(gzip.compress(citizen.client.get(url).data, 9)) <= 14_000, url
