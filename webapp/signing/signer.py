"""One signing interface (Signer.sign) and its local implementation with PKCS#12 files.

A remote signing service (a provincial HSM, a "ký số từ xa" provider) will be another class with the
same `sign`; signer_from_config picks it by SIGNING_BACKEND. Signing runs in a job
(webapp/workflow/signing.py), so only the job consumer ever reads a key.
"""

import datetime
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle

from webapp.signing.keys import key_file, passphrase
from webapp.signing.loops import outside_running_loop

# Where the two visible signatures go on the last page (points from its bottom-left corner): the
# leader's on the right, the agency's stamp on the left, both in the bottom margin's band.
LEADER_BOX = (318, 14, 572, 74)
AGENCY_BOX = (24, 14, 278, 74)
FONT_FILE = "DejaVuSans.ttf"
SIGNING_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# What a stamp may print: Latin letters with every Vietnamese one (precomposed and combining), punctuation.
STAMP_LETTERS = [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]
# fontTools warns of every table it drops while subsetting the stamp's font: noise in the job's log.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


class SigningFailed(Exception):
    """The file could not be signed (not a PDF pyHanko can update…)."""


class KeyUnusable(SigningFailed):
    """The signer's key file is there but does not open (wrong passphrase, damaged)."""


@dataclass(frozen=True)
class Appearance:
    """A visible signature: its box on the last page, and the lines above the signing time."""

    box: tuple
    heading: str  # "Ký bởi" (a person) or "Đóng dấu số" (an agency)


@dataclass(frozen=True)
class Request:
    ref: object  # keys.KeyRef
    field: str  # the signature field's name (made unique in the file)
    reason: str
    location: str = ""
    appearance: Appearance | None = None


class LocalSigner:
    """Signs with the PKCS#12 files of SIGNING_KEY_DIR (webapp/signing/keys.py)."""

    def sign(self, pdf, request):
        try:
            signer = signers.SimpleSigner.load_pkcs12(str(key_file(request.ref)), passphrase=passphrase())
        except (OSError, ValueError) as problem:
            raise KeyUnusable(f"the key of {request.ref.kind} {request.ref.name} does not open") from problem
        if signer is None:
            raise KeyUnusable(f"the key of {request.ref.kind} {request.ref.name} does not open")
        return sign_with(signer, pdf, request)


def sign_with(signer, pdf, request):
    """`pdf` with one more signature by `signer` (a pyHanko Signer), as an incremental update: the
    signatures it already carries stay valid."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        field_name = _free_field_name(writer, request.field)
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=request.reason,
            location=request.location or None,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        options = {}
        if request.appearance is not None:
            options["new_field_spec"] = fields.SigFieldSpec(field_name, on_page=-1, box=request.appearance.box)
            options["stamp_style"] = _stamp_style(request.appearance, signer.signing_cert)
        out = outside_running_loop(signers.PdfSigner(meta, signer=signer, **options).sign_pdf, writer)
    except SigningFailed:
        raise
    except Exception as problem:  # pyHanko raises many kinds for a PDF it cannot update
        raise SigningFailed(f"pyHanko could not sign the file: {problem}") from problem
    return out.getvalue()


def signer_from_config():
    backend = current_app.config.get("SIGNING_BACKEND", "local")
    if backend == "local":
        return LocalSigner()
    raise SigningFailed(f"unknown SIGNING_BACKEND {backend!r}")


def signature_count(pdf):
    """How many signatures the PDF already carries (0 for a file pyHanko cannot read)."""
    try:
        return len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    except Exception:  # not a PDF pyHanko can parse: it has no signature we could keep
        return 0


def can_update(pdf):
    """Whether pyHanko can append a signature to the PDF (a damaged file cannot be signed)."""
    try:
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception:  # pyHanko raises many kinds for a file it cannot read
        return False
    return True


def _free_field_name(writer, wanted):
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted}{n}"
    return name


def _stamp_style(appearance, cert):
    """The visible signature's words, from the certificate itself (a production certificate names
    its holder, title and body; the text is Vietnamese, so a font with its letters is embedded)."""
    subject = cert.subject.native
    holder = subject.get("common_name", "")
    lines = [f"{appearance.heading}: {holder}"]
    lines += [v for v in (subject.get("title"), subject.get("organization_name")) if v and v != holder]
    lines.append(f"Thời gian ký: {_local_now()}")
    return TextStampStyle(
        stamp_text="\n".join(line.replace("%", "%%") for line in lines),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(_font_file())), font_size=8),
        border_width=1,
        background=None,
    )


def _local_now():
    """The signing moment as the stamp prints it, Vietnam time (the signature's own time is UTC)."""
    return datetime.datetime.now(SIGNING_ZONE).strftime("%d/%m/%Y %H:%M:%S (GMT+7)")


def _font_file():
    """DejaVu Sans cut to the Latin and Vietnamese letters without hinting, rescaled to 1000 units
    per em, made once beside the keys (the job that signs can write there). pyHanko positions the
    glyphs of a font with another scale (DejaVu has 2048) as if it had 1000, spreading the letters
    apart; and a smaller font is faster to subset and lighter in each stamp."""
    cached = Path(current_app.config["SIGNING_KEY_DIR"]) / "fonts" / "signature-dejavu-vi-1000.ttf"
    if not cached.exists():
        font = TTFont(f"{current_app.config['PDF_FONT_DIR']}/{FONT_FILE}")
        options = subset.Options()
        options.hinting, options.drop_tables = False, [*options.drop_tables, "FFTM"]
        cutter = subset.Subsetter(options)
        cutter.populate(unicodes=STAMP_LETTERS)
        cutter.subset(font)
        scale_upem(font, 1000)
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(temporary))
        os.replace(temporary, cached)
    return cached
