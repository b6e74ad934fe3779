"""Who may post, see and answer cooperation ads and expressions of interest.

=========================  ===================================================================
action                     who
=========================  ===================================================================
read the list, follow      every signed-in user (active ads only)
see an ad                  active: every signed-in user; expired or withdrawn: members of its
                           organisation and of the organisations that expressed interest
post, renew, withdraw      org_admin or org_member of the ad's organisation
express interest           org_admin or org_member of another organisation (the ad active)
accept, decline            org_admin or org_member of the ad's organisation
see an anonymous owner     members of the ad's organisation, and members of an organisation
                           whose interest the owner accepted; nobody else, staff included
see suggested partners    members of the ad's organisation and the staff (secretariat,
                           administrators): the ad's own organisation is never among its
                           suggestions, so anyone else who compared them with the suggestions
                           of an ad of the same text would find an anonymous ad's owner (the
                           one organisation missing)
see the contact details    both sides of an accepted interest, and only then
start a joint proposal     org_admin or org_member of either side of an accepted interest, for
                           their side as the lead
=========================  ===================================================================
"""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role, signed_in
from portal.extensions import db
from portal.partnering.models import Ad, AdStatus, ExpressionOfInterest, InterestStatus


def organisation_ids(user) -> set[int]:
    """The organisations ``user`` acts for (as org_admin or org_member)."""
    if not signed_in(user):
        return set()
    return {int(scope) for scope in user.scopes(Role.ORG_ADMIN) | user.scopes(Role.ORG_MEMBER)}


def acts_for_an_organisation(user) -> bool:
    """Shows the pages of one's own ads and interests; checked before anything is loaded."""
    return bool(organisation_ids(user))


def can_post_ad(user, organisation_id: int) -> bool:
    return organisation_id in organisation_ids(user)


def owns_ad(user, ad: Ad) -> bool:
    """A member of the ad's organisation: may edit, renew or withdraw it and answer interests."""
    return can_post_ad(user, ad.organisation_id)


def _interested_organisations(ad: Ad, statuses=None) -> set[int]:
    query = select(ExpressionOfInterest.organisation_id).where(ExpressionOfInterest.ad_id == ad.id)
    if statuses is not None:
        query = query.where(ExpressionOfInterest.status.in_(statuses))
    return set(db.session.scalars(query))


def can_view_ad(user, ad: Ad) -> bool:
    if not signed_in(user):
        return False
    if ad.status == AdStatus.ACTIVE or owns_ad(user, ad):
        return True
    return bool(organisation_ids(user) & _interested_organisations(ad))


def can_see_owner(user, ad: Ad) -> bool:
    """Whether the reader may know which organisation posted the ad."""
    if not ad.anonymous or owns_ad(user, ad):
        return True
    mine = organisation_ids(user)
    return bool(mine and mine & _interested_organisations(ad, [InterestStatus.ACCEPTED]))


def interest_organisations(user, ad: Ad) -> list[int]:
    """The organisations for which ``user`` may express interest in ``ad``: their own but the
    ad's organisation, while the ad is active."""
    if ad.status != AdStatus.ACTIVE:
        return []
    return sorted(organisation_ids(user) - {ad.organisation_id})


def can_answer_interest(user, interest: ExpressionOfInterest) -> bool:
    """Accept or decline: a member of the ad's organisation."""
    return owns_ad(user, interest.ad)


def can_view_interest(user, interest: ExpressionOfInterest) -> bool:
    """Either side: the ad's organisation or the sender's."""
    return bool(organisation_ids(user) & {interest.ad.organisation_id, interest.organisation_id})


def can_see_contacts(user, interest: ExpressionOfInterest) -> bool:
    return interest.status == InterestStatus.ACCEPTED and can_view_interest(user, interest)


def joint_proposal_lead(user, interest: ExpressionOfInterest) -> int | None:
    """The organisation that leads a joint proposal ``user`` starts from ``interest``: their own
    side of it (the sender's when they act for both), or ``None`` when on neither side."""
    mine = organisation_ids(user)
    for organisation_id in (interest.organisation_id, interest.ad.organisation_id):
        if organisation_id in mine:
            return organisation_id
    return None


def can_start_joint_proposal(user, interest: ExpressionOfInterest) -> bool:
    """Start a draft proposal with both organisations: either side, once the interest is
    accepted."""
    return (interest.status == InterestStatus.ACCEPTED
            and joint_proposal_lead(user, interest) is not None)


def can_see_ad_matches(user, ad: Ad | None) -> bool:
    """An ad's suggested partners: for the ad's owner and the staff (see the module's table)."""
    if ad is None or user is None or not user.is_authenticated:
        return False
    return owns_ad(user, ad) or has_any_role(user, Role.SECRETARIAT, Role.ADMIN)


def can_change_ad(user, ad: Ad) -> bool:
    """Change the text of an ad: its organisation's members, while it is active (an expired ad
    is renewed first)."""
    return ad.status == AdStatus.ACTIVE and owns_ad(user, ad)


def can_renew_ad(user, ad: Ad) -> bool:
    """Its organisation's members, unless it was withdrawn (then a new one is posted)."""
    return ad.status != AdStatus.WITHDRAWN and owns_ad(user, ad)


def can_withdraw_ad(user, ad: Ad) -> bool:
    return ad.status != AdStatus.WITHDRAWN and owns_ad(user, ad)
