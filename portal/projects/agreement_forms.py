"""The form of the grant agreement's page: the signing date, a grant per partner (a field each,
added for the proposal's partners), the reporting period, what was recorded of the decision's
conditions, and the signed PDF on the last step."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, IntegerField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.core import limits
from portal.core.forms import PortalForm, between
from portal.projects.agreement import PERIOD_MONTHS

GRANT_PREFIX = "grant_"


class AgreementForm(PortalForm):
    signed_on = DateField(_l("Signing date"), validators=[DataRequired()])
    reporting_period_months = IntegerField(
        _l("Reporting period, in months"),
        validators=[DataRequired(), between(PERIOD_MONTHS[0], PERIOD_MONTHS[1])])
    conditions_note = TextAreaField(_l("The decision's conditions: how they were met"),
                                    validators=[Optional(),
                                                Length(max=limits.DESCRIPTION_MAX)],
                                    render_kw={"rows": 3})
    file = FileField(_l("The signed agreement (PDF)"))
    check = SubmitField(_l("Continue"))
    change = SubmitField(_l("Change the answers"))
    confirm = SubmitField(_l("Record the agreement"))

    def grant_fields(self) -> list[tuple[int, DecimalField]]:
        """``(organisation id, field)`` of each partner, in the order of the partners."""
        return [(int(field.name.removeprefix(GRANT_PREFIX)), field) for field in self
                if field.name.startswith(GRANT_PREFIX)]

    def locate(self, path: str):
        """The field of a service's path: ``grants.N.*`` is the N-th grant filled in; a
        problem of the grants as a whole is told at the first partner's."""
        rows, _dot, rest = path.partition(".")
        if path == "grants":
            fields = self.grant_fields()
            return fields[0][1] if fields else None
        number = rest.partition(".")[0]
        if rows != "grants" or not number.isdigit():
            return None
        filled = [field for _organisation, field in self.grant_fields() if field.data is not None]
        return filled[int(number)] if int(number) < len(filled) else None

    def grants(self) -> list[dict]:
        """The grants filled in, as the service takes them; an empty field gives no grant."""
        return [{"organisation_id": organisation_id, "amount": field.data}
                for organisation_id, field in self.grant_fields() if field.data is not None]


def agreement_form(partners: list[tuple[int, str]], currency: str,
                   asked: dict[int, Decimal | None], **values) -> AgreementForm:
    """The form with a grant field per partner (``(organisation id, name)``), prefilled with
    what each asked; ``values`` prefill the others on a first showing."""

    class PartnersAgreementForm(AgreementForm):
        pass

    for organisation_id, name in partners:
        setattr(PartnersAgreementForm, f"{GRANT_PREFIX}{organisation_id}", DecimalField(
            _l("Grant to %(name)s, in %(currency)s", name=name, currency=currency),
            places=2, default=asked.get(organisation_id),
            validators=[Optional(), between(0, limits.AMOUNT.high)]))
    return PartnersAgreementForm(**values)
