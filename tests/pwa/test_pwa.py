"""The installable app: manifest, service worker and offline page, as the server hands them out."""

import gzip
import io
import json
import re

import pytest
from PIL import Image

from webapp.config import ROOT
from webapp.pwa.shell import cache_version

BIRTH = "1.001193"
SW_BUDGET = 4_000


def worker_source(client):
    return client.get("/sw.js").get_data(as_text=True)


def js_pattern(source, name):
    """A route pattern of the worker (a JavaScript regex literal that Python reads the same way)."""
    return re.compile(re.search(rf"const {name} = /(.+)/;", source).group(1))


def test_manifest_names_the_app_and_lists_icons_that_load(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "MotCua – Dịch vụ công" and manifest["short_name"] == "MotCua"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone" and manifest["lang"] == "vi"
    assert f"--brand:{manifest['theme_color']}" in (ROOT / "static/css/site.css").read_text()
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
    for icon in manifest["icons"]:
        loaded = client.get(icon["src"])
        assert loaded.status_code == 200 and loaded.mimetype == icon["type"], icon
        if icon["type"] == "image/png":
            assert "x".join(map(str, Image.open(io.BytesIO(loaded.data)).size)) == icon["sizes"]


def test_every_page_links_the_manifest_and_registers_the_worker_from_a_deferred_file(checked_page):
    soup = checked_page(f"/thu-tuc/{BIRTH}")
    assert soup.find("link", rel="manifest")["href"] == "/manifest.webmanifest"
    assert soup.find("meta", attrs={"name": "theme-color"})["content"] == "#a3150f"
    register = soup.find("script", src=re.compile(r"^/static/js/sw-register\.js\?v="))
    assert register.has_attr("defer") and register["data-sw"] == "/sw.js"
    # The policy forbids inline scripts: every script is a file.
    assert all(script.get("src") for script in soup.find_all("script"))
    assert "'unsafe-inline'" not in soup.response.headers["Content-Security-Policy"]


def test_the_worker_is_served_from_the_root_revalidated_and_small(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert len(gzip.compress(response.data, 9)) <= SW_BUDGET
    again = client.get("/sw.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_worker_precaches_the_shell_under_the_urls_pages_use(client, checked_page):
    soup = checked_page("/")
    source = worker_source(client)
    htmx = soup.find("script", src=re.compile(r"/static/vendor/htmx-"))
    assert htmx is not None, "htmx missing: run `make setup`"
    shell = json.loads(re.search(r"const SETTINGS = (.+);", source).group(1))["shell"]
    assert htmx["src"] in shell and all(script["src"] in shell for script in soup.find_all("script", src=True))
    assert "/ngoai-tuyen" in shell
    icons = [icon["src"] for icon in json.loads(client.get("/manifest.webmanifest").data)["icons"]]
    assert [src for src in icons if ".svg" in src][0] in shell  # the PNGs are fetched only to install
    for url in shell:
        assert client.get(url).status_code == 200, url


def test_cache_names_carry_a_version_that_a_new_deployment_changes(client, tmp_path):
    source = worker_source(client)
    version = re.search(r'"version": "([0-9a-f]{12})"', source).group(1)
    assert '"motcua-shell-" + SETTINGS.version' in source
    urls = json.loads(re.search(r"const SETTINGS = (.+);", source).group(1))["shell"]
    assert cache_version(urls) == version
    rescripted = [re.sub(r"offline\.js\?v=\w+", "offline.js?v=0123456789ab", url) for url in urls]
    assert cache_version(rescripted) != version
    template = tmp_path / "offline.html"
    template.write_text("one")
    before = cache_version(urls, [template])
    template.write_text("two")
    assert cache_version(urls, [template]) != before


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "catalogue"),
        ("/thu-tuc", "catalogue"),
        (f"/thu-tuc/{BIRTH}", "catalogue"),
        ("/don-vi", "catalogue"),
        ("/don-vi/18073", "catalogue"),
        ("/tra-cuu/H42.18073-251128-0001", "status"),
        ("/tra-cuu", None),
        ("/tra-cuu/H42.18073-251128-0001/danh-gia", None),
        (f"/thu-tuc/{BIRTH}/nop-truc-tuyen", None),
        (f"/thu-tuc/{BIRTH}/mau-don.pdf", None),
        ("/nop/abc/buoc/1", None),
        ("/ho-so-cua-toi", None),
        ("/can-bo/ho-so", None),
        ("/bo-sung/abc", None),
    ],
)
def test_the_worker_keeps_only_catalogue_and_status_pages(client, path, kind):
    source = worker_source(client)
    catalogue, status = js_pattern(source, "CATALOGUE_PAGE"), js_pattern(source, "STATUS_PAGE")
    assert bool(catalogue.match(path)) == (kind == "catalogue")
    assert bool(status.match(path)) == (kind == "status")


def test_the_worker_stores_no_private_answer_and_no_post(client):
    source = worker_source(client)
    assert re.search(r"storable\(response\) \{[^}]*no-store\|private", source)
    assert 'request.method !== "GET"' in source


def test_offline_page_in_vietnamese(checked_page):
    soup = checked_page("/ngoai-tuyen")
    assert soup.h1.get_text(strip=True) == "Không có kết nối mạng"
    assert "vẫn đọc được khi không có mạng" in soup.main.get_text()
    listing = soup.find("ul", id="trang-da-luu")
    assert listing["data-saved"] == "lưu lúc"
    assert soup.find("script", src=re.compile(r"^/static/js/offline\.js\?v="))


def test_offline_page_in_english(checked_page):
    soup = checked_page("/ngoai-tuyen", lang="en")
    assert soup.h1.get_text(strip=True) == "No network connection"
    assert "can still be read offline" in soup.main.get_text()
    assert soup.find("ul", id="trang-da-luu")["data-saved"] == "saved at"


def test_the_saved_copy_note_is_in_both_languages(client):
    notes = json.loads(re.search(r"const SETTINGS = (.+);", worker_source(client)).group(1))["savedNote"]
    assert notes["vi"].startswith("Bản lưu trên máy này, tải về lúc {time}.")
    assert notes["en"].startswith("Copy saved on this device") and "{time}" in notes["en"]
