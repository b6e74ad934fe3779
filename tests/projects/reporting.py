"""A project ready for its period reports: a Russian lead and a Belarusian partner with a member
each, the secretariat, an outsider, and the values of a complete report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.accounts import tokens
from portal.extensions import db
from tests.factories import make_approved_proposal, make_organisation, make_project, make_user


@dataclass
class Reporting:
    project: object
    lead: object
    partner: object
    lead_member: object
    partner_member: object
    secretariat: object
    outsider: object

    @property
    def periods(self):
        return self.project.periods

    @property
    def indicator(self):
        return self.project.proposal.indicators[0]

    @property
    def milestone(self):
        return self.project.proposal.milestones[0]

    def values(self, **changes) -> dict:
        values = {
            "summary": "Two joint patents filed.",
            "narrative": "The prototype works.",
            "indicator_values": [{"indicator_id": self.indicator.id, "value": "1"}],
            "milestones": [{"milestone_id": self.milestone.id,
                            "reached_on": (date.today() - timedelta(days=3)).isoformat(),
                            "deliverable": "A prototype"}],
            "spending": [{"organisation_id": self.lead.id, "category": "staff",
                          "amount": "150000", "currency": "RUB"},
                         {"organisation_id": self.partner.id, "category": "travel",
                          "amount": "2000.50"}],
        }
        values.update(changes)
        return values


def make_reporting(signed_days_ago: int = 200, period_months: int = 6) -> Reporting:
    """By default the project started 200 days ago: period 1 (six months) has ended and period
    2 has begun; periods 3 and 4 (the final) have not."""
    lead = make_organisation("RU", "RU-SMO", status="published")
    partner = make_organisation("BY", "BY-VI", status="published")
    secretariat = make_user("secretariat")
    proposal = make_approved_proposal(partners=[lead, partner])
    project = make_project(proposal, signed_on=date.today() - timedelta(days=signed_days_ago),
                           period_months=period_months, creator=secretariat)
    return Reporting(project=project, lead=lead, partner=partner,
                     lead_member=make_user(f"org_member:{lead.id}"),
                     partner_member=make_user(f"org_member:{partner.id}"),
                     secretariat=secretariat, outsider=make_user())


def bearer_headers(user) -> dict:
    """The headers of a request with a new token of ``user`` (committed, as a request needs)."""
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
