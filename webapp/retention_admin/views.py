"""The retention page: the province administrator's table of periods, a form per rule, a procedure's own
period, and what the next sweep would do (a dry run). Other roles: 403; nobody signed in: the login."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.identity.session import current_staff, login_required
from webapp.retention import rules, sweep
from webapp.retention_admin import bp
from webapp.retention_admin.forms import OverrideForm, RemoveForm, RuleForm

PROVINCE = "quan_tri_tinh"


@bp.after_request
def no_store(response):
    response.cache_control.no_store = True
    return response


@bp.route("", methods=["GET", "POST"])
@login_required(PROVINCE)
def rules_page():
    """Each rule's form; a POST saves the one it carries, or shows it again with its errors."""
    posted = _posted_rule()
    if posted is not None:
        rule, form = posted
        if form.validate_on_submit():
            changed = rules.save_rule(current_staff(), rules.scope_of(rule), form.days.data, form.basis.data)
            flash(_("Đã lưu thời hạn “%(label)s”.", label=rule.label) if changed else _("Không có gì thay đổi."))
            return redirect(url_for(".rules_page"), code=303)
    return _page(posted=posted)


@bp.post("/them")
@login_required(PROVINCE)
def add_override():
    form = OverrideForm()
    if form.validate_on_submit():
        scope = (form.kind.data, "", form.procedure_code.data)
        rules.save_rule(current_staff(), scope, form.days.data, form.basis.data)
        flash(_("Đã đặt thời hạn riêng cho thủ tục %(code)s.", code=form.procedure_code.data))
        return redirect(url_for(".rules_page"), code=303)
    return _page(override=form)


@bp.post("/xoa")
@login_required(PROVINCE)
def remove_override():
    form = RemoveForm()
    if form.validate_on_submit():
        scope = tuple(form.scope.data.split("|"))
        if len(scope) == 3 and rules.remove_override(current_staff(), scope):
            flash(_("Đã bỏ thời hạn riêng của thủ tục %(code)s.", code=scope[2]))
    return redirect(url_for(".rules_page"), code=303)


def prefix_of(rule):
    """The names of a rule's fields: "otp-days", "ho_so-lv-HT-days", "ho_so-tt-2_000815-days"."""
    if rule.procedure_code:
        return f"{rule.kind}-tt-{rule.procedure_code.replace('.', '_')}-"
    if rule.field_code:
        return f"{rule.kind}-lv-{rule.field_code}-"
    return f"{rule.kind}-"


def scope_value(rule):
    return "|".join(rules.scope_of(rule))


def _posted_rule():
    """The rule whose form was posted, with that form bound to what was sent; None on a GET."""
    if request.method != "POST":
        return None
    for rule in rules.current_rules():
        prefix = prefix_of(rule)
        if request.form.get(prefix + "scope") == scope_value(rule):
            return rule, RuleForm(prefix=prefix)
    return None


def _page(posted=None, override=None):
    forms = []
    for rule in rules.current_rules():
        if posted is not None and rules.scope_of(posted[0]) == rules.scope_of(rule):
            form = posted[1]
        else:
            form = RuleForm(prefix=prefix_of(rule), formdata=None, data={"scope": scope_value(rule), **_values(rule)})
        forms.append((rule, form))
    status = 400 if posted is not None or override is not None else 200
    return (
        render_template(
            "retention/admin.html",
            forms=forms,
            override=override or OverrideForm(formdata=None),
            scope_value=scope_value,
            report=sweep.run(dry_run=True),
            labels=rules.KIND_LABELS,
        ),
        status,
    )


def _values(rule):
    return {"days": rule.days, "basis": rule.basis}
