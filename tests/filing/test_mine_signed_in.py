"""Hồ sơ của tôi for a citizen signed in with the electronic identity: everything they filed signed in,
on any device, with no SMS code; nothing of anyone else's; the phone path unchanged for the others."""

import datetime

from tests.citizen_papers import filed_by, returned_online, sign_in
from tests.factories import make_draft
from tests.walks import Citizen
from webapp.db import db
from webapp.dossiers import receipts
from webapp.models import Dossier, SmsMessage
from webapp.models.dossier import utcnow

from .test_filing import filed_in_state, prove, row_of


def test_a_signed_in_citizen_sees_their_dossiers_drafts_results_and_receipts_without_a_code(filing_app):
    lan = Citizen(filing_app)
    key = sign_in(lan.client, filing_app, "lan")
    older = filed_by(filing_app, key, "dang_xu_ly", submitted_days_ago=3)
    online, result = returned_online(filing_app, key)
    paid = filed_by(filing_app, key, "da_tiep_nhan", submitted_days_ago=1, fee_amount=16000, paid_at=utcnow())
    unpaid = filed_by(filing_app, key, "cho_tiep_nhan", submitted_days_ago=2, fee_amount=8000)
    with filing_app.app_context(), db.connection_context():
        receipts.issue(paid.id, channel="truc_tiep", amount=16000, payer="Nguyễn Thị Lan", collector="A", at=utcnow())
        draft = make_draft(citizen_key=key, phone=None)
    soup = lan.page("/ho-so-cua-toi")
    text = soup.get_text(" ")
    assert "Nguyễn Thị Lan" in text and "•••••••••234" in text and "042195001234" not in text
    codes = [strong.get_text() for strong in soup.select("table strong")]
    assert codes == [online.code, paid.code, unpaid.code, older.code], "newest first"
    assert soup.find("a", href=f"/nop/{draft.token}")
    download = lan.client.get(row_of(soup, online).find("a", string="Tải kết quả")["href"])
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    receipt_link = soup.find("a", href=f"/thanh-toan/bien-lai/ho-so/{paid.code}")
    assert receipt_link and "Biên lai số 0000001" in receipt_link.get_text()
    assert lan.client.get(receipt_link["href"]).status_code == 200
    assert soup.find("a", href=f"/thanh-toan/{unpaid.code}")
    assert soup.find("a", href="/giay-to-cua-toi")
    with filing_app.app_context(), db.connection_context():
        assert not SmsMessage.select().exists(), "no SMS code asked"
    assert result.verify_code


def test_a_signed_in_citizen_sees_nothing_of_another_and_cannot_download_it(filing_app):
    lan, hung = Citizen(filing_app), Citizen(filing_app)
    lan_key, hung_key = sign_in(lan.client, filing_app, "lan"), sign_in(hung.client, filing_app, "hung")
    theirs, _ = returned_online(filing_app, hung_key, fee_amount=16000, paid_at=utcnow())
    with filing_app.app_context(), db.connection_context():
        receipts.issue(theirs.id, channel="truc_tiep", amount=16000, payer="Hùng", collector="A", at=utcnow())
        draft = make_draft(citizen_key=hung_key)
    mine = filed_by(filing_app, lan_key)
    soup = lan.page("/ho-so-cua-toi")
    assert mine.code in soup.get_text() and theirs.code not in soup.get_text()
    assert not soup.find("a", href=f"/nop/{draft.token}")
    assert lan.client.get(f"/ho-so-cua-toi/{theirs.code}/ket-qua").status_code == 404
    assert lan.client.get(f"/thanh-toan/bien-lai/ho-so/{theirs.code}").status_code == 404
    assert lan.client.get(f"/tra-cuu/{theirs.code}").status_code == 302, "the lookup still asks its proof"
    assert hung.client.get(f"/ho-so-cua-toi/{theirs.code}/ket-qua").status_code == 200


def test_a_signed_in_citizen_may_still_prove_a_phone_for_older_dossiers(filing_app):
    lan = Citizen(filing_app)
    key = sign_in(lan.client, filing_app, "lan")
    signed = filed_by(filing_app, key)
    phone = "+84911222333"
    by_phone = filed_in_state(filing_app, phone, "da_tiep_nhan")
    with filing_app.app_context(), db.connection_context():
        Dossier.update(submitted_at=utcnow() - datetime.timedelta(days=30), fee_amount=8000).where(
            Dossier.id == by_phone.id
        ).execute()
    soup = lan.page("/ho-so-cua-toi")
    assert by_phone.code not in soup.get_text() and soup.find("input", id="phone")
    prove(lan, phone)
    soup = lan.page("/ho-so-cua-toi")
    assert [strong.get_text() for strong in soup.select("table strong")] == [signed.code, by_phone.code]
    # Its fee is paid from the status page the phone proves, not from links this sign-in cannot open.
    assert not soup.find("a", href=f"/thanh-toan/{by_phone.code}")


def test_the_anonymous_phone_path_is_unchanged(filing_app):
    anonymous = Citizen(filing_app)
    someone = filed_by(filing_app, "k" * 64)
    soup = anonymous.page("/ho-so-cua-toi")
    assert soup.find("input", id="phone") and "Hồ sơ đã nộp" not in soup.get_text()
    assert "định danh điện tử:" not in soup.get_text()
    assert anonymous.client.get(f"/ho-so-cua-toi/{someone.code}/ket-qua").status_code == 302
    phone = "+84911222444"
    by_phone = filed_in_state(filing_app, phone, "da_tiep_nhan")
    prove(anonymous, phone)
    page = anonymous.page("/ho-so-cua-toi").get_text()
    assert by_phone.code in page and someone.code not in page and "Phí, lệ phí và biên lai" not in page
