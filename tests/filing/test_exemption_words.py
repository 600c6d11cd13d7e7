"""An exemption may cover a phí (copies of an extract, certification), not only a lệ phí: the check page,
the counter and the dossier page say "miễn phí, lệ phí", never "miễn lệ phí" alone."""

from tests.pages import check_page
from tests.staff_login import officer
from tests.walks import COUNTER, Citizen, agency_id, draft_of

EXTRACT = "2.000635"  # copies of an extract: a phí its exemptions cover


def test_the_check_page_offers_an_exemption_from_phi_le_phi(filing_app):
    citizen = Citizen(filing_app)
    page = citizen.page(f"/nop/{draft_of(filing_app, EXTRACT, so_ban_sao=2).token}/kiem-tra")
    label = page.find("label", attrs={"for": "mien_phi"}).get_text(" ", strip=True)
    assert label.startswith("Đối tượng được miễn phí, lệ phí")
    proof = page.find("label", attrs={"for": "f-giay_mien_phi"})
    assert proof is None or "miễn phí, lệ phí" in proof.get_text()
    assert "miễn lệ phí" not in page.get_text().lower()


def test_the_counter_offers_an_exemption_from_phi_le_phi(filing_app):
    client = officer(filing_app, "mc.mienphi")
    response = client.get(f"{COUNTER}?co_quan={agency_id(filing_app)}&thu_tuc={EXTRACT}")
    page = check_page(response.get_data(as_text=True))
    field = page.find(attrs={"name": "mien_phi"})
    assert field is not None
    label = page.find("label", attrs={"for": field["id"]}).get_text(" ", strip=True)
    assert label.startswith("Đối tượng được miễn phí, lệ phí")
    assert "miễn lệ phí" not in page.get_text().lower()
