"""Records at chosen moments, for the retention tests (a fixed clock: NOW)."""

import datetime

from tests.factories import PDF, make_draft
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.files import keep_bytes
from webapp.models import Dossier, Transition
from webapp.models.values import FILED, RESULT
from webapp.workflow.intake import submit
from webapp.workflow.machine import DA_TRA_KET_QUA

NOW = datetime.datetime(2040, 6, 15, 3, 0)
CERTIFIED_COPY = "2.000815"  # chứng thực: the general period (10 years)
BIRTH = "1.001193"  # hộ tịch: kept permanently
MINUTE = datetime.timedelta(minutes=1)


def days_ago(days, plus=datetime.timedelta(0)):
    return NOW - datetime.timedelta(days=days) + plus


def closed_dossier(ended_at, code=CERTIFIED_COPY, status=DA_TRA_KET_QUA, result=True):
    """A dossier filed online with one paper (and a result file), closed at `ended_at`."""
    draft = make_draft(code=code)
    dossier = submit(draft, spec_of(draft), now=ended_at - datetime.timedelta(days=20))[0]
    keep_bytes(PDF, "application/pdf", "CCCD Nguyen Van A.pdf", dossier=dossier.id, document_index=0, kind=FILED)
    if result:
        keep_bytes(PDF, "application/pdf", "ket-qua.pdf", dossier=dossier.id, document_index=-1, kind=RESULT)
    changes = {
        "status": status,
        "delivery_address": "12 Trần Phú, phường Thành Sen",
        "delivery_recipient": "Nguyễn Văn A",
        "delivery_phone": "+84912345678",
        "returned_to": "Nguyễn Văn A" if status == DA_TRA_KET_QUA else "",
        "returned_at": ended_at if status == DA_TRA_KET_QUA else None,
        "received_at": ended_at - datetime.timedelta(days=19),
        "finished_at": ended_at - datetime.timedelta(days=1) if status == DA_TRA_KET_QUA else None,
    }
    Dossier.update(**changes).where(Dossier.id == dossier.id).execute()
    Transition.create(dossier=dossier.id, action="test", from_status="x", to_status=status, actor="test", at=ended_at)
    return Dossier.get_by_id(dossier.id)
