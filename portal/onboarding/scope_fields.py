"""The scope of a role on the invitation and role-granting forms: a member state, an
organisation or a cluster, each with a control of its own that follows the role.

Without a script the form shows the three controls, each labelled with the roles it serves
(``templates/_scope.html``), and only the one matching the chosen role is read: the others may
hold whatever was left in them. ``static/js/role-scope.js`` shows only the one the role needs.
The organisation and the cluster are picked by name (:mod:`portal.registry.picker`).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice

from portal.accounts.labels import ROLE_NAMES
from portal.accounts.roles import SCOPE_OF_ROLE, Role, RoleSpec, ScopeKind
from portal.core.errors import ValidationError
from portal.reference.queries import states
from portal.registry.models import Cluster
from portal.registry.picker import PickerField

#: The form field that holds each kind of scope.
FIELD_OF_KIND = {ScopeKind.STATE: "state", ScopeKind.ORGANISATION: "organisation",
                 ScopeKind.CLUSTER: "cluster"}


def state_field() -> SelectField:
    return SelectField(_l("Member state"), validate_choice=False)


def organisation_field() -> PickerField:
    return PickerField(_l("Organisation"))


def cluster_field() -> PickerField:
    return PickerField(_l("Cluster"), model=Cluster)


class RoleScopeMixin:
    """What a form with a ``role`` select and the three scope fields (:func:`state_field`,
    :func:`organisation_field`, :func:`cluster_field`) knows of the scope."""

    role: SelectField
    state: SelectField
    organisation: PickerField
    cluster: PickerField

    def fill_states(self, language: str) -> None:
        self.state.choices = [SelectChoice("", _("None"))] + [
            SelectChoice(state.code, state.name(language)) for state in states()]

    def chosen_role(self) -> Role | None:
        return Role(self.role.data) if self.role.data in set(Role) else None

    def roles_by_scope(self) -> dict[ScopeKind, list[str]]:
        """The names of the roles offered, by the kind of their scope, for the labels of the
        scope controls; a kind no offered role takes is left out."""
        kinds: dict[ScopeKind, list[str]] = {}
        for role in self._offered_roles():
            if SCOPE_OF_ROLE[role] is not ScopeKind.NONE:
                kinds.setdefault(SCOPE_OF_ROLE[role], []).append(str(ROLE_NAMES[role]))
        return kinds

    def scope_of_roles(self) -> dict[str, str]:
        """Each offered role's kind of scope, for the script that shows only the control the
        chosen role needs."""
        return {str(role): str(SCOPE_OF_ROLE[role]) for role in self._offered_roles()}

    def role_spec(self) -> RoleSpec:
        """The chosen role with the scope of the control its kind reads; a validation error on
        that control when it is empty."""
        role = self.chosen_role()
        if role is None:
            raise ValidationError(_("Choose a role."), {"role": [_("Choose a role.")]})
        kind = SCOPE_OF_ROLE[role]
        if kind is ScopeKind.NONE:
            return RoleSpec(role)
        value = self._field_of(kind).data
        if not value:
            message = {ScopeKind.STATE: _("Choose a member state."),
                       ScopeKind.ORGANISATION: _("Choose an organisation."),
                       ScopeKind.CLUSTER: _("Choose a cluster.")}[kind]
            raise ValidationError(message, {FIELD_OF_KIND[kind]: [message]})
        return RoleSpec(role, str(value))

    def locate(self, path: str) -> Field | None:
        """The control a service's problem of the ``scope`` is shown under: the one the chosen
        role reads (see :func:`portal.core.form_errors.field_for`)."""
        role = self.chosen_role()
        if path != "scope" or role is None or SCOPE_OF_ROLE[role] is ScopeKind.NONE:
            return None
        return self._field_of(SCOPE_OF_ROLE[role])

    def _offered_roles(self) -> list[Role]:
        return [Role(choice.value) for choice in self.role.choices or []]

    def _field_of(self, kind: ScopeKind) -> Field:
        return getattr(self, FIELD_OF_KIND[kind])
