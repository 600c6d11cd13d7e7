"""Amounts in Vietnamese words, as the receipt prints them under the figure."""

import pytest

from webapp.dossiers.money_words import money_words, number_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (16000, "Mười sáu nghìn đồng"),
        (105000, "Một trăm linh năm nghìn đồng"),
        (1000000, "Một triệu đồng"),
        (2008000, "Hai triệu không trăm linh tám nghìn đồng"),
        (1005, "Một nghìn không trăm linh năm đồng"),
        (215000, "Hai trăm mười lăm nghìn đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (24000, "Hai mươi tư nghìn đồng"),
        (14000, "Mười bốn nghìn đồng"),
        (1234567, "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"),
        (3000000000, "Ba tỷ đồng"),
        (0, "Không đồng"),
    ],
)
def test_amounts_read_as_on_a_vietnamese_receipt(amount, words):
    assert money_words(amount) == words


def test_ten_and_five_and_one_change_their_words_by_place():
    assert number_words(15) == "mười lăm" and number_words(51) == "năm mươi mốt" and number_words(11) == "mười một"
    assert number_words(110) == "một trăm mười" and number_words(101) == "một trăm linh một"


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        money_words(-1)
