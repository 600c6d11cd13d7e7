"""What an action writes beyond its move: one small function per action (the table is in
webapp/workflow/actions.py) reads the action's inputs and returns a Step (dossier columns to set,
details kept on the audit row, extra SMS words, files to attach after the move), or raises BadInput
naming the input, so the page is shown again with the officer's answers and the message next to it.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from webapp.dossiers.files import NOT_A_PAPER, UploadError, checked_content, keep_bytes
from webapp.signing import validation
from webapp.signing.signer import can_update, signature_count


@dataclass
class Step:
    changes: dict = field(default_factory=dict)  # dossier columns set in the same update as the move
    details: dict = field(default_factory=dict)  # kept on the Transition (form 02 items, new date…)
    sms: dict = field(default_factory=dict)  # extra values for the action's SMS template
    # callables(dossier) run inside the move's transaction (a stored file's row): if one fails, nothing moved
    within: list = field(default_factory=list)


class BadInput(Exception):
    """An input of the action's form is wrong; `field` is its name, `message` the Vietnamese sentence."""

    def __init__(self, field_name, message):
        super().__init__(str(message))
        self.field, self.message = field_name, message


def kept_pdf(inputs, input_name, kind, to_sign=False):
    """The PDF chosen in `input_name`, checked by content, as a callable storing it on the dossier
    inside the move's transaction (for Step.within); None if nothing was chosen; else BadInput.
    `to_sign`: the file will be signed digitally, so it must be one pyHanko can update, and the
    signatures it already carries must hold."""
    upload = inputs.get(input_name)
    if upload is None or not upload.filename:
        return None
    try:
        data, content_type = checked_content(upload)
    except UploadError as problem:
        raise BadInput(input_name, problem.message) from problem
    if content_type != "application/pdf":
        raise BadInput(input_name, _l("Chỉ nhận tệp PDF."))
    if to_sign:
        _must_be_signable(input_name, data)
    name = upload.filename
    return lambda dossier: keep_bytes(
        data, "application/pdf", name, dossier=dossier.id, kind=kind, document_index=NOT_A_PAPER
    )


def _must_be_signable(input_name, data):
    if not can_update(data):
        raise BadInput(
            input_name,
            _l("Không đọc được tệp PDF này nên không thể ký số. Vui lòng xuất lại tệp PDF từ phần mềm soạn thảo."),
        )
    if signature_count(data) and not (report := validation.check(data)).valid:
        raise BadInput(input_name, validation.SUMMARIES[report.verdict])
