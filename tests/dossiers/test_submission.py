"""Exactly one dossier per draft, and codes without gaps or duplicates, under concurrency."""

import re
from collections import defaultdict

from tests.apps import in_threads
from tests.factories import commune_agency, make_draft
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import Dossier, DossierSequence, Transition
from webapp.workflow.intake import dossier_code, submit

CODE_RE = re.compile(r"^H42\.\d{5}-\d{6}-\d{4}$")


def test_submit_creates_a_dossier_with_a_proper_code(ctx):
    draft = make_draft()
    dossier, created = submit(draft, spec_of(draft))
    assert created and CODE_RE.match(dossier.code), dossier.code
    assert dossier.code.startswith(commune_agency().code + "-")
    assert dossier.applicant_name == "Nguyễn Thị Hoa" and dossier.applicant_id_number == "042095001234"
    assert dossier.expected_due_at is not None and dossier.expected_due_at > dossier.submitted_at
    transition = Transition.get(Transition.dossier == dossier)
    assert transition.from_status is None and transition.to_status == "cho_tiep_nhan"


def test_a_replayed_submit_returns_the_same_dossier(ctx):
    draft = make_draft()
    first, _ = submit(draft, spec_of(draft))
    for _ in range(5):
        again, created = submit(draft, spec_of(draft))
        assert again.id == first.id and not created
    assert Dossier.select().where(Dossier.draft == draft).count() == 1


def test_eight_parallel_submits_of_one_draft_make_one_dossier(filing_app):
    with filing_app.app_context(), db.connection_context():
        draft = make_draft()
    results = in_threads(filing_app, 8, lambda i: submit(draft, spec_of(draft))[0].code)
    assert len(set(results)) == 1
    with filing_app.app_context(), db.connection_context():
        assert Dossier.select().where(Dossier.draft == draft).count() == 1
        # The losers' transactions rolled back, so they took no number.
        assert DossierSequence.get().last == 1


def test_parallel_submits_of_many_drafts_number_without_gaps(filing_app):
    with filing_app.app_context(), db.connection_context():
        agencies = [commune_agency("18073"), commune_agency("18100")]
        drafts = [make_draft(agency=agencies[i % 2]) for i in range(16)]
    codes = in_threads(filing_app, 16, lambda i: submit(drafts[i], spec_of(drafts[i]))[0].code)
    assert len(set(codes)) == 16
    numbers = defaultdict(list)
    for code in codes:
        prefix, number = code.rsplit("-", 1)
        numbers[prefix].append(int(number))
    assert sorted(len(n) for n in numbers.values()) == [8, 8]
    for taken in numbers.values():
        assert sorted(taken) == list(range(1, 9))


def test_code_format_follows_the_agency_and_local_date(ctx):
    import datetime

    agency = commune_agency()
    assert dossier_code(agency, datetime.datetime(2026, 2, 16, 8, 0), 7) == f"{agency.code}-260216-0007"


def test_a_second_open_dossier_for_the_same_person_is_flagged(ctx):
    first = make_draft()
    assert not submit(first, spec_of(first))[0].possible_duplicate
    second = make_draft()
    assert submit(second, spec_of(second))[0].possible_duplicate
    other = make_draft(code="1.000656")
    assert not submit(other, spec_of(other))[0].possible_duplicate
