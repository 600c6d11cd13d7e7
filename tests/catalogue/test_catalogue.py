"""Mức 1: the catalogue a citizen browses and searches."""

import gzip

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_draft
from webapp.catalogue import services
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.workflow import intake

BIRTH = "1.001193"
BIRTH_NAME = "đăng ký khai sinh"


def result_codes(soup):
    return [a["href"].rsplit("/", 1)[-1] for a in soup.select("#results .procedures a")]


@pytest.mark.parametrize("query", ["dang ky khai sinh", "KHAI SINH", "khai sinh đăng ký", "1.001193"])
def test_the_four_searches_find_birth_registration(checked_page, query):
    soup = checked_page(f"/thu-tuc?q={query}")
    codes = result_codes(soup)
    assert BIRTH in codes
    assert codes[0] == BIRTH, f"{query!r} should rank birth registration first, got {codes[:3]}"


def test_home_lists_at_least_twelve_procedures_by_field_and_tier(checked_page, app):
    soup = checked_page("/")
    assert soup.find("form", attrs={"role": "search"}).find("input", attrs={"name": "q"})
    counts = [int(li.find(class_="meta").get_text(strip=True).strip("()")) for li in soup.select("#by-field + ul li")]
    assert sum(counts) >= 12
    assert soup.find("a", href="/thu-tuc?cap=xa")


def test_browse_by_field_lists_only_that_field(checked_page, app):
    with app.app_context(), db.connection_context():
        field = services.fields_with_counts()[0]
    soup = checked_page(f"/thu-tuc?linh-vuc={field.code}")
    assert len(result_codes(soup)) == field.procedure_count


def test_every_procedure_is_reachable_by_browsing_tier(checked_page, app):
    soup = checked_page("/thu-tuc?cap=xa")
    assert len(result_codes(soup)) >= 12


def test_old_code_finds_and_redirects_to_the_current_procedure(client, checked_page):
    assert "1.004873" in result_codes(checked_page("/thu-tuc?q=1.003559"))
    response = client.get("/thu-tuc/1.003559")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/thu-tuc/1.004873")


@pytest.mark.parametrize("query", ["a" * 1000, "\x00\x01\x02khai\x1f", "%_%", "' OR 1=1 --", "   "])
def test_absurd_search_is_an_ordinary_page(checked_page, query):
    soup = checked_page("/thu-tuc", query_string={"q": query})
    assert soup.find(id="results")


def test_unknown_filters_are_ignored_and_the_words_typed_are_kept(checked_page):
    soup = checked_page("/thu-tuc", query_string={"q": "khai sinh", "linh-vuc": "khong-co", "cap": "sao-hoa"})
    assert BIRTH in result_codes(soup)
    assert soup.find("input", id="q")["value"] == "khai sinh"
    assert not soup.find("input", attrs={"name": "linh-vuc"}) and not soup.find("input", attrs={"name": "cap"})


def test_the_filters_chosen_stay_in_the_search_box(checked_page, app):
    with app.app_context(), db.connection_context():
        field = services.fields_with_counts()[0]
    soup = checked_page("/thu-tuc", query_string={"q": "", "linh-vuc": field.code, "cap": "xa"})
    box = soup.find("form", attrs={"role": "search"})
    assert box.find("input", attrs={"name": "linh-vuc"})["value"] == field.code
    assert box.find("input", attrs={"name": "cap"})["value"] == "xa"


def test_a_long_query_is_shown_cut_to_the_length_searched(checked_page):
    soup = checked_page("/thu-tuc", query_string={"q": "khai sinh " + "x" * 400})
    assert len(soup.find("input", id="q")["value"]) == services.MAX_QUERY_CHARS


def test_nonsense_search_says_nothing_was_found(checked_page):
    soup = checked_page("/thu-tuc?q=zzzzqqq")
    assert "Không tìm thấy thủ tục phù hợp" in soup.find(id="results").get_text()


def test_htmx_search_returns_only_the_results_fragment(client):
    response = client.get("/thu-tuc?q=khai+sinh", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and f"/thu-tuc/{BIRTH}" in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/thu-tuc?q=khai+sinh", headers=headers).get_data(as_text=True)


def test_plain_get_search_gives_the_same_results_as_htmx(client, checked_page):
    full = result_codes(checked_page("/thu-tuc?q=ket+hon"))
    from bs4 import BeautifulSoup

    fragment = BeautifulSoup(client.get("/thu-tuc?q=ket+hon", headers={"HX-Request": "true"}).data, "html.parser")
    assert full and full == result_codes(fragment)


def test_procedure_page_shows_every_level_one_item(checked_page):
    soup = checked_page(f"/thu-tuc/{BIRTH}")
    text = " ".join(soup.get_text(" ").split())
    assert BIRTH_NAME in soup.h1.get_text().lower()
    for heading in (
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Cơ quan thực hiện",
        "Kết quả",
        "Trình tự thực hiện",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
        "Mẫu đơn, tờ khai",
    ):
        assert heading in text, heading
    assert "Dịch vụ công trực tuyến" in soup.find(class_="badge").get_text()
    assert "mức độ" in soup.find(class_="badge").get_text()
    assert "Trong ngày làm việc" in text and "15 giờ" in text
    assert "Luật Hộ tịch" in text
    assert soup.select("#docs ~ table tbody tr, table tbody tr")
    assert soup.find("a", href=f"/thu-tuc/{BIRTH}/mau-don.pdf")
    assert soup.find("a", href=f"/thu-tuc/{BIRTH}/mau-don.docx")


def test_every_seeded_procedure_page_renders(checked_page, app):
    with app.app_context(), db.connection_context():
        codes = [p.code for p in services.search("")]
    assert len(codes) >= 12
    for code in codes:
        soup = checked_page(f"/thu-tuc/{code}")
        assert soup.find(id="legal") and soup.find(id="docs")


def test_unknown_procedure_is_a_vietnamese_404_with_a_search_box(checked_page):
    soup = checked_page("/thu-tuc/9.999999", status=404)
    assert "Không tìm thấy" in soup.h1.get_text()
    assert soup.find("form", attrs={"role": "search"})


def test_unit_directory_lists_the_province_and_its_69_communes(checked_page):
    soup = checked_page("/don-vi")
    assert "Tỉnh Hà Tĩnh" in soup.get_text()
    assert len(soup.select(".columns li")) == 69


def test_commune_page_lists_the_procedures_it_handles(checked_page):
    soup = checked_page("/don-vi/18073")
    assert "Phường Thành Sen" in soup.h1.get_text()
    assert soup.find("a", href=f"/thu-tuc/{BIRTH}")
    assert "H42.18073" in soup.get_text()


def test_unknown_unit_is_404(checked_page):
    checked_page("/don-vi/00000", status=404)


def test_english_pages_use_english_labels(checked_page):
    soup = checked_page(f"/thu-tuc/{BIRTH}", lang="en")
    text = soup.get_text(" ")
    assert "Birth registration" in soup.h1.get_text()
    assert "Processing time" in text or "Time limit" in text


@pytest.mark.parametrize("url", ["/", "/thu-tuc?q=khai+sinh", f"/thu-tuc/{BIRTH}"])
def test_page_weighs_at_most_14000_bytes_gzipped(client, url):
    html = client.get(url).data
    assert len(gzip.compress(html, 9)) <= 14_000


def test_stylesheet_weighs_at_most_8000_bytes_gzipped(client):
    from tests.pages import check_page

    soup = check_page(client.get("/").get_data(as_text=True))
    css = soup.find("style").string.encode()  # inside every page, so it counts against each page's budget
    assert not soup.find("link", rel="stylesheet")
    assert len(gzip.compress(css, 9)) <= 8_000


def test_procedure_page_needs_a_bounded_number_of_queries(client, app):
    """Pages must not issue a query per row; count the SQL the procedure page runs."""
    executed = []
    database = app.extensions["database"]
    original = database.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        executed.append(sql)
        return original(sql, params, *args, **kwargs)

    database.execute_sql = counting
    try:
        client.get(f"/thu-tuc/{BIRTH}")
        procedure_queries = len(executed)
        executed.clear()
        client.get("/thu-tuc?q=khai")
        search_queries = len(executed)
    finally:
        del database.execute_sql
    assert procedure_queries <= 6
    assert search_queries <= 4


def test_home_offers_the_procedures_filed_most_online_most_first(filing_app):
    client = filing_app.test_client()
    assert not BeautifulSoup(client.get("/").data, "html.parser").select("#most-filed")  # nothing filed yet
    with filing_app.app_context(), db.connection_context():
        for code, times in (("1.000656", 1), (BIRTH, 2)):
            for _ in range(times):
                draft = make_draft(code)
                intake.submit(draft, spec_of(draft))
    assert not BeautifulSoup(client.get("/").data, "html.parser").select("#most-filed")  # counted once an hour
    filing_app.extensions.pop("catalogue.most_filed")  # an hour later
    links = BeautifulSoup(client.get("/").data, "html.parser").select("#most-filed + ul a")
    assert [a["href"] for a in links] == [f"/thu-tuc/{BIRTH}", "/thu-tuc/1.000656"]
    assert links[0].get_text() == "Thủ tục đăng ký khai sinh"
