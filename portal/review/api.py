"""The review in the JSON API (API.md "Review"): an expert's assignments and answers, their
review, the consensus report, and the reviews of a proposal as the caller may see them."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.api import BadRequest, bp, json_body, paginate, require, token_required
from portal.core.errors import NotFound
from portal.extensions import db
from portal.review import permissions, services
from portal.review.serialise import (
    assignment_detail_json,
    assignment_json,
    consolidated_report_json,
    reviews_json,
)

#: The 403 of a caller who is not an expert, before anything is loaded.
EXPERTS_ONLY = _l("Only experts have assignments.")


@bp.get("/assignments")
@token_required
def list_assignments():
    """The caller's assignments.
    ---
    get:
      summary: The caller's assignments, open ones first, soonest due first (experts)
      tags: [review]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items {id, proposal_id, status, due_at, rapporteur}; status is
              invited, accepted, declined, conflict, overdue or submitted"}
        403: {description: "not an expert"}
    """
    user = require(permissions.is_expert, EXPERTS_ONLY)
    return paginate(services.assignments_of(user), assignment_json)


@bp.get("/assignments/<int:assignment_id>")
@token_required
def get_assignment(assignment_id: int):
    """One of the caller's assignments, with the proposal as the expert may see it.
    ---
    get:
      summary: An assignment and its proposal (title and abstract only until accepted)
      description: "Until the expert accepts with the declaration of no conflict of interest,
        proposal has only id, title, summary, language and full: false. Afterwards it has the
        whole proposal and the call's criteria. review is the expert's own, once submitted."
      tags: [review]
      parameters:
        - {name: assignment_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the assignment with proposal (and review once submitted)"}
        403: {description: "not an expert"}
        404: {description: "no such assignment of the caller"}
    """
    user = require(permissions.is_expert, EXPERTS_ONLY)
    return assignment_detail_json(services.own_assignment(assignment_id, user), user)


@bp.post("/assignments/<int:assignment_id>/accept")
@token_required
def accept_assignment(assignment_id: int):
    """Accept with the declaration of no conflict of interest.
    ---
    post:
      summary: Accept an assignment, declaring no conflict of interest
      tags: [review]
      parameters:
        - {name: assignment_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [no_conflict]
              properties:
                no_conflict: {type: boolean, enum: [true]}
      responses:
        200: {description: "the assignment, now accepted, with the whole proposal"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not an expert"}
        404: {description: "no such assignment of the caller"}
        409: {description: "the assignment is not open to acceptance, or the review is closed"}
        422: {description: "no_conflict is not true"}
    """
    user = require(permissions.is_expert, EXPERTS_ONLY)
    body = json_body()
    assignment = services.accept_assignment(assignment_id, user, body.get("no_conflict"))
    db.session.commit()
    return assignment_detail_json(assignment, user)


@bp.post("/assignments/<int:assignment_id>/decline")
@token_required
def decline_assignment(assignment_id: int):
    """Decline an assignment; the worker asks another expert.
    ---
    post:
      summary: Decline an assignment with a reason (the worker asks another expert)
      tags: [review]
      parameters:
        - {name: assignment_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [reason]
              properties:
                reason: {type: string, maxLength: 2000}
      responses:
        202: {description: "the assignment, declined; the replacement is under way"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not an expert"}
        404: {description: "no such assignment of the caller"}
        409: {description: "the assignment is no longer open"}
        422: {description: "no reason"}
    """
    return _step_aside(assignment_id, services.decline_assignment)


@bp.post("/assignments/<int:assignment_id>/conflict")
@token_required
def declare_conflict(assignment_id: int):
    """Declare a conflict of interest; the worker asks another expert.
    ---
    post:
      summary: Declare a conflict of interest, before or after accepting (the worker asks
        another expert)
      tags: [review]
      parameters:
        - {name: assignment_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                reason: {type: string, maxLength: 2000}
      responses:
        202: {description: "the assignment, now conflict; the replacement is under way"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not an expert"}
        404: {description: "no such assignment of the caller"}
        409: {description: "the review is already submitted, or the assignment is closed"}
    """
    return _step_aside(assignment_id, services.declare_conflict)


def _step_aside(assignment_id: int, service):
    """The expert leaves the assignment with the body's reason (``service`` declines or
    declares a conflict); 202, as the worker then asks another expert."""
    user = require(permissions.is_expert, EXPERTS_ONLY)
    assignment = service(assignment_id, user, json_body().get("reason"))
    db.session.commit()
    return assignment_json(assignment), 202


@bp.post("/assignments/<int:assignment_id>/review")
@token_required
def submit_review(assignment_id: int):
    """Submit the review of an accepted assignment.
    ---
    post:
      summary: Submit a review (once) with a score and a comment per criterion
      tags: [review]
      parameters:
        - {name: assignment_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [scores, comments, recommendation]
              properties:
                scores: {type: object, additionalProperties: {type: number, minimum: 0,
                         maximum: 5, multipleOf: 0.5}, description: "by criterion key"}
                comments: {type: object, additionalProperties: {type: string},
                           description: "by criterion key, one for each criterion"}
                recommendation: {type: string, enum: [fund, fund_with_conditions, do_not_fund]}
      responses:
        201: {description: "the assignment, submitted, with the review and its weighted total"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not an expert"}
        404: {description: "no such assignment of the caller"}
        409: {description: "not accepted yet, already submitted, or the review is closed"}
        422: {description: "invalid scores or comments: fields scores.<key>, comments.<key>,
              recommendation"}
    """
    user = require(permissions.is_expert, EXPERTS_ONLY)
    body = json_body()
    services.submit_review(assignment_id, user, body.get("scores"), body.get("comments"),
                           body.get("recommendation"))
    db.session.commit()
    return assignment_detail_json(services.own_assignment(assignment_id, user), user), 201


@bp.post("/assignments/<int:assignment_id>/rapporteur")
@token_required
def designate_rapporteur(assignment_id: int):
    """Designate the expert of an assignment as the proposal's rapporteur.
    ---
    post:
      summary: Designate the rapporteur of a proposal (secretariat)
      tags: [review]
      parameters:
        - {name: assignment_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the assignment, rapporteur true (any other is no longer)"}
        403: {description: "not the secretariat"}
        404: {description: "no such assignment"}
        409: {description: "the expert has not accepted, or the review is closed"}
    """
    user = require(permissions.is_secretariat, _("Only the secretariat designates the rapporteur."))
    assignment = services.designate_rapporteur(assignment_id, user)
    db.session.commit()
    return assignment_json(assignment)


@bp.post("/proposals/<int:proposal_id>/consensus-report")
@token_required
def write_consensus_report(proposal_id: int):
    """Write the consensus report; submitting it locks it.
    ---
    post:
      summary: Write the consensus report (secretariat or rapporteur); submitted, it locks
        and the proposal becomes ready_for_council
      tags: [review]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [scores, recommendation, text]
              properties:
                scores: {type: object, additionalProperties: {type: number, minimum: 0,
                         maximum: 5, multipleOf: 0.5}, description: "by criterion key"}
                recommendation: {type: string, enum: [fund, fund_with_conditions, do_not_fund]}
                text: {type: string}
                conditions: {type: string, description: "required with fund_with_conditions"}
                lock: {type: boolean, default: true,
                       description: "false saves a draft that can be written again"}
      responses:
        201: {description: "the report (with the disagreement flag) and the proposal's status"}
        400: {description: "the body is not a JSON object"}
        403: {description: "neither the secretariat nor the rapporteur"}
        404: {description: "no such proposal, or not visible to the caller"}
        409: {description: "the proposal is not in consolidation, or the report is locked"}
        422: {description: "invalid scores, recommendation, text or conditions"}
    """
    user = require(permissions.may_write_reports,
                   _("Only the secretariat or the rapporteur writes the report."))
    body = json_body()
    lock = body.get("lock", True)
    if not isinstance(lock, bool):
        raise BadRequest(_("lock must be true or false."))
    report = services.write_consensus_report(
        proposal_id, user, body.get("scores"), body.get("recommendation"), body.get("text"),
        body.get("conditions", ""), lock=lock)
    db.session.commit()
    proposal = services.get_proposal(proposal_id)
    return {**consolidated_report_json(report), "proposal_id": proposal.id,
            "status": proposal.status}, 201


@bp.get("/proposals/<int:proposal_id>/reviews")
@token_required
def get_reviews(proposal_id: int):
    """The review of a proposal as the caller may see it.
    ---
    get:
      summary: The reviews, their figures and the consensus report, as far as the caller may
        see them
      description: "The staff see every submitted review with the expert (id, name); an expert
        sees the reviews once their own is submitted, labelled Reviewer 1, 2... without
        identities; the applicants and partners see only the locked consensus report, which
        never names a reviewer or its author."
      tags: [review]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "{proposal_id, status, reviews?, consolidation?, criteria?, report?}"}
        403: {description: "a caller with no role in reviews or proposals"}
        404: {description: "no such proposal, or nothing of its review visible to the caller"}
    """
    user = require(permissions.acts_on_reviews, _("You may not see reviews."))
    proposal = services.get_proposal(proposal_id)
    data = reviews_json(proposal, user)
    if "reviews" not in data and "report" not in data:
        raise NotFound(_("There is nothing here."))
    return data
