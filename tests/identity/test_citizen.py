"""The signed-in citizen as the session holds them: a key that is not the raw subject,
claims in Vietnamese, and a sign-in that ends after CITIZEN_SESSION_MINUTES or at sign-out (a copy of
the cookie too)."""

import datetime
import time

import pytest
from flask import session

from webapp.db import db
from webapp.identity import citizen
from webapp.models import EndedCitizenSession
from webapp.models.dossier import utcnow


def test_the_key_is_stable_per_person_and_never_the_subject_itself(empty_app):
    with empty_app.app_context():
        key = citizen.subject_key("demo-7f3a9c1e2b")
        assert key == citizen.subject_key("demo-7f3a9c1e2b")
        assert key != citizen.subject_key("demo-4d8b2e6f10")
        assert "demo-7f3a9c1e2b" not in key and len(key) == 64


def test_the_key_has_its_own_secret_and_falls_back_to_the_apps(empty_app):
    with empty_app.app_context():
        by_app_secret = citizen.subject_key("demo-7f3a9c1e2b")
        empty_app.config["CITIZEN_KEY_SECRET"] = "khoa-rieng"
        own = citizen.subject_key("demo-7f3a9c1e2b")
        empty_app.config["SECRET_KEY"] = "doi-khoa-phien"  # rotating the session key keeps citizens' keys
        assert own != by_app_secret and citizen.subject_key("demo-7f3a9c1e2b") == own


def test_the_providers_claims_arrive_in_the_words_of_the_forms():
    claims = citizen.claims_from(
        {
            "name": "  Nguyễn  Thị Lan ",
            "id_number": "042195001234",
            "birthdate": "1995-04-12",
            "gender": "female",
            "address": {"formatted": "Thôn Trung Sơn,  xã Thạch Hà"},
            "phone_number": "0912345678",
            "phone_number_verified": True,
        }
    )
    assert claims == {
        "full_name": "Nguyễn Thị Lan",
        "id_number": "042195001234",
        "birthdate": "1995-04-12",
        "sex": "Nữ",
        "address": "Thôn Trung Sơn, xã Thạch Hà",
        "phone": "0912345678",
    }
    assert citizen.claims_from({"phone_number": "0912345678", "phone_number_verified": False})["phone"] == ""


@pytest.mark.parametrize("verified", [None, "", "false", 1, "yes", False])
def test_a_phone_is_taken_only_when_the_provider_says_it_verified_it(verified):
    claims = {"phone_number": "0912345678"}
    if verified is not None:
        claims["phone_number_verified"] = verified
    assert citizen.claims_from(claims)["phone"] == ""


@pytest.mark.parametrize("verified", [True, "true", "TRUE"])
def test_an_explicitly_verified_phone_is_taken(verified):
    assert (
        citizen.claims_from({"phone_number": "0912345678", "phone_number_verified": verified})["phone"] == "0912345678"
    )


def test_null_or_non_text_claims_are_empty_never_the_word_none():
    claims = citizen.claims_from(
        {"name": None, "id_number": 42195001234, "birthdate": None, "gender": None, "address": {"formatted": None}}
    )
    assert set(claims.values()) == {""}
    assert citizen.claims_from({"address": None})["address"] == ""
    assert citizen.claims_from({})["full_name"] == ""


def test_a_sign_in_lasts_its_minutes_then_the_citizen_is_anonymous_again(app):
    lan = citizen.demo_citizen("lan")
    with app.test_request_context(), db.connection_context():
        citizen.start_citizen_session("https://vneid.example", lan["sub"], {"full_name": lan["name"]}, "tok")
        signed_in = citizen.current_citizen()
        assert signed_in.name == "Nguyễn Thị Lan" and signed_in.key == citizen.subject_key(lan["sub"])
        assert signed_in.identity_record()["issuer"] == "https://vneid.example"
        session[citizen.SESSION_KEY]["at"] = time.time() - 61 * 60
        citizen.g.pop("citizen")
        assert citizen.current_citizen() is None
        assert citizen.end_citizen_session() == "tok" and citizen.current_citizen() is None


def test_signing_out_ends_every_copy_of_the_session_and_forgets_the_phone_proofs(app):
    lan = citizen.demo_citizen("lan")
    with app.test_request_context(), db.connection_context():
        citizen.start_citizen_session("https://vneid.example", lan["sub"], {"full_name": lan["name"]}, "tok")
        copy = dict(session)  # what a copied cookie carries
        session["my_phone"] = {"phone": "0912345678"}
        assert citizen.end_citizen_session() == "tok"
        assert dict(session) == {}
        session.update(copy)
        assert citizen.current_citizen() is None
        assert EndedCitizenSession.select().where(EndedCitizenSession.sid == copy["citizen"]["sid"]).exists()


def test_ended_sessions_are_pruned_beyond_the_session_minutes(app):
    with app.test_request_context(), db.connection_context():
        old = utcnow() - datetime.timedelta(minutes=app.config["CITIZEN_SESSION_MINUTES"] + 1)
        EndedCitizenSession.create(sid="da-het-han-tu-lau", ended_at=old)
        session.update(citizen.session_values("https://vneid.example", "demo-x", {}))
        citizen.end_citizen_session()
        assert not EndedCitizenSession.select().where(EndedCitizenSession.sid == "da-het-han-tu-lau").exists()


def test_a_session_without_its_id_is_no_sign_in(app):
    with app.test_request_context(), db.connection_context():
        held = citizen.session_values("https://vneid.example", "demo-x", {})
        del held[citizen.SESSION_KEY]["sid"]
        session.update(held)
        assert citizen.current_citizen() is None
