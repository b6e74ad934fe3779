"""Expert profiles, kept by the secretariat: each expert's member state, technology fields and
recorded affiliations, which the assignment reads (DESIGN 4.5)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role, RoleSpec
from portal.accounts.services import grant_role
from portal.core import audit
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.reference.models import MemberState
from portal.reference.queries import resolve_technology_fields
from portal.registry.models import Organisation
from portal.review.models import ExpertAffiliation, ExpertProfile


def save_expert_profile(user: User, state: str, fields, affiliations, actor,
                        expertise: str | None = None, active: bool = True):
    """Create or update the expert profile of ``user`` (and give them the expert role): their
    member state, technology fields and recorded affiliations (organisation ids), which replace
    the previous ones."""
    problems: Problems = {}
    if db.session.get(MemberState, state) is None:
        add_problem(problems, "state", _("Unknown member state: %(state)s", state=state))
    keys = list(dict.fromkeys(fields))
    found, unknown_fields = resolve_technology_fields(keys)
    if unknown_fields:
        add_problem(problems, "fields", unknown_fields)
    organisation_ids = list(dict.fromkeys(affiliations))
    known = set(db.session.scalars(select(Organisation.id)
                                   .where(Organisation.id.in_(organisation_ids))))
    missing = [str(i) for i in organisation_ids if i not in known]
    if missing:
        add_problem(problems, "affiliations",
                    _("No such organisation: %(ids)s", ids=", ".join(missing)))
    raise_if(problems)
    if not user.has_role(Role.EXPERT):
        grant_role(user, RoleSpec(Role.EXPERT), actor)
    profile = db.session.get(ExpertProfile, user.id)
    if profile is None:
        profile = ExpertProfile(user_id=user.id, state_code=state)
        db.session.add(profile)
    profile.state_code = state
    profile.technology_fields = found
    profile.active = active
    if expertise is not None:
        profile.expertise = expertise
    db.session.flush()
    current = {a.organisation_id: a for a in db.session.scalars(
        select(ExpertAffiliation).where(ExpertAffiliation.user_id == user.id))}
    for organisation_id, affiliation in current.items():
        if organisation_id not in organisation_ids:
            db.session.delete(affiliation)
    for organisation_id in organisation_ids:
        if organisation_id not in current:
            db.session.add(ExpertAffiliation(user_id=user.id, organisation_id=organisation_id))
    db.session.flush()
    audit.record("expert.profile", actor, f"user:{user.id}", state=state, fields=keys,
                 affiliations=organisation_ids, active=active)
    return profile


def expert_profiles() -> list[ExpertProfile]:
    return list(db.session.scalars(select(ExpertProfile).join(User, User.id == ExpertProfile.user_id)
                                   .order_by(ExpertProfile.state_code, User.name)))


def expert_profile_by_email(email: str) -> ExpertProfile | None:
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    return None if user is None else db.session.get(ExpertProfile, user.id)


def affiliations_of(profile: ExpertProfile) -> list[int]:
    return list(db.session.scalars(select(ExpertAffiliation.organisation_id)
                                   .where(ExpertAffiliation.user_id == profile.user_id)
                                   .order_by(ExpertAffiliation.organisation_id)))


def expert_profile_data(profile: ExpertProfile) -> dict:
    return {"email": profile.user.email, "state": profile.state_code,
            "fields": [field.key for field in profile.technology_fields],
            "affiliations": ", ".join(str(i) for i in affiliations_of(profile)),
            "expertise": profile.expertise, "active": profile.active}
