"""PDFs signed in the ways the verification has to tell apart, for any test (within an app context
whose SIGNING_KEY_DIR holds the demo PKI: tests/apps.py shares one).

- demo_signed_pdf: signed with a fresh certificate of the demo root (valid, but MotCua never issued it)
- foreign_signed_pdf: signed under a root nobody configured (untrusted)
- expired_signed_pdf: signed by a demo-root certificate that expired before the signing time
- revoked_signed_pdf: signed by a demo-root certificate, with a CRL file that revokes it
- flipped_in_signed_range: one byte changed inside what a signature covers (modified)
- changed_after_signing: a later revision that changes a page (modified)
- without_its_certificates: a signature whose CMS lost the signer's certificate (damaged)
"""

import datetime
import io

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tests.factories import PDF
from webapp.signing.keys import ensure_demo_root, issue_certificate
from webapp.signing.signer import Request, sign_with

OUTSIDER = "Nguyễn Văn Ngoài"
CRL_URL = "http://crl.motcua.invalid/root.crl"


def person(name=OUTSIDER, title="Chuyên viên", organisation="Công ty Ngoài Hệ Thống"):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.TITLE, title),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )


def demo_root():
    """(certificate, key) of the demo root, as cryptography objects."""
    cert_path, key_path = ensure_demo_root()
    return (
        x509.load_pem_x509_certificate(cert_path.read_bytes()),
        serialization.load_pem_private_key(key_path.read_bytes(), None),
    )


def foreign_root(name="Foreign Test Root CA"):
    """(certificate, key) of a root CA that no configuration trusts."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def signed_by(key, cert, chain=(), pdf=PDF, field="Ky"):
    """`pdf` signed (invisibly) with the cryptography key and certificate given."""
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in chain]),
    )
    return sign_with(signer, pdf, Request(ref=None, field=field, reason="Thử nghiệm"))


def demo_signed_pdf(pdf=PDF, name=OUTSIDER):
    """Validly signed under the demo root, by a certificate MotCua's workflow never used."""
    key, cert, root = issue_certificate(person(name))
    return signed_by(key, cert, [root], pdf)


def foreign_signed_pdf(pdf=PDF, name=OUTSIDER):
    """Signed by a certificate of a root outside the trust roots."""
    key, cert, root = issue_certificate(person(name), root=foreign_root())
    return signed_by(key, cert, [root], pdf)


def expired_signed_pdf(pdf=PDF, name=OUTSIDER):
    """Signed now by a demo-root certificate whose validity ended yesterday."""
    now = datetime.datetime.now(datetime.UTC)
    key, cert, root = issue_certificate(
        person(name),
        not_before=now - datetime.timedelta(days=400),
        not_after=now - datetime.timedelta(days=1),
    )
    return signed_by(key, cert, [root], pdf)


def revoked_signed_pdf(crl_path, pdf=PDF, name=OUTSIDER):
    """Signed by a demo-root certificate (one naming a CRL address, so validators look for one) that
    the CRL written to `crl_path` revokes; list crl_path in SIGNING_CRL_FILES to have it checked."""
    root_cert, root_key = demo_root()
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(person(name))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()), critical=False)
        .add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]
            ),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    write_crl(crl_path, root_cert, root_key, revoked=[cert.serial_number], revoked_at=now - datetime.timedelta(days=2))
    return signed_by(key, cert, [root_cert], pdf)


def write_crl(path, root_cert, root_key, revoked=(), revoked_at=None):
    """A CRL of `root_cert` listing the serial numbers `revoked`, as PEM at `path`."""
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root_cert.subject)
        .last_update(now - datetime.timedelta(days=1))
        .next_update(now + datetime.timedelta(days=30))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()), critical=False)
    )
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(revoked_at or now - datetime.timedelta(days=1))
            .build()
        )
    path.write_bytes(builder.sign(root_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    return path


def flipped_in_signed_range(pdf):
    """`pdf` with one byte changed inside what its first signature covers: a letter of the
    producer's name in the document information (the file still reads, its digest no longer holds)."""
    signature = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[0]
    covered_end = signature.byte_range[1]
    at = pdf.index(b"/Producer (") + len(b"/Producer (")
    assert at < covered_end, "the producer is not inside the signed range"
    data = bytearray(pdf)
    data[at] = ord("X") if data[at] != ord("X") else ord("Y")
    return bytes(data)


def changed_after_signing(pdf):
    """`pdf` with an incremental update that changes the first page's size: a new revision no
    signature covers, of a kind a signature does not allow."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/MediaBox"] = generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 300, 300)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def without_its_certificates(pdf):
    """`pdf` whose last signature no longer carries the signer's certificate (its CMS rewritten in
    the same room): a damaged signature from which nothing about a signer can be read."""
    signature = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[-1]
    start, end = signature.byte_range[1] + 1, signature.byte_range[2] - 1  # inside the <…> of /Contents
    info = cms.ContentInfo.load(bytes.fromhex(pdf[start:end].decode()), strict=False)
    info["content"]["certificates"] = None
    contents = info.dump(force=True).hex().encode()
    return pdf[:start] + contents + b"0" * (end - start - len(contents)) + pdf[end:]


def _asn1_cert(cert):
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
