"""The public statistics page: every figure checked against counts made here from the raw rows, for
several periods and units, including apologised dossiers (late) and paused supplements (not charged)."""

import csv
import datetime
import gzip
import io
import re
from zoneinfo import ZoneInfo

import pytest

from tests.factories import commune_agency, make_draft
from tests.pages import check_page
from tests.walks import ARRIVED, ASKED, HANDED_IN, RECEIVED, set_rules, supplement_history
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import Agency, Dossier, Unit
from webapp.workflow import reception
from webapp.workflow.intake import submit

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WARD, OTHER = "18073", "18100"


def utc(*parts):
    """A local Vietnamese moment as the naive UTC the database keeps."""
    return datetime.datetime(*parts, tzinfo=ZONE).astimezone(datetime.UTC).replace(tzinfo=None)


# (unit, channel, received, due, finished, apology's new date): a spread over 2026 and two wards.
HISTORY = [
    (WARD, "truc_tuyen", utc(2026, 1, 5, 9), utc(2026, 1, 9, 16), utc(2026, 1, 8, 10), None),  # early
    (WARD, "truc_tiep", utc(2026, 1, 20, 9), utc(2026, 1, 23, 16), utc(2026, 1, 23, 15), None),  # on the day
    (WARD, "truc_tuyen", utc(2026, 2, 2, 9), utc(2026, 2, 5, 16), utc(2026, 2, 10, 9), utc(2026, 2, 12, 16)),  # late
    (WARD, "truc_tuyen", utc(2026, 3, 31, 16), utc(2026, 4, 3, 16), utc(2026, 4, 2, 9), None),  # across a quarter
    (WARD, "truc_tiep", utc(2026, 7, 1, 9), utc(2026, 7, 6, 16), None, None),  # still open
    (OTHER, "truc_tuyen", utc(2026, 1, 12, 9), utc(2026, 1, 15, 16), utc(2026, 1, 16, 9), None),  # late
    (
        OTHER,
        "truc_tiep",
        utc(2026, 10, 1, 0, 30),
        utc(2026, 10, 6, 16),
        utc(2026, 10, 6, 8),
        None,
    ),  # just after midnight
]


@pytest.fixture
def history(filing_app):
    with filing_app.app_context(), db.connection_context():
        for unit, channel, received, due, finished, new_due in HISTORY:
            draft = make_draft(agency=commune_agency(unit))
            dossier = submit(draft, spec_of(draft))[0]
            Dossier.update(
                channel=channel, received_at=received, due_at=due, finished_at=finished, new_due_at=new_due
            ).where(Dossier.id == dossier.id).execute()
    return filing_app


def expected(app, start, end, unit=None):
    """The figures counted here from every dossier row, with plain Python and local dates."""
    with app.app_context(), db.connection_context():
        rows = list(Dossier.select(Dossier, Agency, Unit).join(Agency).join(Unit))
    day = lambda moment: moment.replace(tzinfo=datetime.UTC).astimezone(ZONE).date()  # noqa: E731
    mine = [d for d in rows if unit is None or d.agency.unit.code == unit]
    received = [d for d in mine if d.received_at and start <= day(d.received_at) <= end]
    resolved = [d for d in mine if d.finished_at and start <= day(d.finished_at) <= end]
    early = sum(day(d.finished_at) < day(d.due_at) for d in resolved)
    on_day = sum(day(d.finished_at) == day(d.due_at) for d in resolved)
    return {
        "received": len(received),
        "online": sum(d.channel == "truc_tuyen" for d in received),
        "resolved": len(resolved),
        "in_time": early + on_day,
        "late": len(resolved) - early - on_day,
    }


def shown(client, query):
    response = client.get(f"/thong-ke?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    soup = check_page(response.get_data(as_text=True))
    cells = {
        row.th.get_text(strip=True): row.find_all("td")[0].get_text(strip=True)
        for row in soup.select("#ho-so tbody tr")
    }
    return soup, {
        "received": int(cells["Tiếp nhận"]),
        "online": int(cells["Trong đó trực tuyến"]),
        "resolved": int(cells["Đã giải quyết"]),
        "in_time": int(cells["Trước hạn và đúng hạn"]),
        "late": int(cells["Quá hạn"]),
    }


PERIODS = [
    ("ky=thang&nam=2026&so=1", datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
    ("ky=quy&nam=2026&so=1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
    ("ky=quy&nam=2026&so=2", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
    ("ky=6thang&nam=2026", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
    ("ky=9thang&nam=2026", datetime.date(2026, 1, 1), datetime.date(2026, 9, 30)),
    ("ky=nam&nam=2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ("ky=tuy_chon&tu=15/01/2026&den=01/10/2026", datetime.date(2026, 1, 15), datetime.date(2026, 10, 1)),
]


@pytest.mark.parametrize("query, start, end", PERIODS)
@pytest.mark.parametrize("unit", [None, WARD, OTHER])
def test_every_figure_matches_the_rows_for_the_period_and_unit(history, query, start, end, unit):
    soup, figures = shown(history.test_client(), query + (f"&don_vi={unit}" if unit else ""))
    assert figures == expected(history, start, end, unit)


def test_the_sentence_says_the_same_counts_with_their_shares(history):
    soup, figures = shown(history.test_client(), f"ky=nam&nam=2026&don_vi={WARD}")
    want = expected(history, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), WARD)
    assert figures == want == {"received": 5, "online": 3, "resolved": 4, "in_time": 3, "late": 1}
    sentence = soup.find(id="cau-bao-cao").get_text(" ", strip=True)
    assert "năm 2026, Phường Thành Sen tiếp nhận 5 hồ sơ, trong đó 3 hồ sơ trực tuyến (60,0%)" in sentence
    assert "đã giải quyết 4 hồ sơ, trong đó 3 hồ sơ trước hạn và đúng hạn (75,0%)" in sentence


def test_an_apologised_dossier_still_counts_late(history):
    soup, figures = shown(history.test_client(), f"ky=thang&nam=2026&so=2&don_vi={WARD}")
    assert figures["late"] == 1 and figures["in_time"] == 0
    late_row = soup.select("#ho-so tbody tr")[-1].get_text(" ", strip=True)
    assert "đã xin lỗi, hẹn lại: 1" in late_row


def test_a_paused_supplement_is_not_charged_to_the_office(ctx):
    """Reception with a paused clock moves the due date by the paused working time, so a result signed
    after the unpaused date but before the paused one is on time."""
    draft = make_draft()
    dossier = set_rules(submit(draft, spec_of(draft))[0], "pause")
    dossier = supplement_history(dossier, ARRIVED, ASKED, HANDED_IN)
    due = reception.receive(dossier, {}, None, RECEIVED).changes["due_at"]
    finished = utc(2026, 5, 5, 10)  # after the unpaused due date (Mon 4/5 16:00), before the paused one
    Dossier.update(received_at=RECEIVED, due_at=due, finished_at=finished).where(Dossier.id == dossier.id).execute()
    soup, figures = shown(ctx.test_client(), "ky=thang&nam=2026&so=5")
    assert figures["resolved"] == 1 and figures["in_time"] == 1 and figures["late"] == 0


def test_a_period_without_dossiers_shows_zeros_and_says_why(filing_app):
    soup, figures = shown(filing_app.test_client(), "ky=thang&nam=2025&so=3")
    assert figures == {"received": 0, "online": 0, "resolved": 0, "in_time": 0, "late": 0}
    text = soup.get_text(" ", strip=True)
    assert "chưa tiếp nhận và chưa giải quyết hồ sơ nào" in text and "không có hồ sơ nào để tính" in text
    assert "—" in soup.find(id="ho-so").get_text()


@pytest.mark.parametrize(
    "query, field, words",
    [
        ("ky=tuy_chon&tu=05/09/2026&den=01/01/2026", "den", "Ngày kết thúc phải sau ngày bắt đầu"),
        ("ky=tuy_chon&tu=01/01/2001&den=01/01/2026", "tu", "tối đa 3 năm"),
        ("ky=tuy_chon&tu=31/02/2026&den=01/03/2026", "tu", "ngày/tháng/năm"),
        ("ky=quy&nam=2026&so=5", "so", "Quý phải từ 1 đến 4"),
        ("ky=nam&nam=99999", "nam", "Năm báo cáo không hợp lệ"),
        ("ky=nam&nam=2026&don_vi=nowhere", "don_vi", "Không có đơn vị này"),
    ],
)
def test_an_inverted_or_absurd_period_gets_a_message_next_to_its_field(filing_app, query, field, words):
    response = filing_app.test_client().get(f"/thong-ke?{query}")
    assert response.status_code == 400
    soup = check_page(response.get_data(as_text=True))
    assert words in soup.find(id=f"f-{field}-error").get_text()
    assert soup.find(id=f"f-{field}")["aria-invalid"] == "true"
    assert soup.find(id="error-summary") and not soup.find(id="ho-so")


def test_an_impossible_custom_date_is_refused_next_to_it_and_every_answer_is_kept(filing_app):
    query = f"ky=tuy_chon&nam=2025&so=7&tu=30/02/2026&den=15/03/2026&don_vi={WARD}"
    response = filing_app.test_client().get(f"/thong-ke?{query}")
    assert response.status_code == 400
    soup = check_page(response.get_data(as_text=True))
    start = soup.find("input", id="f-tu")
    assert start["aria-invalid"] == "true" and start["aria-describedby"] == "f-tu-error"
    assert "Nhập ngày bắt đầu theo dạng ngày/tháng/năm." in soup.find(id="f-tu-error").get_text()
    assert soup.find(id="error-summary").find("a", href="#f-tu")
    assert start["value"] == "30/02/2026"  # as typed, to correct
    assert soup.find("input", id="f-den")["value"] == "15/03/2026"
    assert soup.find("input", id="f-nam")["value"] == "2025" and soup.find("input", id="f-so")["value"] == "7"
    assert soup.select_one("#f-ky option[selected]")["value"] == "tuy_chon"
    assert soup.select_one("#f-don_vi option[selected]")["value"] == WARD
    for other in ("f-den", "f-nam", "f-so", "f-ky", "f-don_vi"):
        assert not soup.find(id=other).has_attr("aria-invalid"), other


def test_a_wrong_unit_and_a_wrong_period_are_both_shown_at_once(filing_app):
    response = filing_app.test_client().get("/thong-ke?ky=quy&nam=2026&so=5&don_vi=nowhere")
    assert response.status_code == 400
    soup = check_page(response.get_data(as_text=True))
    assert "Quý phải từ 1 đến 4" in soup.find(id="f-so-error").get_text()
    assert "Không có đơn vị này" in soup.find(id="f-don_vi-error").get_text()
    links = {a["href"] for a in soup.find(id="error-summary").find_all("a")}
    assert links == {"#f-so", "#f-don_vi"}


def test_an_unknown_period_kind_is_refused_next_to_the_kind(filing_app):
    response = filing_app.test_client().get("/thong-ke?ky=thang13&nam=2026")
    assert response.status_code == 400
    soup = check_page(response.get_data(as_text=True))
    assert "Vui lòng chọn kỳ báo cáo." in soup.find(id="f-ky-error").get_text()
    assert soup.find(id="f-nam")["value"] == "2026"


def test_without_a_question_the_page_shows_this_year_for_the_whole_province(filing_app):
    response = filing_app.test_client().get("/thong-ke")
    assert response.status_code in (200, 202)
    soup = check_page(response.get_data(as_text=True))
    assert soup.select_one("#f-ky option[selected]")["value"] == "nam"
    assert soup.find(id="f-nam")["value"] == str(datetime.date.today().year)
    assert soup.select_one("#f-don_vi option[selected]")["value"] == ""
    assert not soup.find(id="error-summary")


def test_procedures_are_counted_by_tier_and_online_class_with_their_share(filing_app):
    from webapp.models import Procedure

    soup, _ = shown(filing_app.test_client(), "ky=nam&nam=2026")
    with filing_app.app_context(), db.connection_context():
        procedures = list(Procedure.select())
    commune_full = sum(p.tier == "xa" and p.online_class == "toan_trinh" for p in procedures)
    row = next(r for r in soup.select("#thu-tuc tbody tr") if r.th.get_text(strip=True) == "Cấp xã")
    first = row.find_all("td")[0].get_text(strip=True)
    share = f"{100 * commune_full / len(procedures):.1f}".replace(".", ",")
    assert first == f"{commune_full} ({share}%)"


def test_the_page_with_its_charts_fits_the_14_kb_budget(history):
    response = history.test_client().get("/thong-ke?ky=nam&nam=2026")
    assert len(gzip.compress(response.data, 9)) <= 14_000
    soup = check_page(response.get_data(as_text=True))
    assert len(soup.select("figure.chart svg")) == 2
    for figure in soup.select("figure.chart"):
        assert figure.find("table"), "every chart has its figures as a table"
    assert re.search(r"\d", soup.select_one("figure.chart table td").get_text())


def test_the_exports_open_with_openpyxl_and_carry_the_pages_numbers(history):
    from openpyxl import load_workbook

    client = history.test_client()
    query = f"ky=nam&nam=2026&don_vi={WARD}"
    soup, figures = shown(client, query)
    assert soup.find("a", string="Excel (XLSX)")["href"].endswith(f"/thong-ke.xlsx?{query}")
    response = client.get(f"/thong-ke.xlsx?{query}")
    assert response.status_code == 200 and "thong-ke-20260101-20261231.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Hồ sơ", "Chỉ số 766", "Thủ tục", "Theo thủ tục"]
    sheet = book["Hồ sơ"]
    assert sheet["A1"].value == soup.find(id="cau-bao-cao").get_text(" ", strip=True)
    cells = {row[0]: row[1:] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert cells["Tiếp nhận"][0] == figures["received"] == 5
    assert cells["Trong đó trực tuyến"] == (3, 60.0)
    assert cells["Trước hạn và đúng hạn"] == (figures["in_time"], 75.0)
    assert cells["Quá hạn"][0] == figures["late"]
    per_procedure = list(book["Theo thủ tục"].iter_rows(min_row=2, values_only=True))
    assert sum(row[2] for row in per_procedure) == figures["received"]

    text = client.get(f"/thong-ke.csv?{query}").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Hồ sơ"] and ["Trong đó trực tuyến", "3", "60.0"] in rows
    assert client.get("/thong-ke.csv?ky=quy&nam=2026&so=9").status_code == 400


def test_the_demo_history_goes_through_the_workflow_and_the_sentence_matches_its_rows(filing_app):
    from webapp.models import Transition
    from webapp.seed.history import write_history

    with filing_app.test_request_context(), db.connection_context():
        filed = write_history(2)
        assert write_history(2) == 0  # once only
        dossiers = list(Dossier.select())
        steps = {t.action for t in Transition.select(Transition.action)}
    assert filed == len(dossiers) > 50
    assert {"tiep_nhan", "phan_cong", "trinh_ky", "phe_duyet", "tra_ket_qua"} <= steps
    assert {d.channel for d in dossiers} == {"truc_tuyen", "truc_tiep"}
    assert all(d.received_at is None or d.submitted_at <= d.received_at for d in dossiers)
    assert all(d.finished_at is None or d.received_at < d.finished_at for d in dossiers)
    today = datetime.date.today()
    start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    query = f"ky=tuy_chon&tu={start:%d/%m/%Y}&den={today:%d/%m/%Y}"
    soup, figures = shown(filing_app.test_client(), query)
    want = expected(filing_app, start, today)
    assert figures == want and want["received"] > 50 and want["resolved"] > 0
    sentence = soup.find(id="cau-bao-cao").get_text(" ", strip=True)
    assert f"tiếp nhận {want['received']} hồ sơ, trong đó {want['online']} hồ sơ trực tuyến" in sentence
    assert f"đã giải quyết {want['resolved']} hồ sơ, trong đó {want['in_time']} hồ sơ trước hạn" in sentence


def test_the_766_index_scores_each_group_from_the_recorded_data_with_its_formula(history):
    """Points = the group's weight × its measured share; checked here from rows made for the purpose."""
    from webapp.models import Attachment, Rating

    with history.app_context(), db.connection_context():
        ward = list(Dossier.select().join(Agency).join(Unit).where(Unit.code == WARD).order_by(Dossier.id))
        paid = [(ward[0], "truc_tuyen"), (ward[1], "truc_tiep"), (ward[2], "truc_tuyen")]
        for dossier, channel in paid:
            Dossier.update(paid_at=utc(2026, 3, 2, 9), payment_channel=channel).where(
                Dossier.id == dossier.id
            ).execute()
        for dossier, overall in ((ward[0], 3), (ward[1], 2), (ward[3], 1)):
            Rating.create(dossier=dossier.id, answers={}, overall=overall, channel="web", created_at=utc(2026, 5, 1))
        counter = [d for d in ward if d.channel == "truc_tiep"]
        Attachment.create(
            dossier=counter[0].id,
            document_index=0,
            original_name="a.pdf",
            stored_name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            digitised=True,
        )
        for dossier, e_result in ((ward[0], True), (ward[1], False)):
            Dossier.update(returned_at=utc(2026, 6, 1, 9), e_result=e_result).where(Dossier.id == dossier.id).execute()
    soup, figures = shown(history.test_client(), f"ky=nam&nam=2026&don_vi={WARD}")
    rows = {
        r.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in r.find_all("td")]
        for r in soup.select("#chi-so tbody tr")
    }
    assert rows["Tiến độ giải quyết"][:2] == ["3/4", "15/20"]  # 20 × 3/4
    assert rows["Dịch vụ công trực tuyến"][:2] == ["3/5", "7,2/12"]  # 12 × 3/5
    assert rows["Thanh toán trực tuyến"][:2] == ["2/3", "6,67/10"]
    assert rows["Mức độ hài lòng"][:2] == ["2/3", "12/18"]
    assert rows["Số hóa hồ sơ"][:2] == [
        f"1/{len(counter)}; 1/2",
        f"{round(22 * (1 / len(counter) + 0.5) / 2, 2):g}/22".replace(".", ","),
    ]
    assert "hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận" in rows["Dịch vụ công trực tuyến"][2]
    number = lambda text: float(text.split("/")[0].split(" ")[0].replace(",", "."))  # noqa: E731
    total = number(soup.find(id="tong-diem").get_text())
    assert total == pytest.approx(sum(number(v[1]) for v in rows.values()), abs=0.02)
    assert soup.find(id="cach-tinh-tong") is None  # every group had data: nothing to rescale


def index_rows(soup):
    """{group: (data, points)} of the 766 table."""
    return {
        r.th.get_text(strip=True): tuple(td.get_text(" ", strip=True) for td in r.find_all("td")[:2])
        for r in soup.select("#chi-so tbody tr")
    }


def test_a_period_without_data_scores_only_what_it_can_and_says_so(filing_app):
    """No dossier in the period: only the catalogue's publication can be scored; every other group says
    it has too little data instead of scoring 0, and the total is that one group brought to 100."""
    soup, _ = shown(filing_app.test_client(), "ky=thang&nam=2025&so=3")
    rows = index_rows(soup)
    assert rows["Tiến độ giải quyết"] == ("0/0", "Chưa đủ số liệu")
    assert rows["Mức độ hài lòng"] == ("0/0", "Chưa đủ số liệu")
    published, points = rows["Công khai, minh bạch"][1].split("/")
    assert points == "18"
    total = float(soup.find(id="tong-diem").get_text(strip=True).removesuffix("/100").replace(",", "."))
    assert total == pytest.approx(float(published.replace(",", ".")) * 100 / 18, abs=0.01)
    sentence = soup.find(id="cach-tinh-tong").get_text(" ", strip=True)
    assert sentence.startswith("Điểm tổng tính trên 18/100 điểm có số liệu, quy về thang 100")


def test_groups_without_data_are_left_out_of_the_total_which_is_rescaled(history):
    """The demo's usual case: dossiers, but no rating and no fee paid yet. Satisfaction and online
    payment are "chưa đủ số liệu", not 0, and the total is the other groups' points over their 72,
    on the scale of 100; the export says the same."""
    soup, _ = shown(history.test_client(), f"ky=nam&nam=2026&don_vi={WARD}")
    rows = index_rows(soup)
    assert rows["Mức độ hài lòng"] == ("0/0", "Chưa đủ số liệu")
    assert rows["Thanh toán trực tuyến"] == ("0/0", "Chưa đủ số liệu")
    assert rows["Tiến độ giải quyết"] == ("3/4", "15/20")
    assert rows["Số hóa hồ sơ"] == ("0/2; 0/0", "0/22")  # scored on the half that has data
    number = lambda text: float(text.split("/")[0].replace(",", "."))  # noqa: E731
    scored = sum(number(points) for _data, points in rows.values() if points != "Chưa đủ số liệu")
    assert number(soup.find(id="tong-diem").get_text()) == pytest.approx(scored * 100 / 72, abs=0.01)
    sentence = soup.find(id="cach-tinh-tong").get_text(" ", strip=True)
    assert sentence.startswith("Điểm tổng tính trên 72/100 điểm có số liệu, quy về thang 100")
    text = history.test_client().get(f"/thong-ke.csv?ky=nam&nam=2026&don_vi={WARD}").data.decode("utf-8-sig")
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(text)) if row}
    assert rows["Mức độ hài lòng"][:3] == ["0/0", "Chưa đủ số liệu", "18"]
    assert rows["Tổng"] == ["", str(round(scored * 100 / 72, 2)), "100", sentence]


def test_a_long_period_is_computed_by_a_job_while_the_page_says_so_and_reloads(tmp_path):
    from tests.apps import bind, make_app, migrated_and_seeded
    from webapp.jobs import huey

    app = migrated_and_seeded(bind(make_app(tmp_path, "long_reports", HUEY_IMMEDIATE=False)))
    huey.flush()
    try:
        _long_period_through_the_queue(app.test_client(), huey)
    finally:
        huey.immediate = True  # as the test configuration has it, for the tests that follow


def _long_period_through_the_queue(client, huey):
    waiting = client.get("/thong-ke?ky=nam&nam=2026")
    assert waiting.status_code == 202
    soup = check_page(waiting.get_data(as_text=True))
    assert "Đang tính số liệu cho năm 2026" in soup.find(id="dang-tinh").get_text()
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "3"
    assert client.get("/thong-ke?ky=nam&nam=2026").status_code == 202
    assert client.get("/thong-ke.xlsx?ky=nam&nam=2026").status_code == 202
    assert huey.pending_count() == 1  # asked once, however often the page reloads
    huey.execute(huey.dequeue())
    ready = client.get("/thong-ke?ky=nam&nam=2026")
    assert ready.status_code == 200
    assert "Trong năm 2026, toàn tỉnh chưa tiếp nhận" in check_page(ready.get_data(as_text=True)).get_text()
    assert client.get("/thong-ke?ky=thang&nam=2026&so=3").status_code == 200  # a month is computed at once


def test_the_catalogue_sentence_counts_procedures_by_online_class_and_tier(filing_app):
    from webapp.models import Procedure

    soup, _ = shown(filing_app.test_client(), "ky=nam&nam=2026")
    with filing_app.app_context(), db.connection_context():
        procedures = list(Procedure.select())
    full = [p for p in procedures if p.online_class == "toan_trinh"]
    commune_full = sum(p.tier == "xa" for p in full)
    share = f"{100 * len(full) / len(procedures):.1f}".replace(".", ",")
    sentence = soup.find(id="cau-thu-tuc").get_text(" ", strip=True)
    assert sentence.startswith(f"Danh mục có {len(procedures)} thủ tục:")
    assert f"{len(full)} thủ tục dịch vụ công trực tuyến toàn trình (cấp xã {commune_full}) = {share}%" in sentence
