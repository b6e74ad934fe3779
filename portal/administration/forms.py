"""Forms of the administration pages; the role choices are set here, the member states of the
role's scope by the view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.accounts.labels import ROLE_NAMES
from portal.core.forms import PortalForm
from portal.onboarding.scope_fields import (
    RoleScopeMixin,
    cluster_field,
    organisation_field,
    state_field,
)


class UserSearchForm(PortalForm):
    class Meta:
        csrf = False

    q = StringField(_l("E-mail address or name"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Find"))


class GrantRoleForm(RoleScopeMixin, PortalForm):
    role = SelectField(_l("Role"), validators=[DataRequired()],
                       choices=[SelectChoice(role.value, name) for role, name in ROLE_NAMES.items()])
    state = state_field()
    organisation = organisation_field()
    cluster = cluster_field()
    submit = SubmitField(_l("Grant the role"))


class AuditFilterForm(PortalForm):
    class Meta:
        csrf = False

    object = StringField(_l("Object, e.g. proposal:17"), validators=[Optional(), Length(max=80)])
    actor = StringField(_l("Actor, e.g. user:3, worker or cli"), validators=[Optional(), Length(max=40)])
    action = StringField(_l("Action, e.g. role.grant"), validators=[Optional(), Length(max=60)])
    since = StringField(_l("From (day, UTC)"), validators=[Optional()], render_kw={"type": "date"})
    until = StringField(_l("To (day, UTC, included)"), validators=[Optional()], render_kw={"type": "date"})
    submit = SubmitField(_l("Filter"))
