"""The officer's queues: due soon and overdue by the working calendar, time left in words, search, masking."""

import datetime
from urllib.parse import quote_plus

import pytest

from tests.apps import QueryCounter
from tests.codes import as_people_type
from tests.pages import check_page
from tests.staff_login import officer
from webapp.backoffice import services
from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import WorkingCalendar, to_local, to_utc, working_hours_between
from webapp.db import db
from webapp.dossiers import timing
from webapp.models import Dossier
from webapp.models.dossier import utcnow

# Monday 30/11/2026, 09:00 in Hà Tĩnh: an ordinary week (no holiday from Fri 27/11 to Wed 2/12).
MONDAY_9 = datetime.datetime(2026, 11, 30, 9, 0)


def local(*parts):
    return datetime.datetime(2026, *parts)


def test_working_hours_between_counts_office_periods_only():
    calendar = WorkingCalendar({})
    assert working_hours_between(local(11, 30, 9), local(11, 30, 17), calendar) == 6  # lunch 11:30–13:30 is free
    assert working_hours_between(local(11, 27, 15), local(11, 30, 9), calendar) == 4  # the weekend is free
    assert working_hours_between(local(11, 30, 17), local(11, 30, 9), calendar) == 0
    start = local(11, 27, 10, 15)
    assert working_hours_between(start, calendar.add_working_hours(start, 19.5), calendar) == 19.5


def test_working_span_in_vietnamese(app):
    with app.test_request_context():
        assert timing.working_span(11) == "1 ngày 3 giờ"
        assert timing.working_span(16) == "2 ngày"
        assert timing.working_span(5.9) == "5 giờ"


@pytest.fixture
def staff(ctx):
    from webapp.identity.services import create_staff

    return create_staff("cv.hangdoi", "chuyen_vien", ("18073",), "Trần Thị Bình", "mat-khau-dung-1")


def dossier_due(due_local, status="dang_xu_ly", **columns):
    """A dossier of Thành Sen in `status`, due at `due_local` (Hà Tĩnh wall-clock)."""
    from tests.factories import make_draft
    from webapp.dossiers.drafts import spec_of
    from webapp.workflow.intake import submit

    draft = make_draft()
    dossier = submit(draft, spec_of(draft))[0]
    Dossier.update(status=status, due_at=to_utc(due_local), **columns).where(Dossier.id == dossier.id).execute()
    return Dossier.get_by_id(dossier.id)


def codes(staff, key, now=MONDAY_9, **options):
    return [d.code for d in services.queue(staff, key, now=to_utc(now), **options)]


def test_due_soon_is_one_working_day_or_less_and_overdue_is_past_the_due_date(staff):
    tomorrow_9 = dossier_due(local(12, 1, 9))  # exactly 8 working hours left
    tomorrow_10 = dossier_due(local(12, 1, 10))  # 9 left
    this_morning = dossier_due(local(11, 30, 8))  # 1 working hour ago, still its due date: đúng hạn if done today
    friday = dossier_due(local(11, 27, 17), status="cho_phe_duyet")
    closed = dossier_due(local(11, 27, 17), status="da_tra_ket_qua")
    assert codes(staff, "sap-den-han") == [this_morning.code, tomorrow_9.code]  # soonest due first
    assert codes(staff, "qua-han") == [friday.code]
    assert timing.time_left(friday, to_utc(MONDAY_9)) == "quá hạn 2 giờ"
    assert closed.code not in codes(staff, "qua-han") and tomorrow_10.code not in codes(staff, "qua-han")


def test_the_weekend_does_not_count_towards_the_time_left(staff):
    monday_15 = dossier_due(local(11, 30, 15))
    friday_3pm = local(11, 27, 15)
    assert codes(staff, "sap-den-han", now=friday_3pm) == [monday_15.code]  # 2 h Friday + 6 h Monday
    assert timing.time_left(monday_15, to_utc(friday_3pm)) == "còn 1 ngày làm việc"


def test_time_left_in_words(staff):
    now = to_utc(MONDAY_9)
    assert timing.time_left(dossier_due(local(12, 1, 14)), now) == "còn 1 ngày 3 giờ làm việc"
    assert timing.time_left(dossier_due(local(11, 26, 9)), now) == "quá hạn 2 ngày"
    assert timing.time_left(dossier_due(local(11, 30, 8, 30)), now) == "hạn trả hôm nay"
    assert timing.time_left(dossier_due(local(11, 27, 16, 45)), to_utc(local(11, 30, 7, 15))) == "vừa quá hạn"
    assert timing.time_left(dossier_due(local(11, 30, 9, 40)), now) == "còn dưới 1 giờ làm việc"


def make(app, due_local, status="dang_xu_ly", **columns):
    with app.app_context(), db.connection_context():
        return dossier_due(due_local, status, **columns)


def row_of(client, url, code):
    soup = check_page(client.get(url).get_data(as_text=True))
    link = soup.find("a", string=code)
    return link.find_parent("tr").get_text(" ", strip=True) if link else None


def test_each_row_shows_the_working_time_left_or_how_late_it_is(filing_app):
    with filing_app.app_context(), db.connection_context():
        calendar = current_calendar()
        start = calendar.next_period_start(to_local(utcnow()))
        soon_due = calendar.add_working_hours(start, 11 + 5 / 60)  # a few minutes' margin for the test's own run
    soon = make(filing_app, soon_due)
    late = make(filing_app, to_local(utcnow()) - datetime.timedelta(days=40))
    desk = officer(filing_app, "mc.hangdoi")
    assert "còn 1 ngày 3 giờ làm việc" in row_of(desk, "/can-bo/ho-so?hang=dang-xu-ly", soon.code)
    late_row = row_of(desk, "/can-bo/ho-so?hang=qua-han", late.code)
    assert "quá hạn" in late_row and " ngày" in late_row
    assert row_of(desk, "/can-bo/ho-so?hang=qua-han", soon.code) is None
    other = officer(filing_app, "mc.khac.hangdoi", unit="18100")
    assert row_of(other, "/can-bo/ho-so?hang=qua-han", late.code) is None


def test_search_by_phone_and_the_cccd_is_masked(filing_app):
    wanted = make(filing_app, local(12, 1, 9), applicant_phone="+84987654321")
    other = make(filing_app, local(12, 1, 9), applicant_phone="+84912000111")
    desk = officer(filing_app, "mc.timkiem")
    url = "/can-bo/ho-so?hang=dang-xu-ly&q=0987+654+321"
    row = row_of(desk, url, wanted.code)
    assert row_of(desk, url, other.code) is None
    assert "042095001234" not in row and "•••••••••234" in row


def test_search_finds_a_whole_code_typed_without_its_dot_or_with_spaces(filing_app):
    wanted = make(filing_app, local(12, 1, 9))
    desk = officer(filing_app, "mc.timma")
    for typed in as_people_type(wanted.code):
        assert row_of(desk, f"/can-bo/ho-so?hang=dang-xu-ly&q={quote_plus(typed)}", wanted.code), typed


def test_search_with_a_nul_or_other_control_character_reads_it_as_a_space(filing_app):
    wanted = make(filing_app, local(12, 1, 9))
    desk = officer(filing_app, "mc.timnul")
    assert row_of(desk, f"/can-bo/ho-so?hang=dang-xu-ly&q={quote_plus(wanted.code)}%00", wanted.code)
    assert desk.get("/can-bo/ho-so?hang=cho-phe-duyet&q=%00%1F").status_code == 200


# The session's account, then per list or count its units and its rows: the list, one grouped count of
# the tabs by status, the overdue and due-soon tabs, a specialist's own tab, "của tôi" where offered.
QUEUE_PAGE_QUERIES = 16


def queries_for(app, client, url):
    with QueryCounter(app.extensions["database"]) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_the_queue_costs_the_same_queries_for_one_row_or_many(filing_app):
    from webapp.identity.services import create_staff

    url = "/can-bo/ho-so?hang=dang-xu-ly"
    desk = officer(filing_app, "mc.dem")
    with filing_app.app_context(), db.connection_context():
        first = create_staff("cv.dem0", "chuyen_vien", ("18073",), "Chuyên Viên Không", "mat-khau-dung-1")
    make(filing_app, local(12, 1, 9), assignee=first.id)
    desk.get(url)  # warm the calendar cache
    one = queries_for(filing_app, desk, url)
    for n in range(1, 5):
        with filing_app.app_context(), db.connection_context():
            specialist = create_staff(f"cv.dem{n}", "chuyen_vien", ("18073",), f"Chuyên Viên {n}", "mat-khau-dung-1")
        make(filing_app, local(12, 1, 9 + n), assignee=specialist.id)
    page = check_page(desk.get(url).get_data(as_text=True))
    assert len(page.select("tbody tr")) == 5 and "Chuyên Viên 4" in page.get_text()
    assert 0 < queries_for(filing_app, desk, url) == one <= QUEUE_PAGE_QUERIES


def test_todays_work_comes_first_and_old_rows_never_bury_it(staff):
    """Due from today on, soonest first; then the overdue, most recently due first."""
    forgotten = dossier_due(local(3, 31, 10), status="cho_tra_ket_qua", finished_at=to_utc(local(3, 30, 9)))
    last_week = dossier_due(local(11, 24, 10), status="cho_tra_ket_qua", finished_at=to_utc(local(11, 23, 9)))
    tomorrow = dossier_due(local(12, 1, 10), status="cho_tra_ket_qua", finished_at=to_utc(local(11, 27, 9)))
    today = dossier_due(local(11, 30, 8), status="cho_tra_ket_qua", finished_at=to_utc(local(11, 27, 9)))
    assert codes(staff, "cho-tra-ket-qua") == [today.code, tomorrow.code, last_week.code, forgotten.code]


def test_not_yet_received_ones_wait_in_the_order_they_came(staff):
    first, second = (dossier_due(local(12, 1, 9), status="cho_tiep_nhan") for _ in range(2))
    Dossier.update(due_at=None).where(Dossier.id.in_([first.id, second.id])).execute()  # no due date before reception
    assert codes(staff, "cho-tiep-nhan") == [first.code, second.code]


def tab_counts(client, url="/can-bo/ho-so"):
    """{tab name: count} as the header's queue tabs show them, and the current tab's name."""
    nav = check_page(client.get(url).get_data(as_text=True)).find("nav", attrs={"aria-label": "Hàng đợi"})
    found = {}
    for link in nav.find_all("a"):
        name, count = link.get_text(" ", strip=True).rsplit(" ", 1)
        found[name] = int(count.strip("()"))
    current = nav.find("a", attrs={"aria-current": "page"}).get_text(" ", strip=True).rsplit(" ", 1)[0]
    return found, current


def test_every_tab_counts_what_its_list_holds(filing_app):
    from tests.staff_login import person

    specialist_client, specialist = person(filing_app, "cv.dem.tab", "chuyen_vien", name="Trần Văn Minh")
    waiting = make(filing_app, to_local(utcnow()) + datetime.timedelta(days=30), status="cho_tiep_nhan")
    mine = make(filing_app, to_local(utcnow()) + datetime.timedelta(days=30), assignee=specialist.id)
    make(filing_app, to_local(utcnow()) + datetime.timedelta(days=30))  # a colleague's
    signing = make(filing_app, to_local(utcnow()) + datetime.timedelta(days=30), status="cho_phe_duyet")
    late = make(filing_app, to_local(utcnow()) - datetime.timedelta(days=40), assignee=specialist.id)
    counted, current = tab_counts(specialist_client)
    assert current == "Được giao cho tôi" and list(counted)[0] == "Được giao cho tôi"
    for name, key in (("Được giao cho tôi", "duoc-giao"), ("Chờ tiếp nhận", "cho-tiep-nhan"), ("Quá hạn", "qua-han")):
        page = check_page(specialist_client.get(f"/can-bo/ho-so?hang={key}").get_data(as_text=True))
        assert len(page.select("tbody tr")) == counted[name], name
    assert counted["Được giao cho tôi"] == 2 and counted["Đang xử lý"] == 4 and counted["Chờ phê duyệt"] == 1
    assert counted["Chờ tiếp nhận"] == 1 and counted["Quá hạn"] == 1
    assert {mine.code, late.code} == set(queue_links(specialist_client, "duoc-giao"))
    leader = officer(filing_app, "ld.dem.tab", role="lanh_dao")
    counted, current = tab_counts(leader)
    assert current == "Chờ phê duyệt" and "Được giao cho tôi" not in counted
    assert queue_links(leader, "cho-phe-duyet") == [signing.code] and waiting.code not in queue_links(
        leader, "dang-xu-ly"
    )


def test_the_header_counts_the_queues_on_every_staff_page(filing_app):
    desk = officer(filing_app, "mc.dem.moi.trang")
    waiting = make(filing_app, to_local(utcnow()) + datetime.timedelta(days=30), status="cho_tiep_nhan")
    on_queues, _ = tab_counts(desk)
    for url in (f"/can-bo/ho-so/{waiting.code}", "/can-bo/ho-so/so-theo-doi", "/can-bo/bao-mat"):
        nav = check_page(desk.get(url).get_data(as_text=True)).find("nav", attrs={"aria-label": "Hàng đợi"})
        shown = {
            a.get_text(" ", strip=True).rsplit(" ", 1)[0]: a.get_text(" ", strip=True).rsplit(" ", 1)[1]
            for a in nav.find_all("a")
        }
        assert shown == {name: f"({count})" for name, count in on_queues.items()}, url
    assert on_queues["Chờ tiếp nhận"] >= 1


def queue_links(client, key, scope=""):
    page = check_page(client.get(f"/can-bo/ho-so?hang={key}{scope}").get_data(as_text=True))
    return [row.find("a").get_text() for row in page.select("tbody tr")]


def test_mine_means_what_waits_on_the_officer(filing_app):
    """For a leader, what waits for his signature; for a specialist, what is assigned to him and not
    yet with the leader."""
    from tests.staff_login import person

    specialist_client, specialist = person(filing_app, "cv.cuatoi", "chuyen_vien", name="Trần Văn Minh")
    leader_client, _ = person(filing_app, "ld.cuatoi", "lanh_dao", name="Lê Văn Hùng")
    due = to_local(utcnow()) + datetime.timedelta(days=30)
    working = make(filing_app, due, assignee=specialist.id)
    submitted = make(filing_app, due, status="cho_phe_duyet", assignee=specialist.id)
    colleagues = make(filing_app, due)
    mine = "&xem=cua-toi"
    assert queue_links(specialist_client, "dang-xu-ly", mine) == [working.code]
    assert queue_links(leader_client, "dang-xu-ly", mine) == [submitted.code]
    assert set(queue_links(leader_client, "dang-xu-ly")) >= {working.code, submitted.code, colleagues.code}
    scope = check_page(leader_client.get(f"/can-bo/ho-so?hang=dang-xu-ly{mine}").get_data(as_text=True))
    tabs = scope.find("nav", attrs={"aria-label": "Phạm vi"})
    assert tabs.find("a", attrs={"aria-current": "page"}).get_text(" ", strip=True) == "Của tôi (1)"


def test_the_staff_header_replaces_the_citizens_and_staff_pages_are_wide(filing_app):
    desk, specialist = officer(filing_app, "mc.vo"), officer(filing_app, "cv.vo", role="chuyen_vien")
    code = make(filing_app, local(12, 1, 9), status="cho_tiep_nhan").code
    page = check_page(desk.get("/can-bo/ho-so").get_data(as_text=True))
    header = page.find("header")
    assert not header.find("a", href="/tra-cuu") and not header.find("a", href="/ho-so-cua-toi")
    links = {a.get_text(" ", strip=True).split(" (")[0]: a["href"] for a in header.find_all("a")}
    assert links["Tiếp nhận hồ sơ trực tiếp"] == "/can-bo/ho-so/tiep-nhan-truc-tiep"
    assert links["Sổ theo dõi hồ sơ"] == "/can-bo/ho-so/so-theo-doi" and links["Tài khoản"] == "/can-bo/bao-mat"
    assert links["Bảng theo dõi của đơn vị"] == "/can-bo/thong-ke"
    logout = header.find("form", action="/can-bo/dang-xuat")
    assert logout["method"] == "post" and logout.find("input", attrs={"name": "csrf_token"})["value"]
    assert "wide" in page.body.get("class", [])
    assert "nowrap" in page.find("a", string=code)["class"]
    specialist_header = check_page(specialist.get("/can-bo/ho-so").get_data(as_text=True)).find("header")
    assert not specialist_header.find("a", href="/can-bo/ho-so/tiep-nhan-truc-tiep")
    citizen_page = check_page(desk.get("/thu-tuc").get_data(as_text=True))
    assert citizen_page.find("header").find("form", action="/can-bo/dang-xuat")
    assert "wide" not in citizen_page.body.get("class", [])
    anonymous = check_page(filing_app.test_client().get("/thu-tuc").get_data(as_text=True)).find("header")
    assert anonymous.find("a", href="/tra-cuu") and not anonymous.find("form", action="/can-bo/dang-xuat")


def test_the_staff_stylesheet_reaches_officers_only(filing_app):
    public = filing_app.test_client().get("/").get_data(as_text=True)
    staff = officer(filing_app, "mc.css").get("/can-bo/ho-so").get_data(as_text=True)
    assert "css/staff.css" not in public and ".queuebar{" not in public  # citizens on 2G never pay for it
    assert "css/staff.css" in staff
