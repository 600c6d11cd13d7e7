"""Office hours and the desk, in the calendar admin: the province admin edits the province's rules
and every unit's; a unit admin only their own units' (another unit, or the province's rules: 404)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp.calendar_admin import bp
from webapp.calendar_admin import desks as desk_admin
from webapp.calendar_admin import hours as hours_admin
from webapp.calendar_admin.forms import DeskForm, EndRuleForm, HoursRuleForm
from webapp.calendar_admin.services import Refused
from webapp.calendar_admin.views import PROVINCE, UNIT, unit_or_404
from webapp.identity.session import current_staff, login_required


@bp.route("/gio-lam-viec", methods=["GET", "POST"])
@login_required(PROVINCE)
def province_hours():
    return _rules_page(None)


@bp.route("/don-vi/<id:unit_id>/gio-lam-viec", methods=["GET", "POST"])
@login_required(PROVINCE, UNIT)
def unit_hours(unit_id):
    return _rules_page(unit_or_404(unit_id))


@bp.route("/gio-lam-viec/<id:rule_id>", methods=["GET", "POST"])
@login_required(PROVINCE, UNIT)
def edit_hours(rule_id):
    """Change a rule, or end it on a day; each has its own form on the page."""
    rule = _rule_or_404(rule_id)
    form = HoursRuleForm(obj=rule)
    if form.validate_on_submit() and _saved(form, rule.unit, rule):
        flash(_("Đã lưu giờ làm việc “%(name)s”.", name=form.name.data))
        return redirect(_rules_url(rule.unit), code=303)
    return render_template("calendar/hours_edit.html", rule=rule, form=form, end=EndRuleForm(formdata=None))


@bp.post("/gio-lam-viec/<id:rule_id>/ket-thuc")
@login_required(PROVINCE, UNIT)
def end_hours(rule_id):
    rule = _rule_or_404(rule_id)
    end = EndRuleForm()
    if end.validate_on_submit():
        try:
            hours_admin.end_rule(current_staff(), rule, end.until.data)
        except Refused as refused:
            end.until.errors.append(refused.message)
        else:
            flash(_("“%(name)s” áp dụng đến hết ngày %(day)s.", name=rule.name, day=f"{end.until.data:%d/%m/%Y}"))
            return redirect(_rules_url(rule.unit), code=303)
    return render_template("calendar/hours_edit.html", rule=rule, form=HoursRuleForm(obj=rule, formdata=None), end=end)


@bp.route("/don-vi/<id:unit_id>/bo-phan", methods=["GET", "POST"])
@login_required(PROVINCE, UNIT)
def desk(unit_id):
    """The desk's official name, address and phone, printed on receipts and forms 01–07."""
    unit = unit_or_404(unit_id)
    found = desk_admin.desk_of(unit) or abort(404)
    form = DeskForm(obj=found)
    if form.validate_on_submit():
        changed = desk_admin.save_desk(current_staff(), found, form.name.data, form.address.data, form.phone.data)
        flash(
            _("Đã lưu tên, địa chỉ, điện thoại của Trung tâm Phục vụ hành chính công.")
            if changed
            else _("Không có gì thay đổi.")
        )
        return redirect(url_for(".desk", unit_id=unit.id), code=303)
    return render_template("calendar/desk.html", unit=unit, desk=found, form=form)


def _rules_page(unit):
    """The rules of the province or of a unit, and the form to add one."""
    form = HoursRuleForm()
    if form.validate_on_submit() and _saved(form, unit, None):
        flash(_("Đã thêm giờ làm việc “%(name)s”.", name=form.name.data))
        return redirect(_rules_url(unit), code=303)
    province_rules = hours_admin.rules_of(None) if unit is not None else []
    return render_template(
        "calendar/hours.html", unit=unit, rules=hours_admin.rules_of(unit), province_rules=province_rules, form=form
    )


def _saved(form, unit, rule):
    """Save the form's rule; False with the refusal next to its field."""
    values = {name: getattr(form, name).data for name in hours_admin.RULE_FIELDS}
    try:
        hours_admin.save_rule(current_staff(), values, unit, rule)
    except Refused as refused:
        getattr(form, refused.field).errors.append(refused.message)
        return False
    return True


def _rule_or_404(rule_id):
    return hours_admin.rule_for(current_staff(), rule_id) or abort(404)


def _rules_url(unit):
    return url_for(".unit_hours", unit_id=unit.id) if unit is not None else url_for(".province_hours")
