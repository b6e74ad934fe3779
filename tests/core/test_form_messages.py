"""No form of the portal shows one of WTForms' own English messages: every form derives from the
portal's bases, and each form, given empty, wrong, too short and too long values in Russian,
tells what is wrong in the portal's words."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, FieldList, Form, FormField

import portal
from portal.core.forms import TRANSLATIONS, PortalForm, RowForm

#: What a person might type wrongly: nothing, a word, one character, far too much, a huge
#: negative number.
BAD_VALUES = ("", "not a value", "x", "x" * 200_001, "-99999999999999999999")


def _wtforms_defaults() -> list[re.Pattern]:
    """WTForms' own messages, as patterns that match them with their placeholders filled."""
    path = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
    with path.open("rb") as catalogue:
        messages = read_po(catalogue)
    patterns = []
    for message in messages:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            if text:
                pattern = re.sub(r"%\\\(\w+\\\)[sd]", ".+", re.escape(text))
                patterns.append(re.compile(rf"^{pattern}$"))
    return patterns


def _subclasses(cls: type) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _project_forms(base: type) -> list[type]:
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)
    return sorted({cls for cls in _subclasses(base) if cls.__module__.startswith("portal.")
                   and cls not in (PortalForm, RowForm)},
                  key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


PAGE_FORMS = _project_forms(FlaskForm)
ROW_FORMS = _project_forms(Form)


def _leaves(fields) -> Iterator[Field]:
    for field in fields:
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from _leaves([entry])
        elif isinstance(field, FormField):
            yield from _leaves(field.form)
        else:
            yield field


def _build(cls: type, formdata=None):
    """``cls`` with empty lists for the arguments its constructor asks for (the choices a view
    gives), and choices for every list of choices a view would fill."""
    wanted = [parameter for name, parameter in inspect.signature(cls.__init__).parameters.items()
              if name != "self" and parameter.default is inspect.Parameter.empty
              and parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    form = cls(*[[] for _parameter in wanted], formdata=formdata, meta={"csrf": False})
    for field in _leaves(form):
        if hasattr(field, "choices") and field.choices is None:
            field.choices = [("1", "one")]
    return form


def _messages(errors) -> Iterator[str]:
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _messages(value)
    elif isinstance(errors, (list, tuple)):
        for value in errors:
            yield from _messages(value)
    elif errors is not None:
        yield str(errors)


def test_the_walk_finds_the_forms_of_every_feature():
    modules = {cls.__module__.split(".")[1] for cls in PAGE_FORMS}
    assert {"accounts", "calls", "proposals", "projects", "registry", "council"} <= modules
    assert len(PAGE_FORMS) > 30 and ROW_FORMS


@pytest.mark.parametrize("cls", [*PAGE_FORMS, *ROW_FORMS],
                         ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_every_form_derives_from_the_portals_bases(cls):
    base = PortalForm if issubclass(cls, FlaskForm) else RowForm
    assert issubclass(cls, base), f"{cls.__qualname__} must derive from {base.__name__}"


@pytest.mark.parametrize("cls", PAGE_FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_no_form_falls_back_to_an_english_message_of_wtforms(app, session, cls):
    defaults = _wtforms_defaults()
    told: set[str] = set()
    with app.test_request_context("/", method="POST"), force_locale("ru"):
        names = [field.name for field in _leaves(_build(cls))
                 if field.type not in ("CSRFTokenField", "SubmitField")]
        for value in BAD_VALUES:
            form = _build(cls, MultiDict({name: value for name in names}))
            for field in _leaves(form):
                assert field._translations is TRANSLATIONS, field.name
            form.validate()
            told.update(_messages(form.errors))
    english = sorted(message for message in told
                     if any(pattern.match(message) for pattern in defaults))
    assert not english, f"{cls.__qualname__} tells WTForms' own messages: {english}"
