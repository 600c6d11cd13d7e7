"""The consents a citizen gave or withdrew for optional data (SMS reminders), for their copy of their data:
those recorded with their dossiers, their phones or their electronic identity, oldest first."""

import functools
import operator

from webapp.models import Consent


def consents_of(dossiers, drafts, moment_text):
    """[{luc, muc_dich, dong_y, phien_ban_thong_bao, kenh, so_dien_thoai, ho_so}] for these dossiers and
    drafts, their phones and citizens; `moment_text` writes a stored moment as the copy writes times."""
    codes = {d.id: d.code for d in dossiers}
    phones = {d.applicant_phone for d in dossiers} | {d.phone for d in drafts if d.phone}
    citizens = {d.citizen_key for d in (*dossiers, *drafts) if d.citizen_key}
    conditions = [Consent.dossier.in_(list(codes))] if codes else []
    conditions += [Consent.phone.in_(sorted(phones))] if phones else []
    conditions += [Consent.citizen_key.in_(sorted(citizens))] if citizens else []
    if not conditions:
        return []
    rows = Consent.select().where(functools.reduce(operator.or_, conditions)).order_by(Consent.at, Consent.id)
    return [_entry(row, codes, moment_text) for row in rows]


def _entry(row, codes, moment_text):
    return {
        "luc": moment_text(row.at),
        "muc_dich": row.purpose,
        "dong_y": row.given,
        "phien_ban_thong_bao": row.text_version,
        "kenh": row.channel,
        "so_dien_thoai": row.phone,
        "ho_so": codes.get(row.dossier_id),
    }
