"""Drafts and versions through the pages, as two province admins: one changes a procedure and submits it,
cannot approve it herself; the other approves it for tomorrow. Dossiers started before keep the old
rules and form, those started after get the new; the diff, the versions list, the history and the
public page say so; the periodic task brings the procedure's name into force; a unit admin only reads."""

import copy
import datetime
import io
import json
import re

import pytest

from tests.pages import check_page
from tests.staff_login import person
from tests.walks import Citizen
from webapp import admin_log
from webapp.calendar.working_time import to_local
from webapp.catalogue_admin import tasks
from webapp.db import db
from webapp.dossiers.drafts import start_draft
from webapp.forms_engine.dates import local_today
from webapp.models import AdminEvent, Agency, CatalogueDraft, Draft, Procedure, RuleSet, Staff
from webapp.models.dossier import utcnow
from webapp.versions import drafts

CODE = "1.001612"  # household business registration: one version, filed online
ADMIN = "/quan-tri/thu-tuc"
NEW_NAME = "Đăng ký thành lập hộ kinh doanh"


@pytest.fixture
def people(filing_app):
    """Two province admins (A writes, B approves) and a unit admin, each signed in."""
    author, author_staff = person(filing_app, "qt.tinh.a", "quan_tri_tinh", unit="42", name="Ngô Văn Long")
    approver, _ = person(filing_app, "qt.tinh.b", "quan_tri_tinh", unit="42", name="Đỗ Thị Thu")
    reader, _ = person(filing_app, "qt.donvi", "quan_tri_don_vi", unit="18073", name="Phạm Thị Hoa")
    return author, author_staff, approver, reader


def in_db(app, work):
    with app.test_request_context(), db.connection_context():
        return work()


def changed_draft(app, staff):
    """A draft of CODE with a dearer online fee, a longer online time limit, a new field and a new name."""

    def work():
        draft = drafts.start(Procedure.get(Procedure.code == CODE), Staff.get_by_id(staff.id))
        bundle = copy.deepcopy(draft.bundle)
        bundle["name"] = NEW_NAME
        rules = bundle["rules"]
        next(f for f in rules["fees"] if f["channel"] == "truc_tuyen")["amount"] = 150000
        next(t for t in rules["time_limits"] if t["channel"] == "truc_tuyen").update(amount=5, unit="working_day")
        bundle["form"]["steps"][0]["fields"].append({"name": "nghe_nghiep", "type": "text", "label": "Nghề nghiệp"})
        drafts.save(draft, bundle, Staff.get_by_id(staff.id))
        return draft.id

    return in_db(app, work)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return check_page(response.get_data(as_text=True))


def post(client, url, data, form_page):
    """Post as the form on `form_page` would, with that page's CSRF token."""
    token = page(client, form_page).find("input", attrs={"name": "csrf_token"})["value"]
    return client.post(url, data={"csrf_token": token, **data})


def text(soup):
    return " ".join(soup.get_text(" ").split())


def tomorrow():
    return f"{local_today() + datetime.timedelta(days=1):%d/%m/%Y}"


def approve(client, draft_url, day, hour="00:00"):
    return post(client, f"{draft_url}/duyet", {"ngay_hieu_luc": day, "gio_hieu_luc": hour}, draft_url)


def test_the_whole_cycle_with_two_admins(filing_app, people):
    author, author_staff, approver, reader = people
    draft_id = changed_draft(filing_app, author_staff)
    draft_url = f"{ADMIN}/ban-nhap/{draft_id}"
    listed = text(page(author, f"{ADMIN}/ban-nhap"))
    assert CODE in listed and "Đang soạn" in listed
    overview = text(page(author, draft_url))
    assert "(trực tuyến): " in overview and "đồng → 150.000 đồng." in overview
    assert "Thời hạn giải quyết (trực tuyến)" in overview and "→ 5 ngày làm việc" in overview
    assert "Tờ khai: thêm trường «Nghề nghiệp»" in overview

    response = post(author, f"{draft_url}/gui-duyet", {}, draft_url)
    assert response.status_code == 303
    assert "Chờ duyệt" in text(page(author, draft_url))

    own = text(check_page(approve(author, draft_url, tomorrow()).get_data(as_text=True)))
    assert "Người soạn không tự duyệt được: cần một quản trị viên khác duyệt." in own

    assert approve(reader, draft_url, tomorrow()).status_code == 403
    assert "Duyệt và công bố" not in text(page(reader, draft_url))  # reads, with no forms to act

    bad = check_page(approve(approver, draft_url, "31/02/2027").get_data(as_text=True))
    assert "Ngày không hợp lệ" in bad.find(id="ngay_hieu_luc-error").get_text()
    past = check_page(approve(approver, draft_url, "01/12/2026").get_data(as_text=True))
    assert "Thời điểm hiệu lực đã qua" in past.find(id="ngay_hieu_luc-error").get_text()

    response = approve(approver, draft_url, tomorrow())
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{CODE}/phien-ban")
    versions = text(page(approver, f"{ADMIN}/{CODE}/phien-ban"))
    assert f"Sẽ áp dụng từ 00:00 {tomorrow()}" in versions and "Đang áp dụng" in versions
    assert "Đỗ Thị Thu duyệt lúc" in versions and "Dữ liệu ban đầu" in versions
    public = text(page(filing_app.test_client(), f"/thu-tuc/{CODE}"))
    assert f"Từ {tomorrow()}, thủ tục áp dụng quy định mới." in public

    diff = text(page(reader, f"{ADMIN}/{CODE}/so-sanh?tu=1&den=2"))
    assert "đồng → 150.000 đồng." in diff
    assert "→ 5 ngày làm việc" in diff and "Tờ khai: thêm trường «Nghề nghiệp»" in diff

    history = text(page(reader, f"{ADMIN}/{CODE}/lich-su"))
    for step in ("Tạo bản nháp", "Sửa bản nháp", "Gửi duyệt", "Duyệt và công bố phiên bản 2"):
        assert step in history
    assert "Ngô Văn Long" in history and "Đỗ Thị Thu" in history


def test_dossiers_keep_the_version_they_started_under(filing_app, people):
    _author, author_staff, approver, _reader = people
    draft_id = changed_draft(filing_app, author_staff)
    draft_url = f"{ADMIN}/ban-nhap/{draft_id}"
    post(people[0], f"{draft_url}/gui-duyet", {}, draft_url)
    assert approve(approver, draft_url, tomorrow()).status_code == 303

    def today_and_later():
        procedure = Procedure.get(Procedure.code == CODE)
        today = start_draft(procedure, Agency.select().first())
        new = procedure.rule_sets.order_by(RuleSet.version.desc()).first()
        later = procedure.rules_at(new.effective_at + datetime.timedelta(minutes=1))
        return today.rule_set.version, later.version, to_local(new.effective_at).hour

    today, later, hour = in_db(filing_app, today_and_later)
    assert (today, later, hour) == (1, 2, 0)

    early = Citizen(filing_app)
    early.start(CODE)
    assert "nghe_nghiep" not in {f.name for f in early.spec().fields}
    in_db(filing_app, lambda: Procedure.get(Procedure.code == CODE).name != NEW_NAME or pytest.fail("too soon"))

    _time_passes(filing_app)  # the version's moment is now behind us
    assert in_db(filing_app, lambda: Procedure.get(Procedure.code == CODE).name) != NEW_NAME
    assert tasks.apply_scheduled_versions.call_local() == 1
    assert in_db(filing_app, lambda: Procedure.get(Procedure.code == CODE).name) == NEW_NAME

    late = Citizen(filing_app)
    late.start(CODE)
    assert "nghe_nghiep" in {f.name for f in late.spec().fields}
    assert "nghe_nghiep" not in {f.name for f in early.spec().fields}  # the early draft keeps its form
    assert in_db(filing_app, lambda: Draft.get(Draft.token == early.token).rule_set.version) == 1
    versions = text(page(approver, f"{ADMIN}/{CODE}/phien-ban"))
    assert "Đã thay thế" in versions
    diff = text(page(approver, f"{ADMIN}/{CODE}/so-sanh?tu=1&den=2"))
    assert f"→ «{NEW_NAME}»" in diff  # the first version still reads its own name once the new one is in force


def _time_passes(app):
    """Move the scheduled version's moment into the past, as tomorrow's clock would see it."""

    def work():
        procedure = Procedure.get(Procedure.code == CODE)
        moment = utcnow() - datetime.timedelta(minutes=1)
        RuleSet.update(effective_at=moment, effective_from=to_local(moment).date()).where(
            RuleSet.procedure == procedure, RuleSet.version == 2
        ).execute()

    in_db(app, work)


def test_send_back_with_a_reason_then_withdraw(filing_app, people):
    author, author_staff, approver, reader = people
    draft_url = f"{ADMIN}/ban-nhap/{changed_draft(filing_app, author_staff)}"
    assert post(reader, f"{draft_url}/gui-duyet", {}, draft_url).status_code == 403
    post(author, f"{draft_url}/gui-duyet", {}, draft_url)
    no_reason = check_page(post(approver, f"{draft_url}/tra-lai", {"ly_do": " "}, draft_url).get_data(as_text=True))
    assert "Vui lòng ghi lý do trả lại" in no_reason.find(id="ly_do-error").get_text()
    response = post(approver, f"{draft_url}/tra-lai", {"ly_do": "Mức phí chưa có nghị quyết HĐND."}, draft_url)
    assert response.status_code == 303
    sent_back = text(page(author, draft_url))
    assert "Bị trả lại" in sent_back and "Mức phí chưa có nghị quyết HĐND." in sent_back
    assert post(reader, f"{draft_url}/huy", {}, draft_url).status_code == 403
    assert post(author, f"{draft_url}/huy", {}, draft_url).status_code == 303
    assert "Đã hủy" in text(page(author, draft_url))
    history = text(page(author, f"{ADMIN}/{CODE}/lich-su"))
    assert "Trả lại: Mức phí chưa có nghị quyết HĐND." in history and "Hủy bản nháp" in history


def test_a_draft_with_problems_is_not_submitted_and_says_where(filing_app, people):
    author, author_staff, _approver, _reader = people

    def broken():
        draft = drafts.start(Procedure.get(Procedure.code == CODE), Staff.get_by_id(author_staff.id))
        bundle = copy.deepcopy(draft.bundle)
        bundle["rules"]["fees"][0]["amount"] = -5
        drafts.save(draft, bundle, Staff.get_by_id(author_staff.id))
        return draft.id

    draft_url = f"{ADMIN}/ban-nhap/{in_db(filing_app, broken)}"
    response = post(author, f"{draft_url}/gui-duyet", {}, draft_url)
    assert response.status_code == 303
    shown = text(page(author, draft_url))
    assert re.search(r"Chưa gửi duyệt được: bản nháp còn \d+ lỗi", shown)
    assert "Phí, lệ phí mục 1 › Số tiền, số lượng: Không được là số âm." in shown and "Đang soạn" in shown


def test_a_half_done_draft_of_the_wrong_shape_still_shows(filing_app, people):
    author, author_staff, _approver, reader = people

    def misshapen():
        draft = drafts.start(Procedure.get(Procedure.code == CODE), Staff.get_by_id(author_staff.id))
        bundle = copy.deepcopy(draft.bundle)
        bundle["rules"]["fees"] = ["100.000 đồng"]
        drafts.save(draft, bundle, Staff.get_by_id(author_staff.id))
        return draft.id

    draft_url = f"{ADMIN}/ban-nhap/{in_db(filing_app, misshapen)}"
    shown = text(page(reader, draft_url))
    assert "Chưa so sánh được" in shown and "Phí, lệ phí mục 1" in shown
    assert CODE in text(page(author, f"{ADMIN}/ban-nhap"))


def test_unknown_versions_and_drafts_are_404(filing_app, people):
    _author, _staff, _approver, reader = people
    assert reader.get(f"{ADMIN}/{CODE}/so-sanh?tu=1&den=9").status_code == 404
    assert reader.get(f"{ADMIN}/{CODE}/so-sanh?tu=x").status_code == 404
    assert reader.get(f"{ADMIN}/khong-co/phien-ban").status_code == 404
    assert reader.get(f"{ADMIN}/ban-nhap/999999").status_code == 404
    assert "Dữ liệu ban đầu" in text(page(reader, f"{ADMIN}/{CODE}/phien-ban"))


def test_the_public_page_announces_a_seeded_version_to_come(client):
    """Birth registration has a version from 1/3/2027 (the Law on Civil Status 2026) in the seed."""
    assert "Từ 01/03/2027, thủ tục áp dụng quy định mới." in text(page(client, "/thu-tuc/1.001193"))
    assert "quy định mới" not in text(page(client, f"/thu-tuc/{CODE}"))


def _twin(app, draft_id):
    """A second open draft of the same procedure, as made before one open draft per procedure was the rule."""

    def work():
        row = CatalogueDraft.get_by_id(draft_id).__data__.copy()
        row.pop("id")
        return CatalogueDraft.create(**row).id

    return in_db(app, work)


def test_a_draft_overtaken_by_another_version_is_not_approved(filing_app, people):
    author, author_staff, approver, _reader = people
    first_id = changed_draft(filing_app, author_staff)
    first, second = (f"{ADMIN}/ban-nhap/{i}" for i in (first_id, _twin(filing_app, first_id)))
    for url in (first, second):
        post(author, f"{url}/gui-duyet", {}, url)
    assert approve(approver, first, tomorrow()).status_code == 303
    refused = text(check_page(approve(approver, second, tomorrow()).get_data(as_text=True)))
    assert "Đã có phiên bản khác được công bố sau khi bản nháp này được tạo" in refused
    assert "Chờ duyệt" in text(page(author, second))


def test_approving_the_same_draft_twice_publishes_one_version(filing_app, people):
    """A double click or two admins at once: the second approval is refused in words, never a 500."""
    author, author_staff, approver, _reader = people
    draft_url = f"{ADMIN}/ban-nhap/{changed_draft(filing_app, author_staff)}"
    post(author, f"{draft_url}/gui-duyet", {}, draft_url)
    token = page(approver, draft_url).find("input", attrs={"name": "csrf_token"})["value"]
    answers = {"csrf_token": token, "ngay_hieu_luc": tomorrow(), "gio_hieu_luc": "00:00"}
    assert approver.post(f"{draft_url}/duyet", data=answers).status_code == 303
    again = approver.post(f"{draft_url}/duyet", data=answers)
    assert again.status_code == 200
    assert "Bản nháp chưa được gửi duyệt hoặc đã được xử lý." in text(check_page(again.get_data(as_text=True)))
    assert in_db(filing_app, lambda: Procedure.get(Procedure.code == CODE).rule_sets.count()) == 2


BIRTH = "1.001193"  # birth registration: v2 (Law on Civil Status 2026) is seeded from 1/3/2027


def birth_draft(app, staff, submit=True):
    def work():
        me = Staff.get_by_id(staff.id)
        draft = drafts.start(Procedure.get(Procedure.code == BIRTH), me)
        bundle = copy.deepcopy(draft.bundle)
        bundle["rules"]["time_limits"][0].update(amount=3, unit="working_day")
        drafts.save(draft, bundle, me)
        if submit:
            drafts.submit(draft, me)
        return draft.id

    return in_db(app, work)


def test_a_change_may_not_override_the_version_the_law_schedules(filing_app, people):
    author, author_staff, approver, _reader = people
    draft_url = f"{ADMIN}/ban-nhap/{birth_draft(filing_app, author_staff)}"
    overview = text(page(approver, draft_url))
    assert "Phiên bản 2 đã được lên lịch áp dụng từ 00:00 01/03/2027" in overview
    assert "thay đổi chỉ áp dụng đến 00:00 01/03/2027" in overview
    assert "Thời điểm hiệu lực từ 00:00 01/03/2027 trở đi sẽ bị từ chối." in overview
    count = in_db(filing_app, lambda: Procedure.get(Procedure.code == BIRTH).rule_sets.count())
    refused = approve(approver, draft_url, "02/03/2027", "08:00")
    assert refused.status_code == 200
    words = text(check_page(refused.get_data(as_text=True)))
    assert "Không duyệt được với thời điểm này" in words and "Sửa phiên bản này" in words
    assert in_db(filing_app, lambda: Procedure.get(Procedure.code == BIRTH).rule_sets.count()) == count
    assert "Chờ duyệt" in text(page(approver, draft_url))
    assert approve(approver, draft_url, tomorrow()).status_code == 303  # before the law's version: fine


def test_edit_this_version_starts_a_draft_from_the_scheduled_version(filing_app, people):
    """The versions page's "Sửa phiên bản này" on v2 starts a draft that carries the law's version."""
    author, _staff, _approver, reader = people
    versions_url = f"{ADMIN}/{BIRTH}/phien-ban"
    soup = page(author, versions_url)
    form = next(f for f in soup.find_all("form") if "Sửa phiên bản này" in f.get_text())
    assert form.find("input", attrs={"name": "phien_ban"})["value"] == "2"
    assert "Sửa phiên bản này" not in text(page(reader, versions_url))
    response = post(author, form["action"], {"phien_ban": "2"}, versions_url)
    assert response.status_code == 303 and re.search(r"/ban-nhap/\d+/sua$", response.headers["Location"])
    draft_id = int(response.headers["Location"].split("/")[-2])
    assert in_db(filing_app, lambda: CatalogueDraft.get_by_id(draft_id).base_version) == 2
    overview = text(page(author, f"{ADMIN}/ban-nhap/{draft_id}"))
    assert "soạn từ phiên bản 2" in overview and "đã được lên lịch" not in overview


def test_editing_a_draft_just_submitted_says_so_and_shows_what_was_typed(filing_app, people):
    author, author_staff, _approver, _reader = people
    draft_id = birth_draft(filing_app, author_staff)
    draft_url = f"{ADMIN}/ban-nhap/{draft_id}"
    typed = {"name": "Đăng ký khai sinh (bản sửa muộn)"}
    response = post(author, f"{draft_url}/sua/thong-tin", typed, draft_url)
    assert response.status_code == 409
    soup = check_page(response.get_data(as_text=True))
    words = text(soup)
    assert "Bản nháp đang chờ duyệt: không sửa được nữa. Nếu cần sửa, người duyệt có thể trả lại." in words
    assert "Đăng ký khai sinh (bản sửa muộn)" in words
    assert soup.find("a", href=draft_url) is not None


def test_the_history_words_imports_and_list_drafts(filing_app, people):
    author, author_staff, _approver, reader = people
    draft_id = birth_draft(filing_app, author_staff, submit=False)

    def imported():
        me = Staff.get_by_id(author_staff.id)
        admin_log.record(me, drafts.AREA, "nhap-tep", BIRTH, draft=draft_id, documents_added=[])
        admin_log.record(me, drafts.AREA, "nhap-danh-muc", BIRTH, draft=draft_id, left=[])

    in_db(filing_app, imported)
    history = text(page(reader, f"{ADMIN}/{BIRTH}/lich-su"))
    assert "Nhập từ tệp" in history and "Tạo bản nháp từ danh mục thủ tục công bố" in history
    assert "nhap-tep" not in history and "nhap-danh-muc" not in history
    assert in_db(filing_app, lambda: AdminEvent.select().where(AdminEvent.subject == BIRTH).count()) == 4


def test_importing_a_procedure_that_has_an_open_draft_names_that_draft(filing_app, people):
    author, author_staff, _approver, _reader = people
    draft_id = changed_draft(filing_app, author_staff)
    exported = author.get(f"{ADMIN}/{CODE}/xuat.yaml").get_data()
    token = page(author, f"{ADMIN}/nhap").find("input", attrs={"name": "csrf_token"})["value"]
    form = {"csrf_token": token, "tep": (io.BytesIO(exported), "ho-kinh-doanh.yaml")}
    response = author.post(f"{ADMIN}/nhap", data=form, content_type="multipart/form-data")
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert f"Chưa nhập: thủ tục {CODE} đang có bản nháp số {draft_id} chưa xử lý xong." in text(soup)
    assert soup.find("a", href=f"{ADMIN}/ban-nhap/{draft_id}") is not None
    open_drafts = CatalogueDraft.select().where(CatalogueDraft.status.in_(drafts.OPEN))
    assert in_db(filing_app, open_drafts.count) == 1


def test_a_listed_change_to_a_procedure_with_an_open_draft_names_that_draft(filing_app, people):
    """Drafts from the province's list skip a procedure already being changed, and say which draft."""
    author, author_staff, _approver, _reader = people
    draft_id = changed_draft(filing_app, author_staff)
    listed = {"code": CODE, "name": "Tên mới theo danh mục", "time_limit": "", "fee": "", "legal": "", "tier": ""}
    token = page(author, f"{ADMIN}/nhap-danh-muc").find("input", attrs={"name": "csrf_token"})["value"]
    done = author.post(f"{ADMIN}/nhap-danh-muc/tao-ban-nhap", data={"csrf_token": token, "rows": [json.dumps(listed)]})
    soup = check_page(done.get_data(as_text=True))
    words = text(soup)
    assert "Đã tạo 0 bản nháp" in words
    assert f"Thủ tục {CODE} đang có bản nháp số {draft_id}." in words
    assert soup.find("a", href=f"{ADMIN}/ban-nhap/{draft_id}") is not None
