"""Profiles for the matches page's browser test: a Russian seeker near the Belarusian border and
partners across it, embedded and indexed as the worker would (with the lexical encoder, which
needs no model and keeps the test quick)."""

from __future__ import annotations

from portal.extensions import db
from portal.matching.encoders import get_encoder
from portal.matching.services import embed_organisations, rebuild_index
from portal.registry.models import ProfileStatus
from tests.factories import make_organisation, make_user

SEEKER = "Bryansk Medical Moulding"
ACROSS_THE_BORDER = "Gomel Sterile Services"
FAR_AWAY = "Shymkent Sterile Services"
SEEKER_NEED = "Electron-beam sterilisation of single-use medical devices"
PARTNER_OFFER = "Electron-beam sterilisation of medical devices"


def add_matching_profiles() -> tuple[int, str]:
    """Create and index the profiles; returns the seeker's id and its member's e-mail."""
    seeker = make_organisation(name=SEEKER, state="RU", region="RU-BRY",
                               status=ProfileStatus.PUBLISHED, needs=[SEEKER_NEED],
                               offers=["Injection moulding of medical device housings"])
    gomel = make_organisation(name=ACROSS_THE_BORDER, state="BY", region="BY-HO",
                              status=ProfileStatus.PUBLISHED, offers=[PARTNER_OFFER])
    far = make_organisation(name=FAR_AWAY, state="KZ", region="KZ-55",
                            status=ProfileStatus.PUBLISHED,
                            offers=["Gamma sterilisation of medical devices"])
    member = make_user(f"org_member:{seeker.id}", email="matches@example.org")
    db.session.flush()
    encoder = get_encoder("lexical")
    embed_organisations([seeker.id, gomel.id, far.id], encoder)
    db.session.commit()
    rebuild_index(encoder)
    return seeker.id, member.email
