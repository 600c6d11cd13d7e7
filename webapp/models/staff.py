"""Back-office accounts, the units each may act for, the views they made and the sessions they ended."""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from webapp.db import BaseModel
from webapp.models.dossier import Dossier, utcnow
from webapp.models.units import Unit

# một cửa (desk), chuyên viên (specialist), lãnh đạo (approves, signs), unit admin, province admin.
ROLES = ("mot_cua", "chuyen_vien", "lanh_dao", "quan_tri_don_vi", "quan_tri_tinh")
# Whoever signs or administers must prove a second factor (TOTP) at every login.
TOTP_REQUIRED = ("lanh_dao", "quan_tri_don_vi", "quan_tri_tinh")


class Staff(BaseModel):
    username = CharField(unique=True, max_length=64)
    full_name = CharField(max_length=120)
    phone = CharField(max_length=16, default="")
    password_hash = CharField(max_length=255)  # argon2id, PHC string
    role = CharField(max_length=24)
    is_active = BooleanField(default=True)
    is_demo = BooleanField(default=False)  # refused wherever DEMO_ACCOUNTS is off
    totp_secret = CharField(max_length=64, null=True)
    last_totp_step = IntegerField(null=True)  # a code of this 30-second step or older is a replay
    created_at = DateTimeField(default=utcnow)
    password_changed_at = DateTimeField(default=utcnow)
    # Sessions that began before this moment are void: logout, disable or reset ends them everywhere.
    sessions_revoked_at = DateTimeField(null=True)

    @property
    def needs_totp(self):
        return bool(self.totp_secret) or self.role in TOTP_REQUIRED


class StaffUnit(BaseModel):
    staff = ForeignKeyField(Staff, backref="unit_links", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, on_delete="CASCADE")

    class Meta:
        indexes = ((("staff", "unit"), True),)


class EndedSession(BaseModel):
    """A session logged out on its own device: its cookie, even a copy, is refused from then on.
    Rows older than the longest session are pruned: such a cookie has expired anyway."""

    sid = CharField(max_length=32, unique=True)
    staff = ForeignKeyField(Staff, on_delete="CASCADE")
    ended_at = DateTimeField(default=utcnow, index=True)


class DossierView(BaseModel):
    """Every time an officer opened a dossier, a form or a file of it: kept like the audit trail."""

    dossier = ForeignKeyField(Dossier, on_delete="CASCADE")
    staff = ForeignKeyField(Staff, on_delete="CASCADE")
    at = DateTimeField(default=utcnow)
    what = CharField(max_length=16)  # page | mau-01 | mau-06 | tep
    ip = CharField(max_length=45, null=True)


class DigestSent(BaseModel):
    """The morning digest went to this officer on this local day: the unique pair makes it once."""

    staff = ForeignKeyField(Staff, on_delete="CASCADE")
    day = DateField()
    at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("staff", "day"), True),)
