"""The names of assignment statuses and recommendations shown on pages and in e-mails."""

from flask_babel import lazy_gettext as _l

from portal.review.models import AssignmentStatus, Recommendation

ASSIGNMENT_STATUS_NAMES = {
    AssignmentStatus.INVITED: _l("Invited: waiting for your answer"),
    AssignmentStatus.ACCEPTED: _l("Accepted: review in progress"),
    AssignmentStatus.DECLINED: _l("Declined"),
    AssignmentStatus.CONFLICT: _l("Conflict of interest declared"),
    AssignmentStatus.OVERDUE: _l("Overdue: passed to another expert"),
    AssignmentStatus.SUBMITTED: _l("Review submitted"),
}

RECOMMENDATION_NAMES = {
    Recommendation.FUND: _l("Fund"),
    Recommendation.FUND_WITH_CONDITIONS: _l("Fund with conditions"),
    Recommendation.DO_NOT_FUND: _l("Do not fund"),
}

#: The statuses as the secretariat reads them on a proposal's panel.
PANEL_STATUS_NAMES = {
    AssignmentStatus.INVITED: _l("Invited"),
    AssignmentStatus.ACCEPTED: _l("Accepted"),
    AssignmentStatus.DECLINED: _l("Declined"),
    AssignmentStatus.CONFLICT: _l("Conflict of interest declared"),
    AssignmentStatus.OVERDUE: _l("Overdue: passed to another expert"),
    AssignmentStatus.SUBMITTED: _l("Review submitted"),
}
