"""Checks of profile values shared by the registry's services.

Each check appends its messages to ``problems`` (field name → messages) and returns the value to
store, so that a service reports every invalid value at once with
:func:`~portal.core.validation.raise_if`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.models import LANGUAGES
from portal.core import limits
from portal.core.validation import Problems, add_problem
from portal.extensions import db
from portal.reference.models import MemberState, NaceCode, TechnologyField
from portal.reference.queries import (
    region_name,
    resolve_region,
    resolve_technology_fields,
    state_name,
)
from portal.registry.models import BUDGET_CURRENCIES, OrganisationKind, OrganisationSize


def check_place(state: str, region: str, problems: Problems) -> str | None:
    """The region's current ISO code when it is a region of ``state``; records a problem if not."""
    if db.session.get(MemberState, (state or "").upper()) is None:
        add_problem(problems, "state", _("Choose a member state."))
        return None
    found = resolve_region(region or "")
    if found is None:
        add_problem(problems, "region", _("Unknown region code: %(codes)s", codes=region))
        return None
    if found.state_code != (state or "").upper():
        add_problem(problems, "region", _("The region %(region)s is not in %(state)s.",
                                          region=region_name(found.code),
                                          state=state_name(state.upper())))
        return None
    return found.code


def check_name(name: str, problems: Problems, field: str = "name") -> str:
    if not name or not name.strip():
        add_problem(problems, field, _("This field is required."))
        return ""
    return check_text(name, field, limits.NAME_MAX, problems)


def check_text(value: str | None, field: str, most: int, problems: Problems) -> str:
    """A text of at most ``most`` characters (once stripped); nothing is an empty text."""
    value = (value or "").strip()
    problem = limits.text_problem(value, most)
    if problem:
        add_problem(problems, field, problem)
    return value


def check_optional_text(value: str | None, field: str, most: int,
                        problems: Problems) -> str | None:
    return check_text(value, field, most, problems) or None


def _check_codes(codes: list, field: str, problems: Problems) -> bool:
    """Whether a list of codes is short enough to be looked up."""
    problem = limits.count_problem(codes, limits.CODES_MAX)
    if problem:
        add_problem(problems, field, problem)
    return problem is None


def check_language(language: str, problems: Problems) -> str:
    if language not in LANGUAGES:
        add_problem(problems, "language", _("Unknown language: %(language)s", language=language))
    return language


def check_languages(languages: Iterable[str], problems: Problems) -> list[str]:
    languages = list(languages)
    if not _check_codes(languages, "languages", problems):
        return []
    languages = list(dict.fromkeys(languages))
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        add_problem(problems, "languages", _("Unknown language: %(language)s", language=", ".join(unknown)))
    return languages


def check_kind(kind: str, problems: Problems) -> str:
    if kind not in set(OrganisationKind):
        add_problem(problems, "kind", _("Unknown kind of organisation: %(kind)s", kind=kind))
    return kind


def check_size(size: str | None, problems: Problems) -> str | None:
    if size in (None, ""):
        return None
    if size not in set(OrganisationSize):
        add_problem(problems, "size", _("Unknown size: %(size)s", size=size))
    return size


def check_website(website: str | None, problems: Problems) -> str | None:
    website = (website or "").strip()
    if not website:
        return None
    if (not website.startswith(("https://", "http://")) or len(website) > limits.ADDRESS_MAX
            or " " in website):
        add_problem(problems, "website", _("Give the full address, starting with https://."))
    return website


def check_statements(texts: Iterable[str], field: str, problems: Problems) -> list[str]:
    """Offers or needs: one statement each, blank ones dropped, as many and as long as
    :mod:`portal.core.limits` allows."""
    texts = [text.strip() for text in texts if text and text.strip()]
    problem = limits.statements_problem(texts)
    if problem:
        add_problem(problems, field, problem)
    return texts


def technology_fields(keys: Iterable[str], problems: Problems) -> list[TechnologyField]:
    keys = list(keys)
    if not _check_codes(keys, "technology_fields", problems):
        return []
    fields, problem = resolve_technology_fields(keys)
    if problem:
        add_problem(problems, "technology_fields", problem)
    return fields


def check_nace(codes: Iterable[str], problems: Problems) -> list[str]:
    """NACE classes, each optionally followed by a national code after a slash (``21.20/21.20.1``)."""
    codes = [code.strip() for code in codes if code and code.strip()]
    if not _check_codes(codes, "nace_codes", problems):
        return []
    classes = {code.partition("/")[0] for code in codes}
    known = set(db.session.scalars(
        select(NaceCode.code).where(NaceCode.code.in_(classes), NaceCode.level == "class")))
    unknown = sorted(classes - known)
    if unknown:
        add_problem(problems, "nace_codes", _("Not a NACE Rev. 2 class: %(codes)s", codes=", ".join(unknown)))
    return codes


def check_count(value: int | None, field: str, problems: Problems,
                most: int = limits.INTEGER_MAX) -> int | None:
    """A figure such as jobs or members: a whole number from 0 to ``most``, or nothing."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        add_problem(problems, field, _("Give a whole number of 0 or more."))
        return None
    problem = limits.integer_problem(value, 0, most)
    if problem:
        add_problem(problems, field, problem)
        return None
    return value


def check_budget_amount(value: int | None, problems: Problems) -> int | None:
    """A yearly budget in whole units, within :data:`portal.core.limits.AMOUNT`."""
    return check_count(value, "budget", problems, int(limits.AMOUNT.high))


def check_founded_year(year: int | None, problems: Problems) -> int | None:
    year = check_count(year, "founded_year", problems)
    if year is not None and not 1900 <= year <= date.today().year:
        add_problem(problems, "founded_year", _("Give a year between 1900 and this year."))
    return year


def check_budget(budget: int | None, currency: str | None, problems: Problems) -> str | None:
    """The budget's currency: required with a budget, one of :data:`BUDGET_CURRENCIES`."""
    currency = (currency or "").strip().upper() or None
    if currency is not None and currency not in BUDGET_CURRENCIES:
        add_problem(problems, "budget_currency", _("Choose one of %(currencies)s.",
                                                   currencies=", ".join(BUDGET_CURRENCIES)))
    elif budget is not None and currency is None:
        add_problem(problems, "budget_currency", _("Give the currency of the budget."))
    return currency


def check_date(value: date | str | None, field: str, problems: Problems) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            add_problem(problems, field, _("Give a date as YYYY-MM-DD."))
            return None
    problem = limits.date_problem(value)
    if problem:
        add_problem(problems, field, problem)
        return None
    return value
