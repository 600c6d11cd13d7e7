"""Dossier codes as people type them: one normaliser (dossiers.numbering.normalise_code) for the web
lookup, the TRACUU text message, the pay page and the officers' search."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webapp.dossiers.numbering import normalise_code
from webapp.models import Agency

COMMUNE = "H42.18073-261202-0010"
PROVINCE = "000.00.00.H42-261202-0010"  # the province's own desk
SEPARATORS = [" ", "  ", ".", "-", "–", "—", "_", "/", ". ", " - "]


@pytest.mark.parametrize(
    "typed, code",
    [
        (COMMUNE, COMMUNE),
        ("h42.18073-261202-0010", COMMUNE),
        ("H4218073-261202-0010", COMMUNE),  # the dot left out
        ("H42 18073 261202 0010", COMMUNE),
        ("h42 18073…", None),  # cut short
        ("H4218073 261202 0010", COMMUNE),
        ("H42180732612020010", COMMUNE),
        ("h42.18073.261202.0010", COMMUNE),
        ("  Mã: H42.18073-261202-0010. ", COMMUNE),
        ("Mã hồ sơ: h42 18073 261202 0010", COMMUNE),
        ("MA HO SO H4218073-261202-0010", COMMUNE),
        ("(H42.18073-261202-0010)", COMMUNE),
        (PROVINCE, PROVINCE),
        ("0000000H422612020010", PROVINCE),
        ("000 00 00 h42 261202 0010", PROVINCE),
        ("H55.242-260105-0001", "H55.242-260105-0001"),
        ("0912345678 H42.18073-261202-0010", COMMUNE),  # a phone before the code is not part of it
        ("", None),
        (None, None),
        ("261202-0010", None),
        ("H42-2612-0010", None),
        ("x" * 1000, None),
        ("TRACUU", None),
    ],
)
def test_codes_are_read_as_people_type_them(typed, code):
    assert normalise_code(typed) == code


@st.composite
def retyped(draw, code):
    """The code as someone might type it: any separator added or left out anywhere, any case."""
    packed = [ch for ch in code if ch.isalnum()]
    typed = draw(st.sampled_from(["", " ", "Mã: ", "ma ho so "]))
    for ch in packed:
        typed += draw(st.sampled_from(SEPARATORS)) if draw(st.booleans()) else ""
        typed += ch.lower() if draw(st.booleans()) else ch
    return typed + draw(st.sampled_from(["", " ", ".", " ."]))


CODES = st.builds(
    "{}-{:06d}-{:04d}".format,
    st.sampled_from(["H42.18073", "H42.18076", "H42.436", "000.00.00.H42", "H55.242", "000.00.18.H42"]),
    st.integers(0, 999_999),
    st.integers(1, 9999),
)


@given(st.data(), CODES)
def test_any_canonical_code_retyped_with_separators_and_case_changed_normalises_back(data, code):
    assert normalise_code(data.draw(retyped(code))) == code


@given(CODES)
def test_a_canonical_code_is_its_own_normal_form(code):
    assert normalise_code(code) == code


def test_every_seeded_desk_code_survives_being_typed_without_its_dots(ctx):
    """The dots come back from the agency code's shape: every desk the seed creates must have that shape."""
    for agency in Agency.select(Agency.code):
        code = f"{agency.code}-261202-0010"
        assert normalise_code(code.replace(".", " ").replace("-", "").lower()) == code
