"""The data subject's copy (Law 91/2025/QH15, the right of access and copy): everything MotCua holds about
a citizen's dossiers and open drafts, as a ZIP of `du-lieu.json`, the files they and the administration
stored, and a README in Vietnamese.

What the officers did is told by step, unit and role: never an officer's name, account or address, which
are the officers' personal data, not the applicant's. The workflow's words (states, steps, who takes a
step) come in a `Words` from the caller: the workflow imports this layer, so this layer cannot import it.
"""

import datetime
import functools
import json
import operator
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from peewee import JOIN

from webapp.calendar.working_time import LOCAL_ZONE, to_local
from webapp.dossiers import labels
from webapp.dossiers.files import stored_name_of, uploads
from webapp.dossiers.openings import openings_of
from webapp.dossiers.receipts import number_text
from webapp.dossiers.subject_consents import consents_of
from webapp.dossiers.subject_readme import readme
from webapp.forms_engine.answers import display_value
from webapp.forms_engine.stored import form_for
from webapp.identity.services import ROLE_LABELS
from webapp.models import Attachment, Rating, Receipt, SmsInbound, SmsMessage, Transition, Unit
from webapp.models.signing import SIGNED, Signing
from webapp.models.values import DRAFT_RESULT
from webapp.storage import StoredFileMissing

DATA_NAME = "du-lieu.json"
README_NAME = "README.txt"
FILES_FOLDER = "tep"
SPOOL_BYTES = 8 * 1024 * 1024  # the archive stays in memory up to this, then goes to a temporary file
COPY_CHUNK = 256 * 1024
CITIZEN, SYSTEM, OFFICER = "cong_dan", "he_thong", "can_bo"
SIDES = {CITIZEN: _l("Công dân"), **ROLE_LABELS, SYSTEM: _l("Hệ thống"), OFFICER: _l("Cán bộ")}
UNSAFE_IN_NAME = str.maketrans(dict.fromkeys('\\/:*?"<>|', "_"))


def _role_kept(step, dossier):
    """The role the step's audit row kept (workflow.services.ROLE_KEY), or an officer's."""
    return (step.details or {}).get("role") or OFFICER


@dataclass(frozen=True)
class Words:
    """The workflow's words, given by the caller: a state's name, a step's name, the role key of whoever
    took a step (SIDES' keys), a return channel's name."""

    state: object = str
    step: object = str
    step_role: object = _role_kept
    way: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StoredFile:
    """One attachment going into the archive, and its path there."""

    attachment: Attachment
    path: str
    owner: tuple  # ("dossier", id) or ("draft", id)


def iso(moment):
    """A stored (naive UTC) moment as ISO 8601 local time with its offset (+07:00); None stays None."""
    if moment is None:
        return None
    aware = moment.replace(tzinfo=datetime.UTC).astimezone(LOCAL_ZONE)
    return aware.isoformat(timespec="seconds")


def coded(code, words):
    """A coded column as {"ma": code, "ten": its words}; None when not set."""
    if not code:
        return None
    return {"ma": code, "ten": str(words.get(code, code)) if isinstance(words, dict) else str(words(code))}


def safe_name(name):
    """A file name that no unzip tool reads as a folder or a device: no separators, no control characters."""
    name = "".join(ch for ch in (name or "") if ch.isprintable()).translate(UNSAFE_IN_NAME).strip(" .")
    return name[:120] or "tep"


def archive(dossiers, drafts, words, now, phone=None):
    """The ZIP as an open file at its start, and its size in bytes. `dossiers` come with their procedure
    and agency joined (webapp/filing/mine.everything_of); `phone`, proven by its owner, adds the SMS it
    sent us (a phone merely typed into a dossier may be someone else's)."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the response sends and closes it)
    files = files_in_archive(dossiers, drafts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        missing = {stored.attachment.id for stored in files if not copy_file(zipped, stored)}
        data = document(dossiers, drafts, words, files, missing, now) | texts_from(phone)
        zipped.writestr(DATA_NAME, json.dumps(data, ensure_ascii=False, indent=2))
        zipped.writestr(README_NAME, readme(len(dossiers), len(drafts), now))
    size = out.tell()
    out.seek(0)
    return out, size


def files_in_archive(dossiers, drafts):
    """The files stored on `dossiers` and `drafts` that are the applicant's to have, each with its path in
    the archive: tep/<dossier code>/ or tep/dang-soan-<n>/ (the n-th draft of the list), numbered in order.

    Left out: a specialist's draft result (a working paper until the leader signs) and a result whose
    signing has not finished (not yet a result)."""
    folders = {("dossier", d.id): d.code for d in dossiers}
    folders |= {("draft", d.id): f"dang-soan-{n}" for n, d in enumerate(drafts, 1)}
    numbered, files = {}, []
    for attachment in stored_on(dossiers, drafts):
        owner = ("dossier", attachment.dossier_id) if attachment.dossier_id else ("draft", attachment.draft_id)
        number = numbered[owner] = numbered.get(owner, 0) + 1
        path = f"{FILES_FOLDER}/{folders[owner]}/{number}-{safe_name(attachment.original_name)}"
        files.append(StoredFile(attachment, path, owner))
    return files


def stored_on(dossiers, drafts):
    """The Attachment rows of the dossiers, and of the drafts not yet filed, oldest first."""
    owned = []
    if dossiers:
        owned.append(Attachment.dossier.in_([d.id for d in dossiers]))
    if drafts:
        owned.append(Attachment.draft.in_([d.id for d in drafts]) & Attachment.dossier.is_null())
    if not owned:
        return []
    being_signed = Signing.select(Signing.attachment).where(Signing.attachment.is_null(False), Signing.state != SIGNED)
    return (
        Attachment.select()
        .where(
            functools.reduce(operator.or_, owned), Attachment.kind != DRAFT_RESULT, Attachment.id.not_in(being_signed)
        )
        .order_by(Attachment.id)
    )


def copy_file(zipped, stored):
    """Stream one stored file into the archive, chunk by chunk; False when the store no longer has it."""
    attachment = stored.attachment
    info = zipfile.ZipInfo(stored.path, date_time=to_local(attachment.created_at).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED  # PDF and JPEG are compressed already
    info.external_attr = 0o644 << 16
    try:
        with uploads().open(stored_name_of(attachment)) as source, zipped.open(info, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, COPY_CHUNK)
    except StoredFileMissing:
        return False
    return True


def document(dossiers, drafts, words, files, missing, now):
    """What du-lieu.json holds."""
    ids = [d.id for d in dossiers]
    parts = Parts(
        steps=grouped(steps_of(ids)),
        files=grouped_files(files),
        receipts=grouped(Receipt.select().where(Receipt.dossier.in_(ids)) if ids else []),
        ratings=grouped(Rating.select().where(Rating.dossier.in_(ids)) if ids else []),
        sms=grouped(sms_of(ids)),
        openings=openings_of(dossiers),
        missing=missing,
    )
    return {
        "tao_luc": iso(now),
        "nguon": "MotCua",
        "ho_so": [dossier_record(d, parts, words) for d in dossiers],
        "ho_so_dang_soan": [draft_record(d, parts) for d in drafts],
        **consents_part(dossiers, drafts),
    }


@dataclass(frozen=True)
class Parts:
    """What was read for all the dossiers at once, by dossier id."""

    steps: dict
    files: dict
    receipts: dict
    ratings: dict
    sms: dict
    openings: dict
    missing: set


def grouped(rows):
    found = {}
    for row in rows:
        found.setdefault(row.dossier_id, []).append(row)
    return found


def grouped_files(files):
    found = {}
    for stored in files:
        found.setdefault(stored.owner, []).append(stored)
    return found


def steps_of(ids):
    if not ids:
        return []
    return (
        Transition.select(Transition, Unit)
        .join(Unit, JOIN.LEFT_OUTER)
        .where(Transition.dossier.in_(ids))
        .order_by(Transition.at, Transition.id)
    )


def sms_of(ids):
    if not ids:
        return []
    return SmsMessage.select().where(SmsMessage.dossier.in_(ids)).order_by(SmsMessage.created_at, SmsMessage.id)


def dossier_record(dossier, parts, words):
    """One dossier as du-lieu.json tells it."""
    return {
        "ma_ho_so": dossier.code,
        "thu_tuc": {"ma": dossier.procedure.code, "ten": dossier.procedure.name},
        "co_quan_tiep_nhan": dossier.agency.name,
        "kenh_nop": coded(dossier.channel, labels.CHANNEL),
        "trang_thai": coded(dossier.status, words.state),
        "thoi_gian": {
            "nop": iso(dossier.submitted_at),
            "tiep_nhan": iso(dossier.received_at),
            "hen_tra": iso(dossier.due_at or dossier.expected_due_at),
            "hen_tra_moi": iso(dossier.new_due_at),
            "hoan_thanh": iso(dossier.finished_at),
            "tra_ket_qua": iso(dossier.returned_at),
        },
        "nguoi_nop": {
            "ho_ten": dossier.applicant_name,
            "so_dinh_danh": dossier.applicant_id_number,
            "dien_thoai": dossier.applicant_phone,
        },
        "tra_loi": answers_record(dossier.answers, dossier.rule_set),
        "dinh_danh_dien_tu": dossier.identity or None,
        "nhan_ket_qua": delivery_record(dossier, words),
        "phi_le_phi": fee_record(dossier, parts.receipts.get(dossier.id, [])),
        "cac_buoc": [step_record(step, dossier, words) for step in parts.steps.get(dossier.id, [])],
        "tep": [file_record(stored, parts.missing) for stored in parts.files.get(("dossier", dossier.id), [])],
        "danh_gia": [rating_record(r) for r in parts.ratings.get(dossier.id, [])],
        "tin_nhan": [sms_record(m) for m in parts.sms.get(dossier.id, [])],
        "truy_cap": [opening_record(o) for o in parts.openings.get(dossier.id, [])],
    }


def answers_record(answers, rule_set):
    """The form's answers in the form's order, each with its label and the part of the form it is in
    (two parts may ask the same "Họ, chữ đệm, tên"), where the form definition has them."""
    answers = answers or {}
    spec = form_for(rule_set)
    known = {f.name: (f, step.title) for step in spec.steps for f in step.fields} if spec else {}
    ordered = [name for name in known if name in answers] + [name for name in answers if name not in known]
    return [answer_record(name, answers[name], *known.get(name, (None, None))) for name in ordered]


def answer_record(name, value, form_field, part):
    if form_field is None:
        return {"truong": name, "nhan": None, "gia_tri": value}
    shown = display_value(form_field, value)
    return {"truong": name, "phan": str(part), "nhan": str(form_field.label), "gia_tri": value, "hien_thi": shown}


def delivery_record(dossier, words):
    return {
        "hinh_thuc": coded(dossier.delivery_channel, words.way),
        "dia_chi": dossier.delivery_address,
        "nguoi_nhan": dossier.delivery_recipient,
        "dien_thoai": dossier.delivery_phone,
        "cuoc_buu_chinh": dossier.postage,
        "da_giao_luc": iso(dossier.delivered_at),
        "tra_qua": coded(dossier.return_channel, words.way),
    }


def fee_record(dossier, receipts):
    return {
        "so_tien": dossier.fee_amount,
        "mien_giam": dossier.fee_exemption,
        "da_nop_luc": iso(dossier.paid_at),
        "hinh_thuc_nop": coded(dossier.payment_channel, labels.CHANNEL),
        "bien_lai": [
            {"ky_hieu": r.series, "so": number_text(r), "so_tien": r.amount, "lap_luc": iso(r.issued_at)}
            for r in receipts
        ],
    }


def step_record(step, dossier, words):
    """A step by its name, time, unit and role: whose hand it was is the officers' data, not shown."""
    role = words.step_role(step, dossier)
    return {
        "buoc": str(words.step(step.action)),
        "luc": iso(step.at),
        "don_vi": step.unit.full_name if step.unit_id else None,
        "vai_tro": str(SIDES.get(role, SIDES[OFFICER])),
        "trang_thai_truoc": coded(step.from_status, words.state),
        "trang_thai_sau": coded(step.to_status, words.state),
        "ghi_chu": step.note,
    }


def file_record(stored, missing):
    attachment = stored.attachment
    gone = attachment.id in missing
    return {
        "ten": attachment.original_name,
        "loai": str(labels.file_kind(attachment)),
        "kich_thuoc": attachment.size,
        "sha256": attachment.sha256,
        "luc": iso(attachment.created_at),
        "tep_trong_zip": None if gone else stored.path,
        **({"ghi_chu": _("Tệp không còn trong kho lưu trữ.")} if gone else {}),
    }


def rating_record(rating):
    return {
        "muc": rating.overall,
        "tra_loi": rating.answers,
        "y_kien": rating.comment,
        "kenh": rating.channel,
        "luc": iso(rating.created_at),
    }


def sms_record(message):
    return {
        "luc": iso(message.sent_at or message.created_at),
        "mau": message.template,
        "noi_dung": message.body,
        "so_dien_thoai": message.phone,
    }


def opening_record(opening):
    return {"luc": iso(opening.at), "don_vi": opening.unit, "vai_tro": opening.role, "noi_dung": opening.what}


def draft_record(draft, parts):
    return {
        "thu_tuc": {"ma": draft.procedure.code, "ten": draft.procedure.name},
        "tra_loi": answers_record(draft.answers, draft.rule_set),
        "dien_thoai": draft.phone,
        "dinh_danh_dien_tu": draft.identity or None,
        "nhan_ket_qua": draft.delivery or None,
        "tao_luc": iso(draft.created_at),
        "cap_nhat_luc": iso(draft.updated_at),
        "het_han_luc": iso(draft.expires_at),
        "tep": [file_record(stored, parts.missing) for stored in parts.files.get(("draft", draft.id), [])],
    }


def texts_from(phone):
    """{"tin_nhan_den": the SMS `phone` sent us, oldest first} ({} without a phone)."""
    if not phone:
        return {}
    received = SmsInbound.select().where(SmsInbound.phone == phone).order_by(SmsInbound.received_at, SmsInbound.id)
    return {"tin_nhan_den": [{"luc": iso(m.received_at), "noi_dung": m.body, "lenh": m.command} for m in received]}


def consents_part(dossiers, drafts):
    """Consents given or withdrawn for optional data (webapp/dossiers/subject_consents)."""
    return {"dong_y": consents_of(dossiers, drafts, iso)}
