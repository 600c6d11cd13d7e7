"""The audit page: every step and every view of a dossier, who may read it, and a trail never rewritten."""

import datetime

import pytest
from playhouse.shortcuts import model_to_dict

from tests.pages import check_page
from tests.staff_login import new_staff, officer, proxied_app_fixture  # noqa: F401
from tests.walks import audit_page, filed, fresh, rows
from webapp.db import db
from webapp.models import Dossier, DossierView, Staff, Transition
from webapp.workflow.services import apply


def dossier_page(client, dossier):
    return check_page(client.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))


def action_form(client, dossier, action, **answers):
    """The form of `action` on the dossier page, filled in as an officer would (`answers` where a
    field wants something particular); None if the page does not offer it."""
    page = dossier_page(client, dossier)
    marker = page.find("input", attrs={"name": "action", "value": action})
    if marker is None:
        return None
    form, data = marker.find_parent("form"), {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") == "file" or name in data:
            continue
        if field.name == "select":
            options = [o.get("value") for o in field.find_all("option") if o.get("value")]
            data[name] = options[0] if options else ""
        elif field.get("type") in ("hidden", "radio"):
            data[name] = field.get("value", "")
        elif field.get("type") == "checkbox":
            data[name] = "on"
        elif field.get("type") == "date":
            data[name] = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
        else:
            data[name] = field.get("value") or "Nội dung kiểm tra nhật ký"
    return form["action"], data | answers


def take(client, dossier, action, **answers):
    found = action_form(client, dossier, action, **answers)
    return client.post(found[0], data=found[1]) if found else None


def test_the_audit_page_shows_every_step_and_view_newest_first(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.nhatky", full_name="Nguyễn Thị Lan")
    desk.get(f"/can-bo/ho-so/{dossier.code}/mau-06")
    take(desk, dossier, "tiep_nhan")
    leader = officer(filing_app, "ld.nhatky", role="lanh_dao")
    assert dossier_page(leader, dossier).find("a", href=f"/can-bo/ho-so/{dossier.code}/nhat-ky")
    page = audit_page(leader, dossier)
    assert dossier.code in page.find("h1").get_text()
    steps = rows(page, "steps")
    assert len(steps) == 2
    received, submitted = steps
    assert received[1:5] == ["Nguyễn Thị Lan", "Phường Thành Sen", "Tiếp nhận hồ sơ", "Chờ tiếp nhận → Đã tiếp nhận"]
    assert received[6] == "127.0.0.1"
    assert submitted[3] == "Nộp hồ sơ trực tuyến"
    views = rows(page, "views")
    assert views[0][1].startswith("Nguyễn Văn An (ld.nhatky, Lãnh đạo)") and views[0][2] == "Xem nhật ký"
    assert [v[2] for v in views[1:]] == ["Xem hồ sơ", "Xem hồ sơ", "Xem phiếu kiểm soát (mẫu 06)"]
    assert all("mc.nhatky" in v[1] and v[3] == "127.0.0.1" for v in views[2:])


def test_a_steps_details_are_summarised_in_words(filing_app):
    dossier = filed(filing_app)
    specialist = new_staff(filing_app, "cv.nhatky", role="chuyen_vien", full_name="Trần Văn Minh")
    with filing_app.test_request_context(), db.connection_context():
        record = Dossier.get_by_id(dossier.id)
        apply(record, "tiep_nhan", role="mot_cua", actor="Lan", version=record.version)
        details = {"assignee": specialist.id, "assignee_name": "Trần Văn Minh"}
        apply(record, "phan_cong", role="mot_cua", actor="Lan", version=record.version, details=details)
        due = {"new_due_at": "2026-12-01T10:00:00", "old_due_at": "2026-11-28T10:00:00"}
        note = "Chờ xác minh tại địa phương"
        apply(record, "xin_loi_gia_han", role="mot_cua", actor="Lan", version=record.version, note=note, details=due)
    steps = rows(audit_page(officer(filing_app, "qt.nhatky", role="quan_tri_don_vi"), dossier), "steps")
    assert steps[0][5] == "Chờ xác minh tại địa phương Hẹn trả mới: 17:00 01/12/2026 Hạn cũ: 17:00 28/11/2026"
    assert steps[0][4] == "Đang xử lý → Đang xử lý"
    assert steps[1][5] == "Giao cho: Trần Văn Minh" and str(specialist.id) not in steps[1][5]


@pytest.mark.parametrize("role, status", [("mot_cua", 403), ("chuyen_vien", 403), ("lanh_dao", 200)])
def test_only_leaders_and_admins_read_the_audit(filing_app, role, status):
    dossier = filed(filing_app)
    client = officer(filing_app, f"nhatky.{role}", role=role)
    audit_page(client, dossier, status)
    link = dossier_page(client, dossier).find("a", href=f"/can-bo/ho-so/{dossier.code}/nhat-ky")
    assert bool(link) == (status == 200)


def test_the_province_admin_reads_every_communes_audit(filing_app):
    dossier = filed(filing_app, unit="18100")
    admin = officer(filing_app, "tinh.nhatky", role="quan_tri_tinh", unit="42")
    assert rows(audit_page(admin, dossier), "steps")[0][3] == "Nộp hồ sơ trực tuyến"


def test_another_communes_leader_gets_404_and_nothing_is_logged_for_them(filing_app):
    dossier = filed(filing_app)
    outsider = officer(filing_app, "ld.tranphu.nhatky", role="lanh_dao", unit="18100")
    audit_page(outsider, dossier, 404)
    with filing_app.app_context(), db.connection_context():
        assert not DossierView.select().where(DossierView.dossier == dossier.id).exists()


def test_the_audit_page_needs_a_login(filing_app):
    dossier = filed(filing_app)
    response = filing_app.test_client().get(f"/can-bo/ho-so/{dossier.code}/nhat-ky")
    assert response.status_code == 302 and "/can-bo/dang-nhap" in response.headers["Location"]


def trail(app, dossier):
    with app.app_context(), db.connection_context():
        query = Transition.select().where(Transition.dossier == dossier.id).order_by(Transition.id)
        return [model_to_dict(t, recurse=False) for t in query]


def test_no_route_rewrites_or_deletes_a_step(filing_app):
    """A whole life through the pages, refusals and a stale form included: the trail only grows."""
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.trail")
    specialist = officer(filing_app, "cv.trail", role="chuyen_vien")
    leader = officer(filing_app, "ld.trail", role="lanh_dao")
    sequence = [
        (specialist, "tiep_nhan"),  # not theirs: refused
        (desk, "tiep_nhan"),
        (desk, "tiep_nhan"),  # no longer offered
        (leader, "phan_cong"),
        (specialist, "trinh_ky"),
        (leader, "tra_lai"),
        (specialist, "trinh_ky"),
        (leader, "phe_duyet"),
        (desk, "tra_ket_qua"),
    ]
    answers = {
        "tra_ket_qua": {"kenh_tra": "truc_tiep", "nguoi_nhan": "Nguyễn Thị Hoa", "giay_to_nguoi_nhan": "042095001234"}
    }
    before = trail(filing_app, dossier)
    stale = {"csrf_token": action_form(desk, dossier, "tiep_nhan")[1]["csrf_token"], "version": 1}
    for client, action in sequence:
        take(client, dossier, action, **answers.get(action, {}))
        if fresh(filing_app, dossier).version > 1:  # a form drawn before reception, sent now
            desk.post(f"/can-bo/ho-so/{dossier.code}/thao-tac", data={**stale, "action": "tu_choi", "note": "cũ"})
        leader.get(f"/can-bo/ho-so/{dossier.code}/nhat-ky")
        after = trail(filing_app, dossier)
        assert after[: len(before)] == before, f"an earlier step changed during {action}"
        before = after
    assert [t["action"] for t in before][:2] == ["nop_truc_tuyen", "tiep_nhan"]
    assert fresh(filing_app, dossier).status == "da_tra_ket_qua"
    assert len(before) == len({t["id"] for t in before}) >= 2
    steps = rows(audit_page(leader, dossier), "steps")
    assert len(steps) == len(before)
    # the recipient's identity number is kept masked in the audit row (issue 22: audit rows minimised)
    assert steps[0][5] == "Hình thức trả: Tại nơi tiếp nhận hồ sơ Người nhận: Nguyễn Thị Hoa, giấy tờ số •••••••••234"


def received_from(app, dossier, username, forwarded_for):
    """The IP the audit records for a reception that came through with this X-Forwarded-For."""
    desk = officer(app, username)
    url, data = action_form(desk, dossier, "tiep_nhan")
    desk.post(url, data=data, headers={"X-Forwarded-For": forwarded_for})
    steps = rows(audit_page(officer(app, f"ld.{username}", role="lanh_dao"), dossier), "steps")
    assert steps[0][3] == "Tiếp nhận hồ sơ"
    return steps[0][6]


def test_behind_a_trusted_proxy_the_audit_records_the_clients_address(proxied_app):
    dossier = filed(proxied_app)
    assert received_from(proxied_app, dossier, "mc.proxy", "203.0.113.7") == "203.0.113.7"


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(filing_app):
    dossier = filed(filing_app)
    assert received_from(filing_app, dossier, "mc.noproxy", "203.0.113.7") == "127.0.0.1"


def test_a_disabled_officers_views_stay_in_the_log(filing_app):
    """The log outlives the account's access: who looked stays answerable."""
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.roidi")
    dossier_page(desk, dossier)
    with filing_app.app_context(), db.connection_context():
        Staff.update(is_active=False).where(Staff.username == "mc.roidi").execute()
    leader = officer(filing_app, "ld.roidi", role="lanh_dao")
    assert any("mc.roidi" in v[1] for v in rows(audit_page(leader, dossier), "views"))
