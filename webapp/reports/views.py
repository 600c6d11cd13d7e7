"""The public statistics page: the district report's figures for a period and a unit, no login."""

from flask import Response, render_template, request
from flask_babel import gettext as _

from webapp.dossiers.labels import ONLINE_CLASS, TIER
from webapp.formatting import count, percent
from webapp.i18n import current_lang
from webapp.models import Procedure, Unit
from webapp.models.units import sorted_units
from webapp.reports import background, bp, charts, exports, figures, indicators
from webapp.reports.forms import PeriodForm
from webapp.spreadsheets import XLSX_MIMETYPE


def summary_sentence(period, unit_name, tally):
    """The report's sentence, e.g. "… tiếp nhận 2.410 hồ sơ, trong đó 978 hồ sơ trực tuyến (40,5%) …"."""
    if not tally.received and not tally.resolved:
        return _(
            "Trong %(period)s, %(unit)s chưa tiếp nhận và chưa giải quyết hồ sơ nào.",
            period=period.label,
            unit=unit_name,
        )
    return _(
        "Trong %(period)s, %(unit)s tiếp nhận %(received)s hồ sơ, trong đó %(online)s hồ sơ trực tuyến "
        "(%(online_share)s); đã giải quyết %(resolved)s hồ sơ, trong đó %(in_time)s hồ sơ trước hạn và đúng hạn "
        "(%(in_time_share)s).",
        period=period.label,
        unit=unit_name,
        received=count(tally.received),
        online=count(tally.online),
        online_share=percent(tally.online_share),
        resolved=count(tally.resolved),
        in_time=count(tally.in_time),
        in_time_share=percent(tally.in_time_share),
    )


def catalogue_sentence(classes, total):
    """The report's other sentence: "… 9 thủ tục toàn trình (cấp xã 9) = 47,4% …", per online class."""
    parts = []
    for key in ("toan_trinh", "mot_phan"):
        number = sum(n for (tier, online_class), n in classes.items() if online_class == key)
        by_tier = ", ".join(
            f"{str(TIER[tier]).lower()} {count_of}" for tier in TIER if (count_of := classes.get((tier, key), 0))
        )
        parts.append(
            _(
                "%(n)s thủ tục %(kind)s (%(tiers)s) = %(share)s",
                n=number,
                kind=str(ONLINE_CLASS[key]).lower(),
                tiers=by_tier or "0",
                share=percent(figures.share(number, total)),
            )
        )
    return _("Danh mục có %(total)s thủ tục: %(parts)s.", total=count(total), parts="; ".join(parts))


def index_sentence(index_total):
    """How the 766 total was reached when some groups had no data; None when every group counted."""
    if index_total.earned is None:
        return _("Chưa đủ số liệu để tính điểm tổng.")
    if index_total.complete:
        return None
    return _(
        "Điểm tổng tính trên %(points)s/%(whole)s điểm có số liệu, quy về thang %(whole)s; "
        "nhóm chưa đủ số liệu không được tính.",
        points=index_total.measured_points,
        whole=indicators.TOTAL_POINTS,
    )


def tiers_in_use(units, classes):
    """{tier: label} of the tiers the tree has units in (or the catalogue has procedures for), in
    the tree's order: a tier without units (cấp huyện since 1 July 2025) is not shown."""
    used = {unit.tier for unit in units} | {tier for tier, _online_class in classes}
    return {tier: label for tier, label in TIER.items() if tier in used}


@bp.get("/thong-ke")
def statistics():
    report, errors = _report(request.args)
    return render_template("reports/statistics.html", **report), _status(report, errors)


def _status(report, errors):
    """400 for a bad period, 202 while a long one is being computed (the page reloads itself)."""
    return 400 if errors else 202 if report.get("computing") else 200


@bp.get("/thong-ke.<any(csv, xlsx):kind>")
def statistics_file(kind):
    """The page's tables as CSV (one table after another) or XLSX (a sheet each), same numbers."""
    report, errors = _report(request.args)
    if errors or report.get("computing"):
        return render_template("reports/statistics.html", **report), _status(report, errors)
    tables = exports.tables(report)
    if kind == "csv":
        body, mimetype = exports.as_csv(tables), "text/csv; charset=utf-8"
    else:
        body, mimetype = exports.as_xlsx(tables, report["sentence"]), XLSX_MIMETYPE
    response = Response(body, mimetype=mimetype)
    name = f"thong-ke-{report['period'].start:%Y%m%d}-{report['period'].end:%Y%m%d}.{kind}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report(args):
    """(everything the page and the exports show, the input errors)."""
    units = sorted_units(Unit.select())
    form = PeriodForm(formdata=args).offer(units, current_lang())
    valid = form.validate()
    errors = form.errors_by_id()
    report = {"form": form, "errors": errors}
    if not valid:
        return report, errors
    period = form.period
    unit = next((u for u in units if u.code == form.don_vi.data), None)
    unit_name = unit.full_name if unit else _("toàn tỉnh")
    result = background.computed(period, unit)
    if result is None:  # a long period: a job is computing it
        report.update(period=period, unit_name=unit_name, computing=True)
        return report, errors
    total, per_procedure = result["total"], result["per_procedure"]
    classes, procedure_total = figures.procedure_classes()
    scores = indicators.scored(result["score_parts"])
    index_total = indicators.total(scores)
    procedures = Procedure.select().where(Procedure.id.in_(list(per_procedure))).order_by(Procedure.code)
    report.update(
        period=period,
        unit_name=unit_name,
        total=total,
        sentence=summary_sentence(period, unit_name, total),
        catalogue_sentence=catalogue_sentence(classes, procedure_total),
        rows=[(p, per_procedure[p.id]) for p in procedures],
        classes=classes,
        procedure_total=procedure_total,
        share=figures.share,
        tiers=tiers_in_use(units, classes),
        online_classes=ONLINE_CLASS,
        query=request.query_string.decode("ascii", "replace"),
        scores=scores,
        index_total=index_total,
        index_sentence=index_sentence(index_total),
        chart=charts.bar_chart,
    )
    return report, errors
