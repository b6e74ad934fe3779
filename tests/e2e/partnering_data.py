"""The browser tests' cooperation ad: an anonymous offer of a Belarusian organisation, its
author, and a member of a Russian organisation who will be interested; and the open call a
joint proposal from the accepted interest answers."""

from __future__ import annotations

from portal.partnering import services
from portal.registry.models import ProfileStatus
from tests.factories import make_call, make_organisation, make_user

AD_TITLE = "Contract sterilisation of medical devices"
OWNER_ORGANISATION = "Vitebsk Sterilisation Centre"
INTERESTED_ORGANISATION = "Smolensk Surgical Kits"
JOINT_CALL = "Cross-border sterile supply 2027"
#: The acronyms of the two drafts: the lead's initials, then the partner's.
OWNER_ACRONYM, INTERESTED_ACRONYM = "VSC-SSK", "SSK-VSC"


def add_ad_people() -> dict[str, str]:
    """Create the ad and its people; returns person name → e-mail for ``_people()``."""
    owner_org = make_organisation(state="BY", region="BY-VI", name=OWNER_ORGANISATION,
                                  status=ProfileStatus.PUBLISHED)
    other_org = make_organisation(state="RU", region="RU-SMO", name=INTERESTED_ORGANISATION,
                                  status=ProfileStatus.PUBLISHED)
    owner = make_user(f"org_admin:{owner_org.id}", email="ad.owner@example.org")
    interested = make_user(f"org_member:{other_org.id}", email="ad.interested@example.org")
    services.post_ad(organisation_id=owner_org.id, kind="technology_offer", title=AD_TITLE,
                     body="Ethylene-oxide sterilisation validated to ISO 11135.",
                     technology_fields=["pharmaceuticals_biotech_medical"], anonymous=True,
                     actor=owner)
    return {"ad_owner": owner.email, "ad_interested": interested.email}


def add_open_call() -> int:
    """An open call for the joint proposals (committed by the caller); returns its id."""
    return make_call(title=JOINT_CALL, language="en").id
