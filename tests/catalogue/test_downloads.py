"""Mức 2: every procedure's blank form downloads as PDF and DOCX, both from the one definition."""

import io

import docx
import pytest
from pypdf import PdfReader

from webapp.catalogue.downloads import form_for
from webapp.db import db
from webapp.models import Procedure

BIRTH = "1.001193"


def birth_form(app):
    with app.app_context(), db.connection_context():
        return form_for(Procedure.get(Procedure.code == BIRTH).rules_on())


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data):
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_pdf_has_the_vietnamese_labels_in_its_text_layer(client, app):
    response = client.get(f"/thu-tuc/{BIRTH}/mau-don.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")
    text = " ".join(pdf_text(response.data).split())
    form = birth_form(app)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert " ".join(form.title("vi").split()).upper() in text.upper()
    for field in form.fields:
        assert " ".join(field.label("vi").split()) in text, field.name


def test_pdf_is_a4_with_embedded_fonts(client):
    reader = PdfReader(io.BytesIO(client.get(f"/thu-tuc/{BIRTH}/mau-don.pdf").data))
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) - 595.28) < 1 and abs(float(page.mediabox.height) - 841.89) < 1
    fonts = page["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
            "/FontDescriptor"
        ]
        assert "/FontFile2" in descriptor.get_object(), f"{font['/BaseFont']} is not embedded"


def test_docx_has_every_label_and_choice(client, app):
    response = client.get(f"/thu-tuc/{BIRTH}/mau-don.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    text = docx_text(response.data)
    for field in birth_form(app).fields:
        assert field.label("vi") in text, field.name
        for choice in field.choices:
            assert choice.label("vi") in text


def test_english_download_uses_english_labels(client, app):
    client.set_cookie("lang", "en")
    text = " ".join(pdf_text(client.get(f"/thu-tuc/{BIRTH}/mau-don.pdf").data).split())
    for field in birth_form(app).fields[:5]:
        assert " ".join(field.label("en").split()) in text


def test_download_is_cached_with_an_etag(client):
    first = client.get(f"/thu-tuc/{BIRTH}/mau-don.pdf")
    again = client.get(f"/thu-tuc/{BIRTH}/mau-don.pdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_every_procedure_has_both_downloads(client, app):
    with app.app_context(), db.connection_context():
        codes = [p.code for p in Procedure.select()]
    for code in codes:
        for fmt in ("pdf", "docx"):
            assert client.get(f"/thu-tuc/{code}/mau-don.{fmt}").status_code == 200, (code, fmt)


@pytest.mark.parametrize("url", ["/thu-tuc/9.999999/mau-don.pdf", f"/thu-tuc/{BIRTH}/mau-don.exe"])
def test_unknown_download_is_404(client, url):
    assert client.get(url).status_code == 404


def test_a_new_name_is_not_served_from_the_form_rendered_before_it_applied(ctx):
    """Between a version's moment and apply_due the Procedure row still has the old name: a form
    rendered then must not be served under the key of the form with the new name."""
    import copy
    import datetime

    from webapp.catalogue.downloads import blank_form
    from webapp.db import write_transaction
    from webapp.models.dossier import utcnow
    from webapp.versions.bundle import bundle_of
    from webapp.versions.publish import apply_due, publish

    procedure = Procedure.get(Procedure.code == BIRTH)
    bundle = copy.deepcopy(bundle_of(procedure, procedure.rules_on()))
    bundle["name"] = "Thủ tục đăng ký khai sinh (tên mới)"
    moment = utcnow() + datetime.timedelta(minutes=5)
    with write_transaction():
        published = publish(bundle, moment)
    early, early_key = blank_form(procedure, published, "pdf", "vi")  # the row still has the old name
    apply_due(procedure, moment + datetime.timedelta(minutes=1))
    renamed = Procedure.get_by_id(procedure.id)
    data, key = blank_form(renamed, published, "pdf", "vi")
    assert key != early_key and f"-r{published.id}-" in key
    assert "(tên mới)" in " ".join(pdf_text(data).split())
    assert "(tên mới)" not in " ".join(pdf_text(early).split())
