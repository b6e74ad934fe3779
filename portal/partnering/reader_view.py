"""One reader's view of an ad: what this reader may know of who posted it.

An anonymous ad hides its organisation from everyone but those
:func:`portal.partnering.permissions.can_see_owner` names; its owner's member state is shown to
every reader (the list filters by it). Every place that shows an ad's owner (the pages, the API,
the search, the suggested partners, the e-mails) reads it from :func:`ad_view`, never from
``ad.organisation``, so the rule is applied once.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.partnering.models import Ad
from portal.partnering.permissions import can_see_owner
from portal.registry.models import Organisation


@dataclass(frozen=True)
class AdView:
    ad: Ad
    #: The organisation that posted the ad, or None when this reader may not know it.
    organisation: Organisation | None
    #: The owner's member state, which every reader sees.
    state: str
    #: The owner's region, or None when this reader may not know the organisation.
    region: str | None

    @property
    def owner_name(self) -> str | None:
        return self.organisation.name if self.organisation is not None else None

    @property
    def owner_kind(self) -> str | None:
        return self.organisation.kind if self.organisation is not None else None


def ad_view(ad: Ad, reader) -> AdView:
    """``ad`` as ``reader`` (a user, or None for nobody in particular) may see it."""
    return owners_view(ad) if can_see_owner(reader, ad) else AdView(
        ad=ad, organisation=None, state=ad.organisation.state_code, region=None)


def owners_view(ad: Ad) -> AdView:
    """``ad`` as its own organisation sees it: everything."""
    owner = ad.organisation
    return AdView(ad=ad, organisation=owner, state=owner.state_code, region=owner.region_code)
