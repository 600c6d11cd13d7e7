"""The dossier's fee panel says "phí, lệ phí": a claimed exemption may cover copies (phí) as well."""

from tests.backoffice.test_dossier_page import birth_dossier, dossier_page, section
from tests.staff_login import officer
from webapp.db import db
from webapp.models import Dossier


def test_the_fee_panel_names_an_exemption_from_phi_le_phi(filing_app):
    dossier = birth_dossier(filing_app)
    with filing_app.app_context(), db.connection_context():
        Dossier.update(fee_amount=0, fee_exemption="Người thuộc hộ nghèo").where(Dossier.id == dossier.id).execute()
    panel = section(dossier_page(officer(filing_app, "mc.mienpl"), dossier), "fee-title")
    assert panel.find("h2").get_text(strip=True) == "Phí, lệ phí"
    terms = [dt.get_text(strip=True) for dt in panel.find_all("dt")]
    assert "Được miễn phí, lệ phí" in terms and "Miễn lệ phí" not in terms
