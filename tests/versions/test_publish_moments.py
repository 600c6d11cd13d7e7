"""Publication names the local day of a version from its moment with the calendar's time zone."""

import datetime

from webapp.db import write_transaction
from webapp.models import Procedure
from webapp.versions.bundle import bundle_of
from webapp.versions.publish import publish

BIRTH = "1.001193"


def test_a_moment_late_in_the_utc_evening_is_the_next_local_day(ctx):
    procedure = Procedure.get(Procedure.code == BIRTH)
    moment = datetime.datetime(2027, 1, 5, 20, 0)  # 03:00 on 6 January in Viet Nam
    with write_transaction():
        published = publish(bundle_of(procedure, procedure.rules_on()), moment)
    assert published.effective_from == datetime.date(2027, 1, 6)
    assert procedure.rules_on(datetime.date(2027, 1, 5)).id != published.id
    assert procedure.rules_on(datetime.date(2027, 1, 6)).id == published.id
