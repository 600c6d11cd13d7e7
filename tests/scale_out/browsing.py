"""People on the two hosts over real HTTP: a browser (a requests session) that reads CSRF tokens
from the pages, the demo officers logging in, the back office's action forms posted as they stand."""

import io
import re

import requests
from bs4 import BeautifulSoup
from PIL import Image

from tests.factories import PDF, posted_value
from webapp.dossiers.drafts import spec_of
from webapp.models import Draft, SmsMessage
from webapp.phone import display_phone

DEMO_PASSWORD = "motcua-demo"
DESK, SPECIALIST, LEADER = "thanhsen.motcua", "thanhsen.chuyenvien", "thanhsen.lanhdao"
SIX_DIGITS = re.compile(r"\b(\d{6})\b")
BIRTH = "1.001193"
THANH_SEN = "Phường Thành Sen"  # unit 18073, where the demo officers work


class Browser:
    """One person's browser; every call names the host it goes to ("a" or "b")."""

    def __init__(self, urls):
        self.urls, self.session = urls, requests.Session()

    def get(self, host, path, **kwargs):
        return self.session.get(self.urls[host] + path, timeout=60, allow_redirects=False, **kwargs)

    def page(self, host, path):
        response = self.get(host, path)
        assert response.status_code == 200, (host, path, response.status_code, response.text[:500])
        return BeautifulSoup(response.text, "html.parser")

    def token(self, host, path):
        return self.page(host, path).find("input", attrs={"name": "csrf_token"})["value"]

    def post(self, host, path, data=None, files=None, token_from=None):
        """The form at `path` (or at `token_from`) posted with its CSRF token; redirects not followed."""
        data = {"csrf_token": self.token(host, token_from or path), **(data or {})}
        return self.send(host, path, data, files)

    def send(self, host, path, data, files=None, headers=None):
        url = path if path.startswith("http") else self.urls[host] + path
        return self.session.post(url, data=data, files=files, headers=headers, timeout=60, allow_redirects=False)


def location(response, status=303):
    """Where a form's answer sends the browser; else what the page said was wrong."""
    if response.status_code != status:
        soup = BeautifulSoup(response.text, "html.parser")
        said = [e.get_text(" ", strip=True) for e in soup.select(".error, .error-summary, .notice")]
        raise AssertionError(f"{response.request.method} {response.url}: {response.status_code} {said}")
    return response.headers["Location"]


def log_in(browser, host, username):
    """The demo officer through the login page and, for a leader, the demo's TOTP code."""
    after = location(browser.post(host, "/can-bo/dang-nhap", {"username": username, "password": DEMO_PASSWORD}))
    if after.endswith("/dang-nhap/ma"):
        notice = browser.page(host, "/can-bo/dang-nhap/ma").find(string=re.compile("Chế độ trình diễn"))
        code = SIX_DIGITS.search(notice.find_parent().get_text())[1]
        after = location(browser.post(host, "/can-bo/dang-nhap/ma", {"code": code}))
    assert "/dang-nhap" not in after, after
    return browser


def action_form(soup, action):
    """The fields of the dossier page's form for `action`, as a browser would post them untouched."""
    marker = soup.find("input", attrs={"name": "action", "value": action})
    assert marker is not None, f"no form for {action}"
    form, data = marker.find_parent("form"), {}
    for field in form.find_all(["input", "select", "textarea"]):
        name, kind = field.get("name"), field.get("type", "")
        if not name or kind == "file" or (kind in ("checkbox", "radio") and not field.has_attr("checked")):
            continue
        if field.name == "select":
            options = [o for o in field.find_all("option") if o.get("value")]
            chosen = field.find("option", selected=True) or (options[0] if options else None)
            data[name] = chosen["value"] if chosen else ""
        else:
            data[name] = field.get("value", field.get_text() if field.name == "textarea" else "")
    return form["action"], data


def act(browser, host, code, action, files=None, **fields):
    """Post an action from the dossier page as it stands on `host`; the page's status afterwards."""
    path, data = action_form(browser.page(host, f"/can-bo/ho-so/{code}"), action)
    location(browser.send(host, path, {**data, **fields}, files))
    return status_of(browser.page(host, f"/can-bo/ho-so/{code}"))


def status_of(soup):
    term = soup.find("dt", string="Trạng thái")
    return term.find_next_sibling("dd").find("strong").get_text(strip=True)


# The citizen, filing online.


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, "JPEG")
    return out.getvalue()


def start_draft(citizen, host):
    soup = citizen.page(host, f"/thu-tuc/{BIRTH}/nop-truc-tuyen")
    agency = next(o["value"] for o in soup.select("#agency option") if o.get_text(strip=True) == THANH_SEN)
    after = location(citizen.post(host, f"/thu-tuc/{BIRTH}/nop-truc-tuyen", {"agency": agency}))
    return after.split("/")[2]


def file_online(citizen, host, read, phone):
    """Đăng ký khai sinh with one extract copy (a fee), two papers uploaded, the result online, on
    `host`; read(work) runs work in the app over the same database (the spec, the SMS code)."""
    token = start_draft(citizen, host)
    steps = read(lambda: spec_of(Draft.get(Draft.token == token)).steps)
    for number, step in enumerate(steps, 1):
        answers = {f.name: posted_value(f) for f in step.fields}
        answers |= {"so_ban_sao": "1"} if "so_ban_sao" in answers else {}  # one extract copy: a fee
        location(citizen.post(host, f"/nop/{token}/buoc/{number}", answers))
    inputs = [i["name"] for i in citizen.page(host, f"/nop/{token}/giay-to").select("input[type=file]")]
    files = {inputs[0]: ("giay-chung-sinh.pdf", PDF, "application/pdf"), inputs[1]: ("cccd.jpg", jpeg(), "image/jpeg")}
    assert "/dien-thoai" in location(citizen.post(host, f"/nop/{token}/giay-to", {"action": "continue"}, files))
    sent = citizen.post(host, f"/nop/{token}/dien-thoai", {"phone": display_phone(phone), "action": "send"})
    assert sent.status_code in (200, 303), sent.status_code
    newest = SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc())
    code = SIX_DIGITS.search(read(lambda: newest.get().body))[1]
    location(citizen.post(host, f"/nop/{token}/dien-thoai", {"code": code, "action": "verify"}))
    location(citizen.post(host, f"/nop/{token}/nhan-ket-qua", {"cach_nhan": "truc_tuyen"}))
    agreed = {"tin_nhan": "y"}  # the optional SMS box ticked: the walk reads the "submitted" SMS
    submitted = citizen.post(host, f"/nop/{token}/gui", agreed, token_from=f"/nop/{token}/kiem-tra")
    assert location(submitted).endswith("/da-nop")
    return citizen.page(host, f"/nop/{token}/da-nop").select_one(".code strong").get_text(strip=True)
