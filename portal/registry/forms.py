"""Forms of the registry's pages: the organisation profile, and the moderators' buttons."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.accounts.models import LANGUAGES
from portal.core.i18n import LANGUAGE_NAMES
from portal.reference import queries as reference
from portal.registry.labels import KIND_NAMES, SIZE_NAMES
from portal.registry.models import Organisation


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered in a fieldset by the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind of organisation"))
    state = SelectField(_l("Member state"))
    region = SelectField(_l("Region"))
    language = SelectField(_l("Language of the profile"))
    languages = CheckboxesField(_l("Languages the organisation works in"))
    size = SelectField(_l("Size"))
    description = TextAreaField(_l("Description"), render_kw={"rows": 5})
    offers = TextAreaField(_l("What the organisation offers"), render_kw={"rows": 4})
    needs = TextAreaField(_l("What the organisation is looking for"), render_kw={"rows": 4})
    nace_codes = StringField(_l("NACE Rev. 2 classes"))
    technology_fields = CheckboxesField(_l("Technology fields"))
    website = StringField(_l("Website"), render_kw={"autocomplete": "url", "inputmode": "url"})
    version = HiddenField()
    submit = SubmitField(_l("Save the profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = str(get_locale())
        self.kind.choices = [SelectChoice(str(kind), str(name)) for kind, name in KIND_NAMES.items()]
        self.state.choices = [SelectChoice(s.code, s.name(language)) for s in reference.states()]
        state_names = {s.code: s.name(language) for s in reference.states()}
        self.region.choices = [
            SelectChoice(r.code, f"{r.name(language)} ({r.code})", optgroup=state_names[r.state_code])
            for r in sorted(reference.regions(), key=lambda r: (r.state_code, r.name(language)))]
        self.language.choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
        self.languages.choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
        self.size.choices = [SelectChoice("", str(_l("Not stated"))),
                             *(SelectChoice(str(size), str(name)) for size, name in SIZE_NAMES.items())]
        self.technology_fields.choices = [SelectChoice(f.key, f.name(language))
                                          for f in reference.technology_fields()]

    def fill_from(self, organisation: Organisation) -> None:
        self.name.data = organisation.name
        self.kind.data = organisation.kind
        self.state.data = organisation.state_code
        self.region.data = organisation.region_code
        self.language.data = organisation.language
        self.languages.data = list(organisation.languages or [])
        self.size.data = organisation.size or ""
        self.description.data = organisation.description
        self.offers.data = "\n".join(organisation.offers or [])
        self.needs.data = "\n".join(organisation.needs or [])
        self.nace_codes.data = ", ".join(organisation.nace_codes or [])
        self.technology_fields.data = [field.key for field in organisation.technology_fields]
        self.website.data = organisation.website or ""
        self.version.data = str(organisation.version)

    def changes(self) -> dict:
        """The form's values in the names of :data:`portal.registry.services.ORGANISATION_FIELDS`."""
        return {
            "name": self.name.data, "kind": self.kind.data, "state": self.state.data,
            "region": self.region.data, "language": self.language.data,
            "languages": self.languages.data or [], "size": self.size.data or None,
            "description": self.description.data or "",
            "offers": (self.offers.data or "").splitlines(),
            "needs": (self.needs.data or "").splitlines(),
            "nace_codes": [code for code in (self.nace_codes.data or "").replace(";", ",").split(",")
                           if code.strip()],
            "technology_fields": self.technology_fields.data or [],
            "website": self.website.data or None,
        }


class PublishForm(FlaskForm):
    submit = SubmitField(_l("Publish"))


class ReturnForm(FlaskForm):
    reason = TextAreaField(_l("Reason for returning"), validators=[DataRequired()],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("Return to the owners"))
