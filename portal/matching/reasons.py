"""Each suggestion's reasons in plain words, in the reader's language (the quoted texts keep
the language they were written in)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from portal.extensions import db
from portal.matching.services import Match
from portal.reference.models import Region, TechnologyField

#: Below this cosine the candidate's need and the seeker's offer are not said to meet: the reverse
#: direction weighs little in the score and is only worth a reason when it is clear.
REVERSE_WORTH_SAYING = 0.3

HELIX_LABELS = {
    "business": lambda: _("business"), "academia": lambda: _("research and education"),
    "government": lambda: _("government"), "intermediary": lambda: _("support and finance"),
}


def explain(match: Match) -> list[str]:
    language = str(get_locale() or "en")
    reasons = []
    if match.offer and match.need:
        reasons.append(_("offers “%(offer)s”, which meets your need for “%(need)s”",
                         offer=match.offer, need=match.need))
    if match.their_need and match.our_offer and match.features.reverse >= REVERSE_WORTH_SAYING:
        reasons.append(_("needs “%(need)s”, which your offer “%(offer)s” meets",
                         need=match.their_need, offer=match.our_offer))
    if match.border:
        names = [region_name(code, language) for code in match.border]
        reasons.append(_("borders your region (%(pair)s)", pair=" – ".join(names)))
    if match.shared_fields:
        names = [field_name(key, language) for key in match.shared_fields]
        reasons.append(_("shares the technology field %(fields)s", fields=", ".join(names)))
    if match.helix_role in HELIX_LABELS:
        reasons.append(_("brings the %(role)s side of the triple helix",
                         role=HELIX_LABELS[match.helix_role]()))
    return reasons


def region_name(code: str, language: str) -> str:
    region = db.session.get(Region, code)
    return region.name(language) if region else code


def field_name(key: str, language: str) -> str:
    field = db.session.get(TechnologyField, key)
    return field.name(language) if field else key
