"""One definition, three faces: the online form, the blank PDF and the blank DOCX of a tờ khai."""

from webapp.forms_engine.definition import DefinitionError, FormDefinition
from webapp.forms_engine.docx import render_docx
from webapp.forms_engine.pdf import render_pdf

__all__ = ["DefinitionError", "FormDefinition", "render_docx", "render_pdf"]
