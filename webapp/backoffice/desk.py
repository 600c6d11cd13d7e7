"""The officer's desk (/can-bo/ho-so): the queues, each tab with its count, the role's own first."""

from flask import render_template, request

from webapp.backoffice import bp, services
from webapp.dossiers.access import record_export
from webapp.identity.session import current_staff, login_required
from webapp.models.dossier import utcnow
from webapp.workflow import machine


@bp.get("")
@login_required(*machine.STAFF_ROLES)
def queues():
    """One queue; without a (known) queue, the one where the officer's own work waits."""
    staff, now = current_staff(), utcnow()
    tabs = services.tabs_for(staff)
    key = request.args.get("hang")
    key = key if key in tabs else services.role_queue(staff)
    has_mine = services.has_mine(staff, key)
    mine = has_mine and request.args.get("xem") == "cua-toi"
    search, counts = request.args.get("q", ""), services.counts(staff, now)
    rows = services.queue(staff, key, search, mine=mine, now=now)
    if search.strip():  # a search by name or phone finds people: logged, without the words searched
        record_export(staff, "tim-kiem", len(rows), hang=key, cua_toi=mine)
    return render_template(
        "backoffice/queues.html",
        key=key,
        tabs=tabs,
        counts=counts,
        mine=mine,
        mine_count=services.count(staff, key, mine=True, now=now) if has_mine else None,
        rows=rows,
        search=search,
        now=now,
        queue_key=key,  # the header's queue tabs: this one current, each with its count
        queue_counts=counts,
    )
