"""Every filter and global the templates use, registered in one place.

Part of the composition root: it may name helpers of any feature, which is why it lives beside
create_app and not in a shared layer. A template helper is added here, never from a blueprint.
"""

from types import SimpleNamespace

from markupsafe import Markup

from webapp import formatting
from webapp.assets import asset_url, inline_stylesheet, vendor_file
from webapp.backoffice.audit import may_see_audit
from webapp.backoffice.counter import receives_at_counter
from webapp.backoffice.papers import received_documents, step_label
from webapp.backoffice.post import may_record_delivery
from webapp.backoffice.services import QUEUES, header_counts, tabs_for
from webapp.backoffice.supplement import supplement_rounds
from webapp.dossiers import labels
from webapp.dossiers.discretion import dossier_procedure_name
from webapp.dossiers.fees import POINT_LABELS
from webapp.dossiers.files import result_file_of
from webapp.dossiers.receipts import number_text
from webapp.dossiers.timing import PUNCTUALITY, late, punctuality, time_left
from webapp.forms_engine.answers import display_value
from webapp.i18n import current_lang
from webapp.identity.session import header_staff
from webapp.messaging.labels import sms_status
from webapp.models import values
from webapp.phone import display_phone, mask_phone
from webapp.signin.services import header_citizen, offered
from webapp.workflow import machine, processing
from webapp.workflow.result import RETURN_CHANNELS

FILTERS = {
    "vn_date": formatting.vn_date,
    "local_time": formatting.local_time,
    "money": formatting.money,
    "count": formatting.count,
    "percent": formatting.percent,
    "decimal": formatting.decimal,
    "display_phone": display_phone,
    "mask_phone": mask_phone,
    "sms_status": sms_status,
    "time_limit": labels.time_limit_text,
}

GLOBALS = {
    "current_lang": current_lang,
    "asset_url": asset_url,
    # The coded values of a dossier (V.ONLINE, V.POST…), so templates never spell "truc_tuyen".
    "V": SimpleNamespace(**{name: getattr(values, name) for name in dir(values) if name.isupper()}),
    # Words for the codes.
    "ONLINE_CLASS": labels.ONLINE_CLASS,
    "LEGACY_LEVEL": labels.LEGACY_LEVEL,
    "TIER": labels.TIER,
    "CHANNEL": labels.CHANNEL,
    "DOCUMENT_KIND": labels.DOCUMENT_KIND,
    "document_name": labels.document_name,
    "RETURN_CHANNELS": RETURN_CHANNELS,
    "FEE_POINTS": POINT_LABELS,
    "PUNCTUALITY": PUNCTUALITY,
    "STATES": machine.STATES,
    "ACTIONS": machine.BY_NAME,
    "QUEUES": QUEUES,
    # A dossier's facts for display.
    "answer_text": display_value,
    # The procedure as pages open to anyone with the code name it: a sensitive one by its field only.
    "public_procedure": dossier_procedure_name,
    "mask_id": labels.mask_id,
    "punctuality": punctuality,
    "time_left": time_left,
    "late": late,
    "receipt_number": number_text,
    "result_file_of": result_file_of,
    "supplement_rounds": supplement_rounds,
    "received_documents": received_documents,
    "step_label": step_label,
    # What the officer may do on the dossier page.
    "specialists": processing.specialists,
    "transfer_targets": processing.transfer_targets,
    "handling_unit_name": processing.handling_unit_name,
    "may_see_audit": may_see_audit,
    "may_record_delivery": may_record_delivery,
    "receives_at_counter": receives_at_counter,
    # The staff shell: who is signed in, and the queues their header offers.
    "signed_in_staff": header_staff,
    "queue_tabs": tabs_for,
    "queue_counts_for": header_counts,
    # The citizen's shell: signed in with the electronic identity, or whether they may.
    "signed_in_citizen": header_citizen,
    "signin_offered": offered,
}


def init_app(app):
    env = app.jinja_env
    env.add_extension("jinja2.ext.do")
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.globals["inline_css"] = lambda: Markup(inline_stylesheet(app.static_folder)[0])
    env.globals["htmx_js"] = lambda: vendor_file(app.static_folder, "htmx")
