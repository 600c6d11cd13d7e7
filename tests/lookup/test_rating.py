"""The satisfaction rating of a returned dossier: from the lookup page or the SMS link, once per dossier."""

from peewee import IntegrityError

from tests.pages import check_page
from tests.staff_login import csrf
from tests.walks import dossier_at, proven, returned, status_page
from webapp.db import db
from webapp.lookup import rating
from webapp.models import Rating

ANSWERS = {"thoi_gian": "dung_hen", "so_lan_lien_he": "1", "thai_do": "tan_tinh", "dung_quy_dinh": "dung"}


def send(client, url, **answers):
    return client.post(url, data={"csrf_token": csrf(client, "/tra-cuu"), **answers})


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return check_page(response.get_data(as_text=True))


def stored(app, dossier):
    with app.app_context(), db.connection_context():
        return list(Rating.select().where(Rating.dossier == dossier.id))


def test_the_status_page_invites_a_rating_once_the_result_is_returned(filing_app):
    dossier = returned(filing_app)
    citizen = proven(filing_app, dossier)
    link = status_page(citizen, dossier).find(id="danh-gia").find("a", string="Đánh giá")
    page = page_of(citizen, link["href"])
    legends = [legend.get_text(" ", strip=True) for legend in page.select("form fieldset legend")]
    assert legends == [f"{criterion.label} *" for criterion in rating.CRITERIA]
    assert page.find("label", attrs={"for": "f-comment"}).get_text() == "Góp ý thêm (không bắt buộc)"


def test_rating_from_the_lookup_page_is_stored_as_web_and_thanked(filing_app):
    dossier = returned(filing_app)
    citizen = proven(filing_app, dossier)
    url = f"/tra-cuu/{dossier.code}/danh-gia"
    response = send(citizen, url, **ANSWERS, hai_long="3", comment="  Cán bộ hướng dẫn rất kỹ.  ")
    assert response.status_code == 303 and response.headers["Location"] == url
    [given] = stored(filing_app, dossier)
    assert given.channel == "web" and given.overall == 3
    assert given.answers == {**ANSWERS, "hai_long": "3"} and given.comment == "Cán bộ hướng dẫn rất kỹ."
    page = page_of(citizen, url)
    thanks = " ".join(page.find(role="status").get_text(" ").split())
    assert "Cảm ơn, bạn đã đánh giá" in thanks and "Mức độ hài lòng chung: Rất hài lòng" in thanks
    assert "Thái độ của cán bộ, công chức: Lịch sự, tận tình" in thanks
    assert page.find("form", method="post") is None or not page.select("fieldset")
    assert "Cảm ơn, bạn đã đánh giá: Rất hài lòng" in status_page(citizen, dossier).find(id="danh-gia").get_text()


def test_rating_from_the_sms_link_needs_no_lookup_and_is_stored_as_sms(filing_app):
    dossier = returned(filing_app)
    citizen = filing_app.test_client()
    url = f"/danh-gia/{dossier.rating_token}"
    page = page_of(citizen, url)
    assert dossier.code in page.get_text() and page.find("fieldset")
    assert citizen.get(url).headers["Referrer-Policy"] == "no-referrer"
    assert send(citizen, url, **ANSWERS, hai_long="1").status_code == 303
    [given] = stored(filing_app, dossier)
    assert given.channel == "sms" and given.overall == 1 and given.comment == ""
    assert "Không hài lòng" in page_of(citizen, url).find(role="status").get_text()


def test_missing_answers_are_named_next_to_their_question_and_the_rest_is_kept(filing_app):
    dossier = returned(filing_app)
    citizen = filing_app.test_client()
    url = f"/danh-gia/{dossier.rating_token}"
    long_comment = "Rất tốt. " * 120  # over 1,000 characters
    response = send(citizen, url, thoi_gian="som_hon", thai_do="khong-co", comment=long_comment)
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    for key in ("so_lan_lien_he", "thai_do", "dung_quy_dinh", "hai_long"):
        error = page.find(id=f"f-{key}-error")
        assert error is not None and "Vui lòng chọn một ý" in error.get_text(), key
        assert page.find("fieldset", id=f"f-{key}")["aria-describedby"] == f"f-{key}-error"
        assert page.find(id="error-summary").find("a", href=f"#f-{key}"), key
    assert page.find(id="f-thoi_gian-error") is None
    assert page.find("input", attrs={"name": "thoi_gian", "value": "som_hon"}).has_attr("checked")
    assert "tối đa 1000 ký tự" in page.find(id="f-comment-error").get_text()
    assert page.find("textarea", id="f-comment").get_text().strip() == long_comment.strip()
    assert stored(filing_app, dossier) == []


def test_a_second_rating_is_refused_politely_and_the_first_stays(filing_app):
    dossier = returned(filing_app)
    citizen = filing_app.test_client()
    url = f"/danh-gia/{dossier.rating_token}"
    assert send(citizen, url, **ANSWERS, hai_long="3").status_code == 303
    again = send(filing_app.test_client(), url, **ANSWERS, hai_long="1")
    assert again.status_code == 200
    assert "Cảm ơn, bạn đã đánh giá" in check_page(again.get_data(as_text=True)).find(role="status").get_text()
    owner = proven(filing_app, dossier)
    assert send(owner, f"/tra-cuu/{dossier.code}/danh-gia", **ANSWERS, hai_long="2").status_code == 200
    [given] = stored(filing_app, dossier)
    assert given.overall == 3 and given.channel == "sms"


def test_two_ratings_racing_end_in_one_and_a_thank_you(filing_app, monkeypatch):
    """The second of two simultaneous posts meets the unique row: it is told, not shown a 500."""
    dossier = returned(filing_app)
    with filing_app.app_context(), db.connection_context():
        Rating.create(dossier=dossier.id, answers={**ANSWERS, "hai_long": "2"}, overall=2, channel="web")
    real, calls = rating.rating_of, []

    def racing(found):
        calls.append(found)
        return None if len(calls) == 1 else real(found)  # read "no rating yet" before the other committed

    monkeypatch.setattr(rating, "rating_of", racing)
    citizen = filing_app.test_client()
    url = f"/danh-gia/{dossier.rating_token}"
    response = send(citizen, url, **ANSWERS, hai_long="3")
    assert response.status_code == 303
    assert "Cảm ơn, bạn đã đánh giá" in page_of(citizen, url).find(role="status").get_text()
    [given] = stored(filing_app, dossier)
    assert given.overall == 2


def test_the_unique_rating_is_enforced_by_the_database(filing_app):
    dossier = returned(filing_app)
    with filing_app.app_context(), db.connection_context():
        first, created = rating.save(dossier, {**ANSWERS, "hai_long": "3"}, "", rating.WEB)
        second, again = rating.save(dossier, {**ANSWERS, "hai_long": "1"}, "", rating.SMS)
        assert created and not again and second.id == first.id and second.overall == 3
        try:
            Rating.create(dossier=dossier.id, answers={}, overall=1, channel="web")
        except IntegrityError:
            pass
        else:
            raise AssertionError("a second rating row was accepted")


def test_a_dossier_not_yet_returned_cannot_be_rated(filing_app):
    dossier = dossier_at(filing_app, "cho_tra_ket_qua")
    citizen = proven(filing_app, dossier)
    assert status_page(citizen, dossier).find(id="danh-gia") is None
    url = f"/tra-cuu/{dossier.code}/danh-gia"
    page = page_of(citizen, url)
    assert "chưa được trả kết quả nên chưa thể đánh giá" in page.find(role="status").get_text()
    assert not page.select("fieldset")
    response = send(citizen, url, **ANSWERS, hai_long="3")
    assert response.status_code == 200 and stored(filing_app, dossier) == []


def test_rating_by_the_lookup_page_needs_the_proof(filing_app):
    dossier = returned(filing_app)
    stranger = filing_app.test_client()
    url = f"/tra-cuu/{dossier.code}/danh-gia"
    assert stranger.get(url).headers["Location"] == f"/tra-cuu?ma={dossier.code}"
    response = send(stranger, url, **ANSWERS, hai_long="1")
    assert response.status_code == 303 and stored(filing_app, dossier) == []


def test_an_unknown_or_absent_rating_link_is_not_found(filing_app):
    dossier = returned(filing_app, with_token=False)
    client = filing_app.test_client()
    for token in ("khong-co-ma-nay", "x" * 300, "None"):
        response = client.get(f"/danh-gia/{token}")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in check_page(response.get_data(as_text=True)).get_text()
    assert send(client, "/danh-gia/khong-co-ma-nay", **ANSWERS, hai_long="3").status_code == 404
    assert stored(filing_app, dossier) == []
