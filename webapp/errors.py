"""Error pages in the user's language, each with a way back (a search box on 404)."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def init_app(app):
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, server_error)


def _page(status, title, message, continue_url=None):
    page = render_template("errors/error.html", status=status, title=title, message=message, continue_url=continue_url)
    return page, status


def csrf_error(error):
    """A stale form: the draft is safe on the server, so offer the way back into it."""
    token = (request.view_args or {}).get("token")
    continue_url = url_for("filing.resume", token=token) if token else None
    return _page(
        400,
        _("Phiên làm việc đã hết hạn"),
        _("Trang đã mở quá lâu hoặc thiếu mã bảo vệ. Vui lòng tải lại trang và gửi lại."),
        continue_url,
    )


def http_error(error):
    if error.code == 404:
        return _page(404, _("Không tìm thấy trang"), _("Trang hoặc thủ tục bạn tìm không có. Hãy thử tìm kiếm."))
    if error.code == 503 and error.description == "unmigrated":
        return _page(
            503,
            _("Cơ sở dữ liệu chưa được cập nhật"),
            _("Máy chủ chưa chạy nâng cấp cơ sở dữ liệu. Quản trị viên cần chạy lệnh: flask db up"),
        )
    if error.code == 403:
        return _page(403, _("Không có quyền truy cập"), _("Tài khoản của bạn không được dùng chức năng này."))
    if error.code == 405:
        return _page(405, _("Thao tác không được hỗ trợ"), _("Địa chỉ này không nhận thao tác đó."))
    if error.code == 400:
        return _page(400, _("Yêu cầu không hợp lệ"), _("Yêu cầu gửi lên không hợp lệ. Vui lòng thử lại."))
    return _page(error.code or 500, _("Có lỗi xảy ra"), _("Yêu cầu không thực hiện được. Vui lòng thử lại sau."))


def server_error(error):
    from flask import current_app

    current_app.logger.exception("unhandled error")
    return _page(
        500, _("Có lỗi xảy ra"), _("Hệ thống gặp sự cố. Dữ liệu bạn đã nhập không bị mất; vui lòng thử lại sau.")
    )
