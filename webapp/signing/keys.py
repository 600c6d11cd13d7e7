"""Where signing keys and trust roots come from, and the demo PKI made at first start.

Layout of SIGNING_KEY_DIR (production puts the unit's real files there; the demo writes its own):
  units/<agency code>.p12   the agency's organisation certificate and key (its "con dấu số")
  staff/<username>.p12      a leader's personal certificate and key
  ca/root.pem               the demo root (production lists its roots in SIGNING_TRUST_ROOTS)
All PKCS#12 files are opened with SIGNING_KEY_PASSPHRASE.
"""

import datetime
import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from flask import current_app

ROOT_NAME = "MotCua Demo Root CA"
DEMO_YEARS = 5


class MissingKey(Exception):
    """No key file for this signer, and no demo PKI to make one."""


@dataclass(frozen=True)
class KeyRef:
    """Whose key signs: an agency's organisation key (kind "unit") or a leader's (kind "staff")."""

    kind: str  # unit | staff
    name: str  # the agency's code or the leader's username
    # What a demo certificate says about its holder (production certificates say it themselves).
    holder: str = ""
    title: str = ""
    organisation: str = ""


def key_dir():
    return Path(current_app.config["SIGNING_KEY_DIR"])


def passphrase():
    """The files' passphrase as bytes, or None for files kept without one."""
    return current_app.config["SIGNING_KEY_PASSPHRASE"].encode() or None


def key_file(ref):
    """The PKCS#12 file of `ref`, made by the demo PKI if it is on and the file is missing."""
    path = key_dir() / ("units" if ref.kind == "unit" else "staff") / f"{_safe(ref.name)}.p12"
    if not path.exists():
        if not current_app.config.get("SIGNING_DEMO_PKI"):
            raise MissingKey(f"no signing key at {path}")
        ensure_demo_root()  # before the lock, which it takes itself
        with _locked():
            if not path.exists():
                _write_demo_key(path, ref)
    return path


def trust_root_files():
    """The PEM files of the trust roots: SIGNING_TRUST_ROOTS, or the demo root (made if missing)."""
    configured = current_app.config.get("SIGNING_TRUST_ROOTS") or ()
    if configured:
        return [Path(p) for p in configured]
    if not current_app.config.get("SIGNING_DEMO_PKI"):
        return []
    return [ensure_demo_root()[0]]


def trust_roots():
    """The trust roots as cryptography certificates."""
    roots = []
    for path in trust_root_files():
        roots.extend(x509.load_pem_x509_certificates(path.read_bytes()))
    return roots


def ensure_demo_root():
    """(root.pem path, root-key.pem path) of the demo CA, made once (under a lock: several
    processes may start together)."""
    ca = key_dir() / "ca"
    cert_path, key_path = ca / "root.pem", ca / "root-key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    with _locked():
        if not (cert_path.exists() and key_path.exists()):
            ca.mkdir(parents=True, exist_ok=True)
            key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "MotCua (demo)"),
                    x509.NameAttribute(NameOID.COMMON_NAME, ROOT_NAME),
                ]
            )
            now = _now()
            cert = (
                _builder(name, name, key.public_key(), now - datetime.timedelta(days=1), now + _years(10))
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(_key_usage(ca=True), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256())
            )
            _write_private(key_path, key.private_bytes(*_PEM_PKCS8, serialization.NoEncryption()))
            _write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def issue_certificate(subject, *, not_before=None, not_after=None, root=None):
    """(key, certificate) for `subject` (an x509.Name) issued by the demo root, or by `root`
    ((cert, key)): the demo PKI's and the tests' one way to make a signer's certificate."""
    if root is None:
        cert_path, key_path = ensure_demo_root()
        root = (
            x509.load_pem_x509_certificate(cert_path.read_bytes()),
            serialization.load_pem_private_key(key_path.read_bytes(), None),
        )
    root_cert, root_key = root
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    cert = (
        _builder(
            subject,
            root_cert.subject,
            key.public_key(),
            not_before or now - datetime.timedelta(days=1),
            not_after or now + _years(DEMO_YEARS),
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    return key, cert, root_cert


def p12_bytes(key, cert, chain, friendly_name, password):
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode(),
        key,
        cert,
        chain,
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption(),
    )


def subject_of(ref):
    """The demo certificate's subject: the person (with title and body) or the body itself."""
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if ref.organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, _bounded(ref.organisation)))
    if ref.title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, _bounded(ref.title)))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, _bounded(ref.holder or ref.name)))
    return x509.Name(attributes)


def _bounded(text, limit=64):
    """`text` cut to the 64 UTF-8 bytes X.509 allows a name (Vietnamese letters take two or three)."""
    return text.encode()[:limit].decode(errors="ignore").strip()


def _write_demo_key(path, ref):
    key, cert, root = issue_certificate(subject_of(ref))
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_private(path, p12_bytes(key, cert, [root], ref.holder or ref.name, passphrase()))


@contextmanager
def _locked():
    directory = key_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_private(path, data):
    temporary = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def _write_atomic(path, data):
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _safe(name):
    """A file name from an agency code or a username: letters, digits, dot, dash, underscore."""
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in name)


def _builder(subject, issuer, public_key, not_before, not_after):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )


def _key_usage(ca):
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _now():
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _years(n):
    return datetime.timedelta(days=365 * n)


_PEM_PKCS8 = (serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8)
