"""The upload form of an import of organisations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SubmitField

from portal.core.forms import PortalForm


class ImportForm(PortalForm):
    file = FileField(_l("File of organisations (JSON Lines, UTF-8)"),
                     validators=[FileRequired(_l("Choose a file."))],
                     render_kw={"accept": ".jsonl,.json,.txt,application/jsonl,application/json,text/plain"})
    publish = BooleanField(_l("Publish the organisations at once"))
    update_existing = BooleanField(_l("Update organisations whose reference is already known"))
    submit = SubmitField(_l("Upload and import"))
