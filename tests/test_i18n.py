"""Vietnamese first, English second: complete catalogs and pages in the chosen language."""

from pathlib import Path

import pytest

from tests.pages import check_page
from webapp.i18n_catalogs import problems

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def test_catalogs_have_no_untranslated_or_fuzzy_entries():
    assert problems(TRANSLATIONS) == []


def test_catalogs_are_compiled():
    for lang in ("vi", "en"):
        po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{lang} catalog not compiled: run `make translations`"
        assert mo.stat().st_mtime >= po.stat().st_mtime - 1, f"{lang} catalog compiled from an older .po"


def test_problems_finds_fuzzy_and_untranslated(tmp_path):
    po = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Tìm"\nmsgstr ""\n\n#, fuzzy\nmsgid "Thủ tục"\nmsgstr "Procedures"\n',
        encoding="utf-8",
    )
    found = problems(tmp_path)
    assert len(found) == 2
    assert any("untranslated" in line and "Tìm" in line for line in found)
    assert any("fuzzy" in line and "Thủ tục" in line for line in found)


@pytest.mark.parametrize("url", ["/", "/thu-tuc?q=khai+sinh", "/thu-tuc/1.001193", "/don-vi", "/don-vi/18073"])
def test_every_page_reads_fully_in_english(checked_page, url):
    soup = checked_page(url, lang="en")
    assert soup.html["lang"] == "en"


def test_the_checker_catches_a_vietnamese_string_left_on_an_english_page():
    html = '<html lang="en"><head><title>x</title></head><body>Thành phần hồ sơ</body></html>'
    with pytest.raises(AssertionError, match="untranslated"):
        check_page(html, lang="en")


def test_the_checker_catches_english_on_a_vietnamese_page():
    html = '<html lang="vi"><head><title>x</title></head><body>This field is required.</body></html>'
    with pytest.raises(AssertionError, match="English"):
        check_page(html, lang="vi")
