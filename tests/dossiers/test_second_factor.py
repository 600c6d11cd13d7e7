"""The second factor shared by the web lookup and SMS lookup: the last four digits of the phone or the
CCCD, compared for unknown codes too, and limits per origin and per code that add up across channels."""

from tests.factories import commune_agency, make_draft
from tests.walks import CCCD
from webapp.dossiers import second_factor
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.second_factor import CODE_FAILURES, NEVER, ORIGIN_FAILURES, last_four
from webapp.workflow.intake import submit

UNKNOWN = "H42.18073-990101-0001"


def a_dossier():
    draft = make_draft(agency=commune_agency())
    return submit(draft, spec_of(draft))[0]


def wrong_factor(dossier):
    right = {dossier.applicant_phone[-4:], CCCD[-4:]}
    return next(f for f in ("0000", "1111", "2222", "9999") if f not in right)


def tried(code, typed, origin):
    """One try as both channels make it: a slot, then the check; None when the door was closed."""
    slot = second_factor.take_slot(code, origin)
    return None if slot.wait else second_factor.check(code, typed, origin, slot)


def test_the_last_four_digits_are_read_through_any_formatting():
    assert last_four("+84 912 345 678") == "5678"
    assert last_four("042095001234") == "1234"
    assert last_four("12 3") == NEVER and last_four(None) == NEVER
    assert not any(ch.isdigit() for ch in NEVER), "a short number must match no four digits typed"


def test_the_phone_and_the_cccd_both_open_a_dossier_and_nothing_opens_an_unknown_code(ctx):
    dossier = a_dossier()
    web = second_factor.web_origin("10.20.0.1")
    assert tried(dossier.code, dossier.applicant_phone[-4:], web) is True
    assert tried(dossier.code, CCCD[-4:], second_factor.sms_origin("+84987000001")) is True
    assert tried(dossier.code, wrong_factor(dossier), web) is False
    assert tried(UNKNOWN, "1234", web) is False and tried(UNKNOWN, NEVER, web) is False


def test_failures_on_one_code_add_up_across_the_web_and_sms(ctx):
    dossier = a_dossier()
    wrong = wrong_factor(dossier)
    origins = [second_factor.web_origin(f"10.21.0.{n}") for n in range(3)]
    origins += [second_factor.sms_origin(f"+8498700000{n}") for n in range(2)]
    assert [tried(dossier.code, wrong, origin) for origin in origins] == [False] * CODE_FAILURES[0]
    late = second_factor.sms_origin("+84987000009")
    assert tried(dossier.code, dossier.applicant_phone[-4:], late) is None, "the code is closed on every channel"


def test_right_answers_do_not_close_the_code(ctx):
    dossier = a_dossier()
    phone = second_factor.sms_origin("+84987000011")
    answers = [tried(dossier.code, CCCD[-4:], phone) for _ in range(CODE_FAILURES[0] + 2)]
    assert answers == [True] * (CODE_FAILURES[0] + 2)


def test_one_phone_walking_many_codes_is_stopped_by_its_own_failures_not_by_anothers(ctx):
    phone = second_factor.sms_origin("+84987000021")
    codes = [f"H42.18073-990101-{n:04d}" for n in range(1, ORIGIN_FAILURES[0] + 2)]
    answers = [tried(code, "1234", phone) for code in codes]
    assert answers == [False] * ORIGIN_FAILURES[0] + [None]
    assert tried(codes[-1], "1234", second_factor.sms_origin("+84987000022")) is False
    assert tried(codes[-1], "1234", second_factor.web_origin("+84987000021")) is False, "keys do not mix"
