"""Public verification of a signed e-result: the QR code on its printed stamp leads here.

Anyone holding the paper (a bank, a school, another office) can see who issued it, who signed it and
when, and whether those digital signatures hold (webapp/signing/validation.py). A file they hold is
checked two ways: the same bytes as the result MotCua issued, or otherwise what its own signatures
say. Nothing else about the dossier is shown: the applicant appears as initials only.

/xac-thuc (no code) checks the signatures of any PDF, for a paper whose QR code is lost.

The same blueprint sends the result to a browser that proved the dossier's code on the lookup page.
"""

import datetime
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import segno
from flask import abort, current_app, redirect, render_template, request, url_for

from webapp import ratelimit
from webapp.constant_time import same_secret
from webapp.dossiers.access import proven_code, with_its_dossier
from webapp.dossiers.files import (
    max_upload_bytes,
    read_attachment,
    read_capped,
    result_file_of,
    send_attachment,
    too_big,
)
from webapp.dossiers.signed_papers import RESULT_PAPER, signing_of
from webapp.links import external_url
from webapp.lookup import verify_bp
from webapp.lookup.forms import CODE_INPUT_MAX, CheckForm
from webapp.lookup.timeline import initials
from webapp.models import Attachment, Dossier
from webapp.models.signing import PENDING, SIGNED
from webapp.models.values import ONLINE, RESULT
from webapp.signing import validation
from webapp.signing.keys import trust_root_files

VERIFY_CODE_MAX = 32
# Checking a file costs reading and validating up to MAX_UPLOAD_BYTES: 30 an hour from one address is
# plenty for an office checking papers, and little for someone using the page at our expense.
UPLOADS_PER_IP = (30, datetime.timedelta(hours=1))
# The stored result's report, kept a while: the public page is not rate limited, validation is not free.
REPORT_CACHE_SIZE, REPORT_CACHE_SECONDS = 256, 600

# What a checked upload turned out to be (the template words each one).
SAME = "khop"  # the very bytes MotCua issued under this code
OTHER_VALID = "hop_le_khac"  # validly signed (trusted roots), but not the file MotCua issued
NOT_VALID = "khong_hop_le"  # its signatures do not hold (or it has none): see the report's verdict
TOO_BIG = "qua_lon"


@dataclass
class Outcome:
    kind: str
    report: object = None  # validation.Report of the file the outcome speaks of
    message: str = ""


def upload_slot(ip):
    """A file check's place among the address's 30 an hour, taken atomically (`.wait`: refused)."""
    return ratelimit.take(ratelimit.Limit(f"verify-ip:{ip or '-'}", *UPLOADS_PER_IP))


def qr_svg(url):
    """The QR code of `url` as inline SVG (no script, no style attribute: the CSP stays strict)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title=url)
    return svg.replace("<svg ", '<svg role="img" ', 1)  # its <title> (the address) is then its name


def verify_url(verify_code):
    return external_url("verify.result", verify_code=verify_code)


def signed_result(verify_code):
    """The signed result's Attachment with its dossier, procedure and agency, or 404."""
    if len(verify_code) > VERIFY_CODE_MAX:
        abort(404)
    found = with_its_dossier(Attachment, (Attachment.verify_code == verify_code) & (Attachment.kind == RESULT))
    return found or abort(404)


def signing_state(signed):
    """SIGNED once the job signed the result (or for a result from before signing existed), else
    the Signing's state: pending ("cho") or failed ("loi")."""
    found = signing_of(signed.dossier, RESULT_PAPER)
    if found is None or found.attachment_id not in (None, signed.id):
        return SIGNED
    return found.state


@verify_bp.route("/xac-thuc/<verify_code>", methods=["GET", "POST"])
def result(verify_code):
    signed = signed_result(verify_code)
    state = signing_state(signed)
    report = stored_report(signed) if state == SIGNED else None
    form, outcome, wait = CheckForm(), None, 0
    if request.method == "POST" and state == SIGNED:
        wait = upload_slot(request.remote_addr).wait if form.validate_on_submit() else 0
        if not form.errors and not wait:
            outcome = compared(form.tep.data, signed, report)
            ratelimit.forget_old()
    url = verify_url(verify_code)
    page = render_template(
        "lookup/verify.html",
        signed=signed,
        dossier=signed.dossier,
        initials=initials(signed.dossier.applicant_name),
        signing_done=state == SIGNED,
        signing_pending=state == PENDING,
        report=report,
        url=url,
        qr=qr_svg(url),
        form=form,
        outcome=outcome,
        summaries=validation.SUMMARIES,
        wait_minutes=-(-wait // 60),
    )
    return (page, 429, {"Retry-After": str(wait)}) if wait else page


@verify_bp.route("/xac-thuc", methods=["GET", "POST"])
def any_file():
    """Any PDF's signatures checked, without a code: the same words as a result's page."""
    form, outcome, wait = CheckForm(), None, 0
    if request.method == "POST":
        wait = upload_slot(request.remote_addr).wait if form.validate_on_submit() else 0
        if not form.errors and not wait:
            outcome = compared(form.tep.data, None, None)
            ratelimit.forget_old()
    page = render_template(
        "lookup/verify.html",
        signed=None,
        form=form,
        outcome=outcome,
        summaries=validation.SUMMARIES,
        wait_minutes=-(-wait // 60),
    )
    return (page, 429, {"Retry-After": str(wait)}) if wait else page


def compared(upload, signed, report):
    """The Outcome of an uploaded file: the stored result itself (`signed`, whose report is `report`),
    or a file judged by its own signatures. A file over the limit cannot be the stored one (that was
    stored under the same limit) and is not read further."""
    limit = max_upload_bytes()
    data = read_capped(upload.stream, limit)
    if len(data) > limit:
        return Outcome(TOO_BIG, message=too_big())
    if signed is not None and same_secret(hashlib.sha256(data).hexdigest(), signed.sha256):
        return Outcome(SAME, report)
    found = report_of(data)
    return Outcome(OTHER_VALID if found.valid else NOT_VALID, found)


def report_of(data):
    """validation.check of `data`; should pyHanko still raise on some damaged file, the public page
    says it cannot read it rather than fail."""
    try:
        return validation.check(data)
    except Exception:  # pyHanko raises many kinds for a damaged signature
        current_app.logger.warning("the signatures of a checked file could not be read", exc_info=True)
        return validation.Report(unreadable=True)


_reports, _reports_lock = OrderedDict(), threading.Lock()


def stored_report(signed):
    """validation.check of the stored result, remembered a few minutes by its hash and the trust
    configuration (a new root or CRL file gives a fresh check)."""
    config = current_app.config
    key = (
        signed.sha256,
        tuple(str(p) for p in trust_root_files()),
        tuple(config.get("SIGNING_CRL_FILES") or ()),
        bool(config.get("SIGNING_FETCH_REVOCATION")),
    )
    now = time.monotonic()
    with _reports_lock:
        kept = _reports.get(key)
    if kept and now - kept[0] < REPORT_CACHE_SECONDS:
        return kept[1]
    found = report_of(read_attachment(signed))
    with _reports_lock:
        _reports[key] = (now, found)
        _reports.move_to_end(key)
        while len(_reports) > REPORT_CACHE_SIZE:
            _reports.popitem(last=False)
    return found


@verify_bp.get("/xac-thuc/<verify_code>/tem")
def stamp(verify_code):
    """The "tem xác thực" the desk prints and attaches to the paper copy: the QR and its address.

    A stamp beside the file, not inside it: writing the QR into the signed PDF would break its signature.
    """
    signed = signed_result(verify_code)
    url = verify_url(verify_code)
    return render_template("lookup/verify_stamp.html", signed=signed, dossier=signed.dossier, url=url, qr=qr_svg(url))


@verify_bp.get("/tra-cuu/<code>/ket-qua")
def download(code):
    """The signed result returned online, for a browser that proved the code (as the status page asks)."""
    canonical = proven_code(code)
    if canonical is None:
        return redirect(url_for("lookup.form", ma=code[:CODE_INPUT_MAX]))
    dossier = Dossier.get_or_none(Dossier.code == canonical, Dossier.return_channel == ONLINE)
    found = result_file_of(dossier) if dossier else None
    if found is None:
        abort(404)
    return send_attachment(found)
