"""The demo citizens' seeded birth registrations say what their identity says: the applicant's own
fields and the parent's page copied from them, and the dossier keeps only the claims its form used."""

from webapp.db import db
from webapp.identity.citizen import demo_citizens, subject_key
from webapp.models import Dossier, Draft


def test_a_seeded_citizen_dossier_agrees_with_her_identity(filing_app):
    result = filing_app.test_cli_runner().invoke(args=["seed", "--demo-dossiers"])
    assert result.exit_code == 0, result.output
    lan = demo_citizens()[0]
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.citizen_key == subject_key(lan["sub"]))
        draft = Draft.get_by_id(dossier.draft_id)
    answers = dossier.answers
    assert answers["ho_ten"] == lan["name"] == "Nguyễn Thị Lan"
    assert answers["ngay_sinh"] == "12/04/1995", "her date of birth, not a sample one"
    assert (answers["me_ho_ten"], answers["me_nam_sinh"]) == ("Nguyễn Thị Lan", 1995)
    assert answers["me_so_giay_to"] == answers["so_giay_to"] == dossier.identity["id_number"]
    assert dossier.identity["birthdate"] == "1995-04-12"
    assert "sex" not in dossier.identity, "the claims the birth form uses, not her whole identity"
    assert draft.identity is None
