"""The morning digest tells a province admin when the list of procedures to review grew, once."""

import threading
from datetime import datetime

from tests.legal import world
from tests.legal.world import D, document, procedure
from tests.staff_login import new_staff
from webapp.backoffice.digest import send_digests
from webapp.calendar.working_time import to_utc
from webapp.models import FormDefinition, RuleSet, SmsMessage

ADMIN_PHONE, UNIT_ADMIN_PHONE = "+84912000333", "+84912000444"


def morning(day):
    return to_utc(datetime(2030, 3, day, 7, 0))


def run(app, day):
    return world.in_db(app, lambda: send_digests(morning(day)))


def reviews(app, phone):
    def read():
        query = SmsMessage.select().where(SmsMessage.phone == phone, SmsMessage.template == "review")
        return [m.body for m in query.order_by(SmsMessage.id)]

    return world.in_db(app, read)


def test_the_admin_is_told_once_when_the_list_grows_and_not_while_it_does_not(legal_app):
    new_staff(legal_app, "qt.tinh", role="quan_tri_tinh", phone=ADMIN_PHONE)
    new_staff(legal_app, "qt.xa", role="quan_tri_don_vi", phone=UNIT_ADMIN_PHONE)

    def first_problem():
        document("01/2021/NĐ-CP", effective_from=D(2021, 1, 4), expires_on=D(2030, 3, 1))
        procedure("2.000720", (D(2021, 1, 4), ["01/2021/NĐ-CP"], None))

    world.in_db(legal_app, first_problem)
    assert run(legal_app, 12) == 1  # Tuesday 12/03/2030
    [body] = reviews(legal_app, ADMIN_PHONE)
    assert "12/03" in body and "1 thu tuc" in body and body.isascii() and len(body) <= 160
    assert run(legal_app, 12) == 0 and run(legal_app, 13) == 0  # the same list: no news
    assert len(reviews(legal_app, ADMIN_PHONE)) == 1

    world.in_db(legal_app, lambda: procedure("2.000721", (D(2021, 1, 4), ["01/2021/NĐ-CP"], None)))
    assert run(legal_app, 14) == 1
    assert "2 thu tuc" in reviews(legal_app, ADMIN_PHONE)[-1]
    assert reviews(legal_app, UNIT_ADMIN_PHONE) == []  # the list is the province admin's


def test_a_list_that_shrank_and_grows_back_is_told_again(legal_app):
    new_staff(legal_app, "qt.tinh", role="quan_tri_tinh", phone=ADMIN_PHONE)

    def problem():
        document("A/1", effective_from=D(2021, 1, 4), expires_on=D(2030, 3, 1))
        return procedure("1.000001", (D(2021, 1, 4), ["A/1"], None))

    row = world.in_db(legal_app, problem)
    assert run(legal_app, 12) == 1
    # a second version without A/1 covers it from Wednesday: the list is empty, nothing is sent
    world.in_db(legal_app, lambda: procedure_version(row, D(2030, 3, 13)))
    assert run(legal_app, 13) == 0
    world.in_db(legal_app, lambda: procedure("1.000002", (D(2021, 1, 4), ["A/1"], None)))
    assert run(legal_app, 14) == 1 and len(reviews(legal_app, ADMIN_PHONE)) == 2


def procedure_version(row, effective):
    first = row.rule_sets.order_by(RuleSet.version).first()
    values = {f.name: getattr(first, f.name) for f in RuleSet._meta.sorted_fields if f.name not in ("id", "version")}
    second = RuleSet.create(**(values | {"version": 2, "effective_from": effective, "legal_bases": []}))
    FormDefinition.create(rule_set=second, definition=world.FORM)


def test_two_consumers_at_once_tell_the_admin_once(legal_app):
    new_staff(legal_app, "qt.tinh", role="quan_tri_tinh", phone=ADMIN_PHONE)

    def problem():
        document("A/1", effective_from=D(2021, 1, 4), expires_on=D(2030, 3, 1))
        procedure("1.000001", (D(2021, 1, 4), ["A/1"], None))

    world.in_db(legal_app, problem)
    start, results = threading.Barrier(2), []

    def consumer():
        start.wait()
        results.append(run(legal_app, 12))

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1] and len(reviews(legal_app, ADMIN_PHONE)) == 1
