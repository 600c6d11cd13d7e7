"""The lookup throttle under parallel guesses (issue 17: 24 at once got 5–7 checked against 5)."""

from collections import Counter

from tests.apps import in_threads
from tests.staff_login import csrf
from tests.walks import LOOKUP, filed, from_address
from webapp.dossiers.second_factor import CODE_FAILURES


def test_twenty_four_parallel_wrong_factors_on_one_code_from_as_many_addresses_check_at_most_five(filing_app):
    dossier = filed(filing_app)
    right = {dossier.applicant_phone[-4:], dossier.applicant_id_number[-4:]}
    wrong = next(f for f in ("0000", "1111", "2222", "9999") if f not in right)
    clients = [from_address(filing_app, f"10.17.0.{n + 1}") for n in range(24)]
    tokens = [csrf(client, LOOKUP) for client in clients]

    def guess(i):
        data = {"csrf_token": tokens[i], "ma": dossier.code, "so_cuoi": wrong}
        response = clients[i].post(LOOKUP, data=data)
        return response.status_code, response.headers.get("Retry-After")

    answers = in_threads(filing_app, 24, guess)
    limit = CODE_FAILURES[0]
    assert Counter(status for status, _wait in answers) == {200: limit, 429: 24 - limit}
    assert all(int(wait) > 0 for status, wait in answers if status == 429)
    late = from_address(filing_app, "10.17.1.1")
    data = {"csrf_token": csrf(late, LOOKUP), "ma": dossier.code, "so_cuoi": wrong}
    assert late.post(LOOKUP, data=data).status_code == 429, "the five failures keep the code closed"
