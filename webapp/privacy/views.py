"""/quyen-rieng-tu: the privacy notice, linked from the footer and from every filing step."""

from flask import current_app, render_template

from webapp.dossiers import consent
from webapp.privacy import bp, services


@bp.get("/quyen-rieng-tu")
def notice():
    config = current_app.config
    return render_template(
        "privacy/notice.html",
        version=consent.NOTICE_VERSION,
        controller=config["PRIVACY_CONTROLLER"],
        contact={
            "email": config["PRIVACY_CONTACT_EMAIL"],
            "phone": config["PRIVACY_CONTACT_PHONE"],
            "address": config["PRIVACY_CONTACT_ADDRESS"],
        },
        laws=services.legal_bases(),
        purposes=services.PURPOSES,
        retention=services.retention_rows(),
        reminders_label=consent.REMINDERS_LABEL,
        reminders_purpose=consent.REMINDERS_PURPOSE,
    )
