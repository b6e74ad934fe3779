"""Each suggestion's reasons in plain words, in the reader's language (the quoted texts keep
the language they were written in)."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import get_locale
from flask_babel import gettext as _

from portal.extensions import db
from portal.matching.permissions import works_at
from portal.matching.services import Match
from portal.reference.models import Region, TechnologyField

#: Below this cosine the candidate's need and the seeker's offer are not said to meet: the reverse
#: direction weighs little in the score and is only worth a reason when it is clear.
REVERSE_WORTH_SAYING = 0.3

#: The cosine between the seeker's need and the candidate's offer (``Features.need_offer``) from
#: which a reason says the offer "meets" the need; below it the reason only says what is offered.
#: Taken from the labelled development set (tests/data/matching-dev, 6,100 ranked pairs, the
#: default encoder): at 0.3, three in four of the pairs above it are labelled relevant and three
#: in a thousand of the unrelated pairs reach it (at 0.25 only 58 % are relevant; at 0.35 too
#: few of the relevant pairs are left to say it of, 27 %).
NEED_MET_THRESHOLD = 0.3

HELIX_LABELS = {
    "business": lambda: _("business"), "academia": lambda: _("research and education"),
    "government": lambda: _("government"), "intermediary": lambda: _("support and finance"),
}


class Reader(StrEnum):
    """Whom the reasons are written for: the seeker's own people read "your need", anyone else
    (the staff on an ad's page, a visitor of an organisation's suggestions) reads whose it is."""

    OWNER = "owner"
    AD_STAFF = "ad_staff"
    ORGANISATION_VISITOR = "organisation_visitor"


def _need_met(reader: Reader, offer: str, need: str) -> str:
    if reader == Reader.AD_STAFF:
        return _("offers “%(offer)s”, which meets the need of the ad's organisation for "
                 "“%(need)s”", offer=offer, need=need)
    if reader == Reader.ORGANISATION_VISITOR:
        return _("offers “%(offer)s”, which meets this organisation's need for “%(need)s”",
                 offer=offer, need=need)
    return _("offers “%(offer)s”, which meets your need for “%(need)s”", offer=offer, need=need)


def _their_need_met(reader: Reader, need: str, offer: str) -> str:
    if reader == Reader.AD_STAFF:
        return _("needs “%(need)s”, which the offer “%(offer)s” of the ad's organisation meets",
                 need=need, offer=offer)
    if reader == Reader.ORGANISATION_VISITOR:
        return _("needs “%(need)s”, which this organisation's offer “%(offer)s” meets",
                 need=need, offer=offer)
    return _("needs “%(need)s”, which your offer “%(offer)s” meets", need=need, offer=offer)


def _borders(reader: Reader, pair: str) -> str:
    if reader == Reader.AD_STAFF:
        return _("borders the region of the ad's organisation (%(pair)s)", pair=pair)
    if reader == Reader.ORGANISATION_VISITOR:
        return _("borders this organisation's region (%(pair)s)", pair=pair)
    return _("borders your region (%(pair)s)", pair=pair)


def meets_need(match: Match) -> bool:
    """Whether the candidate's offer is close enough to the seeker's need to say it meets it."""
    return match.features.need_offer >= NEED_MET_THRESHOLD


def explain(match: Match, reader: Reader = Reader.OWNER) -> list[str]:
    """The reasons of one suggestion, written for ``reader``: a need is said to be met only above
    :data:`NEED_MET_THRESHOLD`; below it the reason says what the candidate offers."""
    language = str(get_locale() or "en")
    reasons = []
    if match.offer and match.need and meets_need(match):
        reasons.append(_need_met(reader, str(match.offer), match.need))
    elif match.offer:
        reasons.append(_("offers “%(offer)s”", offer=match.offer))
    if match.their_need and match.our_offer and match.features.reverse >= REVERSE_WORTH_SAYING:
        reasons.append(_their_need_met(reader, str(match.their_need), match.our_offer))
    if match.border:
        names = [region_name(code, language) for code in match.border]
        reasons.append(_borders(reader, " – ".join(names)))
    if match.shared_fields:
        names = [field_name(key, language) for key in match.shared_fields]
        reasons.append(_("shares the technology field %(fields)s", fields=", ".join(names)))
    if match.helix_role in HELIX_LABELS:
        reasons.append(_("brings the %(role)s side of the triple helix",
                         role=HELIX_LABELS[match.helix_role]()))
    return reasons


def organisation_reader(user, organisation) -> Reader:
    """Who reads an organisation's suggestions: its own people, or a visitor of its profile."""
    return Reader.OWNER if works_at(user, organisation) else Reader.ORGANISATION_VISITOR


def region_name(code: str, language: str) -> str:
    region = db.session.get(Region, code)
    return region.name(language) if region else code


def field_name(key: str, language: str) -> str:
    field = db.session.get(TechnologyField, key)
    return field.name(language) if field else key
