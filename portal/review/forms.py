"""Forms of the review pages. The score fields depend on the call's criteria: :func:`review_form`
and :func:`report_form` build a form class with a score (and, for a review, a comment) per
criterion, named ``score_<key>`` and ``comment_<key>``."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.forms import PortalForm
from portal.reference import queries as reference
from portal.review.labels import RECOMMENDATION_NAMES

#: 0, 0.5, 1 … 5.
SCORE_VALUES = [str(Decimal(n) / 2) if n % 2 else str(n // 2) for n in range(11)]


def _score_choices() -> list[SelectChoice]:
    """The scores 0 to 5 by halves: the value as the form sends it, the label as the reader's
    language writes numbers (2,5 in Russian)."""
    return [SelectChoice("", _l("Choose a score")),
            *(SelectChoice(value, format_decimal(Decimal(value), "0.#")) for value in SCORE_VALUES)]


def _recommendation_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a recommendation")),
            *(SelectChoice(str(key), label) for key, label in RECOMMENDATION_NAMES.items())]


class AcceptForm(PortalForm):
    no_conflict = BooleanField(
        _l("I declare that I have no conflict of interest with this proposal: no tie to any of "
           "its partner organisations or to any organisation of their clusters."),
        validators=[DataRequired(_l("Declare that you have no conflict of interest to accept."))])
    accept = SubmitField(_l("Accept the assignment"))


class DeclineForm(PortalForm):
    reason = TextAreaField(_l("Reason for declining"),
                           validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})
    decline = SubmitField(_l("Decline the assignment"))


class ConflictForm(PortalForm):
    conflict_reason = TextAreaField(_l("What the conflict is (optional)"),
                                    validators=[Optional(), Length(max=2000)],
                                    render_kw={"rows": 3})
    declare = SubmitField(_l("Declare a conflict of interest"))


class _ScoredForm(PortalForm):
    recommendation = SelectField(_l("Recommendation"), validators=[InputRequired()])

    criteria: tuple = ()

    def fill_choices(self) -> None:
        self.recommendation.choices = _recommendation_choices()
        for criterion in self.criteria:
            getattr(self, f"score_{criterion.key}").choices = _score_choices()

    def scores(self) -> dict[str, str]:
        return {c.key: getattr(self, f"score_{c.key}").data for c in self.criteria}


def _score_field(criterion) -> SelectField:
    return SelectField(_l("Score for “%(name)s” (0 to 5)", name=criterion.name),
                       validators=[InputRequired()])


def review_form(criteria, **kwargs) -> _ScoredForm:
    class ReviewForm(_ScoredForm):
        submit = SubmitField(_l("Submit the review"))

    for criterion in criteria:
        setattr(ReviewForm, f"score_{criterion.key}", _score_field(criterion))
        setattr(ReviewForm, f"comment_{criterion.key}", TextAreaField(
            _l("Comment on “%(name)s”", name=criterion.name),
            validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 4}))
    ReviewForm.criteria = tuple(criteria)
    form = ReviewForm(**kwargs)
    form.fill_choices()
    return form


def report_form(criteria, **kwargs) -> _ScoredForm:
    class ReportForm(_ScoredForm):
        text = TextAreaField(_l("The panel's consensus"), validators=[DataRequired()],
                             render_kw={"rows": 10})
        conditions = TextAreaField(_l("Conditions (for a recommendation with conditions)"),
                                   validators=[Optional()], render_kw={"rows": 3})
        save = SubmitField(_l("Save the draft"))
        lock = SubmitField(_l("Submit and lock the report"))

    for criterion in criteria:
        setattr(ReportForm, f"score_{criterion.key}", _score_field(criterion))
    ReportForm.criteria = tuple(criteria)
    form = ReportForm(**kwargs)
    form.fill_choices()
    return form


class ExpertProfileForm(PortalForm):
    email = StringField(_l("E-mail of the user"), validators=[DataRequired(), Length(max=254)])
    state = SelectField(_l("Member state"), validators=[DataRequired()])
    fields = SelectMultipleField(_l("Technology fields"), validators=[Optional()],
                                 render_kw={"size": 6})
    affiliations = StringField(
        _l("Affiliations: organisation numbers, separated by commas"),
        validators=[Optional(), Length(max=500)])
    expertise = TextAreaField(_l("Expertise"), validators=[Optional(), Length(max=2000)],
                              render_kw={"rows": 3})
    active = BooleanField(_l("Available for new assignments"), default=True)
    save = SubmitField(_l("Save the expert profile"))

    def fill_choices(self) -> None:
        language = str(get_locale())
        self.state.choices = [SelectChoice(s.code, s.name(language)) for s in reference.states()]
        self.fields.choices = [SelectChoice(f.key, f.name(language))
                               for f in reference.technology_fields()]

    def organisation_ids(self) -> list[int] | None:
        parts = [part.strip() for part in (self.affiliations.data or "").split(",")]
        parts = [part for part in parts if part]
        if not all(part.isdigit() for part in parts):
            return None
        return [int(part) for part in parts]
