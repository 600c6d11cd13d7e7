"""Staff accounts are untouched by the citizens' sign-in: an officer who signs in with their own
electronic identity in the same browser is a citizen there, with no officer's page left open."""

from tests.signin.flow import Person, page
from tests.staff_login import PASSWORD, new_staff


def staff_login(person, username):
    login = person.get("/can-bo/dang-nhap")
    form = page(login).select_one("main form")
    values = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    values.update(username=username, password=PASSWORD)
    return person.http.post(login.url, data=values, allow_redirects=False, timeout=20)


def test_an_officer_signing_in_with_their_identity_is_a_citizen_here(base, signin_app):
    officer = new_staff(signin_app, "mot.cua.vneid", role="mot_cua", units=("18073",))
    person, copy = Person(base), Person(base)
    assert staff_login(person, officer.username).status_code == 303
    assert person.get("/can-bo/ho-so").status_code == 200, "signed in as an officer"
    copy.http.cookies.update(person.http.cookies)  # the officer's cookie, copied before

    assert person.sign_in("lan").status_code == 303
    assert person.header_name() == "Nguyễn Thị Lan"
    queues = person.get("/can-bo/ho-so")
    assert queues.status_code == 302 and "/can-bo/dang-nhap" in queues.headers["Location"]
    assert person.get("/ho-so-cua-toi").status_code == 200
    assert copy.get("/can-bo/ho-so").status_code == 302, "the officer's session ended, every copy of it"


def test_a_citizen_signing_in_again_ends_the_sign_in_before(base):
    person, copy = Person(base), Person(base)
    person.sign_in("lan")
    copy.http.cookies.update(person.http.cookies)
    person.sign_in("hung")
    assert person.header_name() == "Trần Văn Hùng" and not copy.signed_in()
