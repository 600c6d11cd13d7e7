"""Configuration: one class per environment; environment variables override.

Only this module, db.py, jobs.py and the gateway interfaces know whether the
embedded (SQLite + SqliteHuey) or the scale-out (PostgreSQL + Redis) shape runs.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("MOTCUA_INSTANCE", ROOT / "instance"))


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'motcua.db'}")
    HUEY_URL = os.environ.get("HUEY_URL", f"sqlite:///{INSTANCE / 'huey.db'}")
    HUEY_IMMEDIATE = False
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("vi", "en")
    SEED_DIR = str(ROOT / "webapp" / "seed")
    # Decision 20/2020/QĐ-TTg gives each province an Hxx code; Hà Tĩnh's is unconfirmed.
    PROVINCE_AGENCY_CODE = os.environ.get("PROVINCE_AGENCY_CODE", "H42")
    # The privacy notice (/quyen-rieng-tu): who controls the personal data and how to reach them (demo values).
    PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER", "Ủy ban nhân dân tỉnh Hà Tĩnh")
    PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "dulieucanhan@hatinh.gov.vn")
    PRIVACY_CONTACT_PHONE = os.environ.get("PRIVACY_CONTACT_PHONE", "0239 3855 555")
    PRIVACY_CONTACT_ADDRESS = os.environ.get(
        "PRIVACY_CONTACT_ADDRESS", "Văn phòng UBND tỉnh Hà Tĩnh, số 1 Nguyễn Tất Thành, TP Hà Tĩnh"
    )
    PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
    FORM_CACHE_DIR = os.environ.get("FORM_CACHE_DIR", str(INSTANCE / "forms"))
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/plain",
        "application/javascript",
        "text/javascript",
        "application/json",
        "image/svg+xml",
    ]
    COMPRESS_MIN_SIZE = 300
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    SEARCH_MAX_TERMS = 8
    DRAFT_TTL_DAYS = int(os.environ.get("DRAFT_TTL_DAYS", "30"))
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE / "uploads"))
    # Where files live (webapp/storage): empty, the folders UPLOAD_DIR and FORM_CACHE_DIR of this host;
    # postgresql://…, chunked rows in that database, which every web host reaches.
    STORAGE_URL = os.environ.get("STORAGE_URL", "")
    # A stored file no row names is swept this long after it was written (a row follows its file).
    STORAGE_ORPHAN_HOURS = int(os.environ.get("STORAGE_ORPHAN_HOURS", "6"))
    # `flask backup create` writes one folder per backup here and keeps the newest BACKUP_KEEP (docs/backup.md).
    BACKUP_DIR = os.environ.get("BACKUP_DIR", str(INSTANCE / "backups"))
    BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
    MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
    # Several files may come in one request; the per-file limit is MAX_UPLOAD_BYTES.
    MAX_CONTENT_LENGTH = 4 * MAX_UPLOAD_BYTES
    # An image is refused above this many pixels, read from its header before any decoding: the worst
    # one accepted costs about 5 bytes a pixel while it is shrunk (docs/features.md, "Hardening").
    UPLOAD_MAX_IMAGE_PIXELS = int(os.environ.get("UPLOAD_MAX_IMAGE_PIXELS", str(40_000_000)))
    # What one draft may hold, resumable uploads under way included (their declared size is reserved).
    UPLOAD_MAX_DRAFT_FILES = int(os.environ.get("UPLOAD_MAX_DRAFT_FILES", "20"))
    UPLOAD_MAX_DRAFT_BYTES = int(os.environ.get("UPLOAD_MAX_DRAFT_BYTES", str(50 * 1024 * 1024)))
    SMS_BACKEND = os.environ.get("SMS_BACKEND", "outbox")  # outbox (stored, /dev/sms) | kannel
    # Kannel's sendsms interface and its sendsms-user; the short code or brandname messages come from.
    KANNEL_SENDSMS_URL = os.environ.get("KANNEL_SENDSMS_URL", "http://127.0.0.1:13013/cgi-bin/sendsms")
    KANNEL_USERNAME = os.environ.get("KANNEL_USERNAME", "motcua")
    KANNEL_PASSWORD = os.environ.get("KANNEL_PASSWORD", "")
    SMS_SENDER = os.environ.get("SMS_SENDER", "8088")
    # The site's public address, for links in messages no web request produced (SMS replies, digests).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Our base URL as the gateway reaches it (delivery reports), and the secret its callbacks carry.
    SMS_CALLBACK_URL = os.environ.get("SMS_CALLBACK_URL", "http://127.0.0.1:5000")
    SMS_WEBHOOK_SECRET = os.environ.get("SMS_WEBHOOK_SECRET", "")
    # A failed send waits base, 2×base, 4×base… seconds; after SMS_MAX_ATTEMPTS it is marked failed.
    SMS_RETRY_BASE_SECONDS = float(os.environ.get("SMS_RETRY_BASE_SECONDS", "30"))
    SMS_MAX_ATTEMPTS = int(os.environ.get("SMS_MAX_ATTEMPTS", "8"))
    SMS_TIMEOUT_SECONDS = float(os.environ.get("SMS_TIMEOUT_SECONDS", "5"))
    # The /dev/sms page shows every SMS: only where no real phone receives them.
    DEV_SMS_PAGE = False
    # The local bank page that speaks the VNPay protocol (webapp/payments/simulator.py): demo and tests.
    PAYMENT_SIMULATOR = False
    PAYMENT_SIMULATOR_STATE = os.environ.get("PAYMENT_SIMULATOR_STATE", str(INSTANCE / "payment_simulator.json"))
    # How the post's delivery of a result is learnt: "manual", the desk records it (webapp/backoffice/post.py).
    POSTAL_ADAPTER = os.environ.get("POSTAL_ADAPTER", "manual")
    # Postage quoted at filing for a result returned by post (BCCI), paid to the postman on delivery:
    # the province's post office sets it, in đồng, within the province.
    BCCI_POSTAGE = int(os.environ.get("BCCI_POSTAGE", "25000"))
    # Statistics over more than a quarter are computed by a job and kept this long (seconds).
    REPORT_CACHE_SECONDS = int(os.environ.get("REPORT_CACHE_SECONDS", "900"))
    # Online fee payment (webapp/payments): which gateway, VNPay 2.1.0's merchant code and secret, its
    # pay page and its merchant API (querydr). A path starting with "/" is our own simulator, called
    # in-process; the defaults point at it, production sets the sandbox or live addresses.
    PAYMENT_GATEWAY = os.environ.get("PAYMENT_GATEWAY", "vnpay")
    VNPAY_TMN_CODE = os.environ.get("VNPAY_TMN_CODE", "MOTCUA01")
    VNPAY_HASH_SECRET = os.environ.get("VNPAY_HASH_SECRET", "")  # none: every IPN is refused (97)
    VNPAY_PAY_URL = os.environ.get("VNPAY_PAY_URL", "/gia-lap-thanh-toan/paymentv2/vpcpay.html")
    VNPAY_API_URL = os.environ.get("VNPAY_API_URL", "/gia-lap-thanh-toan/merchant_webapi/api/transaction")
    VNPAY_TIMEOUT_SECONDS = float(os.environ.get("VNPAY_TIMEOUT_SECONDS", "10"))
    # The bank page accepts a payment this long (vnp_ExpireDate); a pending attempt older than that
    # plus a margin is closed so the person can try again.
    PAYMENT_EXPIRE_MINUTES = int(os.environ.get("PAYMENT_EXPIRE_MINUTES", "15"))
    # A payment still pending this long after it started is asked about (querydr) by the job.
    PAYMENT_RECONCILE_MINUTES = int(os.environ.get("PAYMENT_RECONCILE_MINUTES", "20"))
    # Demo staff accounts (webapp/seed/staff_demo.yaml): seeded and allowed to log in only when on.
    DEMO_ACCOUNTS = False
    # argon2id cost (RFC 9106's second recommendation); a stored hash with other costs is redone at login.
    PASSWORD_HASH = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
    STAFF_SESSION_HOURS = int(os.environ.get("STAFF_SESSION_HOURS", "10"))
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "MotCua")
    # How many reverse proxies sit in front (0: none, `make run`). Their X-Forwarded-* headers are
    # believed only then, so the login throttle and the audit log see the client's address.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Citizens sign in with the national electronic identity (OIDC, webapp/signin): the provider's
    # discovery document, our client id and secret. No discovery URL: the demo identity provider of
    # this same site (webapp/vneid_demo), when DEMO_IDENTITY_PROVIDER is on; else sign-in is offered nowhere.
    OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "motcua")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
    OIDC_LEEWAY_SECONDS = int(os.environ.get("OIDC_LEEWAY_SECONDS", "60"))  # clock skew allowed on iat/exp
    OIDC_TIMEOUT_SECONDS = float(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
    # The level of assurance asked of the provider (acr_values) and required of the ID token's acr:
    # space-separated, "" = neither asked nor checked.
    OIDC_ACR_VALUES = os.environ.get("OIDC_ACR_VALUES", "")
    CITIZEN_SESSION_MINUTES = int(os.environ.get("CITIZEN_SESSION_MINUTES", "60"))
    # Keys the provider's subject into Draft/Dossier.citizen_key ("" = SECRET_KEY). Keep it: rotating it
    # cuts every signed-in citizen off from their dossiers.
    CITIZEN_KEY_SECRET = os.environ.get("CITIZEN_KEY_SECRET", "")
    DEMO_IDENTITY_PROVIDER = False
    DEMO_IDP_KEY_FILE = os.environ.get("DEMO_IDP_KEY_FILE", str(INSTANCE / "demo_idp_key.json"))
    # Digital signatures (webapp/signing/): PKCS#12 files under SIGNING_KEY_DIR (units/<agency code>.p12,
    # staff/<username>.p12), opened with SIGNING_KEY_PASSPHRASE; trust roots and CRLs as PEM/DER files
    # (":"-separated). SIGNING_DEMO_PKI makes a demo root and the missing keys at first use.
    SIGNING_BACKEND = os.environ.get("SIGNING_BACKEND", "local")
    SIGNING_KEY_DIR = os.environ.get("SIGNING_KEY_DIR", str(INSTANCE / "pki"))
    SIGNING_KEY_PASSPHRASE = os.environ.get("SIGNING_KEY_PASSPHRASE", "")
    SIGNING_TRUST_ROOTS = [p for p in os.environ.get("SIGNING_TRUST_ROOTS", "").split(":") if p]
    SIGNING_CRL_FILES = [p for p in os.environ.get("SIGNING_CRL_FILES", "").split(":") if p]
    SIGNING_FETCH_REVOCATION = os.environ.get("SIGNING_FETCH_REVOCATION", "") == "1"
    SIGNING_LOCATION = os.environ.get("SIGNING_LOCATION", "Việt Nam")
    SIGNING_DEMO_PKI = False
    HSTS_SECONDS = 0  # no Strict-Transport-Security: a developer's http://localhost stays reachable
    HSTS_INCLUDE_SUBDOMAINS = False
    # The request and job log lines (webapp/monitoring/logs.py): json, plain, or off (none of our own;
    # gunicorn's access log still prints).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "off")
    # /metrics answers the bearer of this token; unset, only callers from loopback or private addresses.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")


class DemoConfig(Config):
    """`make run`: everything on one machine, a fixed key so sessions survive restarts."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "motcua-demo-key-not-for-production")
    DEV_SMS_PAGE = True
    DEMO_ACCOUNTS = True
    PAYMENT_SIMULATOR = True
    VNPAY_HASH_SECRET = os.environ.get("VNPAY_HASH_SECRET", "motcua-demo-vnpay-secret")
    DEMO_IDENTITY_PROVIDER = True
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "motcua-demo-oidc-secret")
    SIGNING_DEMO_PKI = True
    SIGNING_KEY_PASSPHRASE = os.environ.get("SIGNING_KEY_PASSPHRASE", "motcua-demo-keys")
    OIDC_ACR_VALUES = os.environ.get("OIDC_ACR_VALUES", "vneid-level-2")


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    DEMO_ACCOUNTS = False
    # Strict-Transport-Security on https responses (behind a proxy: set TRUSTED_PROXIES so its
    # X-Forwarded-Proto is believed). A year, the minimum the browsers' preload lists take.
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HSTS_INCLUDE_SUBDOMAINS", "1") != "0"
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test"
    HUEY_IMMEDIATE = True
    DEV_SMS_PAGE = True
    DEMO_ACCOUNTS = True
    PAYMENT_SIMULATOR = True
    VNPAY_HASH_SECRET = os.environ.get("VNPAY_HASH_SECRET", "motcua-demo-vnpay-secret")
    DEMO_IDENTITY_PROVIDER = True
    OIDC_CLIENT_SECRET = "motcua-demo-oidc-secret"
    OIDC_ACR_VALUES = "vneid-level-2"
    SIGNING_DEMO_PKI = True
    SIGNING_KEY_PASSPHRASE = "motcua-test-keys"
    # Cheap hashes: the suite seeds and logs in hundreds of times.
    PASSWORD_HASH = {"time_cost": 1, "memory_cost": 8 * 1024, "parallelism": 1}
    LOG_FORMAT = "off"  # a test that reads the lines asks for json


CONFIGS = {"demo": DemoConfig, "production": ProductionConfig, "test": TestConfig}


def load(app, overrides=None):
    """Fill app.config from the class named by MOTCUA_ENV, then the caller's overrides."""
    name = os.environ.get("MOTCUA_ENV", "demo")
    app.config.from_object(CONFIGS[name])
    app.config.update(overrides or {})
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("SECRET_KEY must be set outside the demo configuration")
