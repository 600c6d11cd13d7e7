"""An anonymised dossier in the back office: its page still opens, its removed files are a 404."""

from tests.pages import check_page
from tests.retention.helpers import NOW, closed_dossier, days_ago
from tests.staff_login import officer
from webapp.db import db
from webapp.models import Attachment
from webapp.retention import sweep


def test_the_officer_still_opens_the_dossier_and_its_removed_files_are_gone(filing_app):
    with filing_app.test_request_context(), db.connection_context():
        dossier = closed_dossier(days_ago(4000))
        name = dossier.applicant_name
        files = [a.id for a in Attachment.select().where(Attachment.dossier == dossier.id)]
    client = officer(filing_app, "mc.luutru", role="mot_cua")
    url = f"/can-bo/ho-so/{dossier.code}"
    assert client.get(f"{url}/tep/{files[0]}").status_code == 200
    assert check_page(client.get(url).get_data(as_text=True)).get_text().count(name) > 1
    with filing_app.test_request_context(), db.connection_context():
        sweep.run(NOW)
    page = check_page(client.get(url).get_data(as_text=True))
    # Left: the filing step's actor in the history, an append-only audit row (docs/retention.md).
    assert dossier.code in page.get_text() and page.get_text().count(name) == 1
    assert f"{name} (Công dân)" in page.get_text()
    for attachment_id in files:
        assert client.get(f"{url}/tep/{attachment_id}").status_code == 404
