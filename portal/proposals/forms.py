"""The small forms of the proposal pages: documents, notes, a suggested partner, a joint proposal.
The editor's section forms are in :mod:`portal.proposals.editor_forms`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.core.forms import PortalForm
from portal.proposals.labels import ATTACHMENT_NAMES


class AttachmentForm(PortalForm):
    kind = SelectField(_l("Kind of document"), choices=[
        SelectChoice(str(key), label) for key, label in ATTACHMENT_NAMES.items()])
    file = FileField(_l("PDF file"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Upload"))


class NoteForm(PortalForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)],
                         render_kw={"rows": 2})


class AddPartnerForm(PortalForm):
    """The button that adds a suggested organisation to the consortium: its CSRF token and the
    version of the proposal the user saw (a stale one is refused, as in the editor)."""

    version = HiddenField()


class JointProposalForm(PortalForm):
    """Start a joint proposal from an accepted interest: the open call it answers. The choices
    (the calls open now) are set by the view."""

    call_id = SelectField(_l("Call for proposals"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Start a joint proposal"))
