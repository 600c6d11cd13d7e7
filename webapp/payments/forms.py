"""The payment pages' forms: the citizen's "pay" button, and the simulated bank's pages (demo and
tests only). A button form holds only its CSRF token; its fields say what the button asks for."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice

PAID, CANCELLED = "00", "24"  # VNPay response codes the simulated bank's two buttons send
IPN_NOW, IPN_TWICE, IPN_LATER = "ngay", "hai_lan", "sau"


class PayForm(FlaskForm):
    """Thanh toán qua VNPay: opens one payment attempt for the dossier's fee."""


class DecideForm(FlaskForm):
    """The simulated bank's page: pay or cancel (`ket_qua`, the button), and how the IPN misbehaves.
    The signed request's parameters come back as hidden "p_<name>" inputs, checked by their signature."""

    ket_qua = StringField()
    ipn = RadioField(
        _l("Thông báo IPN cho đơn vị (dùng để thử lỗi)"),
        default=IPN_NOW,
        choices=[
            SelectChoice(IPN_NOW, _l("Gửi ngay một lần")),
            SelectChoice(IPN_TWICE, _l("Gửi hai lần")),
            SelectChoice(IPN_LATER, _l("Giữ lại, gửi sau (sau khi trình duyệt quay về)")),
        ],
        validate_choice=False,
    )
    sai_chu_ky = BooleanField(_l("Ký sai chữ ký"), id="sai-chu-ky")

    @property
    def paid(self):
        return self.ket_qua.data == PAID

    @property
    def held_back(self):
        return self.ipn.data == IPN_LATER

    @property
    def sends(self):
        """How many times the IPN goes out now."""
        return 0 if self.held_back else 2 if self.ipn.data == IPN_TWICE else 1


class ReleaseForm(FlaskForm):
    """Send a held-back IPN (`txn_ref`), or all of them when it is empty."""

    txn_ref = HiddenField()
