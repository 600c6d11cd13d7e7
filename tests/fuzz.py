"""The fuzzer's world and its inputs: one seeded app with real things to point at (a draft, a filed,
a returned and a signed dossier), clients for each kind of visitor, the form fields every page offers
(read from its HTML, keyed by the route each form posts to), and hypothesis strategies for hostile
values already percent-encoded, so invalid UTF-8 (%FF, %C3%28) reaches the app as raw bytes."""

import logging
import random
import re
from urllib.parse import quote, urlsplit

from bs4 import BeautifulSoup
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException
from werkzeug.routing import AnyConverter

from tests import walks
from tests.apps import bind, make_app, migrated_and_seeded
from tests.factories import BIRTH, commune_agency, make_draft
from tests.staff_login import new_staff, sign_in
from webapp.db import db
from webapp.models import Staff

UNIT = "18073"
STAFF_PREFIXES = ("/can-bo", "/quan-tri")
# Visitors: anonymous, and one account of each role whose pages differ (desk, leader, province admin).
STAFF_ROLES = ("mot_cua", "chuyen_vien", "lanh_dao", "quan_tri_tinh")

# Values that broke something somewhere once, or should: big, negative, impossible, empty, long.
NUMBERS = ("-1", "0", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e309", "9" * 400)
NUMBERS += ("-9223372036854775809", "NaN", "inf", "0x10", "1_000", "٣", "１２")
DATES = ("31/02/2026", "0/0/0", "00/00/0000", "29/02/2025", "32/13/2026", "2026-02-31", "99/99/99999999999")
DATES += ("1/1/1", "31/12/9999", "01/01/10000", "-1/-1/-1")
TEXTS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "Nguyễn Thị Hoa",
    "ṩ̃̀",
    "😀" * 3,
    "\u202e",
    "\ufeff",
    "'\"<>&;--",
    "../../etc/passwd",
)
TEXTS += ("x" * 100_000, "ệ" * 100_000)
RAW = ("%FF", "%C3%28", "%C3%A9", "%80", "%ED%A0%80", "%F4%90%80%80", "%", "%G1", "%00", "%C3")


def encoded(text):
    return quote(text, safe="")


ENCODED_NASTY = st.one_of(
    st.sampled_from(NUMBERS + DATES + TEXTS).map(encoded),
    st.sampled_from(RAW),
    st.text(max_size=12).map(encoded),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(st.sampled_from(RAW + ("a", "1", "é")), min_size=1, max_size=4).map("".join),
)


def path_value_strategy(name, converter, valid):
    """A path parameter: one of the world's real values (so the page behind it is reached) or junk."""
    if isinstance(converter, AnyConverter):
        return st.sampled_from(sorted(converter.items))
    if re.fullmatch(converter.regex, "1") and not re.fullmatch(converter.regex, "a"):  # a number in the URL
        junk = st.one_of(st.integers(min_value=0, max_value=2**80), st.sampled_from([2**63, 2**64, 10**20]))
    else:
        junk = st.one_of(
            st.sampled_from(NUMBERS + DATES + TEXTS[:-2] + ("x" * 5000,)).map(encoded),
            st.sampled_from(RAW),
            st.text(min_size=1, max_size=12).map(encoded),
        )
    real = valid.get(name)
    return st.one_of(st.sampled_from(real), junk) if real else junk


def form_strategy(fields):
    """A urlencoded body or query: known fields with seen or hostile values, extra junk keys, repeats."""
    known = sorted(fields)

    def value_of(name):
        seen = sorted(fields[name])
        return st.one_of(st.sampled_from(seen).map(encoded), ENCODED_NASTY) if seen else ENCODED_NASTY

    pair = st.sampled_from(known).flatmap(lambda n: value_of(n).map(lambda v: (encoded(n), v))) if known else None
    junk_pair = st.tuples(st.one_of(ENCODED_NASTY, st.sampled_from(GENERIC_NAMES)), ENCODED_NASTY)
    pairs = st.lists(st.one_of(pair, junk_pair) if known else junk_pair, max_size=12)
    # Most bodies carry every known field once (the form as posted), then extra and repeated keys.
    full = st.fixed_dictionaries({n: value_of(n) for n in known}).map(lambda d: [(encoded(k), v) for k, v in d.items()])
    return st.tuples(st.one_of(full, st.just([])), pairs).map(lambda both: both[0] + both[1])


# Names many routes read from a query or a form, offered to every route.
GENERIC_NAMES = ("agency", "size", "doc", "name", "q", "page", "offset", "code", "phone", "next", "lang", "tu_ngay")
GENERIC_NAMES += ("den_ngay", "co_quan", "thu_tuc", "don_vi", "linh_vuc", "trang_thai", "amount", "version", "action")
GENERIC_NAMES += ("vnp_SecureHash", "vnp_TxnRef", "vnp_Amount", "vnp_ResponseCode", "so_tien", "year", "from", "to")


def urlencoded(pairs):
    return "&".join(f"{k}={v}" for k, v in pairs)


class World:
    """The app, its visitors (test clients) with their CSRF tokens, real path values, forms' fields."""

    def __init__(self, app, clients, csrf, valid):
        self.app, self.clients, self.csrf, self.valid = app, clients, csrf, valid
        self.fields, self.errors = {}, []
        self.uploads = {}  # endpoint → Upload: the forms with a file field, as a visitor first saw them

    def __repr__(self):  # hypothesis prints the arguments of a failing case: keep them short
        return "World()"

    def refresh(self, visitor):
        """Sign the visitor in again (a fuzzed request may have logged out) and read its CSRF token."""
        client = self.clients[visitor]
        if visitor != "anonymous":
            with self.app.app_context(), db.connection_context():
                sign_in(client, Staff.get_by_id(client.staff_id))
        html = client.get("/can-bo/ho-so" if visitor != "anonymous" else "/").get_data(as_text=True)
        self.csrf[visitor] = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def client_names(self, rule):
        staff = rule.rule.startswith(STAFF_PREFIXES)
        return ["anonymous", *STAFF_ROLES] if staff else ["anonymous"]

    def fields_of(self, endpoint):
        return self.fields.get(endpoint, {})


class ErrorLog(logging.Handler):
    """Keeps the tracebacks the app logs as it turns an exception into its 500 page."""

    def __init__(self, sink):
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record):
        if record.exc_info:
            self.sink.append(self.format(record))


def build_world(tmp_path):
    app = migrated_and_seeded(bind(make_app(tmp_path, "fuzz", PROPAGATE_EXCEPTIONS=True)))
    with app.app_context(), db.connection_context():
        draft = make_draft(code=BIRTH, agency=commune_agency(UNIT))
        agency = commune_agency(UNIT)
        unit_id = agency.unit_id
    filed = walks.filed(app, UNIT)
    returned = walks.returned(app)
    signed, result = walks.signed(app)
    valid = {
        "token": [draft.token, returned.rating_token],
        "code": [filed.code, signed.code, BIRTH, UNIT],
        "attachment_id": [result.id],
        "number": [1, 2, 3],
        "unit_id": [unit_id],
        "verify_code": [result.verify_code],
        "supplement_token": ["x"],
        "fmt": ["pdf", "docx"],
        "filename": ["app.css"],
    }
    clients = {"anonymous": app.test_client()}
    for role in STAFF_ROLES:
        clients[role] = app.test_client()
        clients[role].staff_id = new_staff(app, f"fuzz.{role}", role=role, units=(UNIT,)).id
    for client in clients.values():
        client.environ_base["REMOTE_ADDR"] = f"10.9.{random.randint(0, 255)}.{random.randint(1, 254)}"
    world = World(app, clients, {}, valid)
    for visitor in clients:
        world.refresh(visitor)
    app.logger.addHandler(ErrorLog(world.errors))
    read_forms(world)
    add_script_fields(world)
    return world


def add_script_fields(world):
    """Fields only the pages' JavaScript sends (resumable uploads): named after the documents form's."""
    papers = {name.removeprefix("doc-") for name in world.fields.get("filing.documents", {}) if name.startswith("doc-")}
    world.fields["filing.create_upload"] = {"doc": papers or {"1"}, "name": {"anh.jpg"}, "size": {"1000"}}
    world.fields["filing.upload_chunk"] = {"offset": {"0"}}


def read_forms(world):
    """Every form on every GET page each visitor reaches with real parameters: its fields and seen values."""
    adapter = world.app.url_map.bind("localhost")
    for rule in world.app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.endswith((".pdf", ".csv", ".xlsx")):
            continue
        for path in real_paths(rule, world.valid):
            for name in world.client_names(rule):
                response = world.clients[name].get(path)
                if response.status_code == 200 and response.mimetype == "text/html":
                    collect(world, adapter, path, response.get_data(as_text=True), name)


def real_paths(rule, valid, limit=4):
    """The rule's URL built from the world's real values (a few combinations)."""
    combos = [{}]
    for arg in rule.arguments:
        converter = rule._converters[arg]
        options = sorted(converter.items) if isinstance(converter, AnyConverter) else valid.get(arg, [])
        combos = [{**c, arg: o} for c in combos for o in options][:limit]
    paths = []
    for values in combos:
        if set(values) == set(rule.arguments):
            paths.append(rule.build(values, append_unknown=False)[1])
    return paths


def collect(world, adapter, page_path, html, visitor="anonymous"):
    soup = BeautifulSoup(html, "html.parser")
    for form in soup.find_all("form"):
        action = urlsplit(form.get("action") or page_path).path or page_path
        method = (form.get("method") or "GET").upper()
        try:
            endpoint, _ = adapter.match(action, method=method)
        except HTTPException:
            continue
        fields = world.fields.setdefault(endpoint, {})
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or name == "csrf_token":
                continue
            if element.name == "input" and (element.get("type") or "").lower() == "file":
                _note_upload(world, endpoint, action, visitor, name, form)
            seen = fields.setdefault(name, set())
            if element.get("value") is not None:
                seen.add(element["value"])
            for option in element.find_all("option"):
                seen.add(option.get("value", option.get_text()))


class Upload:
    """A form with file fields: where it posts, who saw it, its file fields and its other fields' values."""

    def __init__(self, path, visitor):
        self.path, self.visitor, self.file_names, self.values = path, visitor, set(), {}


def _note_upload(world, endpoint, action, visitor, name, form):
    upload = world.uploads.setdefault(endpoint, Upload(action, visitor))
    if upload.path != action:
        return
    upload.file_names.add(name)
    for element in form.find_all(["input", "select", "textarea"]):
        other = element.get("name")
        if other and other != "csrf_token" and (element.get("type") or "").lower() != "file":
            option = element.find("option")
            value = element.get("value") or (option.get("value", option.get_text()) if option else "")
            upload.values.setdefault(other, value)


# What people upload by mistake or on purpose (issue 18's review): bytes of nothing in particular, text
# full of NULs, a number past Python's 4,300 digits, text dressed as a spreadsheet, and bundles whose
# values YAML and JSON read but Python cannot hold or the database refuses.
_HUGE = "9" * 5000
HOSTILE_FILES = (
    ("tep.bin", bytes(random.Random(18).randrange(256) for _ in range(300))),
    ("nul.txt", b"\x00a\x00b\x00" * 50),
    ("so.txt", _HUGE.encode()),
    ("bang.xlsx", "mã,tên\n1.001193,Đăng ký khai sinh\n".encode()),
    ("bang.csv", ("ma,ten\n" + _HUGE + ",\x00\n").encode()),
    ("ngay.yaml", b"code: '1.001193'\nrules:\n  effective_from: 2026-02-30\n"),
    ("so.yaml", ("code: '1.001193'\nx: " + _HUGE + "\n").encode()),
    ("so.json", ('{"code": 1' + _HUGE + "}").encode()),
    ("nul.yaml", b'code: "1.001193"\nrules:\n  legal_bases:\n  - number: "1\\0"\n'),
    (
        "van-ban.yaml",
        b"code: '1.001193'\nlegal_documents:\n- number: '" + b"9" * 80 + b"'\n  kind: luat\n  title: x\n"
        b"  issuer: 5\n  url: [1]\n  note: {a: 1}\n  replaced_by: 7\n",
    ),
    ("rong.pdf", b""),
    ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200),
)


def _cited_row(data, **row):
    """The bundle with one more register row, cited by its legal bases."""
    row = {"number": "55/2026/TT-FUZZ", "kind": "thong_tu", "title": "Thử", "effective_from": "2026-01-01"} | row
    data.setdefault("legal_documents", []).append(row)
    data["rules"]["legal_bases"].append({"number": row["number"]})
    return data


def _nul_basis(data):
    data["rules"]["legal_bases"].append({"number": "1\x00/2026/NĐ-CP"})
    return data


# A real procedure's export with one twist each: only a bundle otherwise whole reaches the register
# rows' creation (and the database), so these are what a typo in a good file does.
BUNDLE_TWISTS = {
    "issuer-number": lambda data: _cited_row(data, issuer=5),
    "url-list": lambda data: _cited_row(data, url=["https://vbpl.vn"]),
    "note-mapping": lambda data: _cited_row(data, note={"a": 1}),
    "number-80": lambda data: _cited_row(data, number="9" * 80 + "/2026/NĐ-CP"),
    "issuer-300": lambda data: _cited_row(data, issuer="x" * 300),
    "nul-basis": _nul_basis,
    "nul-row": lambda data: _cited_row(data, title="T\x00", note="n\x00"),
}


def twisted_bundle(app, twist):
    """The birth registration's export (YAML) with `twist` applied, as bytes to upload."""
    import yaml

    from webapp.models import Procedure
    from webapp.versions.transfer import export_bundle

    with app.app_context(), db.connection_context():
        data = yaml.safe_load(export_bundle(Procedure.get(Procedure.code == BIRTH)))
    twisted = BUNDLE_TWISTS[twist](data)
    return yaml.safe_dump(twisted, allow_unicode=True, sort_keys=False).encode()
