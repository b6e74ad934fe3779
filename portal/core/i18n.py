"""Languages: the six of the Union's states and its working language, each with a complete
catalogue (a test fails on a missing message). The page language is the signed-in user's
choice, else the one picked with the language switch, else the browser's. The API follows
``Accept-Language`` first; a user's e-mails are written in their language.
"""

from __future__ import annotations

import os

from flask import Flask, has_request_context, request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user

from portal.core.timezones import reader_zone
from portal.extensions import babel

#: Every language a catalogue exists for.
CATALOGUE_LANGUAGES = ("ru", "en", "hy", "be", "kk", "ky")
#: Languages offered in the language switch: each has a complete catalogue.
UI_LANGUAGES = CATALOGUE_LANGUAGES
LANGUAGE_NAMES = {"ru": "Русский", "en": "English", "hy": "Հայերեն", "be": "Беларуская",
                  "kk": "Қазақша", "ky": "Кыргызча"}
DEFAULT_LANGUAGE = "ru"
#: The machine interface's addresses, which follow ``Accept-Language`` first; the API's page of
#: documentation (``/api/docs``) is a page like the others, in the reader's chosen language.
API_PATH = "/api/v1/"


def select_locale() -> str:
    if not has_request_context():  # a task or a command: callers pick with in_language()
        return DEFAULT_LANGUAGE
    if request.path.startswith(API_PATH) and request.headers.get("Accept-Language"):
        return request.accept_languages.best_match(UI_LANGUAGES) or DEFAULT_LANGUAGE
    if current_user and current_user.is_authenticated and current_user.language in UI_LANGUAGES:
        return current_user.language
    if session.get("language") in UI_LANGUAGES:
        return session["language"]
    return request.accept_languages.best_match(UI_LANGUAGES) or DEFAULT_LANGUAGE


def select_timezone() -> str:
    """Flask-Babel's zone (its date filters convert to it): the reader's, see
    :func:`portal.core.timezones.reader_zone`."""
    return reader_zone()


def terminal_language() -> str:
    """The language of the shell (``LANG=en_GB.UTF-8`` → ``en``), else the portal's default:
    what a command speaks unless told otherwise."""
    language = (os.environ.get("LC_ALL") or os.environ.get("LANG") or "")[:2].lower()
    return language if language in UI_LANGUAGES else DEFAULT_LANGUAGE


def in_language(language: str | None):
    """Render something (an e-mail) in another language than the request's."""
    return force_locale(language if language in UI_LANGUAGES else DEFAULT_LANGUAGE)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)

    @app.context_processor
    def languages():
        return {"ui_languages": UI_LANGUAGES, "language_names": LANGUAGE_NAMES,
                "current_language": str(get_locale() or DEFAULT_LANGUAGE)}
