"""Each suggestion's reasons in plain words, in the reader's language (the quoted texts keep
the language they were written in)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from portal.extensions import db
from portal.matching.services import Match
from portal.reference.models import Region, TechnologyField

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
    if match.their_need and match.our_offer and match.features.reverse >= 0.3:
        reasons.append(_("needs “%(need)s”, which your offer “%(offer)s” meets",
                         need=match.their_need, offer=match.our_offer))
    if match.border:
        names = [_region_name(code, language) for code in match.border]
        reasons.append(_("borders your region (%(pair)s)", pair=" – ".join(names)))
    if match.shared_fields:
        names = [_field_name(key, language) for key in match.shared_fields]
        reasons.append(_("shares the technology field %(fields)s", fields=", ".join(names)))
    if match.helix_role in HELIX_LABELS:
        reasons.append(_("brings the %(role)s side of the triple helix",
                         role=HELIX_LABELS[match.helix_role]()))
    return reasons


def _region_name(code: str, language: str) -> str:
    region = db.session.get(Region, code)
    return region.name(language) if region else code


def _field_name(key: str, language: str) -> str:
    field = db.session.get(TechnologyField, key)
    return field.name(language) if field else key
