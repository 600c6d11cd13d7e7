"""Public verification of a signed e-result: the QR code on its printed stamp leads here.

Anyone holding the paper (a bank, a school, another office) can see who issued it and when, and
check a file against the SHA-256 of the one the leader signed. Nothing else about the dossier is
shown: the applicant appears as initials only, and an upload's answer is a plain yes or no.

The same blueprint sends the result to a browser that proved the dossier's code on the lookup page.
"""

import datetime
import hashlib

import segno
from flask import abort, current_app, redirect, render_template, request, url_for

from webapp import ratelimit
from webapp.constant_time import same_secret
from webapp.dossiers.access import proven_code, with_its_dossier
from webapp.dossiers.files import CHUNK, DEFAULT_MAX_BYTES, result_file_of, send_attachment
from webapp.links import external_url
from webapp.lookup import verify_bp
from webapp.lookup.forms import CODE_INPUT_MAX, CheckForm
from webapp.lookup.timeline import initials
from webapp.models import Attachment, Dossier
from webapp.models.values import ONLINE, RESULT

VERIFY_CODE_MAX = 32
# Checking a file costs a hash of up to MAX_UPLOAD_BYTES: 30 an hour from one address is plenty for
# an office checking papers, and little for someone using the page to hash files at our expense.
UPLOADS_PER_IP = (30, datetime.timedelta(hours=1))


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


@verify_bp.route("/xac-thuc/<verify_code>", methods=["GET", "POST"])
def result(verify_code):
    signed = signed_result(verify_code)
    form, outcome, wait = CheckForm(), None, 0
    if request.method == "POST":
        wait = upload_slot(request.remote_addr).wait if form.validate_on_submit() else 0
        if not form.errors and not wait:
            outcome = "khop" if _same_file(form.tep.data, signed.sha256) else "khong_khop"
            ratelimit.forget_old()
    page = render_template(
        "lookup/verify.html",
        signed=signed,
        dossier=signed.dossier,
        initials=initials(signed.dossier.applicant_name),
        url=verify_url(verify_code),
        qr=qr_svg(verify_url(verify_code)),
        form=form,
        outcome=outcome,
        wait_minutes=-(-wait // 60),
    )
    if wait:
        return page, 429, {"Retry-After": str(wait)}
    return page


def _same_file(upload, sha256):
    """Whether the upload's bytes hash to `sha256`, read in chunks; a file over the limit cannot
    be the signed one (that was stored under the same limit), so it is simply not a match."""
    limit, digest, size = current_app.config.get("MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES), hashlib.sha256(), 0
    while chunk := upload.stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            return False
        digest.update(chunk)
    return same_secret(digest.hexdigest(), sha256)


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
