"""How the result comes back, chosen at filing: at the desk, as a file to download, or by post (BCCI).

Two pages (webapp/filing/delivery_pages.py): the channel, then (by post only) where to send it. The address is
built from the unit tree (a commune or ward of the desk's province, and the house, street or
village typed), so the post office gets an address it can route; the postage is quoted in đồng.
"""

from flask import current_app
from flask_babel import gettext as _

from webapp.formatting import money
from webapp.forms_engine.definition import Choice, Field, Step
from webapp.models import Unit
from webapp.models.values import COUNTER, ONLINE, POST
from webapp.text import vi_sorted

ADDRESS_KEYS = ("nguoi_nhan", "dien_thoai", "xa", "dia_chi")


def channels_for(procedure, rule_set):
    """The ways this procedure's result may come back: online only when it is wholly online
    (toàn trình), by post when its rules accept the post."""
    channels = [COUNTER]
    if procedure.online_class == "toan_trinh":
        channels.append(ONLINE)
    if POST in (rule_set.channels or []):
        channels.append(POST)
    return channels


def postage():
    return current_app.config["BCCI_POSTAGE"]


def is_complete(draft):
    """Whether the draft's choice is one its procedure offers, with an address when by post."""
    chosen = draft.delivery or {}
    channel = chosen.get("channel")
    if channel not in channels_for(draft.procedure, draft.rule_set):
        return False
    return channel != POST or all(chosen.get(key) for key in ADDRESS_KEYS)


def channel_label(channel, agency=None):
    if channel == COUNTER:
        where = agency.name if agency is not None else _("nơi tiếp nhận hồ sơ")
        return _("Nhận trực tiếp tại %(where)s", where=where)
    if channel == ONLINE:
        return _("Nhận bản điện tử: tải về trên trang tra cứu hồ sơ (có mã QR để kiểm tra)")
    return _("Nhận qua dịch vụ bưu chính công ích tại địa chỉ của bạn")


def _short_label(channel):
    return {
        COUNTER: _("nhận trực tiếp tại nơi tiếp nhận hồ sơ"),
        ONLINE: _("nhận bản điện tử trên trang tra cứu"),
        POST: _("nhận qua bưu chính công ích"),
    }[channel]


def channel_step(draft):
    """The one question of the first page, and the answer already given."""
    channels = channels_for(draft.procedure, draft.rule_set)
    chosen = (draft.delivery or {}).get("channel") or (channels[0] if len(channels) == 1 else "")
    choices = tuple(Choice(c, channel_label(c, draft.agency)) for c in channels)
    help_text = ""
    if POST in {c.value for c in choices}:
        help_text = _(
            "Nhận qua bưu chính: cước %(amount)s, trả cho nhân viên bưu điện khi nhận kết quả.", amount=money(postage())
        )
    field = Field("cach_nhan", "radio", _("Bạn muốn nhận kết quả bằng cách nào?"), help=help_text, choices=choices)
    return Step(key="nhan_ket_qua", title=_("Cách nhận kết quả"), fields=(field,)), {"cach_nhan": chosen}


def communes_near(agency):
    """The communes and wards of the desk's province, as address choices: "Xã …" (and its district
    where the tree still has one)."""
    province = agency.unit.ancestors()[0]
    units = list(Unit.select(Unit.id, Unit.code, Unit.full_name, Unit.tier, Unit.parent).order_by(Unit.position))
    by_id = {u.id: u for u in units}
    choices = []
    for unit in units:
        if unit.tier != "xa":
            continue
        chain = _chain(unit, by_id)
        if chain[-1].id != province.id:
            continue
        label = ", ".join(u.full_name for u in chain[:-1])
        choices.append(Choice(unit.code, label))
    return tuple(vi_sorted(choices, lambda c: c.label))


def _chain(unit, by_id):
    """The unit and its ancestors up to the root, from the rows already read."""
    chain = [unit]
    while chain[-1].parent_id in by_id:
        chain.append(by_id[chain[-1].parent_id])
    return chain


def address_step(agency):
    fields = (
        Field("nguoi_nhan", "text", _("Họ và tên người nhận"), required=True, validation={"max_length": 120}),
        Field(
            "dien_thoai", "phone", _("Số điện thoại người nhận"), help=_("Bưu điện gọi số này khi giao."), required=True
        ),
        Field("xa", "select", _("Xã, phường nhận kết quả"), required=True, choices=communes_near(agency)),
        Field(
            "dia_chi",
            "text",
            _("Số nhà, đường, thôn, xóm"),
            help=_("Ví dụ: Số 12, đường Trần Phú, tổ dân phố 3"),
            required=True,
            validation={"max_length": 120},
        ),
    )
    return Step(key="dia_chi_nhan", title=_("Địa chỉ nhận kết quả qua bưu chính"), fields=fields)


def full_address(answers):
    """ "Số 12 đường Trần Phú, Phường Thành Sen, Tỉnh Hà Tĩnh", as the post office writes it."""
    unit = Unit.get_or_none(Unit.code == answers.get("xa"))
    if unit is None:
        return answers.get("dia_chi", "")
    return ", ".join([answers.get("dia_chi", ""), *(u.full_name for u in reversed(unit.ancestors()))])[:255]


def dossier_columns(draft):
    """What the dossier keeps of the choice made online."""
    chosen = draft.delivery or {}
    if chosen.get("channel") != POST:
        return columns(chosen.get("channel"))
    return columns(POST, full_address(chosen), chosen["nguoi_nhan"], chosen["dien_thoai"])


def columns(channel, address="", recipient="", phone=""):
    """The dossier's delivery columns; the postage is quoted only for the post."""
    if channel != POST:
        return {"delivery_channel": channel}
    return {
        "delivery_channel": POST,
        "delivery_address": address[:255],
        "delivery_recipient": recipient[:120],
        "delivery_phone": phone,
        "postage": postage(),
    }


def starting_choice():
    """A new draft's answer before anyone is asked: at the desk, offered by every procedure. The flow
    does not stop to ask; the check page says it and offers the other ways (one screen and two taps less
    on a phone, as the one-stop portals do with their "nhận trực tiếp" default)."""
    return {"channel": COUNTER}


def summary(draft):
    """The choice as the check page repeats it, with the other ways the procedure offers."""
    chosen = draft.delivery or {}
    channel = chosen.get("channel")
    others = [_short_label(c) for c in channels_for(draft.procedure, draft.rule_set) if c != channel]
    lines = {"channel": channel, "label": channel_label(channel, draft.agency), "others": others}
    if channel == POST:
        lines.update(
            address=full_address(chosen),
            recipient=chosen.get("nguoi_nhan", ""),
            phone=chosen.get("dien_thoai", ""),
            postage=postage(),
        )
    return lines
