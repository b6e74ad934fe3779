"""Forms of the registry's pages: the organisation profile, and the moderators' buttons."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.accounts.models import LANGUAGES
from portal.core import limits
from portal.core.forms import PortalForm
from portal.core.i18n import LANGUAGE_NAMES
from portal.reference import queries as reference
from portal.registry.labels import HELIX_NAMES, KIND_NAMES, SIZE_NAMES
from portal.registry.models import BUDGET_CURRENCIES, Cluster, HelixRole, Organisation


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered in a fieldset by the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(PortalForm):
    """What organisation and cluster profiles share: a name, a place, a language, a description
    and technology fields, with the choices in the reader's language."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    state = SelectField(_l("Member state"))
    region = SelectField(_l("Region"))
    language = SelectField(_l("Language of the profile"))
    description = TextAreaField(_l("Description"), validators=[Length(max=limits.DESCRIPTION_MAX)],
                                render_kw={"rows": 5})
    technology_fields = CheckboxesField(_l("Technology fields"))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = str(get_locale())
        self.state.choices = [SelectChoice(s.code, s.name(language)) for s in reference.states()]
        state_names = {s.code: s.name(language) for s in reference.states()}
        self.region.choices = [
            SelectChoice(r.code, f"{r.name(language)} ({r.code})", optgroup=state_names[r.state_code])
            for r in sorted(reference.regions(), key=lambda r: (r.state_code, r.name(language)))]
        self.language.choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
        self.technology_fields.choices = [SelectChoice(f.key, f.name(language))
                                          for f in reference.technology_fields()]
        if not self.is_submitted() and self.language.data is None:
            self.language.data = language if language in LANGUAGES else None


class OrganisationForm(ProfileForm):
    kind = SelectField(_l("Kind of organisation"))
    languages = CheckboxesField(_l("Languages the organisation works in"))
    size = SelectField(_l("Size"))
    offers = TextAreaField(_l("What the organisation offers"), render_kw={"rows": 4})
    needs = TextAreaField(_l("What the organisation is looking for"), render_kw={"rows": 4})
    nace_codes = StringField(_l("NACE Rev. 2 classes"))
    website = StringField(_l("Website"), validators=[Length(max=limits.ADDRESS_MAX)],
                          render_kw={"autocomplete": "url", "inputmode": "url"})
    submit = SubmitField(_l("Save the profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(str(kind), str(name)) for kind, name in KIND_NAMES.items()]
        self.languages.choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
        self.size.choices = [SelectChoice("", str(_l("Not stated"))),
                             *(SelectChoice(str(size), str(name)) for size, name in SIZE_NAMES.items())]

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


class NewOrganisationForm(OrganisationForm):
    """The registration of an organisation: the profile's fields, without a version yet."""

    submit = SubmitField(_l("Register the organisation"))


def helix_choices() -> list[SelectChoice]:
    return [SelectChoice(str(role), str(name)) for role, name in HELIX_NAMES.items()]


def _whole(label) -> IntegerField:
    return IntegerField(label, validators=[Optional()], render_kw={"inputmode": "numeric"})


class ClusterForm(ProfileForm):
    """A cluster's profile; the values of :data:`portal.registry.services.CLUSTER_DETAILS`."""

    specialisation = TextAreaField(_l("Specialisation"),
                                   validators=[Length(max=limits.DESCRIPTION_MAX)],
                                   render_kw={"rows": 2})
    founded_year = _whole(_l("Year founded"))
    member_count_declared = _whole(_l("Members (as declared)"))
    jobs = _whole(_l("Jobs"))
    management_team_size = _whole(_l("Management team"))
    budget = _whole(_l("Yearly budget"))
    budget_currency = SelectField(_l("Currency of the budget"), validate_choice=False)
    quality_label = StringField(_l("Quality label"), validators=[Length(max=limits.LABEL_MAX)])
    quality_label_issuer = StringField(_l("Awarded by"), validators=[Length(max=limits.NAME_MAX)])
    quality_label_expires_on = DateField(_l("Label valid until"), validators=[Optional()])
    submit = SubmitField(_l("Save the cluster"))

    #: Form fields whose values go to the service as they are.
    DETAILS = ("description", "technology_fields", "specialisation", "founded_year",
               "member_count_declared", "jobs", "budget", "budget_currency",
               "management_team_size", "quality_label", "quality_label_issuer",
               "quality_label_expires_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_currency.choices = [SelectChoice("", str(_l("Not stated"))),
                                        *(SelectChoice(code, code) for code in BUDGET_CURRENCIES)]

    def fill_from(self, cluster: Cluster) -> None:
        self.name.data = cluster.name
        self.state.data = cluster.state_code
        self.region.data = cluster.region_code
        self.language.data = cluster.language
        for name in self.DETAILS:
            getattr(self, name).data = getattr(cluster, name)
        self.technology_fields.data = [field.key for field in cluster.technology_fields]
        self.budget_currency.data = cluster.budget_currency or ""
        self.version.data = str(cluster.version)

    def changes(self) -> dict:
        """The form's values in the names of :data:`portal.registry.services.CLUSTER_FIELDS`."""
        values = {name: getattr(self, name).data for name in self.DETAILS}
        values["technology_fields"] = values["technology_fields"] or []
        values["description"] = values["description"] or ""
        values["budget_currency"] = values["budget_currency"] or None
        return values | {"name": self.name.data, "state": self.state.data,
                         "region": self.region.data, "language": self.language.data}


class NewClusterForm(ClusterForm):
    """A new cluster: its profile, the organisation that manages it (among those the creator
    may act for) and that organisation's helix role as the cluster's first member."""

    management_organisation_id = SelectField(_l("Management organisation"), coerce=int)
    management_helix_role = SelectField(_l("Helix role of the management organisation"),
                                        default=str(HelixRole.INTERMEDIARY))
    submit = SubmitField(_l("Create the cluster"))

    def __init__(self, organisations: list[Organisation], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.management_organisation_id.choices = [SelectChoice(o.id, o.name)
                                                   for o in organisations]
        self.management_helix_role.choices = helix_choices()


class AddMemberForm(PortalForm):
    organisation_id = HiddenField(validators=[DataRequired()])
    helix_role = SelectField(_l("Helix role"))
    manages = BooleanField(_l("Manages the cluster in its member state"))
    submit = SubmitField(_l("Add"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helix_role.choices = helix_choices()


class MemberRoleForm(PortalForm):
    helix_role = SelectField(_l("Helix role"))
    submit = SubmitField(_l("Change the role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helix_role.choices = helix_choices()


class MemberManagesForm(PortalForm):
    manages = BooleanField(_l("Manages the cluster in its member state"))
    submit = SubmitField(_l("Save"))


class RemoveMemberForm(PortalForm):
    submit = SubmitField(_l("Remove"))


class PublishForm(PortalForm):
    submit = SubmitField(_l("Publish"))


class ReturnForm(PortalForm):
    reason = TextAreaField(_l("Reason for returning"), validators=[DataRequired()],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("Return to the owners"))
