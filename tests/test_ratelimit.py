"""The one throttle counter: a try takes its slot in one statement, so parallel tries cannot share one."""

import datetime
from collections import Counter

from tests.apps import in_threads
from webapp import ratelimit
from webapp.db import db
from webapp.models import RateCounter

QUARTER = datetime.timedelta(minutes=15)


def taken(app, key):
    with app.app_context(), db.connection_context():
        return sum(row.taken for row in RateCounter.select().where(RateCounter.key == key))


def test_twenty_four_parallel_tries_against_a_limit_of_five_get_exactly_five_slots(migrated_app):
    limit = ratelimit.Limit("race:one", 5, QUARTER)
    waits = in_threads(migrated_app, 24, lambda i: ratelimit.take(limit).wait)
    assert Counter(wait == 0 for wait in waits) == {True: 5, False: 19}
    assert all(0 < wait <= QUARTER.total_seconds() for wait in waits if wait)
    assert taken(migrated_app, "race:one") == 5, "refused tries give their slot back"


def test_a_try_needs_a_slot_under_every_limit_and_a_refusal_takes_none(migrated_app):
    tight, loose = ratelimit.Limit("race:tight", 2, QUARTER), ratelimit.Limit("race:loose", 100, QUARTER)
    waits = in_threads(migrated_app, 12, lambda i: ratelimit.take(tight, loose).wait)
    assert waits.count(0) == 2
    assert taken(migrated_app, "race:loose") == 2


def test_a_slot_given_back_opens_the_door_again(migrated_app):
    limit = ratelimit.Limit("race:back", 1, QUARTER)
    with migrated_app.app_context(), db.connection_context():
        first = ratelimit.take(limit)
        assert ratelimit.take(limit).wait > 0
        first.give_back()
        assert ratelimit.take(limit).wait == 0


def test_the_door_opens_when_the_window_has_passed(migrated_app, monkeypatch):
    limit = ratelimit.Limit("race:later", 1, QUARTER)
    with migrated_app.app_context(), db.connection_context():
        assert ratelimit.take(limit).wait == 0
        refused = ratelimit.take(limit).wait
        assert 0 < refused <= 15 * 60
        later = ratelimit.utcnow() + datetime.timedelta(seconds=refused)
        monkeypatch.setattr(ratelimit, "utcnow", lambda: later)
        assert ratelimit.take(limit).wait == 0
        ratelimit.forget_old()
        assert RateCounter.select().where(RateCounter.key == "race:later").exists(), "its new window runs"
