"""Vietnamese collation: the orderings people complained about, and the key as a total order."""

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webapp.phone import normalize_phone
from webapp.text import collation_key, compact_digits, vi_sorted

UNITS_FILE = Path(__file__).resolve().parents[1] / "webapp" / "seed" / "ha_tinh_units_2025.json"


def in_order(*names):
    return vi_sorted(reversed(names)) == list(names) and vi_sorted(names) == list(names)


def test_letters_with_marks_are_letters_of_their_own_after_their_base():
    assert in_order("a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "o", "ô", "ơ", "p", "u", "ư", "v")
    assert in_order("Ăn", "Ân", "Bắc")  # ă and â are letters, not tones: a word with them follows all "a…"
    assert in_order("Dũng", "Dương", "Đan", "Đức", "Em")


def test_tones_differ_after_the_letters_in_the_cldr_vi_order():
    assert in_order("Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mac", "Mác", "Mạc")
    assert in_order("mac", "MẠC", "Mách")


def test_words_compare_one_by_one_a_shorter_word_first():
    assert in_order("Sơn Tây", "Sơn Tây Bắc", "Sơn Tiến", "Sơnx")
    assert in_order("Hồng Lộc", "Hương Đô")
    assert in_order("Hà Nam", "Hà Tĩnh", "Hạ Long")  # a syllable with its tone before the next one


def test_numbers_compare_by_value():
    assert in_order("Phường 2", "Phường 10", "Phường A")
    assert in_order("Xã Sơn Kim 1", "Xã Sơn Kim 2", "Xã Sơn Kim 12")


def test_case_composition_and_tone_placement_make_no_difference_but_ties_are_ordered():
    nfd = unicodedata.normalize("NFD", "Xã Đức Thọ")
    assert collation_key(nfd) == collation_key("Xã Đức Thọ")
    assert collation_key("hòa")[0] == collation_key("HOÀ")[0]  # old and new tone placement: one syllable
    assert in_order("Hoa", "Hoà", "Hòa", "Hoá", "Hóa", "Hoạ")
    assert collation_key("Hoà") != collation_key("Hòa")


def test_the_communes_of_ha_tinh_in_vietnamese_order():
    communes = [unit["FullName"] for unit in json.loads(UNITS_FILE.read_text(encoding="utf-8"))["Wards"]]
    ordered = vi_sorted(communes)
    position = {name: i for i, name in enumerate(ordered)}
    assert position["Xã Hồng Lộc"] < position["Xã Hương Đô"]
    assert position["Xã Sơn Tây"] < position["Xã Sơn Tiến"]
    assert position["Xã Cổ Đạm"] < position["Xã Đan Hải"] < position["Xã Đức Thọ"] < position["Xã Gia Hanh"]
    assert position["Xã Đức Thọ"] < position["Xã Yên Hoà"] == len(ordered) - 1
    with_d_and_e = vi_sorted([*communes, "Xã Dũng Tiến", "Xã Ea Kao"])  # Hà Tĩnh has no "Xã D…" nor "Xã E…"
    assert with_d_and_e.index("Xã Dũng Tiến") + 1 == with_d_and_e.index("Xã Đan Hải")
    assert with_d_and_e.index("Xã Đức Thọ") + 1 == with_d_and_e.index("Xã Ea Kao")
    assert ordered[0] == "Phường Bắc Hồng Lĩnh"  # the kind's word first: all "Phường …", then all "Xã …"


def test_people_by_given_name_then_family_name():
    staff = ["Nguyễn Thị Lan", "Lê Văn Hùng", "Bùi Thị Hương", "Lê Văn An", "Đặng Văn Nam", "Ân Văn Nam"]
    expected = ["Lê Văn An", "Lê Văn Hùng", "Bùi Thị Hương", "Nguyễn Thị Lan", "Ân Văn Nam", "Đặng Văn Nam"]
    assert vi_sorted(staff, person=True) == expected


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBĐOƠƯ" + "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
names = st.text(alphabet=VIETNAMESE + " 0123456789-.'", max_size=14)
any_text = st.one_of(names, st.text(max_size=10))


@given(any_text, any_text)
def test_the_key_is_equal_exactly_for_equal_nfc_texts(a, b):
    nfc = unicodedata.normalize
    assert (collation_key(a) == collation_key(b)) == (nfc("NFC", a) == nfc("NFC", b))
    assert collation_key(nfc("NFD", a)) == collation_key(nfc("NFC", a))


@given(any_text, any_text, any_text)
def test_the_key_is_a_total_order(a, b, c):
    ka, kb, kc = collation_key(a), collation_key(b), collation_key(c)
    assert (ka < kb) + (ka == kb) + (ka > kb) == 1
    if ka <= kb and kb <= kc:
        assert ka <= kc


@given(names)
def test_case_is_a_tie_breaker_only(a):
    assert collation_key(a.upper())[0] == collation_key(a.lower())[0]


def test_groups_keep_their_order_and_names_are_sorted_within():
    units = [("xa", "Xã Đức Thọ"), ("tinh", "Tỉnh Hà Tĩnh"), ("xa", "Phường Thành Sen"), ("xa", "Xã Cẩm Bình")]
    tiers = ("tinh", "huyen", "xa")
    ordered = vi_sorted(units, lambda unit: unit[1], group=lambda unit: tiers.index(unit[0]))
    assert [name for _tier, name in ordered] == ["Tỉnh Hà Tĩnh", "Phường Thành Sen", "Xã Cẩm Bình", "Xã Đức Thọ"]


@pytest.mark.parametrize("typed", ["042 195 001 234", "042.195.001.234", "042-195-001-234", "042–195–001–234"])
def test_an_id_number_typed_as_printed_keeps_its_digits(typed):
    assert compact_digits(typed) == "042195001234"


@pytest.mark.parametrize("typed", ["0912 345 678", "0912.345.678", "0912–345–678", "(0912) 345-678"])
def test_a_phone_takes_the_same_separators_as_an_id_number(typed):
    assert normalize_phone(typed) == "+84912345678"
