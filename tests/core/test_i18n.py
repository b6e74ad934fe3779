"""Languages: every offered language's catalogue is complete for what the sources say today,
with the English placeholders and the language's plural forms, and pages, API errors and saved
choices come out in the right language.

The messages are extracted from the sources here, as ``make catalogues`` does, so that a string
added without its Russian fails a test that names it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from portal.accounts.models import User
from portal.core.i18n import CATALOGUE_LANGUAGES, LANGUAGE_NAMES, UI_LANGUAGES
from portal.extensions import db
from portal.notifications.services import mail_user
from tests.factories import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "portal" / "translations"
#: The keywords of ``make catalogues`` (``-k _l -k lazy_gettext`` on top of babel's own).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
#: The offered languages that are translated from the English of the sources.
TRANSLATED = tuple(language for language in UI_LANGUAGES if language != "en")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")


@cache
def source_messages() -> dict[str, str]:
    """Every msgid the sources use today, with the place of its first use."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS,
        directory_filter=lambda path: Path(path).name not in {"node_modules", "instance"}
        and not Path(path).name.startswith((".", "_")),
    ):
        msgid = message[0] if isinstance(message, tuple | list) else message
        found.setdefault(msgid, f"{filename}:{lineno}")
    return found


@cache
def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def russian(msgid: str) -> str:
    return catalogue("ru")[msgid].string


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def test_the_sources_have_messages_to_translate():
    assert "EAEU Cluster Cooperation Portal" in source_messages()
    assert "The e-mail address or the password is not correct." in source_messages()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_offered_catalogue_translates_every_message_of_the_sources(language):
    messages = catalogue(language)
    assert str(messages.locale) == language
    missing = [f"{msgid!r} ({where})" for msgid, where in sorted(source_messages().items())
               if msgid not in messages]
    untranslated = [f"{msgid!r} ({where})" for msgid, where in sorted(source_messages().items())
                    if msgid in messages and not all(_forms(messages[msgid].string))]
    fuzzy = [repr(message.id) for message in messages if message.id and message.fuzzy]
    assert not missing, f"Not in the {language} catalogue (run `make catalogues`, then " \
        "translate): " + "; ".join(missing)
    assert not untranslated, f"No {language} translation: " + "; ".join(untranslated)
    assert not fuzzy, f"Fuzzy in the {language} catalogue: " + "; ".join(fuzzy)


@pytest.mark.parametrize(("language", "forms", "rule"), [
    ("ru", 3, "(n%10==1&&n%100!=11?0:n%10>=2&&n%10<=4&&(n%100<10||n%100>=20)?1:2)"),
    ("be", 3, "(n%10==1&&n%100!=11?0:n%10>=2&&n%10<=4&&(n%100<10||n%100>=20)?1:2)"),
    ("hy", 2, "(n>1)"),
    ("kk", 2, "(n!=1)"),
    ("ky", 2, "(n!=1)"),
])
def test_each_catalogue_declares_its_languages_plural_forms(language, forms, rule):
    messages = catalogue(language)
    assert messages.num_plurals == forms
    assert messages.plural_expr.replace(" ", "") == rule
    for message in messages:
        if message.id and message.pluralizable:
            assert len(_forms(message.string)) == forms, message.id


def test_every_translated_language_has_its_plural_rule_checked():
    checked = {"ru", "be", "hy", "kk", "ky"}
    assert set(TRANSLATED) == checked


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_and_tags_of_the_english(language):
    wrong = []
    for message in catalogue(language):
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        expected = placeholders(ids[-1]), tags(ids[-1])
        for form in _forms(message.string):
            if form and (placeholders(form), tags(form)) != expected:
                wrong.append(f"{ids[0]!r}: {form!r}")
    assert not wrong, "Placeholders or tags differ from the English: " + "; ".join(wrong)


def test_every_offered_language_has_a_catalogue_and_every_catalogue_is_offered():
    on_disk = {path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")}
    assert set(UI_LANGUAGES) == on_disk == set(CATALOGUE_LANGUAGES)
    assert set(LANGUAGE_NAMES) == set(UI_LANGUAGES)


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_every_catalogue_passes_the_checks_of_pybabel_compile(language):
    messages = catalogue(language)
    assert messages.mime_headers, "the catalogue has no header"
    assert dict(messages.mime_headers)["Content-Type"] == "text/plain; charset=utf-8"
    assert not [message.id for message in messages if message.id and message.fuzzy]
    errors = [f"{message.id!r}: {problems}" for message, problems in messages.check()]
    assert not errors, "; ".join(errors)


# Pages


def test_the_language_switch_turns_the_home_page_russian(client):
    client.post("/language", data={"language": "ru", "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert russian("EAEU Cluster Cooperation Portal") in html
    assert russian("Member states") in html
    assert "Member states" not in html


def test_the_language_switch_turns_the_sign_in_page_russian(client):
    response = client.post("/language", data={"language": "ru", "next": "/sign-in"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == "/sign-in"
    assert '<html lang="ru">' in html
    assert russian("E-mail address") in html
    assert russian("Password") in html
    assert ">Password<" not in html


def test_an_english_browser_gets_the_english_home_page(client):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Member states" in html
    assert russian("Member states") not in html


def test_a_russian_browser_gets_the_russian_home_page(client):
    html = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(
        as_text=True)
    assert '<html lang="ru">' in html
    assert russian("Member states") in html


def test_a_browser_that_states_no_language_gets_russian_the_working_language(client):
    html = client.get("/", headers={"Accept-Language": ""}).get_data(as_text=True)
    assert '<html lang="ru">' in html


def test_a_signed_in_users_saved_language_wins_over_the_browsers(client, session):
    user = make_user(language="ru")
    session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert russian("Member states") in html


def test_an_english_speaking_user_reads_english_in_a_russian_browser(client, session):
    user = make_user(language="en")
    session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    html = client.get("/dashboard", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "My dashboard" in html


def test_switching_language_when_signed_in_saves_it_on_the_account(client, session, app):
    user = make_user(language="en")
    session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    client.post("/language", data={"language": "ru", "next": "/"})
    assert db.session.get(User, user.id).language == "ru"
    elsewhere = app.test_client()
    elsewhere.post("/sign-in", data={"email": user.email, "password": PASSWORD},
                   headers={"Accept-Language": "en"})
    html = elsewhere.get("/dashboard", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert russian("My dashboard") in html


def translated(language: str, msgid: str) -> str:
    return catalogue(language)[msgid].string


@pytest.mark.parametrize("language", ("hy", "be", "kk", "ky"))
def test_the_language_switch_offers_and_turns_the_home_page_into_each_states_language(
        client, language):
    offered = client.get("/").get_data(as_text=True)
    assert f'<option value="{language}"' in offered
    client.post("/language", data={"language": language, "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert translated(language, "Member states") in html
    assert "Member states" not in html


def test_the_language_switch_refuses_a_language_it_does_not_offer(client):
    client.post("/language", data={"language": "de", "next": "/"})
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in html


def test_a_kazakh_browser_gets_the_kazakh_home_page(client):
    html = client.get("/", headers={"Accept-Language": "kk-KZ,kk;q=0.9,ru;q=0.5"}).get_data(
        as_text=True)
    assert '<html lang="kk">' in html


# E-mail


def test_a_mail_for_a_russian_speaking_user_is_written_in_russian(session):
    user = make_user(language="ru")
    message = mail_user(user, "password_reset", link="https://portal.example/reset/abc")
    assert message.language == "ru"
    assert message.subject == russian("Choose a new password")
    assert message.body.startswith(russian("Hello,"))
    assert russian("The link works once. If you did not ask for it, ignore this message: "
                   "your password stays as it is.") in message.body
    assert "https://portal.example/reset/abc" in message.body
    assert "Hello" not in message.body


def test_a_mail_for_an_english_speaking_user_is_written_in_english(session):
    user = make_user(language="en")
    message = mail_user(user, "password_reset", link="https://portal.example/reset/abc")
    assert message.language == "en"
    assert message.subject == "Choose a new password"
    assert message.body.startswith("Hello,")
    assert "The link works once." in message.body
    assert russian("Hello,") not in message.body


@pytest.mark.parametrize("language", ("hy", "be", "kk", "ky"))
def test_a_mail_is_written_in_the_language_the_user_chose(session, language):
    user = make_user(language=language)
    message = mail_user(user, "password_reset", link="https://portal.example/reset/abc")
    assert message.language == language
    assert message.subject == translated(language, "Choose a new password")
    assert message.body.startswith(translated(language, "Hello,"))


# API


def test_api_validation_errors_follow_accept_language(client):
    english = client.get("/api/v1/classify?region=XX-1", headers={"Accept-Language": "en"})
    russian_ = client.get("/api/v1/classify?region=XX-1", headers={"Accept-Language": "ru"})
    assert english.status_code == russian_.status_code == 422
    assert english.get_json()["error"]["message"] == "Unknown region code: XX-1"
    assert russian_.get_json()["error"]["message"] == \
        russian("Unknown region code: %(codes)s") % {"codes": "XX-1"}


def test_api_field_errors_follow_accept_language(client):
    english = client.get("/api/v1/classify", headers={"Accept-Language": "en"}).get_json()
    russian_ = client.get("/api/v1/classify", headers={"Accept-Language": "ru"}).get_json()
    assert english["error"]["message"] == "Give at least one region."
    assert english["error"]["fields"]["region"] == ["This field is required."]
    assert russian_["error"]["message"] == russian("Give at least one region.")
    assert russian_["error"]["fields"]["region"] == [russian("This field is required.")]


def test_api_http_errors_follow_accept_language(client):
    english = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    russian_ = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "ru"})
    assert english.status_code == russian_.status_code == 404
    assert english.get_json()["error"] == {"code": "not_found", "message": "There is nothing here."}
    assert russian_.get_json()["error"] == {"code": "not_found",
                                            "message": russian("There is nothing here.")}


def test_the_api_follows_accept_language_over_the_signed_in_users_choice(client, session):
    user = make_user(language="ru")
    session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    body = client.get("/api/v1/classify", headers={"Accept-Language": "en"}).get_json()
    assert body["error"]["message"] == "Give at least one region."



def test_the_api_documentation_page_follows_the_language_switch_like_every_page(client):
    client.post("/language", data={"language": "kk", "next": "/api/docs"})
    page = client.get("/api/docs", headers={"Accept-Language": "en"}).text
    assert '<html lang="kk">' in page
    assert translated("kk", "The machine-readable document is at") in page

def _forms(string) -> tuple[str, ...]:
    return tuple(string) if isinstance(string, tuple | list) else (string,)
