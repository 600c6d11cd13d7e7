"""The values stored in a dossier's coded columns, defined once: code and templates compare with these
names, never with the bare strings (the words shown for them are in webapp/dossiers/labels.py)."""

# How a dossier came in, how its result goes back, how its fee was paid (Dossier.channel,
# return_channel, delivery_channel, payment_channel; RuleSet time limits and fees per channel).
COUNTER = "truc_tiep"  # at the one-stop desk (nộp / trả / nộp phí trực tiếp)
ONLINE = "truc_tuyen"
POST = "buu_chinh"  # BCCI, the public postal service
CHANNELS = (COUNTER, ONLINE, POST)

# Attachment.kind: what a stored file is to the dossier.
FILED = "ho_so"  # a paper of the dossier, uploaded online or scanned at the counter
SUPPLEMENT = "bo_sung"  # handed in after a supplement request (form 02)
EXEMPTION_PROOF = "mien_phi"  # the paper proving a fee exemption
DRAFT_RESULT = "du_thao"  # a specialist's draft result, read by the leader before signing
RESULT = "ket_qua"  # the result document the leader signed

# Transition.action: the workflow's actions (their rules are the table in webapp/workflow/machine.py)…
RECEIVE = "tiep_nhan"  # form 01
REQUEST_SUPPLEMENT = "yeu_cau_bo_sung"  # form 02
HAND_IN = "nop_bo_sung"
REFUSE = "tu_choi"  # form 03
ASSIGN = "phan_cong"
SUBMIT_TO_LEADER = "trinh_ky"
SEND_BACK = "tra_lai"
APPROVE = "phe_duyet"
TRANSFER = "chuyen_lien_thong"  # liên thông
APOLOGISE = "xin_loi_gia_han"  # form 04
STOP = "dung_xu_ly"  # form 05
RETURN = "tra_ket_qua"
WITHDRAW = "rut_ho_so"
# …how a dossier came in…
FILED_ONLINE = "nop_truc_tuyen"
FILED_AT_COUNTER = "tiep_nhan_truc_tiep"
# …and the facts recorded without a move.
CASH_PAID = "thu_phi"
PAID_ONLINE = "thanh_toan"
POST_DELIVERED = "buu_chinh_da_giao"

# Payment.status: an attempt at the gateway, from its opening to the bank's answer (or our closing it).
PAYMENT_PENDING = "pending"
PAYMENT_PAID = "paid"
PAYMENT_FAILED = "failed"
PAYMENT_CANCELLED = "cancelled"  # closed by us after it expired, or cancelled at the bank
