"""Who took a step of a dossier: the citizen, the desk, a specialist, the leader, or the system.

The role is on the step's audit row (workflow.services.ROLE_KEY) since it was kept; older rows get it
from the step itself where only one side can take it. The officers' history and the citizen's copy of
their data both read it from here.
"""

from webapp.models import values
from webapp.workflow import machine
from webapp.workflow.services import ROLE_KEY

SYSTEM = "he_thong"  # a gateway or a job: nobody's hand
OFFICER = "can_bo"  # an officer whose role an older row did not keep
# Who takes the steps that are not the workflow's actions, on rows that did not keep it.
KNOWN_SIDE = {
    values.FILED_ONLINE: machine.CONG_DAN,
    values.FILED_AT_COUNTER: machine.MOT_CUA,
    values.CASH_PAID: machine.MOT_CUA,
    values.PAID_ONLINE: SYSTEM,  # the gateway's notice records it
}
DESK_RECORDED = "bo_phan_mot_cua"  # the post's delivery typed in by the desk (details "by"), not by a job


def side_of(step, dossier):
    """The role key (machine.ROLES, SYSTEM or OFFICER) of whoever took `step`."""
    details = step.details or {}
    if details.get(ROLE_KEY):
        return details[ROLE_KEY]
    if step.action in KNOWN_SIDE:
        return KNOWN_SIDE[step.action]
    if step.action == values.POST_DELIVERED:
        return machine.MOT_CUA if details.get("by") == DESK_RECORDED else SYSTEM
    action = machine.BY_NAME.get(step.action)
    if action is not None and len(action.roles) == 1:
        return action.roles[0]
    if step.action == values.HAND_IN:  # online by the citizen, or at the counter by the desk
        return machine.CONG_DAN if step.actor == dossier.applicant_name else machine.MOT_CUA
    return OFFICER
