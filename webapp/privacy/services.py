"""What the privacy notice says: the purposes and the data each needs, the legal bases (enriched from
the legal register when it holds them), and the retention table in force."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.legal.register import by_numbers
from webapp.retention.rules import current_rules


@dataclass(frozen=True)
class Purpose:
    """Why some data is processed: `data` what is collected for it, `optional` whether the applicant
    may leave it out, `basis` on what ground."""

    key: str
    title: object
    data: object
    optional: bool
    basis: object


REQUIRED_BY_LAW = _l("Thực hiện nhiệm vụ theo quy định của pháp luật (không cần sự đồng ý).")
ASKED = _l("Sự đồng ý của bạn, hoặc yêu cầu của chính bạn khi chọn dịch vụ này.")

PURPOSES = (
    Purpose(
        "giai_quyet",
        _l("Tiếp nhận và giải quyết thủ tục hành chính"),
        _l(
            "Các thông tin trên tờ khai theo mẫu của thủ tục (họ tên, ngày sinh, số định danh cá nhân, nơi cư "
            "trú và các thông tin thủ tục yêu cầu) và giấy tờ đính kèm. Ô ghi «không bắt buộc» được để trống."
        ),
        False,
        REQUIRED_BY_LAW,
    ),
    Purpose(
        "lien_lac",
        _l("Xác thực và liên lạc về hồ sơ"),
        _l(
            "Số điện thoại di động: nhận mã xác thực, đường dẫn tiếp tục hồ sơ, yêu cầu bổ sung, thông báo có "
            "kết quả, trễ hạn, từ chối, phí và lệ phí cần nộp."
        ),
        False,
        REQUIRED_BY_LAW,
    ),
    Purpose(
        "tin_nhan",
        _l("Tin nhắn thông báo không bắt buộc"),
        _l(
            "Số điện thoại di động, để báo hồ sơ đã được nhận, đã được tiếp nhận, kết quả đã gửi qua bưu chính, "
            "phí, lệ phí đã nộp và mời đánh giá. Chỉ gửi khi bạn đánh dấu ô đồng ý khi nộp hồ sơ."
        ),
        True,
        ASKED,
    ),
    Purpose(
        "buu_chinh",
        _l("Trả kết quả qua bưu chính"),
        _l("Họ tên người nhận, địa chỉ và số điện thoại nhận kết quả, chỉ khi bạn chọn nhận qua bưu điện."),
        True,
        ASKED,
    ),
    Purpose(
        "thanh_toan",
        _l("Thanh toán phí, lệ phí trực tuyến"),
        _l(
            "Mã hồ sơ và số tiền, chỉ khi bạn chọn thanh toán trực tuyến. Thông tin thẻ, tài khoản do cổng "
            "thanh toán xử lý; chúng tôi không nhận."
        ),
        True,
        ASKED,
    ),
    Purpose(
        "dinh_danh",
        _l("Đăng nhập bằng định danh điện tử (VNeID)"),
        _l(
            "Họ tên, số định danh cá nhân, ngày sinh, giới tính, nơi cư trú và số điện thoại do hệ thống định "
            "danh điện tử cung cấp, để điền sẵn tờ khai và không hỏi lại thông tin Nhà nước đã có."
        ),
        True,
        ASKED,
    ),
    Purpose(
        "danh_gia",
        _l("Đánh giá sự hài lòng"),
        _l("Các mức đánh giá và góp ý bạn gửi, gắn với hồ sơ, để đo chất lượng phục vụ."),
        True,
        ASKED,
    ),
    Purpose(
        "bao_ve",
        _l("Bảo vệ hồ sơ và hệ thống"),
        _l(
            "Bốn số cuối điện thoại hoặc số định danh khi tra cứu (để chống dò tìm), nhật ký cán bộ xem hồ sơ, "
            "nhật ký đăng nhập."
        ),
        False,
        REQUIRED_BY_LAW,
    ),
)


@dataclass(frozen=True)
class LegalBasis:
    number: str
    title: object
    entry: object = None  # the legal register's row, when it holds the document


LAWS = (
    ("91/2025/QH15", _l("Luật Bảo vệ dữ liệu cá nhân, có hiệu lực từ ngày 01/01/2026")),
    ("356/2025/NĐ-CP", _l("Nghị định quy định chi tiết một số điều của Luật Bảo vệ dữ liệu cá nhân")),
    ("118/2025/NĐ-CP", _l("Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông")),
    ("45/2020/NĐ-CP", _l("Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử")),
)


def legal_bases():
    """The notice's legal bases, each with its register row when the register has it (its link and
    standing are then the register's); plain text otherwise."""
    entries = by_numbers(number for number, _title in LAWS)
    return [LegalBasis(number, title, entries.get(number)) for number, title in LAWS]


def retention_rows():
    """The retention rules in force (webapp/retention), in the notice's order."""
    return current_rules()
