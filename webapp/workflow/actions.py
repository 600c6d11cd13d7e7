"""take(): the one way to move a dossier by a workflow action, whoever asks (an officer's browser,
the counter, a job, the demo seed).

Each action's extra inputs become a Step (what it writes) in the module of its area; the table
below says which. The inputs are a mapping (a validated form's data, or the seed's dict), never
the request: the origin says where the step came from.
"""

from webapp.dossiers.discretion import sms_procedure_name
from webapp.dossiers.files import discard_on_failure
from webapp.dossiers.timing import acting_unit
from webapp.links import external_url
from webapp.messaging.outbound import notify_after
from webapp.messaging.templates import TEMPLATES, sms_time
from webapp.models import values
from webapp.models.dossier import utcnow
from webapp.workflow import apology, machine, processing, reception, result, steps
from webapp.workflow.services import apply

STEPS = {
    values.RECEIVE: reception.receive,
    values.REQUEST_SUPPLEMENT: reception.request_supplement,
    values.HAND_IN: reception.hand_in_at_counter,
    values.ASSIGN: processing.assign,
    values.SUBMIT_TO_LEADER: processing.submit_to_leader,
    values.SEND_BACK: processing.send_back,
    values.TRANSFER: processing.transfer,
    values.STOP: processing.stop,
    values.APOLOGISE: apology.apologise,
    values.APPROVE: result.approve,
    values.RETURN: result.hand_back,
}


def take(dossier, action, actor, inputs, origin):
    """Action `action` by the officer `actor` on `dossier`: checked, its step prepared from `inputs`,
    applied with its audit row, the applicant's SMS queued (unless `origin` says not to).

    Raises NotAllowed, BadInput or StaleDossier with nothing written.
    """
    note = inputs.get("note", "") or ""
    machine.check(action, dossier.status, actor.role, note)
    now = origin.at or utcnow()
    prepare = STEPS.get(action)
    prepared = prepare(dossier, inputs, actor, now) if prepare else steps.Step()
    with discard_on_failure():  # a file stored by the step goes if the move does not happen
        moved = apply(
            dossier,
            action,
            role=actor.role,
            actor=actor.full_name or actor.username,
            version=dossier.version,
            note=note,
            unit=acting_unit(dossier),
            ip=origin.ip,
            changes=prepared.changes,
            details=prepared.details,
            within=prepared.within,
            at=now,
        )
    if origin.notify:
        _notify(dossier, moved, prepared.sms)
    return moved


def _notify(dossier, action, extra):
    """The applicant's SMS for the step, once per step (the dossier's version names it)."""
    template = extra.pop("template", action.sms)
    if not template:
        return
    words = {
        "code": dossier.code,
        "due": sms_time(dossier.due_at or dossier.expected_due_at),
        "url": external_url("lookup.form", ma=dossier.code),
    }
    if "{procedure}" in TEMPLATES[template]:  # a sensitive one is named by its field only
        words["procedure"] = sms_procedure_name(dossier.procedure, dossier.rule_set)
    notify_after(dossier, f"{action.name}:{dossier.version}", template, **(words | extra))
