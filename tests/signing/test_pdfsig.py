"""A result the workflow signed, checked by another validator than ours: poppler's pdfsig, trusting the
demo root through an NSS database, as a PDF reader would once the root is imported. And the command
that makes the demo PKI and says where that root is."""

import shutil
import subprocess

from tests.apps import require
from tests.walks import signed
from webapp.db import db
from webapp.dossiers.files import read_attachment
from webapp.models import Staff
from webapp.signing.keys import ensure_demo_root


def nss_database(directory, root):
    """An NSS database at `directory` trusting `root` (a PEM file) for signing, like a reader's store."""
    directory.mkdir()
    certutil = shutil.which("certutil")
    subprocess.run([certutil, "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    subprocess.run(
        [certutil, "-A", "-d", f"sql:{directory}", "-n", "root", "-t", "CT,C,C", "-i", str(root)], check=True
    )
    return f"sql:{directory}"


def test_pdfsig_finds_both_signatures_valid_and_trusted(filing_app, tmp_path):
    require("pdfsig", shutil.which("pdfsig"))
    require("certutil", shutil.which("certutil"))
    dossier, attachment = signed(filing_app)
    with filing_app.app_context(), db.connection_context():
        data = read_attachment(attachment)
        root = ensure_demo_root()[0]
        leader = Staff.get(Staff.username == "ld.ketqua").full_name
    (tmp_path / "ket-qua.pdf").write_bytes(data)

    nss = nss_database(tmp_path / "nss", root)
    run = subprocess.run(
        [shutil.which("pdfsig"), "-nssdir", nss, str(tmp_path / "ket-qua.pdf")], capture_output=True, text=True
    )
    report = run.stdout
    assert run.returncode == 0, run.stderr
    assert report.count("Signature #") == 2, report
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert report.count("Certificate Validation: Certificate is Trusted.") == 2, report
    assert leader in report, report
    assert "Ủy ban nhân dân phường Thành Sen" in report, report  # the stamp of the unit that issues it


def test_demo_pki_makes_every_key_and_names_the_root(filing_app):
    result = filing_app.test_cli_runner().invoke(args=["signing", "demo-pki"])
    with filing_app.app_context():
        root = ensure_demo_root()[0]
    assert f"demo root certificate (import it into your PDF reader to trust it): {root}" in result.output
    assert root.exists()
    assert result.exit_code == 0, result.output


def test_demo_pki_refuses_without_the_demo(filing_app):
    filing_app.config["SIGNING_DEMO_PKI"] = False
    try:
        result = filing_app.test_cli_runner().invoke(args=["signing", "demo-pki"])
    finally:
        filing_app.config["SIGNING_DEMO_PKI"] = True
    assert result.exit_code != 0 and "SIGNING_DEMO_PKI" in result.output
