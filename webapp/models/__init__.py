"""Models by aggregate; ALL_MODELS in creation order (parents before children)."""

from webapp.models.access import PersonalDataExport
from webapp.models.audit import AdminEvent
from webapp.models.calendar import CalendarDay, OfficeHoursRule, UnitCalendarDay
from webapp.models.catalogue import Field, FormDefinition, Procedure, ProcedureAlias, RuleSet
from webapp.models.citizen import DemoSignInCode, EndedCitizenSession, SignInEvent
from webapp.models.consent import Consent
from webapp.models.dossier import (
    Attachment,
    Dossier,
    DossierSequence,
    Draft,
    LogBookSequence,
    Rating,
    Transition,
)
from webapp.models.jobs import JobFailure
from webapp.models.legal import LegalDocument, LegalReviewSeen
from webapp.models.otp import OtpChallenge
from webapp.models.payment import Payment, Receipt, ReceiptSequence
from webapp.models.report import ReportCache
from webapp.models.retention import RetentionRule
from webapp.models.signing import Signing
from webapp.models.sms import SmsInbound, SmsMessage, SmsOptOut
from webapp.models.staff import DigestSent, DossierView, EndedSession, Staff, StaffUnit
from webapp.models.throttle import RateCounter
from webapp.models.units import Agency, Unit
from webapp.models.upload import ResumableUpload
from webapp.models.versions import CatalogueDraft

ALL_MODELS = [
    Unit,
    Agency,
    Field,
    Procedure,
    ProcedureAlias,
    RuleSet,
    FormDefinition,
    CalendarDay,
    UnitCalendarDay,
    OfficeHoursRule,
    Draft,
    Dossier,
    DossierSequence,
    LogBookSequence,
    Transition,
    Attachment,
    Rating,
    Payment,
    ReceiptSequence,
    Receipt,
    OtpChallenge,
    SmsMessage,
    SmsInbound,
    SmsOptOut,
    Staff,
    StaffUnit,
    DossierView,
    RateCounter,
    DigestSent,
    EndedSession,
    ReportCache,
    ResumableUpload,
    AdminEvent,
    CatalogueDraft,
    LegalDocument,
    LegalReviewSeen,
    SignInEvent,
    DemoSignInCode,
    EndedCitizenSession,
    Signing,
    JobFailure,
    RetentionRule,
    Consent,
    PersonalDataExport,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS"]
