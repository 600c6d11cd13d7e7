"""The skeleton a user meets on every page: errors, caching, compression, language, configuration."""

import base64
import gzip
import hashlib
import re
import time

import brotli
import pytest
from peewee import PostgresqlDatabase, SqliteDatabase

from webapp import create_app
from webapp.db import open_database


def test_unmigrated_database_is_refused_with_a_clear_message(empty_app):
    client = empty_app.test_client()
    response = client.get("/")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "Cơ sở dữ liệu chưa được cập nhật" in text and "flask db up" in text


def test_migrated_database_is_served(migrated_app):
    assert migrated_app.test_client().get("/").status_code == 200


def test_sqlite_gets_wal_foreign_keys_and_busy_timeout(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'x.db'}")
    assert isinstance(database, SqliteDatabase)
    database.connect()
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
    database.close()


def test_postgres_url_switches_database_with_no_code_change():
    assert isinstance(open_database("postgresql://postgres@127.0.0.1:5432/x"), PostgresqlDatabase)
    assert isinstance(open_database("postgres://postgres@127.0.0.1:5432/x"), PostgresqlDatabase)


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    from webapp import config

    monkeypatch.setenv("MOTCUA_ENV", "production")
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_pages_are_compressed_with_brotli_and_gzip(client):
    br = client.get("/", headers={"Accept-Encoding": "br"})
    assert br.headers["Content-Encoding"] == "br"
    assert b"<html" in brotli.decompress(br.data)
    gz = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(gz.data)


def test_pages_carry_an_etag_and_answer_304_when_unchanged(client):
    first = client.get("/thu-tuc/1.001193")
    etag = first.headers["ETag"]
    again = client.get("/thu-tuc/1.001193", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data


def test_a_page_drawn_a_second_later_still_answers_304(client):
    """The language switch's CSRF token is signed with the time; the page is the same for the browser."""
    first = client.get("/thu-tuc/1.001193")
    time.sleep(1.1)
    again = client.get("/thu-tuc/1.001193", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_static_files_are_fingerprinted_and_cached_for_a_year(checked_page, client):
    href = checked_page("/").find("script", src=True)["src"]
    assert "v=" in href
    response = client.get(href)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "Expires" not in response.headers
    assert client.get(href, headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    # Never revalidated nor shown as a page: no validators, no page policies, only nosniff.
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for name in ("ETag", "Last-Modified", "Content-Security-Policy", "X-Frame-Options", "Content-Disposition"):
        assert name not in response.headers, name


def test_htmx_is_served_same_origin_and_deferred(checked_page, client):
    script = checked_page("/").find("script", src=True)
    assert script is not None, "htmx missing: run `make setup`"
    assert script["src"].startswith("/static/vendor/htmx-2.")
    assert script.has_attr("defer")
    assert client.get(script["src"]).status_code == 200


def test_language_switch_is_remembered(client, checked_page):
    response = client.post("/ngon-ngu", data={"lang": "en", "next": "/thu-tuc/1.001193"})
    assert response.status_code == 400, "the switch is a form: it needs its CSRF token"
    soup = checked_page("/thu-tuc/1.001193")
    token = soup.find("form", action="/ngon-ngu").find("input", attrs={"name": "csrf_token"})["value"]
    response = client.post("/ngon-ngu", data={"lang": "en", "next": "/thu-tuc/1.001193", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/thu-tuc/1.001193"
    html = client.get("/thu-tuc/1.001193").get_data(as_text=True)
    assert '<html lang="en">' in html


def test_language_switch_never_redirects_off_site(app):
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        client = app.test_client()
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"):
            response = client.post("/ngon-ngu", data={"lang": "en", "next": target})
            assert response.headers["Location"] == "/"
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_expired_form_gets_a_vietnamese_explanation(client):
    response = client.post("/ngon-ngu", data={"lang": "en"})
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)


def test_wrong_method_is_a_vietnamese_page(checked_page, client):
    response = client.get("/ngon-ngu")
    assert response.status_code == 405
    assert "Thao tác không được hỗ trợ" in response.get_data(as_text=True)


def test_health_check(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_pages_forbid_framing_sniffing_and_foreign_scripts(client):
    response = client.get("/")
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    # The stylesheet is inside the page, allowed by its exact hash and nothing else inline.
    style = re.search(r"<style>(.*?)</style>", response.get_data(as_text=True), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
