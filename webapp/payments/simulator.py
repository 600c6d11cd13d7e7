"""A local bank page speaking the VNPay protocol, for demo and tests only (PAYMENT_SIMULATOR).

It checks the signed redirect, lets the person pay or cancel, notifies our IPN the way VNPay does
(a signed server-to-server GET) and sends the browser to vnp_ReturnUrl with the same parameters.
Options on the page stage the IPN faults: sent twice, held back (sent later from /gia-lap-thanh-toan
/ipn-cho), or signed wrongly. It also answers querydr for the reconciliation job.

The IPN is called in-process through `current_app.test_client()`: a real HTTP call to our own
address would deadlock the single-threaded development server while it waits on itself. What the
bank "knows" (its transactions, the held-back IPNs, our replies) is kept in a small JSON file under a
lock, so `make run`'s gunicorn workers and the job consumer (whose reconciliation asks querydr) share it.
"""

import fcntl
import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for

from webapp.constant_time import same_secret
from webapp.extensions import csrf
from webapp.models.dossier import utcnow
from webapp.payments import simulator_bp, vnpay
from webapp.payments.forms import DecideForm, ReleaseForm

BANK_CODE = "NCB"


KEPT_REPLIES = 50


@contextmanager
def bank():
    """The simulated bank's memory, locked while the block reads or changes it: settled transactions
    by txn_ref, held-back IPNs, our IPN replies."""
    path = Path(current_app.config["PAYMENT_SIMULATOR_STATE"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = json.loads(path.read_text()) if path.exists() else {"done": {}, "held": {}, "replies": []}
        yield state
        state["replies"] = state["replies"][-KEPT_REPLIES:]
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        os.replace(temporary, path)


def state():
    """A copy of the bank's memory, to read."""
    with bank() as memory:
        return memory


def _secret():
    return current_app.config["VNPAY_HASH_SECRET"]


@simulator_bp.get("/paymentv2/vpcpay.html")
def pay_page():
    params = request.args.to_dict()
    if not vnpay.verify(params, _secret()) or params.get("vnp_Command") != "pay":
        return render_template("payment_simulator/pay.html", invalid=True), 400
    amount = int(params.get("vnp_Amount", "0")) // 100
    return render_template("payment_simulator/pay.html", invalid=False, params=params, amount=amount, form=DecideForm())


@simulator_bp.post("/paymentv2/xu-ly")
def decide():
    """The person paid or cancelled: notify the IPN (per the options), then back to the merchant."""
    params = {k[len("p_") :]: v for k, v in request.form.items() if k.startswith("p_")}
    if not vnpay.verify(params, _secret()):
        abort(400)
    form = DecideForm()
    result = vnpay.signed(_result_params(params, form.paid), _secret())
    notice = dict(result)
    if form.sai_chu_ky.data:
        notice["vnp_SecureHash"] = "0" * 128
    with bank() as memory:
        memory["done"][params["vnp_TxnRef"]] = result
        if form.held_back:
            memory["held"][params["vnp_TxnRef"]] = notice
    for _time in range(form.sends):
        send_ipn(notice)
    return redirect(vnpay.url_with(params["vnp_ReturnUrl"], result), code=303)


def _result_params(params, paid):
    code = "00" if paid else "24"
    return {
        "vnp_Amount": params["vnp_Amount"],
        "vnp_BankCode": BANK_CODE,
        "vnp_BankTranNo": f"VNP{secrets.randbelow(10**8):08d}" if paid else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": params.get("vnp_OrderInfo", ""),
        "vnp_PayDate": vnpay.vn_time(utcnow()),
        "vnp_ResponseCode": code,
        "vnp_TmnCode": params["vnp_TmnCode"],
        "vnp_TransactionNo": f"{secrets.randbelow(10**8):08d}" if paid else "0",
        "vnp_TransactionStatus": "00" if paid else "02",
        "vnp_TxnRef": params["vnp_TxnRef"],
    }


def send_ipn(notice):
    """Our IPN, called as VNPay calls it: a GET with the signed parameters; returns its JSON reply."""
    response = current_app.test_client().get(vnpay.url_with(url_for("payments.ipn"), notice))
    answer = response.get_json(silent=True) or {"RspCode": str(response.status_code)}
    with bank() as memory:
        memory["replies"].append((notice.get("vnp_TxnRef"), answer.get("RspCode")))
    return answer


@simulator_bp.route("/ipn-cho", methods=["GET", "POST"])
def held():
    """The held-back IPNs: listed, and sent when asked (one, or all)."""
    form = ReleaseForm()
    if form.validate_on_submit():
        chosen = form.txn_ref.data
        with bank() as memory:
            waiting = memory["held"]
            released = [waiting.pop(ref) for ref in ([chosen] if chosen else list(waiting)) if ref in waiting]
        for notice in released:
            send_ipn(notice)
        return redirect(url_for(".held"), code=303)
    memory = state()
    return render_template(
        "payment_simulator/held.html", form=form, waiting=memory["held"], replies=memory["replies"][-20:]
    )


@simulator_bp.post("/merchant_webapi/api/transaction")
@csrf.exempt
def api():
    """querydr as VNPay answers it: the transaction's state, signed over its fields in order."""
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    secret = _secret()
    reply = {"vnp_ResponseId": secrets.token_hex(16), "vnp_Command": body.get("vnp_Command", ""), "vnp_TmnCode": ""}
    done = state()["done"].get(str(body.get("vnp_TxnRef")))
    if not same_secret(body.get("vnp_SecureHash"), vnpay.query_checksum(body, vnpay.QUERY_FIELDS, secret)):
        reply.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
    elif body.get("vnp_Command") != "querydr":
        reply.update(vnp_ResponseCode="02", vnp_Message="Invalid command")
    elif done is None:
        reply.update(vnp_ResponseCode="91", vnp_Message="Transaction not found", vnp_TxnRef=body.get("vnp_TxnRef"))
    else:
        reply.update(
            {key: done.get(key, "") for key in vnpay.QUERY_REPLY_FIELDS if key.startswith("vnp_") and key in done},
            vnp_ResponseCode="00",
            vnp_Message="QueryDR Success",
            vnp_TransactionType="01",
            vnp_PromotionCode="",
            vnp_PromotionAmount="",
        )
    reply["vnp_SecureHash"] = vnpay.query_checksum(reply, vnpay.QUERY_REPLY_FIELDS, secret)
    return jsonify(reply)
