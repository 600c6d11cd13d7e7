"""Calendar admin: the province admin edits the province's holidays and make-up days, a unit admin
only those of their own units (another unit does not exist for them: 404)."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.bounded import whole_number
from webapp.calendar.working_time import to_local
from webapp.calendar_admin import bp
from webapp.calendar_admin import services as admin
from webapp.calendar_admin.forms import AddDayForm, RemoveDayForm, SwapForm
from webapp.identity.session import current_staff, login_required, staff_units
from webapp.models import Unit
from webapp.models.dossier import utcnow
from webapp.models.units import sorted_units

PROVINCE, UNIT = "quan_tri_tinh", "quan_tri_don_vi"


@bp.after_request
def no_store(response):
    response.cache_control.no_store = True
    return response


@bp.route("", methods=["GET", "POST"])
@login_required(PROVINCE, UNIT)
def province():
    """The province's table for its admin; a unit admin is shown the way to their units instead."""
    if current_staff().role != PROVINCE:
        if request.method == "POST":
            abort(403)
        return render_template("calendar/units.html", units=_units_of(current_staff()))
    return _edit(None)


@bp.post("/xoa")
@login_required(PROVINCE)
def province_remove():
    return _remove(None)


@bp.post("/hoan-doi")
@login_required(PROVINCE)
def province_swap():
    return _swap(None)


@bp.post("/don-vi/<id:unit_id>/hoan-doi")
@login_required(PROVINCE, UNIT)
def unit_swap(unit_id):
    return _swap(unit_or_404(unit_id))


@bp.route("/don-vi/<id:unit_id>", methods=["GET", "POST"])
@login_required(PROVINCE, UNIT)
def unit(unit_id):
    return _edit(unit_or_404(unit_id))


@bp.post("/don-vi/<id:unit_id>/xoa")
@login_required(PROVINCE, UNIT)
def unit_remove(unit_id):
    return _remove(unit_or_404(unit_id))


def unit_or_404(unit_id):
    found = admin.editable_unit(current_staff(), unit_id)
    if found is None:
        current_app.logger.warning("staff %s asked for the calendar of unit %s", current_staff().username, unit_id)
        abort(404)
    return found


def _edit(unit):
    """The year's exceptions and the form to add one; a refused day is told next to its field."""
    form = AddDayForm()
    if form.validate_on_submit():
        try:
            replaced = admin.set_day(form.day.data, form.kind.data, form.name.data, unit, current_staff())
        except admin.Refused as refused:
            getattr(form, refused.field).errors.append(refused.message)
        else:
            shown = f"{form.day.data:%d/%m/%Y}"
            flash(_("Đã cập nhật ngày %(day)s.", day=shown) if replaced else _("Đã thêm ngày %(day)s.", day=shown))
            return redirect(_here(unit, form.day.data.year), code=303)
    return _page(unit, form, SwapForm(formdata=None), form.day.data)


def _swap(unit):
    """Both days of a swap in one go; a refused day is told next to its field, on the calendar page."""
    swap = SwapForm()
    if swap.validate_on_submit():
        try:
            admin.set_swap(swap.day_off.data, swap.day_worked.data, swap.basis.data, unit, current_staff())
        except admin.Refused as refused:
            getattr(swap, refused.field).errors.append(refused.message)
        else:
            shown = {"off": f"{swap.day_off.data:%d/%m/%Y}", "worked": f"{swap.day_worked.data:%d/%m/%Y}"}
            flash(_("Đã ghi hoán đổi: nghỉ ngày %(off)s, làm bù ngày %(worked)s.", **shown))
            return redirect(_here(unit, swap.day_off.data.year), code=303)
    return _page(unit, AddDayForm(formdata=None), swap, swap.day_off.data)


def _page(unit, form, swap, day):
    year = _year(day.year if day else None)
    return render_template(
        "calendar/admin.html",
        unit=unit,
        form=form,
        swap=swap,
        year=year,
        entries=admin.entries(year, unit),
        province_entries=admin.entries(year) if unit else [],
        units=_units_of(current_staff()) if unit is None else [],
    )


def _remove(unit):
    form = RemoveDayForm()
    try:
        day = date.fromisoformat(form.day.data or "") if form.validate_on_submit() else None
    except ValueError:
        day = None
    removed = admin.remove_day(day, unit, current_staff()) if day else None
    if removed is None:
        flash(_("Không có ngày này trong lịch, không có gì thay đổi."))
        return redirect(_here(unit, _year(None)), code=303)
    flash(_("Đã bỏ ngày %(day)s khỏi lịch.", day=f"{day:%d/%m/%Y}"))
    return redirect(_here(unit, day.year), code=303)


def _here(unit, year):
    if unit is None:
        return url_for(".province", nam=year)
    return url_for(".unit", unit_id=unit.id, nam=year)


def _year(fallback):
    """?nam= when it is a sensible year, else the year being edited, else this year."""
    asked = whole_number(request.args.get("nam"))
    if asked and admin.FIRST_YEAR <= asked <= admin.LAST_YEAR:
        return asked
    return fallback if fallback and admin.FIRST_YEAR <= fallback <= admin.LAST_YEAR else to_local(utcnow()).year


def _units_of(staff):
    return sorted_units(Unit.select().where(Unit.id.in_(staff_units(staff))))
