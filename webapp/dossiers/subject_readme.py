"""README.txt of the data subject's copy (webapp/dossiers/subject_copy.py): what each file and each key
of du-lieu.json holds, in the reader's words."""

from flask_babel import gettext as _

from webapp.formatting import local_time


def readme(dossier_count, draft_count, now):
    """The README's text, paragraphs separated by a blank line, Windows line ends (Notepad reads it)."""
    paragraphs = [
        _("DỮ LIỆU CỦA TÔI - bản sao dữ liệu cá nhân do hệ thống MotCua lưu về hồ sơ của bạn"),
        _(
            "Tạo lúc %(when)s theo yêu cầu của bạn, gồm %(dossiers)s hồ sơ đã nộp và %(drafts)s hồ sơ đang soạn.",
            when=local_time(now),
            dossiers=dossier_count,
            drafts=draft_count,
        ),
        _(
            "Tệp du-lieu.json: toàn bộ thông tin về hồ sơ, ở định dạng JSON (UTF-8), mở được bằng trình soạn "
            "thảo văn bản hoặc trình duyệt. Thời gian ghi theo chuẩn ISO 8601, giờ Việt Nam (+07:00)."
        ),
        _(
            "Thư mục tep/<mã hồ sơ>/: các tệp đã lưu trong hồ sơ (giấy tờ bạn nộp, giấy tờ bổ sung, giấy tờ "
            "chứng minh miễn phí, kết quả đã ký). Mỗi tệp có mã kiểm tra sha256 ghi trong du-lieu.json để đối "
            "chiếu. Dự thảo kết quả chưa ký không thuộc bản sao này. Thư mục tep/dang-soan-<số thứ tự>/: các "
            'tệp đã tải lên cho hồ sơ đang soạn, theo thứ tự trong "ho_so_dang_soan".'
        ),
        _('Trong du-lieu.json, mỗi hồ sơ trong "ho_so" gồm:'),
        "\n".join(
            [
                _(
                    "- ma_ho_so, thu_tuc, co_quan_tiep_nhan, kenh_nop, trang_thai: hồ sơ là gì, nộp ở đâu, đang ở bước nào;"
                ),
                _("- thoi_gian: lúc nộp, tiếp nhận, hẹn trả (và hẹn trả mới nếu trễ hạn), hoàn thành, trả kết quả;"),
                _("- nguoi_nop: họ tên, số định danh, số điện thoại người nộp;"),
                _("- tra_loi: các câu trả lời trong tờ khai, kèm phần và tên trường trên tờ khai;"),
                _("- dinh_danh_dien_tu: thông tin từ định danh điện tử (VNeID) khi bạn nộp sau khi đăng nhập;"),
                _("- nhan_ket_qua: cách nhận kết quả, địa chỉ, người nhận, số điện thoại;"),
                _("- phi_le_phi: số tiền, miễn giảm, thời điểm và hình thức nộp, biên lai;"),
                _("- cac_buoc: từng bước xử lý, thời điểm, đơn vị và vai trò người thực hiện (không ghi tên cán bộ);"),
                _("- tep: các tệp của hồ sơ và đường dẫn tới tệp trong thư mục tep/;"),
                _("- danh_gia: đánh giá mức độ hài lòng của bạn;"),
                _("- tin_nhan: các tin nhắn SMS hệ thống đã gửi về hồ sơ;"),
                _("- truy_cap: mỗi lần cán bộ mở hồ sơ, tờ khai hoặc tệp: thời điểm, đơn vị, vai trò, nội dung đã mở."),
            ]
        ),
        _(
            '"ho_so_dang_soan" là các hồ sơ bạn đang soạn, chưa nộp: thủ tục, câu trả lời đã lưu, thời điểm '
            'tạo, cập nhật, hết hạn và các tệp đã tải lên. "dong_y" (nếu có) là các đồng ý bạn đã cho với dữ liệu không bắt buộc. '
            '"tin_nhan_den" (khi bạn xác thực bằng số điện thoại) là các tin nhắn số đó đã gửi đến hệ thống.'
        ),
        _(
            "Tên cán bộ không có trong bản sao này: đó là dữ liệu cá nhân của họ. Nếu thấy dữ liệu sai, bạn có "
            "quyền đề nghị chỉnh sửa tại nơi tiếp nhận hồ sơ."
        ),
    ]
    return ("\n\n".join(paragraphs) + "\n").replace("\n", "\r\n")
