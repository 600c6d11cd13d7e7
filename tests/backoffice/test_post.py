"""Return by post: the hand-over with its tracking number, then the post's delivery ("Đã giao"),
recorded once, shown to the desk and in the citizen's timeline."""

import datetime

from tests.pages import check_page
from tests.staff_login import csrf, officer
from tests.walks import act_now, approved_with_pdf, fresh, proven, status_page
from webapp.calendar.working_time import to_local
from webapp.db import db
from webapp.models import Transition
from webapp.models.dossier import utcnow


def posted(app, suffix):
    dossier = approved_with_pdf(app, f"ld.bc{suffix}")
    desk = officer(app, f"mc.bc{suffix}", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="buu_chinh", ma_buu_gui="EE123456789VN").status_code == 303
    return fresh(app, dossier), desk


def deliver(client, dossier, day):
    url = f"/can-bo/ho-so/{dossier.code}/buu-chinh/da-giao"
    return client.post(url, data={"csrf_token": csrf(client), "ngay_giao": day})


def today():
    return to_local(utcnow()).date()


def deliveries(app, dossier):
    with app.app_context(), db.connection_context():
        return (
            Transition.select()
            .where(Transition.dossier == dossier.id, Transition.action == "buu_chinh_da_giao")
            .count()
        )


def test_the_desk_records_the_posts_delivery_once(filing_app):
    dossier, desk = posted(filing_app, "1")
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    assert "EE123456789VN" in page.find(id="post-title").parent.get_text()
    assert "chờ bưu điện giao" in page.find(id="post-title").parent.get_text()
    assert deliver(desk, dossier, today().strftime("%d/%m/%Y")).status_code == 303
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    box = page.find(id="post-title").parent.get_text()
    assert f"Đã giao ngày {today():%d/%m/%Y}" in box and "Đã ghi nhận bưu điện giao kết quả." in box
    assert fresh(filing_app, dossier).delivered_at is not None
    deliver(desk, dossier, today().strftime("%d/%m/%Y"))
    assert deliveries(filing_app, dossier) == 1


def test_a_wrong_delivery_date_is_refused_with_the_reason(filing_app):
    dossier, desk = posted(filing_app, "2")
    tomorrow = today() + datetime.timedelta(days=1)
    for typed, reason in (
        ("hôm qua", "ngày/tháng/năm"),
        (tomorrow.strftime("%d/%m/%Y"), "sau hôm nay"),
        ("01/01/2020", "trước ngày gửi"),
    ):
        response = deliver(desk, dossier, typed)  # the dossier page again, the date kept, the reason next to it
        assert response.status_code == 200, typed
        box = check_page(response.get_data(as_text=True)).find(id="post-title").parent
        assert reason in box.find(id="ngay_giao-error").get_text(), typed
        assert box.find("input", id="ngay_giao")["value"] == typed
        assert box.find("input", id="ngay_giao")["aria-invalid"] == "true"
    assert fresh(filing_app, dossier).delivered_at is None and deliveries(filing_app, dossier) == 0


def test_only_postal_returns_of_the_officers_own_unit_can_be_delivered(filing_app):
    dossier, _ = posted(filing_app, "3")
    stranger = officer(filing_app, "mc.bc.other", "mot_cua", unit="18100")
    assert deliver(stranger, dossier, today().strftime("%d/%m/%Y")).status_code == 404
    at_desk = approved_with_pdf(filing_app, "ld.bc4")
    desk = officer(filing_app, "mc.bc4", "mot_cua")
    act_now(
        desk, at_desk, "tra_ket_qua", kenh_tra="truc_tiep", nguoi_nhan="Lê Văn B", giay_to_nguoi_nhan="042095001234"
    )
    assert deliver(desk, at_desk, today().strftime("%d/%m/%Y")).status_code == 404


def test_the_citizens_timeline_shows_the_tracking_number_then_the_delivery(filing_app):
    dossier, desk = posted(filing_app, "5")
    citizen = proven(filing_app, dossier, ip="10.9.9.1")
    assert "EE123456789VN" in status_page(citizen, dossier).get_text()
    deliver(desk, dossier, today().strftime("%d/%m/%Y"))
    assert "Bưu điện đã giao kết quả" in status_page(citizen, dossier).get_text()
