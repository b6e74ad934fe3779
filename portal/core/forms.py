"""The bases of every form of the portal, and the one place where WTForms' own messages are put
in the portal's words and catalogues.

WTForms writes its messages ("This field is required.", "Not a valid integer value.", "Number
must be between 1 and 120.") in English, or through its own catalogues, which lack most of the
Union's languages. A page form derives from :class:`PortalForm` and a row of a table from
:class:`RowForm`: both hand WTForms :data:`TRANSLATIONS`, which answers each of WTForms'
messages with one of the portal's, in the reader's language. A validator may still carry a
message of its own; a number's bounds are best given through :func:`between`, which writes them
as the reader's language writes numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, Form
from wtforms.validators import NumberRange

from portal.core import numbers

#: WTForms' placeholders kept in a translated message, for WTForms to fill in.
_KEEP = {"low": "%(min)s", "high": "%(max)s"}

#: Each of WTForms' messages a form of the portal can meet, in the portal's words.
MESSAGES: dict[str, Callable[[int | None], str]] = {
    "This field is required.": lambda n: _("This field is required."),
    "Invalid input.": lambda n: _("This field is required."),
    "Not a valid integer value.": lambda n: _("Must be a whole number."),
    "Not a valid decimal value.": lambda n: _("Must be a number."),
    "Not a valid float value.": lambda n: _("Must be a number."),
    "Not a valid date value.": lambda n: _("Give a date as YYYY-MM-DD."),
    "Not a valid datetime value.": lambda n: _("Give a date and a time."),
    "Not a valid time value.": lambda n: _("Give a date and a time."),
    "Invalid email address.": lambda n: _("Give a valid e-mail address."),
    "Not a valid choice.": lambda n: _("Choose one of the options offered."),
    "Invalid Choice: could not coerce.": lambda n: _("Choose one of the options offered."),
    "Invalid choice(s): one or more data inputs could not be coerced.":
        lambda n: _("Choose one of the options offered."),
    "'%(value)s' is not a valid choice for this field.":
        lambda n: _("Choose one of the options offered."),
    "Field must be at least %(min)d character long.":
        lambda n: _("At least %(n)d characters.", n=n),
    "Field cannot be longer than %(max)d character.":
        lambda n: _("At most %(n)d characters.", n=n),
    "Number must be between %(min)s and %(max)s.":
        lambda n: _("Must be between %(low)s and %(high)s.", **_KEEP),
}


class PortalTranslations:
    """WTForms' translations object: its message in the portal's words, or as it is when the
    portal has none for it."""

    def gettext(self, string: str) -> str:
        mine = MESSAGES.get(string)
        return mine(None) if mine is not None else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        mine = MESSAGES.get(singular)
        if mine is not None:
            return mine(n)
        return singular if n == 1 else plural


TRANSLATIONS = PortalTranslations()


class _PortalMeta:
    def get_translations(self, form) -> PortalTranslations:
        return TRANSLATIONS


class PortalForm(FlaskForm):
    """A page's form: Flask-WTF's (CSRF, files), with the portal's messages."""

    Meta = _PortalMeta


class RowForm(Form):
    """A row of a table in a page's form (``FieldList(FormField(...))``), with the portal's
    messages."""

    Meta = _PortalMeta


class _Between(NumberRange):
    """WTForms' range, silent when there is no number: an empty field is for ``DataRequired``
    or ``Optional`` to tell, a field that is no number has told it already."""

    def __call__(self, form, field) -> None:
        if field.data is not None:
            super().__call__(form, field)


def between(low: int | Decimal, high: int | Decimal) -> NumberRange:
    """A number from ``low`` to ``high``, told in the reader's way of writing numbers."""

    def message() -> str:
        return _("Must be between %(low)s and %(high)s.", low=numbers.number(low),
                 high=numbers.number(high))

    return _Between(min=low, max=high, message=LazyString(message))


HUNDRED = Decimal(100)


class PercentField(DecimalField):
    """A rate typed and shown as a percentage (40) whose data is the fraction the services and
    the API keep (0.4). The number box holds the value as HTML writes numbers ("12.5"; the
    browser shows it in the reader's way) and either decimal sign is taken back, as a percentage
    never needs grouping. A percentage outside 0 to ``most`` is refused with ``out_of_range``."""

    def __init__(self, label=None, validators=None, most: Decimal = HUNDRED,
                 out_of_range=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.most = most
        self.out_of_range = out_of_range or _l("Must be between 0 and 100 %.")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format((Decimal(self.data) * HUNDRED).normalize(), "f")

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        if not valuelist[0].strip():
            self.data = None
            return
        typed = valuelist[0].strip().removesuffix("%").strip().replace(",", ".")
        try:
            percent = Decimal(typed)
        except InvalidOperation:
            self.data = None
            raise ValueError(_("Must be a number.")) from None
        if not percent.is_finite() or not 0 <= percent <= self.most:
            self.data = None
            raise ValueError(str(self.out_of_range))
        self.data = percent / HUNDRED
