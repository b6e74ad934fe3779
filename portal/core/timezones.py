"""Time zones: the bounded list a user picks from, the reader's zone, and the one way a time is
shown on a page (in the reader's zone, to the minute, with the zone named).

Times are stored in UTC and the API speaks ISO 8601 with a zone; pages and forms speak the
reader's zone: a signed-in user's profile setting, :data:`VISITOR_ZONE` for a visitor.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_location
from flask import g, has_app_context, has_request_context
from flask_babel import get_locale
from flask_login import current_user

#: The zones of the member states (Russia's eleven, Belarus, Kazakhstan's two, Kyrgyzstan and
#: Armenia), and UTC: the choices of the profile page, in this order.
ZONES = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
    "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok",
    "Asia/Magadan", "Asia/Kamchatka", "Europe/Minsk", "Asia/Aqtobe", "Asia/Almaty",
    "Asia/Bishkek", "Asia/Yerevan", "UTC",
)
#: A new account's zone (the column's default) and the zone of the Council's secretariat.
DEFAULT_ZONE = "Europe/Moscow"
#: What a visitor (not signed in) reads times in: no place is assumed for them.
VISITOR_ZONE = "UTC"


#: The zone of the reader something is rendered for when it is not the request's (an e-mail).
_rendering_for: ContextVar[str | None] = ContextVar("rendering_for", default=None)


def valid_zone(name) -> bool:
    return isinstance(name, str) and name in ZONES


def reader_zone() -> str:
    """The zone of whoever the page is for: a signed-in user's setting, else :data:`VISITOR_ZONE`
    (also outside a request, where callers name the zone they want); inside :func:`in_zone_of`,
    that zone."""
    forced = _rendering_for.get()
    if forced is not None:
        return forced
    if has_request_context() and current_user and current_user.is_authenticated:
        zone = getattr(current_user, "timezone", None)
        if valid_zone(zone):
            return zone
    return VISITOR_ZONE


@contextmanager
def in_zone_of(zone: str | None) -> Iterator[None]:
    """Render something (an e-mail) for a reader in ``zone`` (theirs, not the request's): every
    time in it, and Flask-Babel's date filters, follow that zone; an unknown zone is UTC."""
    token = _rendering_for.set(zone if valid_zone(zone) else VISITOR_ZONE)
    cached = _babel_zone(None)  # Flask-Babel keeps the request's zone: make it ask again
    try:
        yield
    finally:
        _rendering_for.reset(token)
        _babel_zone(cached)


def _babel_zone(zone: tzinfo | None) -> tzinfo | None:
    """Set Flask-Babel's remembered zone of this context, returning the one it replaces."""
    babel = getattr(g, "_flask_babel", None) if has_app_context() else None
    if babel is None:
        return None
    previous = getattr(babel, "babel_tzinfo", None)
    babel.babel_tzinfo = zone
    return previous


def _zone_info(zone: str) -> tzinfo:
    return UTC if zone == "UTC" else ZoneInfo(zone)


def _locale() -> str:
    return str(get_locale() or "en")


def zone_label(zone: str, moment: datetime | None = None) -> str:
    """``UTC+03:00 Moscow`` (the offset at ``moment``, the city in the page's language); ``UTC``."""
    if zone == "UTC":
        return "UTC"
    info = _zone_info(zone)
    offset = (moment or datetime.now(UTC)).astimezone(info).strftime("%z")
    city = get_timezone_location(info, _locale(), return_city=True)
    return f"UTC{offset[:3]}:{offset[3:]} {city}"


def in_zone(moment: datetime, zone: str) -> tuple[datetime, str]:
    """``moment`` (naive means UTC) in ``zone``, with the zone it is in: UTC when it lies so close
    to the end of the calendar that the zone's offset would carry it past the last year a
    datetime holds."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(_zone_info(zone)), zone
    except OverflowError:
        return moment.astimezone(UTC), "UTC"


def format_moment(moment: datetime | date | None, zone: str | None = None) -> str:
    """The one way a time is shown: ``5 Dec 2026, 14:30 (UTC+03:00 Moscow)``, in ``zone`` (the
    reader's by default), to the minute; a bare date is shown as a date."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return format_date(moment, "medium", locale=_locale())
    local, shown_zone = in_zone(moment, zone or reader_zone())
    return (f"{format_date(local, 'medium', locale=_locale())}, "
            f"{format_time(local, 'HH:mm', locale=_locale())} ({zone_label(shown_zone, local)})")


def from_local(local: datetime, zone: str) -> datetime:
    """A time entered in ``zone`` (a form's naive value) as the UTC time it stands for."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=_zone_info(zone))
    return local.astimezone(UTC)


def zone_choices() -> list[tuple[str, str]]:
    """``(zone, "UTC+03:00 Moscow")`` for a select, in the page's language."""
    return [(zone, zone_label(zone)) for zone in ZONES]
