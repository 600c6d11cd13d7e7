"""Walks in real Chromium, shared by the browser tests: a citizen filing Đăng ký khai sinh step by step,
the demo staff of Phường Thành Sen logging in and taking a dossier through the back office, axe-core's
audit; and a server of the test's own, which it may stop (offline) and start again on the same port."""

import re
import threading
import time
from pathlib import Path

import pyotp
from fpdf import FPDF
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from werkzeug.serving import make_server

# The citizen, filing online.

BIRTH = "1.001193"
AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
CODE_RE = re.compile(r"^H42\.\d{5}-\d{6}-\d{4}$")
SAVE = "Lưu và tiếp tục"
SMS_BOX = "Nhận tin nhắn thông báo về hồ sơ (không bắt buộc)"  # the check page's optional-SMS consent
RADIOS = {"ks_gioi_tinh", "quan_he"}


def shown(phone):
    """'0912345678' → '0912 345 678', as the pages show it."""
    return f"{phone[:4]} {phone[4:7]} {phone[7:]}"


def answers(phone):
    """One valid answer set per form step of Đăng ký khai sinh."""
    return [
        {
            "ho_ten": "Nguyễn Văn An",
            "so_giay_to": "042095001234",
            "noi_cu_tru": "Số 5, thôn Trung Tiến, xã Thạch Hà, Hà Tĩnh",
            "quan_he": "cha",
            "dien_thoai": shown(phone),
            "email": "an.nguyen@example.com",
        },
        {
            "ks_ho_ten": "Nguyễn Minh Khang",
            "ks_ngay_sinh": "05/09/2025",
            "ks_gioi_tinh": "nam",
            "ks_dan_toc": "Kinh",
            "ks_quoc_tich": "Việt Nam",
            "ks_noi_sinh": "Bệnh viện Đa khoa tỉnh Hà Tĩnh, phường Thành Sen, Hà Tĩnh",
            "ks_que_quan": "Xã Thạch Hà, Hà Tĩnh",
        },
        {
            "me_ho_ten": "Trần Thị Bình",
            "me_nam_sinh": "1995",
            "me_dan_toc": "Kinh",
            "me_quoc_tich": "Việt Nam",
            "me_noi_cu_tru": "Số 5, thôn Trung Tiến, xã Thạch Hà, Hà Tĩnh",
        },
        {"cha_ho_ten": "Nguyễn Văn An", "cha_nam_sinh": "1993", "cha_so_giay_to": "042095001234"},
        {"so_ban_sao": "0", "cam_doan": True},  # extract copies cost 8.000 đồng each, due before the result
    ]


def fill(page, values):
    for name, value in values.items():
        if isinstance(value, bool):
            page.locator(f'[name="{name}"]').set_checked(value)
        elif name in RADIOS:
            page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            page.locator(f'[name="{name}"]').fill(value)


def expect_values(page, values):
    for name, value in values.items():
        if isinstance(value, bool):
            expect(page.locator(f'[name="{name}"]')).to_be_checked(checked=value)
        elif name in RADIOS:
            expect(page.locator(f'[name="{name}"][value="{value}"]')).to_be_checked()
        else:
            expect(page.locator(f'[name="{name}"]')).to_have_value(value)


SENT_AHEAD = "da-gui=1"  # the documents page sent the code to the number given at step 1


def change_delivery(page, returned):
    """From the check page, the result to come back as `returned` says instead of at the desk."""
    page.locator("#nhan-ket-qua").get_by_role("link", name="Sửa").click()
    choose_delivery(page, returned)


def expect_at(page, tail):
    """The URL ends with `tail`; a fragment (the "Sửa" links' #f-field) rides along through redirects."""
    expect(page).to_have_url(re.compile(rf"{tail}(\?sau=kiem-tra|\?{SENT_AHEAD})?(#[\w-]+)?$"))


def expect_step(page, number):
    expect_at(page, rf"/nop/[\w-]+/buoc/{number}")
    expect(page.locator(".progress")).to_contain_text(f"Bước {number}/8")


def start(page):
    """From the procedure page to step 1 of a fresh draft; returns the draft's token."""
    page.goto(f"/thu-tuc/{BIRTH}")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{BIRTH}/nop-truc-tuyen$"))
    page.get_by_label("Nơi nộp hồ sơ (xã, phường)").select_option(index=1)
    page.get_by_role("button", name="Bắt đầu").click()
    expect_step(page, 1)
    return re.search(r"/nop/([\w-]+)/buoc/", page.url)[1]


def fill_steps(page, steps, first=1):
    for number, values in enumerate(steps, start=first):
        expect_step(page, number)
        fill(page, values)
        page.get_by_role("button", name=SAVE).click()


def read_otp(page, phone):
    """The newest code sent to `phone`, read from /dev/sms in another tab of the same browser."""
    outbox = page.context.new_page()
    outbox.goto("/dev/sms")
    row = outbox.locator("tbody tr").filter(has_text=shown(phone)).filter(has_text="ma xac thuc").first
    text = row.locator(".sms").inner_text()
    outbox.close()
    return re.search(r"\b(\d{6})\b", text)[1]


def send_code(page, phone):
    """The code sent to `phone` (already, when step 1 gave that number), read from the SMS outbox."""
    expect_at(page, "/dien-thoai")
    if SENT_AHEAD in page.url:
        expect(page.locator(".notice")).to_contain_text(f"Đã gửi mã xác thực gồm 6 chữ số đến số {shown(phone)}.")
    if page.locator("#code").count() and page.get_by_label("Số điện thoại di động").input_value() == shown(phone):
        return read_otp(page, phone)  # a code already went to this number
    page.get_by_label("Số điện thoại di động").fill(shown(phone))
    page.get_by_role("button", name=re.compile(r"^Gửi (lại )?mã$")).click()
    expect(page.locator(".notice")).to_have_text("Đã gửi mã xác thực gồm 6 chữ số đến số điện thoại của bạn.")
    return read_otp(page, phone)


AT_THE_DESK = "Nhận trực tiếp tại"  # the result's channels as the filing page offers them
ONLINE_RETURN = "Nhận bản điện tử"


def verify_phone(page, phone, then_choose=True, returned=AT_THE_DESK):
    code = send_code(page, phone)
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name="Xác nhận").click()
    if then_choose:
        expect(page.locator("h1")).to_have_text("Kiểm tra thông tin trước khi nộp")
        if returned != AT_THE_DESK:  # at the desk unless she changes it on the check page
            change_delivery(page, returned)


def choose_delivery(page, returned=AT_THE_DESK):
    """The result is to come back as `returned` says (at the desk unless told)."""
    expect(page.locator("h1")).to_have_text("Cách nhận kết quả")
    page.get_by_label(returned, exact=False).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.locator("h1")).to_have_text("Kiểm tra thông tin trước khi nộp")


def make_files(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Giay chung sinh")
    pdf.output(str(tmp_path / "giay-chung-sinh.pdf"))
    Image.new("RGB", (64, 48), (200, 120, 40)).save(tmp_path / "uy-quyen.jpg", "JPEG")
    (tmp_path / "giay.pdf").write_text("<!doctype html><title>x</title><p>not a pdf</p>")
    return tmp_path / "giay-chung-sinh.pdf", tmp_path / "uy-quyen.jpg", tmp_path / "giay.pdf"


def run_axe(page, where):
    page.add_script_tag(path=AXE)
    violations = page.evaluate("axe.run().then(r => r.violations)")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in serious)
    assert not serious, f"{where}:\n{report}"


# The staff, through the real pages.

PASSWORD = "motcua-demo"
THANH_SEN = "Phường Thành Sen"  # unit 18073
THANH_SEN_DESK = "Trung tâm Phục vụ hành chính công phường Thành Sen"  # its desk, from webapp/seed/desks.yaml
MOT_CUA, CHUYEN_VIEN, LANH_DAO = "thanhsen.motcua", "thanhsen.chuyenvien", "thanhsen.lanhdao"
NAMES = {MOT_CUA: "Nguyễn Thị Lan", CHUYEN_VIEN: "Trần Văn Minh", LANH_DAO: "Lê Văn Hùng"}
CCCD = "042095001234"
MASKED = "•" * 9 + "234"
WHEN = re.compile(r"^\d{2}:\d{2} \d{2}/\d{2}/\d{4}$")


def file_dossier(page, phone, tmp_path, returned=AT_THE_DESK):
    """File Đăng ký khai sinh online to Phường Thành Sen, the result to come back as `returned`; returns
    the dossier code from the confirmation."""
    pdf, jpeg, _ = make_files(tmp_path)
    page.goto(f"/thu-tuc/{BIRTH}")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{BIRTH}/nop-truc-tuyen$"))
    page.get_by_label("Nơi nộp hồ sơ (xã, phường)").select_option(label=THANH_SEN)
    page.get_by_role("button", name="Bắt đầu").click()
    expect_step(page, 1)
    fill_steps(page, answers(phone))
    expect_at(page, "/giay-to")
    page.get_by_label("Giấy chứng sinh").set_input_files(pdf)
    page.get_by_label("Văn bản ủy quyền").set_input_files(jpeg)
    page.get_by_role("button", name="Tiếp tục").click()
    verify_phone(page, phone, returned=returned)
    expect(page.locator("main")).to_contain_text(THANH_SEN_DESK)
    page.get_by_label(SMS_BOX).check()  # the walk's later steps expect the optional SMS too
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect_at(page, "/da-nop")
    code = page.locator(".code strong")
    expect(code).to_have_text(CODE_RE)
    return code.inner_text()


def log_in(page, username):
    """Through /can-bo/dang-nhap (and, for a leader, the TOTP step) to the account's own queue (or, for an
    admin, the admin pages), the staff header naming the officer."""
    page.goto("/can-bo/dang-nhap")
    expect(page.locator("h1")).to_have_text("Đăng nhập cán bộ")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(re.compile(r"/(can-bo/dang-nhap/ma|can-bo/ho-so|quan-tri/lich-lam-viec)$"))
    if page.url.endswith("/dang-nhap/ma"):
        second_factor(page, username)
    expect(page).to_have_url(re.compile(r"/(can-bo/ho-so|quan-tri/lich-lam-viec)$"))
    expect(page.get_by_role("navigation", name="Điều hướng cán bộ")).to_contain_text(NAMES.get(username, ""))


def second_factor(page, username):
    """The demo code shown on the page, or one computed from the secret of the setup step."""
    expect(page.locator("h1")).to_have_text(re.compile(r"^(Thiết lập xác thực hai bước|Xác thực hai bước)$"))
    for _attempt in range(3):
        demo = page.locator(".notice", has_text="Chế độ trình diễn")
        if demo.count():
            code = re.search(r"\b(\d{6})\b", demo.inner_text())[1]
        else:
            secret = page.locator("code.secret").first.inner_text().replace(" ", "")
            code = pyotp.TOTP(secret).now()
        page.get_by_label("Mã xác thực gồm 6 chữ số").fill(code)
        page.get_by_role("button", name=re.compile(r"^(Xác nhận và đăng nhập|Đăng nhập)$")).click()
        try:
            page.wait_for_url(lambda url: "/dang-nhap/ma" not in url, timeout=5_000)
            return
        except PlaywrightTimeout:
            pass
        # The suite signs one demo account in many times a minute and each code is single-use: an
        # officer would wait for the app's next code, and so does the walk.
        time.sleep(30 - time.time() % 30 + 1)
        page.goto("/can-bo/dang-nhap/ma")


def staff_page(make_page, js, username):
    page = make_page(js=js)
    log_in(page, username)
    return page


def queue_tab(page, tab):
    """A queue's tab in the staff header; on the queues page its count rides along ("Chờ tiếp nhận (3)")."""
    tabs = page.get_by_role("navigation", name="Hàng đợi")
    return tabs.get_by_role("link", name=re.compile(rf"^{re.escape(tab)}( \(\d+\))?$"))


def open_from_queue(page, tab, code):
    """From the staff queues, the queue tab `tab`, then the dossier's link in it; returns the row."""
    page.goto("/can-bo/ho-so")
    queue_tab(page, tab).click()
    expect(page.locator("h1")).to_have_text(tab)
    expect(queue_tab(page, tab)).to_have_attribute("aria-current", "page")
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=code, exact=True))
    expect(row).to_have_count(1)
    text = row.inner_text()
    row.get_by_role("link", name=code, exact=True).click()
    expect_dossier_page(page, code)
    return text


def expect_dossier_page(page, code):
    expect(page).to_have_url(re.compile(rf"/can-bo/ho-so/{re.escape(code)}$"))
    expect(page.locator("h1")).to_have_text(f"Hồ sơ {code}")


def fact(page, term):
    return page.locator(f"dl.facts dt:text-is('{term}') + dd")


def status(page):
    """The status alone (a dossier like an earlier one also says "(có thể trùng)")."""
    return fact(page, "Trạng thái").locator("strong")


def act(page, code, button, state):
    """Press an action's button on the dossier page; the page comes back with the new status."""
    page.get_by_role("button", name=button).click()
    expect_dossier_page(page, code)
    expect(page.locator("p.error")).to_have_count(0)
    expect(status(page)).to_have_text(state)


def receive(page, code):
    """The desk officer takes the dossier in from the 'Chờ tiếp nhận' queue; returns the binding due date."""
    row = open_from_queue(page, "Chờ tiếp nhận", code)
    assert MASKED in row and CCCD not in row, f"the queue shows the CCCD unmasked: {row!r}"
    expect(status(page)).to_have_text("Chờ tiếp nhận")
    expect(fact(page, "Hạn trả kết quả")).to_contain_text("dự kiến, chốt khi tiếp nhận")
    act(page, code, "Tiếp nhận hồ sơ (mẫu 01)", "Đã tiếp nhận")
    due = fact(page, "Hạn trả kết quả")
    expect(due).not_to_contain_text("dự kiến")
    expect(due.locator("strong")).to_have_text(WHEN)
    expect(fact(page, "Tiếp nhận lúc")).to_contain_text(re.compile(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}"))
    return due.locator("strong").inner_text()


def to_the_return_desk(make_page, js, desk, code, signed_result, leader=None):
    """A dossier the desk has just received, sent on to the specialist, submitted to the leader and
    approved with `signed_result` (the leader's page from `leader()` if given); ends with the desk
    at it in 'Chờ trả kết quả'."""
    act(desk, code, "Chuyển xử lý", "Đang xử lý")
    specialist = staff_page(make_page, js, CHUYEN_VIEN)
    open_from_queue(specialist, "Đang xử lý", code)
    act(specialist, code, "Trình lãnh đạo phê duyệt", "Chờ phê duyệt")
    leader = leader() if leader else staff_page(make_page, js, LANH_DAO)
    open_from_queue(leader, "Đang xử lý", code)
    leader.get_by_label("Văn bản kết quả đã ký (PDF)").set_input_files(signed_result)
    act(leader, code, "Phê duyệt, ký kết quả", "Chờ trả kết quả")
    open_from_queue(desk, "Chờ trả kết quả", code)


# A server of the test's own, which it may stop (offline) and start again on the same port.


class StoppableServer:
    """The seeded app over HTTP from a thread, until stop() closes its socket (connections refused).
    Setting `status_delay` makes status pages answer that many seconds late, like a failing link.
    As a context manager, it is stopped on the way out."""

    def __init__(self, app):
        self.status_delay = 0
        self._app = app
        self._server = make_server("127.0.0.1", 0, self._slowed, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.running = True

    def _slowed(self, environ, start_response):
        if self.status_delay and environ["PATH_INFO"].startswith("/tra-cuu/"):
            time.sleep(self.status_delay)
        return self._app(environ, start_response)

    def start(self):
        """Serve again on the same port: same origin, so the same cookies, storage and worker."""
        if not self.running:
            self._server = make_server("127.0.0.1", int(self.url.rsplit(":", 1)[1]), self._slowed, threaded=True)
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
            self.running = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.running:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self.running = False


def wait_for_the_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
