"""Mức 1 and 2: the procedure catalogue, unit pages and blank-form downloads."""

import io
from datetime import timedelta

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from jinja2_fragments.flask import render_block

from webapp.catalogue import bp, services
from webapp.catalogue.downloads import MIMETYPES, blank_form, form_for
from webapp.catalogue.forms import SearchForm
from webapp.dossiers.procedures import find_procedure
from webapp.i18n import current_lang
from webapp.legal.citations import legal_bases_on
from webapp.models.dossier import utcnow
from webapp.versions.schedule import next_day

MOST_FILED_OVER = timedelta(days=365)
MOST_FILED_FRESH = timedelta(hours=1)


def _most_filed():
    """The home page's most-filed list, counted over a year of dossiers at most once an hour per
    process: the home page is the most visited page, and the order barely moves within the hour."""
    now = utcnow()
    expires, rows = current_app.extensions.get("catalogue.most_filed", (now, None))
    if rows is None or now >= expires:
        rows = services.most_filed(now - MOST_FILED_OVER)
        current_app.extensions["catalogue.most_filed"] = (now + MOST_FILED_FRESH, rows)
    return rows


@bp.get("/")
def home():
    return render_template(
        "catalogue/home.html",
        most_filed=_most_filed(),
        fields=services.fields_with_counts(),
        tiers=services.tier_counts(),
    )


@bp.get("/thu-tuc")
def search():
    form = SearchForm(formdata=request.args)
    query, field, tier = form.q.data, form.field(), form.tier()
    results = services.search(query, field.code if field else None, tier, current_app.config["SEARCH_MAX_TERMS"])
    context = {"query": query, "field": field, "tier": tier, "results": results}
    # A history restore after a cache miss needs the whole page, not the fragment.
    if request.htmx and not request.htmx.history_restore_request:
        return render_block("catalogue/search.html", "results", **context)
    return render_template("catalogue/search.html", fields=services.fields_with_counts(), **context)


@bp.get("/thu-tuc/<code>")
def procedure(code):
    procedure, current_code = find_procedure(code)
    if current_code:
        return redirect(url_for(".procedure", code=current_code), code=301)
    if procedure is None:
        abort(404)
    rules = procedure.rules_on()
    if rules is None:
        abort(404)
    return render_template(
        "catalogue/procedure.html",
        procedure=procedure,
        rules=rules,
        form=form_for(rules),
        bases=legal_bases_on(rules),
        upcoming=next_day(procedure),  # a newer version scheduled: "Từ 01/03/2027, … quy định mới"
    )


@bp.get("/thu-tuc/<code>/mau-don.<fmt>")
def download(code, fmt):
    procedure, _ = find_procedure(code)
    if procedure is None or fmt not in MIMETYPES:
        abort(404)
    lang = current_lang()
    data, key = blank_form(procedure, procedure.rules_on(), fmt, lang)
    if data is None:
        abort(404)
    return send_file(
        io.BytesIO(data),
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=f"mau-don-{procedure.code}-{lang}.{fmt}",
        etag=key,
        max_age=3600,
    )


@bp.get("/don-vi")
def units():
    return render_template("catalogue/units.html", provinces=services.provinces())


@bp.get("/don-vi/<code>")
def unit(code):
    unit, agency = services.find_unit(code)
    if unit is None:
        abort(404)
    groups = services.procedures_for_unit(unit)
    count = sum(len(procedures) for _, procedures in groups)
    return render_template("catalogue/unit.html", unit=unit, agency=agency, groups=groups, count=count)
