"""Organisation and cluster pickers: a form field that holds the id of the chosen profile, found
by its name.

Without a script the person types part of a name in the field's text box and presses its Find
button (``name="pick"``, ``value`` the field's name): the view calls :func:`prepare_pickers`,
which answers ``True``, and shows the form again with everything typed kept and the matches as
radio buttons instead of saving it. With ``static/js/picker.js`` the text box becomes a
combobox that asks :mod:`portal.registry.pick_views` as one types. Either way the form posts
the id; whether that organisation may be chosen stays the rule of the service the form feeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import Field, FieldList, FormField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

from portal.core import limits
from portal.registry import queries
from portal.registry.labels import KIND_NAMES
from portal.registry.models import Cluster, Organisation

#: The name of every picker's Find button; its value is the name of the picker searched.
PICK_BUTTON = "pick"
#: How much of a name a search takes: fewer characters find too much, more are no name.
QUERY_MIN, QUERY_MAX = 2, 100
#: How many matches a search shows; more mean the person should give more of the name.
RESULTS_MAX = 20


def query_problem(text: str) -> str | None:
    """What is wrong with a search text (already stripped), or ``None``."""
    if len(text) < QUERY_MIN:
        return _("Give at least %(n)d characters of the name.", n=QUERY_MIN)
    return limits.text_problem(text, QUERY_MAX)


def find(model: type[Organisation] | type[Cluster], user, text: str) -> tuple[list, bool]:
    """The first :data:`RESULTS_MAX` profiles ``user`` may see whose name contains ``text``, by
    name, and whether there are more."""
    found = queries.lookup_profiles(model, user, text, RESULTS_MAX + 1)
    return found[:RESULTS_MAX], len(found) > RESULTS_MAX


class PickerField(Field):
    """The id of an organisation (or, with ``model=Cluster``, a cluster), or ``None``.

    Beside its value it reads its text box (``<name>-q``) and whether its Find button was
    pressed; :func:`prepare_pickers` then fills ``chosen``, ``found``, ``more`` and
    ``search_error`` for the template (``_picker.html``). ``required`` makes an empty choice
    an error of the field.
    """

    def __init__(self, label=None, validators=None, *, model: type = Organisation,
                 required: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.model = model
        self.required = required
        self.query = ""
        self.searched = False
        self.chosen: Organisation | Cluster | None = None
        self.found: list = []
        self.more = False
        self.search_error: str | None = None

    @property
    def kind(self) -> str:
        return "clusters" if self.model is Cluster else "organisations"

    @property
    def query_name(self) -> str:
        return f"{self.name}-q"

    @property
    def focus_id(self) -> str:
        """The id of the text box, which the error summary links to."""
        return f"{self.id}-q"

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.query = (formdata.get(self.query_name) or "").strip()[:QUERY_MAX + 1]
            self.searched = formdata.get(PICK_BUTTON) == self.name

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        number = int(text) if text.isascii() and text.isdigit() else 0
        self.data = number if limits.is_id(number) else None

    def pre_validate(self, form):
        if self.required and self.data is None:
            raise StopValidation(_("Choose an organisation.") if self.model is Organisation
                                 else _("Choose a cluster."))

    def _value(self) -> str:
        return str(self.data) if self.data else ""


def pickers(fields: Iterable) -> Iterator[PickerField]:
    """The pickers of a form, in rows of its field lists too."""
    for field in fields:
        if isinstance(field, PickerField):
            yield field
        elif isinstance(field, FormField):
            yield from pickers(field.form)
        elif isinstance(field, FieldList):
            yield from pickers(field)


def prepare_pickers(form, user) -> bool:
    """Load what each picker of ``form`` shows ``user``: the profile chosen (only one the user
    may see) and, for the picker whose Find button was pressed, the matches of its text. True
    when a Find button was pressed: the form is then shown again, not saved."""
    searched = False
    for field in pickers(form):
        if field.data is not None:
            field.chosen = queries.visible_profile(field.model, user, field.data)
        if not field.searched:
            continue
        searched = True
        field.search_error = query_problem(field.query)
        if field.search_error is None:
            field.found, field.more = find(field.model, user, field.query)
    return searched


def found_summary(model: type, count: int, more: bool) -> str:
    """How many a search found, in words, and a word to narrow it when it found too many."""
    if model is Cluster:
        text = ngettext("%(num)d cluster found.", "%(num)d clusters found.", count)
    else:
        text = ngettext("%(num)d organisation found.", "%(num)d organisations found.", count)
    if more:
        text += " " + _("Only the first %(n)d are shown: give more of the name.", n=RESULTS_MAX)
    return text


def nothing_found(model: type, text: str) -> str:
    if model is Cluster:
        return _("No cluster you may choose has “%(query)s” in its name.", query=text)
    return _("No organisation you may choose has “%(query)s” in its name.", query=text)


def kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))


def init_app(app) -> None:
    app.add_template_global(kind_name, "picker_kind_name")
    app.add_template_global(found_summary)
    app.add_template_global(nothing_found)
