"""Who may do what in the catalogue admin: the province admin edits and approves; a unit admin reads."""

from flask import abort, make_response, render_template, request

from webapp.bounded import database_id
from webapp.identity.session import current_staff
from webapp.models import CatalogueDraft, Procedure
from webapp.versions.drafts import EDITABLE

PROVINCE, UNIT = "quan_tri_tinh", "quan_tri_don_vi"
READERS = (PROVINCE, UNIT)  # for login_required(*READERS) on pages that only show


def may_edit(staff=None):
    staff = staff or current_staff()
    return staff is not None and staff.role == PROVINCE


def require_editor():
    """For a POST, or a page that only an editor has a use for."""
    if not may_edit():
        abort(403)


def draft_or_404(draft_id):
    """`draft_id` from an `<id:…>` route (an int) or from a form (text)."""
    draft = CatalogueDraft.get_or_none(CatalogueDraft.id == database_id(str(draft_id)))
    if draft is None:
        abort(404)
    return draft


def editable_draft_or_404(draft_id):
    """A draft the current (province) admin may change: 404 if none, 409 when it is waiting or done
    (e.g. submitted by someone else while this page was open): a page that says so, links to the
    draft and shows back what was typed, so it is not lost."""
    require_editor()
    draft = draft_or_404(draft_id)
    if draft.status not in EDITABLE:
        abort(make_response(render_template("catalogue_admin/draft_locked.html", draft=draft, typed=_typed()), 409))
    return draft


def _typed():
    """[(name, value)] of what the refused form carried, for the person to copy; no token, no files."""
    return [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token" and value.strip()]


def procedure_or_404(code):
    procedure = Procedure.get_or_none(Procedure.code == code)
    if procedure is None:
        abort(404)
    return procedure
