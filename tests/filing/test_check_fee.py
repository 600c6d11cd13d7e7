"""The fee on the check page is the one the dossier records: the same function counts both, each charge
with its breakdown, and "miễn" only where the rule set says so."""

import re

import pytest

from tests.factories import BIRTH
from tests.walks import Citizen, draft_of
from webapp.db import db
from webapp.formatting import money
from webapp.models import Dossier

EXTRACT, CERTIFY, MARITAL = "2.000635", "2.000815", "1.004873"


def fee_section(citizen, draft):
    return citizen.page(f"/nop/{draft.token}/kiem-tra").find(id="le-phi")


def shown_total(section):
    """What the page says is due: the total line when there are several charges, else the one charge."""
    total = section.find(string=lambda s: s.startswith("Tổng cộng"))
    amount = (total.parent if total else section.p).find("strong").get_text()
    return "0 đồng" if amount == "không thu" else amount


def test_extract_copies_asked_for_with_a_birth_are_charged_with_their_breakdown(filing_app):
    citizen = Citizen(filing_app)
    section = fee_section(citizen, draft_of(filing_app, BIRTH, so_ban_sao=2))
    lines = [re.sub(r"\s+([.,:])", r"\1", " ".join(p.get_text(" ").split())) for p in section.find_all("p")]
    assert lines == [
        "Lệ phí đăng ký khai sinh: không thu.",
        "Không thu khi đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh); đăng ký quá hạn nộp lệ phí trực tuyến"
        " theo mức HĐND tỉnh quy định.",
        "Phí cấp bản sao trích lục khai sinh: 16.000 đồng (2 bản × 8.000 đồng).",
        "Phí cấp bản sao trích lục 8.000 đồng một bản (Thông tư 281/2016/TT-BTC), chỉ khi đề nghị cấp bản sao.",
        "Tổng cộng: 16.000 đồng, nộp trước khi nhận kết quả.",
    ]
    assert "Miễn" not in section.get_text()  # the rule set exempts nothing here


def test_no_exemption_is_offered_that_would_not_make_anything_cheaper(filing_app):
    citizen = Citizen(filing_app)
    # The birth's exemptions cover its lệ phí, free anyway on time; the copies' phí is not exempted.
    page = citizen.page(f"/nop/{draft_of(filing_app, BIRTH, so_ban_sao=2).token}/kiem-tra")
    assert page.find(id="mien_phi") is None
    response = citizen.post(
        f"/nop/{draft_of(filing_app, BIRTH, so_ban_sao=2).token}/gui", {"mien_phi": "Đăng ký khai sinh đúng hạn."}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/kiem-tra")  # asked again
    extract = citizen.page(f"/nop/{draft_of(filing_app, EXTRACT, so_ban_sao=2).token}/kiem-tra")
    assert len(extract.select("#mien_phi option")) == 4  # "none" and the three groups the rule set names


@pytest.mark.parametrize(
    "code, answers",
    [
        (BIRTH, {"so_ban_sao": 2}),
        (BIRTH, {"so_ban_sao": 0}),
        (BIRTH, {"so_ban_sao": ""}),  # left empty
        (EXTRACT, {"so_ban_sao": 3}),
        (CERTIFY, {"so_trang": 3, "so_ban_sao": 2}),
        (MARITAL, {}),
    ],
)
def test_the_fee_shown_before_submitting_is_the_fee_the_dossier_records(filing_app, code, answers):
    citizen = Citizen(filing_app)
    draft = draft_of(filing_app, code, **answers)
    shown = shown_total(fee_section(citizen, draft))
    assert citizen.post(f"/nop/{draft.token}/gui").status_code == 303
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == draft.id)
    assert shown == money(dossier.fee_amount)
    done = citizen.page(f"/nop/{draft.token}/da-nop").get_text(" ")
    assert (f"Phí, lệ phí {shown}: chưa nộp." in done) == bool(dossier.fee_amount)


def test_the_birth_dossier_records_the_copies_due_before_the_result(filing_app):
    citizen = Citizen(filing_app)
    draft = draft_of(filing_app, BIRTH, so_ban_sao=2)
    citizen.post(f"/nop/{draft.token}/gui")
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == draft.id)
    assert (dossier.fee_amount, dossier.fee_point, dossier.fee_exemption) == (16000, "truoc_tra_ket_qua", "")
