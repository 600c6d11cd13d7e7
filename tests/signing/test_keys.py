"""The demo PKI: a root, an agency's and a leader's keys made once, reused after; none without it."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from flask import Flask

from webapp.signing.keys import KeyRef, MissingKey, ensure_demo_root, key_file, trust_root_files

PASSPHRASE = "motcua-test-keys"
AGENCY = KeyRef("unit", "H42.18073", holder="UBND xã Thạch Hà", organisation="UBND xã Thạch Hà")
LEADER = KeyRef("staff", "ld.ketqua", holder="Lê Văn Lãnh", title="Chủ tịch", organisation="UBND xã Thạch Hà")


def context(tmp_path, demo=True):
    app = Flask(__name__)
    app.config.update(SIGNING_KEY_DIR=str(tmp_path / "pki"), SIGNING_DEMO_PKI=demo, SIGNING_KEY_PASSPHRASE=PASSPHRASE)
    return app.app_context()


def opened(path):
    key, cert, chain = pkcs12.load_key_and_certificates(path.read_bytes(), PASSPHRASE.encode())
    return key, cert, chain


def test_the_demo_pki_makes_a_root_and_each_key_once(tmp_path):
    with context(tmp_path):
        root_path, root_key_path = ensure_demo_root()
        agency, leader = key_file(AGENCY), key_file(LEADER)
        first = {p: p.read_bytes() for p in (root_path, root_key_path, agency, leader)}
        assert agency.parent.name == "units" and leader.parent.name == "staff"
        assert (ensure_demo_root(), key_file(AGENCY), key_file(LEADER)) == ((root_path, root_key_path), agency, leader)
        assert {p: p.read_bytes() for p in first} == first  # the second call reused every file
        assert trust_root_files() == [root_path]
    assert oct(root_key_path.stat().st_mode & 0o777) == "0o600" and oct(leader.stat().st_mode & 0o777) == "0o600"


def test_a_demo_certificate_names_its_holder_and_leads_to_the_root(tmp_path):
    with context(tmp_path):
        root = x509.load_pem_x509_certificate(ensure_demo_root()[0].read_bytes())
        _key, cert, chain = opened(key_file(LEADER))
    names = {a.oid: a.value for a in cert.subject}
    assert names[x509.NameOID.COMMON_NAME] == "Lê Văn Lãnh" and names[x509.NameOID.TITLE] == "Chủ tịch"
    assert names[x509.NameOID.ORGANIZATION_NAME] == "UBND xã Thạch Hà"
    assert cert.issuer == root.subject and chain == [root]
    cert.verify_directly_issued_by(root)


def test_without_the_demo_pki_a_missing_key_is_refused(tmp_path):
    with context(tmp_path, demo=False):
        with pytest.raises(MissingKey):
            key_file(LEADER)
        assert trust_root_files() == []
    assert not (tmp_path / "pki" / "staff").exists()


def test_a_key_the_demo_made_is_used_even_with_the_demo_off(tmp_path):
    with context(tmp_path):
        made = key_file(AGENCY)
    with context(tmp_path, demo=False):
        assert key_file(AGENCY) == made
