"""The signed-in citizen as the session holds them: masked number, a key that is not the raw subject,
claims in Vietnamese, and a sign-in that ends after CITIZEN_SESSION_MINUTES."""

import time

from flask import session

from webapp.identity import citizen


def test_the_identity_number_is_masked_to_what_recognises_it():
    assert citizen.mask_id_number("042195001234") == "042******234"
    assert citizen.mask_id_number("12345") == "*****"
    assert citizen.mask_id_number("") == ""


def test_the_key_is_stable_per_person_and_never_the_subject_itself(empty_app):
    with empty_app.app_context():
        key = citizen.subject_key("demo-7f3a9c1e2b")
        assert key == citizen.subject_key("demo-7f3a9c1e2b")
        assert key != citizen.subject_key("demo-4d8b2e6f10")
        assert "demo-7f3a9c1e2b" not in key and len(key) == 64


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


def test_a_sign_in_lasts_its_minutes_then_the_citizen_is_anonymous_again(empty_app):
    lan = citizen.demo_citizen("lan")
    with empty_app.test_request_context():
        citizen.start_citizen_session("https://vneid.example", lan["sub"], {"full_name": lan["name"]}, "tok")
        signed_in = citizen.current_citizen()
        assert signed_in.name == "Nguyễn Thị Lan" and signed_in.key == citizen.subject_key(lan["sub"])
        assert signed_in.identity_record()["issuer"] == "https://vneid.example"
        session[citizen.SESSION_KEY]["at"] = time.time() - 61 * 60
        citizen.g.pop("citizen")
        assert citizen.current_citizen() is None
        assert citizen.end_citizen_session() == "tok" and citizen.current_citizen() is None
