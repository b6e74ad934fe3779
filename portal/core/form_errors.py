"""The problems of a form page, told once: under each field, and in a summary at the top of the
page that links to each field in the order of the form (GOV.UK's error summary).

A service names a problem by its path in the values (``partners.0.cofinancing_rate``);
:func:`place_problems` puts each under the field it belongs to, and what belongs to no field in
the form's own ``form_errors``. A path is never shown to a person: the summary names a field by
its label, prefixed with its row ("Partner 1: Co-financing rate").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask import Flask
from flask_babel import gettext as _
from jinja2 import pass_context
from wtforms import Field, FieldList, FormField
from wtforms.form import BaseForm
from wtforms.widgets import ListWidget

from portal.core.errors import PortalError

#: What a form may define to find the field of a service's path itself (rows that the form
#: compacts before sending, say): ``locate(path) -> Field | None``.
Locate = Callable[[str], Field | None]


@dataclass(frozen=True)
class FormProblem:
    #: The id of the element the summary links to; ``None`` for a problem of the whole form.
    target: str | None
    #: The field's name in words, with its row ("Partner 1: Co-financing rate"); empty for the
    #: whole form.
    label: str
    message: str


def target_id(field: Field) -> str:
    """The id of the element a link to ``field`` focuses: the field, its first option for a
    group of radios or check boxes, whose own id is not rendered, or the element a composite
    field names as its ``focus_id`` (a picker's text box)."""
    focus_id = getattr(field, "focus_id", None)
    if isinstance(focus_id, str):
        return focus_id
    if field.type == "RadioField" or isinstance(field.widget, ListWidget):
        options = list(field)
        if options:
            return options[0].id
    if field.type == "PickerField":
        return f"{field.id}-q"
    return field.id


def _row_label(form, list_field: FieldList, number: int, entry: Field) -> str:
    """A row's name: the form's ``row_labels`` give, for a list, a text with ``%(n)d`` or a
    function of the row's form (the member state of an envelope)."""
    labels = getattr(form, "row_labels", {}) or {}
    label = labels.get(list_field.short_name)
    if callable(label) and isinstance(entry, FormField):
        return str(label(entry.form))
    if label is not None:
        return str(label) % {"n": number}
    return f"{list_field.label.text} {number}"


def _walk(form, prefix: str = "") -> Iterator[tuple[Field, str]]:
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                row = f"{prefix}{_row_label(form, field, number, entry)}: "
                if isinstance(entry, FormField):
                    yield from _walk(entry.form, row)
                else:
                    yield entry, row.rstrip(": ")
        elif isinstance(field, FormField):
            yield from _walk(field.form, prefix)
        elif field.type not in ("CSRFTokenField", "HiddenField", "SubmitField"):
            yield field, f"{prefix}{field.label.text}"


def problems_of(form: BaseForm) -> list[FormProblem]:
    """Every problem of ``form`` in the order of its fields, the form's own first."""
    problems = [FormProblem(None, "", str(message))
                for message in getattr(form, "form_errors", None) or []]
    csrf = getattr(form, "csrf_token", None)
    if csrf is not None and csrf.errors:
        problems.insert(0, FormProblem(None, "", _("The form has expired. Please reload the "
                                                    "page and try again.")))
    for field, label in _walk(form):
        for message in field.errors or []:
            if isinstance(message, (list, tuple, dict)):
                continue
            problems.append(FormProblem(target_id(field), label, str(message)))
    return problems


def _by_path(form, path: str) -> Field | None:
    """The field at a dotted path: ``title``, ``partners.0.cofinancing_rate``."""
    node = form
    for part in path.split("."):
        if isinstance(node, FieldList):
            node = node.entries[int(part)] if part.isdigit() and int(part) < len(node) else None
        else:
            if isinstance(node, FormField):
                node = node.form
            node = node._fields.get(part) if hasattr(node, "_fields") else None
        if node is None:
            return None
    if isinstance(node, (FieldList, FormField)):
        return None
    return node


def field_for(form, path: str, renames: dict[str, str] | None = None) -> Field | None:
    locate: Locate | None = getattr(form, "locate", None)
    if locate is not None and (field := locate(path)) is not None:
        return field
    return _by_path(form, (renames or {}).get(path, path))


def place_problems(form, error: PortalError, renames: dict[str, str] | None = None) -> None:
    """Put a service's problems under the form's fields; what has no field of its own, and the
    error's message when no problem is named, goes to the form's ``form_errors``."""
    unplaced: list[str] = []
    for path, messages in error.fields.items():
        field = field_for(form, path, renames)
        if field is not None:
            field.errors = [*field.errors, *messages]
        else:
            unplaced.extend(str(m) for m in messages)
    if not error.fields:
        unplaced.append(error.message)
    form.form_errors = [*(getattr(form, "form_errors", None) or []), *unplaced]


@pass_context
def page_problems(context) -> list[FormProblem]:
    """The problems of every form the page was given, in the order they were given."""
    problems: list[FormProblem] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        if isinstance(value, BaseForm) and id(value) not in seen:
            seen.add(id(value))
            problems.extend(problems_of(value))
    return problems


def init_app(app: Flask) -> None:
    app.add_template_global(page_problems)
