"""SMS: fixed templates without diacritics in one segment, the outbox, and /dev/sms in demo only."""

import pytest

from tests.conftest import make_app
from webapp.sms.backends import send
from webapp.sms.templates import SEGMENT, TEMPLATES, TemplateTooLong, render

LONG_NAME = "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc"
CODE = "H42.18073-261127-0001"


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_fits_one_gsm7_segment_with_realistic_values(template):
    body = render(
        template,
        code=CODE,
        procedure=LONG_NAME,
        due="17h00 30/11/2026",
        expires="27/12/2026",
        url="https://dichvucong.hatinh.gov.vn/nop/uW84G5nRUBRZATxweudt0ikzEoAnbdJx",
        day="27/11/2026",
        due_soon=200,
        overdue=200,
    )
    assert len(body) <= SEGMENT
    assert body.isascii(), "one accented letter would switch the SMS to UCS-2"


def test_marks_are_stripped_and_d_is_mapped():
    body = render("submitted", code=CODE, procedure="Đăng ký khai sinh", due="17h00 30/11/2026")
    assert "Dang ky khai sinh" in body


def test_a_message_that_cannot_fit_is_refused():
    with pytest.raises(TemplateTooLong):
        render("otp", code="9" * 200)


def test_send_keeps_the_message_in_the_outbox(ctx):
    message = send("+84912345678", "otp", code="123456")
    assert message.status == "sent" and message.backend == "outbox"


def test_dev_sms_lists_the_outbox_newest_first(ctx, filing_app):
    send("+84912345678", "otp", code="111111")
    send("+84912345678", "otp", code="222222")
    html = filing_app.test_client().get("/dev/sms").get_data(as_text=True)
    assert html.index("222222") < html.index("111111")
    assert "0912 345 678" in html


def test_dev_sms_does_not_exist_outside_demo_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_ENV", "production")
    app = make_app(tmp_path, "prod", SECRET_KEY="x" * 32)
    assert "sms.outbox" not in app.view_functions


def test_sms_times_are_vietnamese_whatever_the_officers_language():
    import datetime

    from webapp.sms.templates import sms_time

    assert sms_time(datetime.datetime(2026, 11, 30, 10, 0)) == "17h00 30/11/2026"
    assert sms_time(None) == "theo giay hen"
