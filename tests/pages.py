"""The page checker: every test that fetches a page gets these checks for free."""

from collections import Counter
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# English that frameworks print when a message escaped translation.
FRAMEWORK_ENGLISH = (
    "This field is required",
    "Not a valid",
    "Invalid input",
    "The CSRF token",
    "Not Found",
    "Internal Server Error",
    "Method Not Allowed",
)


@lru_cache(maxsize=1)
def catalog_pairs():
    """(Vietnamese msgid, English msgstr) of every message whose English differs."""
    with (TRANSLATIONS / "en/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    pairs = []
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        if message.string and message.string != message.id and "%(" not in message.id:
            pairs.append((message.id, message.string))
    return pairs


def _visible_text(soup):
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def check_page(html, lang="vi"):
    """Parse and check a page; raise AssertionError naming what is wrong."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.find("title")
    assert title and title.get_text(strip=True), "page has no <title>"
    assert soup.html and soup.html.get("lang") == lang, f"<html lang> is {soup.html and soup.html.get('lang')!r}"
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    repeated = [i for i, n in ids.items() if n > 1]
    assert not repeated, f"ids used more than once: {repeated}"
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            token = form.find("input", attrs={"name": "csrf_token"})
            assert token and token.get("value"), f"POST form to {form.get('action')} has no CSRF token"
    _check_labels(soup)
    _check_translated(BeautifulSoup(html, "html.parser"), lang)
    return soup


def _check_labels(soup):
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit", "button"):
            continue
        labelled = field.get("aria-label") or field.find_parent("label")
        labelled = labelled or (field.get("id") and soup.find("label", attrs={"for": field["id"]}))
        assert labelled, f"field {field.get('name')!r} has no label"


def _check_translated(soup, lang):
    # Content marked as another language (the Vietnamese-only rules on the English site) is exempt.
    for other in soup.select(f"body [lang]:not([lang={lang}])"):
        other.decompose()
    text = _visible_text(soup)
    if lang == "vi":
        leaked = [en for _, en in catalog_pairs() if len(en.split()) >= 3 and en in text]
        leaked += [s for s in FRAMEWORK_ENGLISH if s in text]
        assert not leaked, f"English on a Vietnamese page: {leaked[:5]}"
    else:
        leaked = [vi for vi, _ in catalog_pairs() if len(vi.split()) >= 3 and vi in text]
        assert not leaked, f"untranslated Vietnamese on an English page: {leaked[:5]}"


class PageChecker:
    def __init__(self, client):
        self.client = client

    def __call__(self, url, lang="vi", status=200, **kwargs):
        self.client.set_cookie("lang", lang)
        response = self.client.get(url, **kwargs)
        assert response.status_code == status, f"{url}: {response.status_code}, expected {status}"
        soup = check_page(response.get_data(as_text=True), lang)
        soup.response = response
        return soup
