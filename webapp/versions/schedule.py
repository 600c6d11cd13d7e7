"""When each version of a procedure takes effect, and which one is next: for the versions page and the
public notice "Từ 01/03/2027, thủ tục áp dụng quy định mới"."""

from webapp.calendar.working_time import to_local
from webapp.models import RuleSet
from webapp.models.dossier import utcnow


def moment_of(rule_set):
    """The moment (naive UTC) a version takes effect: its published moment, else its day's local midnight."""
    return rule_set.starts_at()


def next_version(procedure, now=None):
    """The version that will come into force next (after `now`), or None."""
    now = now or utcnow()
    later = [rs for rs in procedure.rule_sets.order_by(RuleSet.version) if moment_of(rs) > now]
    return min(later, key=moment_of, default=None)


def scheduled_after(procedure, moment):
    """Versions that will start after `moment`: a change in force from `moment` ends when they start,
    unless they carry it too."""
    return sorted((rs for rs in procedure.rule_sets if moment_of(rs) > moment), key=moment_of)


def states(procedure, now=None):
    """[(rule_set, moment, state)] newest version first; state is in-force, scheduled or replaced."""
    now = now or utcnow()
    in_force = procedure.rules_at(now)
    found = []
    for rule_set in procedure.rule_sets.order_by(RuleSet.version.desc()):
        moment = moment_of(rule_set)
        if in_force is not None and rule_set.id == in_force.id:
            state = "in-force"
        else:
            state = "scheduled" if moment > now else "replaced"
        found.append((rule_set, moment, state))
    return found


def next_day(procedure, now=None):
    """The local day the next version comes into force (for the public notice), or None."""
    upcoming = next_version(procedure, now)
    return to_local(moment_of(upcoming)).date() if upcoming else None
