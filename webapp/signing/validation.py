"""A PDF's signatures checked by pyHanko against the configured trust roots, in plain words.

Each signature is checked at the moment it says it was signed: a leader's certificate that expired a
year after signing still vouches for what it signed while valid. Revocation is checked where
SIGNING_CRL_FILES lists CRLs (or SIGNING_FETCH_REVOCATION lets pyHanko ask the CRL/OCSP addresses
the certificates give); the demo PKI has none.
"""

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask import current_app
from flask_babel import lazy_gettext as _l
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from webapp.signing.keys import trust_roots
from webapp.signing.loops import outside_running_loop

# A signature's verdict, worst first: the page words each one (templates/lookup/verify_facts.html).
MODIFIED = "bi_sua"  # the bytes it covers changed, or content was added after it
UNTRUSTED = "khong_tin_cay"  # its certificate does not lead to a configured trust root
EXPIRED = "het_han"  # its certificate was not valid at the signing time
REVOKED = "thu_hoi"  # its certificate was revoked
VALID = "hop_le"
# The whole file's verdict when it has no signature to check.
UNSIGNED = "khong_chu_ky"
UNREADABLE = "khong_doc_duoc"


# What each verdict means, in the words the verification page and the leader's upload use.
SUMMARIES = {
    VALID: _l("Chữ ký số hợp lệ: tệp còn nguyên vẹn từ khi ký."),
    MODIFIED: _l("Tệp đã bị sửa đổi sau khi ký: chữ ký số không còn giá trị."),
    UNTRUSTED: _l("Chữ ký số không do tổ chức cung cấp dịch vụ chứng thực được tin cậy cấp."),
    EXPIRED: _l("Chứng thư số của người ký đã hết hạn (hoặc chưa có hiệu lực) vào thời điểm ký."),
    REVOKED: _l("Chứng thư số của người ký đã bị thu hồi."),
    UNSIGNED: _l("Tệp không có chữ ký số."),
    UNREADABLE: _l("Không đọc được tệp: đây không phải tệp PDF hợp lệ."),
}


@dataclass
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    title: str
    organisation: str
    signed_at: datetime.datetime | None  # UTC, as the signature reports it
    verdict: str
    not_after: datetime.datetime | None = None  # the certificate's end of validity (UTC)

    @property
    def valid(self):
        return self.verdict == VALID


@dataclass
class Report:
    signatures: list = field(default_factory=list)
    unreadable: bool = False

    @property
    def verdict(self):
        """The file's verdict: the worst of its signatures', or why there are none to check."""
        if self.unreadable:
            return UNREADABLE
        if not self.signatures:
            return UNSIGNED
        order = (MODIFIED, UNTRUSTED, EXPIRED, REVOKED, VALID)
        return min((s.verdict for s in self.signatures), key=order.index)

    @property
    def valid(self):
        return self.verdict == VALID


def check(pdf):
    """The Report of the PDF bytes `pdf`: each embedded signature validated by pyHanko."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # not a PDF pyHanko can parse
        return Report(unreadable=True)
    roots = [asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)) for cert in trust_roots()]
    return Report(signatures=[_checked(sig, roots) for sig in embedded])


def _checked(sig, roots):
    try:
        cert = sig.signer_cert
        subject = cert.subject.native
        signed_at = _utc(sig.self_reported_timestamp)
    except Exception:  # a damaged signature may not even name its certificate: nothing to vouch for
        return SignatureCheck(sig.field_name, "", "", "", None, MODIFIED)
    found = SignatureCheck(
        field=sig.field_name,
        signer=subject.get("common_name", ""),
        title=subject.get("title", ""),
        organisation=subject.get("organization_name", ""),
        signed_at=signed_at,
        verdict=MODIFIED,
        not_after=_utc(cert.not_valid_after),
    )
    try:
        status = outside_running_loop(validate_pdf_signature, sig, _context(roots, signed_at))
    except Exception:  # a signature pyHanko cannot even evaluate has nothing we can vouch for
        current_app.logger.warning("signature %s could not be validated", sig.field_name, exc_info=True)
        return found
    found.verdict = _verdict(status, cert, roots, signed_at)
    return found


def _verdict(status, cert, roots, signed_at):
    if not (status.intact and status.valid) or not _covers_its_revision(status):
        return MODIFIED
    if status.revoked or _listed_as_revoked(cert, signed_at):
        return REVOKED
    if status.trusted:
        return VALID
    if not any(_issued_by(cert, root) for root in roots) and not any(cert.dump() == r.dump() for r in roots):
        return UNTRUSTED
    moment = signed_at or datetime.datetime.now(datetime.UTC)
    if not (_utc(cert.not_valid_before) <= moment <= _utc(cert.not_valid_after)):
        return EXPIRED
    return UNTRUSTED


def _covers_its_revision(status):
    """Nothing but more signatures, form filling or validation data was added after this signature."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.docmdp_ok is not False
        and (
            status.modification_level is None
            or status.modification_level.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
        )
    )


def _listed_as_revoked(cert, signed_at):
    """Whether a configured CRL of the certificate's issuer lists it as revoked before the signing time.

    pyHanko consults CRLs only for certificates that name a distribution point; the files an
    administrator lists in SIGNING_CRL_FILES speak for every certificate of their issuer."""
    for path in current_app.config.get("SIGNING_CRL_FILES") or ():
        listed = _crl(Path(path))
        if listed.issuer != cert.issuer:
            continue
        for entry in listed["tbs_cert_list"]["revoked_certificates"] or ():
            if entry["user_certificate"].native != cert.serial_number:
                continue
            revoked_at = _utc(entry["revocation_date"].native)
            if signed_at is None or revoked_at <= signed_at:
                return True
    return False


def _issued_by(cert, root):
    return cert.issuer == root.subject


def _context(roots, moment):
    config = current_app.config
    crls = [_crl(Path(path)) for path in config.get("SIGNING_CRL_FILES") or ()]
    fetching = bool(config.get("SIGNING_FETCH_REVOCATION"))
    return ValidationContext(
        trust_roots=roots,
        crls=crls,
        allow_fetching=fetching,
        revocation_mode="hard-fail" if (crls or fetching) else "soft-fail",
        moment=moment,
        best_signature_time=moment,
    )


def _crl(path):
    data = path.read_bytes()
    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    return asn1_crl.CertificateList.load(data)


def _utc(moment):
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
