"""The names of ad kinds and statuses shown on pages and in e-mails."""

from flask_babel import lazy_gettext as _l

from portal.partnering.models import AdKind, AdStatus, InterestStatus

KIND_NAMES = {
    AdKind.TECHNOLOGY_OFFER: _l("Technology offer"),
    AdKind.TECHNOLOGY_REQUEST: _l("Technology request"),
    AdKind.BUSINESS_OFFER: _l("Business offer"),
    AdKind.BUSINESS_REQUEST: _l("Business request"),
    AdKind.RD_REQUEST: _l("R&D request"),
    AdKind.PARTNER_SEARCH: _l("Partner search for a call"),
}

AD_STATUS_NAMES = {
    AdStatus.ACTIVE: _l("Active"),
    AdStatus.EXPIRED: _l("Expired"),
    AdStatus.WITHDRAWN: _l("Withdrawn"),
}

INTEREST_STATUS_NAMES = {
    InterestStatus.PENDING: _l("Waiting for an answer"),
    InterestStatus.ACCEPTED: _l("Accepted"),
    InterestStatus.DECLINED: _l("Declined"),
    InterestStatus.EXPIRED: _l("Expired without an answer"),
}
