"""Settings from the environment, with embedded defaults when nothing is set.

The embedded default keeps every file under ``PORTAL_DATA_DIR`` (``instance/`` in the checkout,
``var/portal-instance/`` under the environment's prefix for an installed wheel):
a SQLite database, a broker that needs no server (kombu's filesystem transport), the beat
schedule, uploads, and a generated secret key and encryption key. Production sets
``PORTAL_ENV=production`` and the variables of the README's settings table.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PACKAGE_DIR = Path(__file__).resolve().parent
#: Where the project's files are: ``templates/``, ``static/`` and ``migrations/`` stand at the top
#: of the checkout, next to the package; a wheel carries them inside the package, which its build
#: (``build_hooks.py``) copies them into. The compiled catalogues are in ``TRANSLATIONS`` either way.
INSTALLED = (PACKAGE_DIR / "migrations").is_dir()
PROJECT_ROOT = PACKAGE_DIR if INSTALLED else PACKAGE_DIR.parent
TEMPLATES = PROJECT_ROOT / "templates"
STATIC = PROJECT_ROOT / "static"
MIGRATIONS = PROJECT_ROOT / "migrations"
TRANSLATIONS = PACKAGE_DIR / "translations"
#: The embedded default's folder: in the checkout, or, installed, under the environment's prefix
#: (Flask's place for an installed application's instance folder), never inside site-packages.
DEFAULT_DATA_DIR = (Path(sys.prefix) / "var" / "portal-instance" if INSTALLED
                    else PROJECT_ROOT / "instance")
ENVIRONMENTS = ("development", "production", "test")
#: The values of ``MATCHING_ENCODER`` (:mod:`portal.matching.encoders`).
ENCODER_CHOICES = ("auto", "use", "e5", "lexical")
#: The values of ``STATISTICS_CURRENCY``, RUB by default: those exchange rates are kept in
#: (``portal.money.models.RATE_CURRENCIES``, which a test keeps equal).
STATISTICS_CURRENCIES = ("RUB", "AMD", "BYN", "KGS", "KZT", "USD", "EUR", "CNY")


class ConfigurationError(RuntimeError):
    """A setting is missing or invalid; the message says which and how to set it."""


def data_dir() -> Path:
    path = Path(os.environ.get("PORTAL_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _generated_key(name: str, environment: str, folder: Path, file_name: str, generate) -> str:
    """The key in environment variable ``name``; required in production, otherwise generated
    once into ``folder/file_name``, readable by its owner only."""
    key = os.environ.get(name)
    if key:
        return key
    if environment == "production":
        raise ConfigurationError(f"{name} must be set when PORTAL_ENV=production")
    key_file = folder / file_name
    if not key_file.exists():
        try:
            handle = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process wrote it first
        else:
            with os.fdopen(handle, "w") as out:
                out.write(generate())
    return key_file.read_text().strip()


def _secret_key(environment: str, folder: Path) -> str:
    return _generated_key("SECRET_KEY", environment, folder, "secret_key",
                          lambda: secrets.token_hex(32))


def _encryption_key(environment: str, folder: Path) -> str:
    """``PORTAL_ENCRYPTION_KEY``: Fernet keys, comma-separated (the first encrypts, every one
    decrypts, so that a key can be rotated); they encrypt the TOTP secrets at rest."""
    keys = _generated_key("PORTAL_ENCRYPTION_KEY", environment, folder, "encryption_key",
                          lambda: Fernet.generate_key().decode())
    try:
        for key in keys.split(","):
            Fernet(key.strip())
    except ValueError:
        raise ConfigurationError("PORTAL_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 "
                                 "bytes each, comma-separated): generate one with "
                                 "python -c 'from cryptography.fernet import Fernet; "
                                 "print(Fernet.generate_key().decode())'") from None
    return keys


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


#: Hard limit of a task's run time; the soft limit raises inside the task a minute earlier.
TASK_TIME_LIMIT = 300
#: A pool process of the worker whose resident memory has passed this many megabytes when a task
#: ends is replaced by a fresh one (Celery's ``worker_max_memory_per_child``): memory a task
#: left behind is given back; a running task is never stopped by it.
WORKER_RECYCLE_MB = 1024
#: The address space, in megabytes, of each pool process (``RLIMIT_AS``): an allocation beyond it
#: fails (``MemoryError`` in the task) instead of growing until the kernel kills a process. A pool
#: process with both encoders loaded maps 0.6 GB on two cores, 1.7 GB with 32 BLAS threads.
WORKER_MEMORY_LIMIT_MB = 4096
#: Longest countdown of a retried task (e-mail delivery backs off up to this).
MAX_RETRY_COUNTDOWN = 600

#: Redis acknowledges nothing by itself: a message fetched and not acknowledged (the task is
#: running, or waiting for its retry countdown) is handed out again once ``visibility_timeout``
#: has passed. It must therefore exceed the longest countdown plus the longest run, or a slow or
#: retried task runs twice, in a loop. A worker that dies holding a message gets it back after
#: the timeout plus one sweep of the unacked messages (every ``interval`` × ``throttle`` s).
REDIS_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 6,
    "socket_connect_timeout": 5,
}


def _broker(folder: Path) -> tuple[str, dict]:
    url = os.environ.get("CELERY_BROKER_URL")
    if url:
        if url.startswith(("redis://", "rediss://")):
            return url, dict(REDIS_TRANSPORT_OPTIONS)
        return url, {}
    # Every folder is absolute: the web and the worker must share them whatever their working
    # directory (the control folder, where queues are bound to exchanges and remote control
    # lives, would otherwise be ./control).
    queue = folder / "broker"
    for sub in ("queue", "processed", "control"):
        (queue / sub).mkdir(parents=True, exist_ok=True)
    return "filesystem://", {
        "data_folder_in": str(queue / "queue"),
        "data_folder_out": str(queue / "queue"),
        "processed_folder": str(queue / "processed"),
        "control_folder": str(queue / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }


def _megabytes(name: str, default: int) -> int:
    """A size in megabytes from the environment; 0 turns the limit off."""
    value = os.environ.get(name) or str(default)
    if not value.isdigit():
        raise ConfigurationError(f"{name} must be a whole number of megabytes (0: no limit)")
    return int(value)


def _hops(name: str) -> int:
    """A number of trusted proxies: a whole number from 0 (the default) to 10."""
    value = os.environ.get(name, "0").strip() or "0"
    if not value.isdigit() or int(value) > 10:
        raise ConfigurationError(f"{name} must be a whole number of proxies from 0 to 10")
    return int(value)


def _choice(name: str, choices: tuple[str, ...]) -> str:
    """An environment variable that names one of ``choices`` (the first by default)."""
    value = os.environ.get(name, choices[0])
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}")
    return value


def load(overrides: dict | None = None) -> dict:
    """Build the Flask configuration mapping; ``overrides`` win over the environment."""
    overrides = overrides or {}
    environment = overrides.get("PORTAL_ENV") or os.environ.get("PORTAL_ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ConfigurationError(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)}")
    folder = Path(overrides.get("PORTAL_DATA_DIR") or data_dir())
    folder.mkdir(parents=True, exist_ok=True)
    broker_url, transport_options = _broker(folder)
    production = environment == "production"
    config = {
        "PORTAL_ENV": environment,
        "PORTAL_DATA_DIR": str(folder),
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(environment, folder),
        "PORTAL_ENCRYPTION_KEY": overrides.get("PORTAL_ENCRYPTION_KEY")
        or _encryption_key(environment, folder),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{folder / 'portal.sqlite'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": str(folder / "uploads"),
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        #: The largest attachment of a proposal (a PDF), in bytes.
        "ATTACHMENT_MAX_BYTES": int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)),
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        #: Reverse proxies in front of the portal whose X-Forwarded-* headers are trusted.
        "PORTAL_TRUSTED_PROXIES": _hops("PORTAL_TRUSTED_PROXIES"),
        "BABEL_DEFAULT_LOCALE": "ru",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "portal@localhost"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "30")),
        # A failed delivery is retried after MAIL_RETRY_DELAY × 2^n seconds (at most
        # MAX_RETRY_COUNTDOWN); the outbox sweep re-sends only what is overdue by that schedule.
        "MAIL_RETRY_DELAY": float(os.environ.get("MAIL_RETRY_DELAY", "15")),
        # The sweep re-sends a pending message this many seconds after its delivery was due.
        "OUTBOX_SWEEP_GRACE": int(os.environ.get("OUTBOX_SWEEP_GRACE", "120")),
        "INVITATION_DAYS": int(os.environ.get("INVITATION_DAYS", "7")),
        # An unanswered expression of interest in a cooperation ad expires after this many days.
        "INTEREST_DAYS": int(os.environ.get("INTEREST_DAYS", "30")),
        # The file of an import that is done or failed is deleted this many days after it ended.
        "IMPORT_UPLOAD_DAYS": int(os.environ.get("IMPORT_UPLOAD_DAYS", "30")),
        # A council decision enters into force this many days after it is taken, unless a state
        # asks for reconsideration in the meantime.
        "OBJECTION_DAYS": int(os.environ.get("OBJECTION_DAYS", "10")),
        # 1: one vote per state; 2: the Commission's Board mode (a session may say otherwise).
        "COUNCIL_SEATS_PER_STATE": int(os.environ.get("COUNCIL_SEATS_PER_STATE", "1")),
        # The Central Bank of Russia's daily rates (https://www.cbr.ru/scripts/XML_daily.asp),
        # fetched by the worker once a day when set; empty: rates are entered or imported only.
        "RATES_SOURCE_URL": os.environ.get("RATES_SOURCE_URL", ""),
        "RATES_TIMEOUT": float(os.environ.get("RATES_TIMEOUT", "20")),
        # The one currency the statistics convert every grant into (a currency of the rates).
        "STATISTICS_CURRENCY": _choice("STATISTICS_CURRENCY", STATISTICS_CURRENCIES),
        "MATCHING_ENCODER": _choice("MATCHING_ENCODER", ENCODER_CHOICES),
        # A process looks at the log of matching changes at most this often (seconds): a changed
        # profile is matched on every host within about this delay.
        "MATCHING_CHANGES_POLL_SECONDS": float(os.environ.get("MATCHING_CHANGES_POLL_SECONDS", "1")),
        "LOGIN_FAILURES_BEFORE_LOCK": 5,
        "LOGIN_LOCK_MINUTES": 15,
        "WORKER_MEMORY_LIMIT_MB": _megabytes("WORKER_MEMORY_LIMIT_MB", WORKER_MEMORY_LIMIT_MB),
        "CELERY": {
            "broker_url": broker_url,
            "broker_transport_options": transport_options,
            "broker_connection_retry_on_startup": True,
            "task_ignore_result": True,
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "task_time_limit": TASK_TIME_LIMIT,
            "task_soft_time_limit": TASK_TIME_LIMIT - 60,
            # in KiB; 0 (WORKER_RECYCLE_MB=0) keeps a pool process whatever its size
            "worker_max_memory_per_child": _megabytes("WORKER_RECYCLE_MB", WORKER_RECYCLE_MB) * 1024
            or None,
            # A task whose broker connection is lost stops: the broker hands it out again.
            "worker_cancel_long_running_tasks_on_connection_loss": True,
            # On a cold shutdown (SIGQUIT) running tasks get 10 s, then go back to the queue.
            "worker_soft_shutdown_timeout": 10.0,
            "worker_enable_soft_shutdown_on_idle": True,
            "task_serializer": "json",
            "accept_content": ["json"],
            "timezone": "UTC",
            "beat_schedule_filename": str(folder / "celerybeat-schedule"),
            #: Several portals (or test runs) can share one broker with their own queues.
            "task_default_queue": os.environ.get("PORTAL_TASK_QUEUE", "portal"),
        },
    }
    config.update(overrides)
    return config
