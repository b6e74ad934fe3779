"""A cluster's invitation to an organisation of another member state, as pages: its members
read it and accept or decline; the cluster's managers withdraw it from the members page.

The handlers check the user's roles first, then load the cluster and the organisation (404
for a cluster the user may not know of), then the rule (403), then call one service of
:mod:`portal.registry.membership` and commit once. An invitation answered meanwhile is a 404
page; a refused acceptance (the state is managed by another organisation meanwhile) shows the
invitation again with the reason and status 409.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.core.errors import NotFound, PortalError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.registry import membership, queries
from portal.registry import permissions as can
from portal.registry.classification import classification_of
from portal.registry.cluster_views import acting_user, bp, managed_cluster, refused_change
from portal.registry.models import Cluster, Organisation


def _invited(cluster_id: int, organisation_id: int) -> tuple[Cluster, Organisation]:
    """The cluster and the organisation, when the user answers for the organisation."""
    try:
        cluster = queries.get_cluster(cluster_id)
        organisation = queries.get_organisation(organisation_id)
    except NotFound:
        abort(404)
    if not can.can_answer_invitation(current_user, organisation):
        if not can.can_view(current_user, cluster):
            abort(404)
        abort(403)
    return cluster, organisation


def _invitation_page(cluster: Cluster, organisation: Organisation, status: int = 200):
    try:
        invitation = membership.open_invitation(cluster.id, organisation.id)
    except NotFound:
        abort(404)
    management = db.session.get(Organisation, cluster.management_organisation_id)
    return render_template("registry/cluster_invitation.html", cluster=cluster,
                           organisation=organisation, invitation=invitation,
                           management=management, classified=classification_of(cluster),
                           form=FlaskForm()), status


@bp.get("/<int:cluster_id>/invitations/<int:organisation_id>")
@page_requires(can.may_answer_invitations)
def invitation(cluster_id: int, organisation_id: int):
    """The cluster, what membership means, and the buttons to accept or decline."""
    return _invitation_page(*_invited(cluster_id, organisation_id))


@bp.post("/<int:cluster_id>/invitations/<int:organisation_id>/accept")
@page_requires(can.may_answer_invitations)
def accept_invitation(cluster_id: int, organisation_id: int):
    cluster, organisation = _invited(cluster_id, organisation_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        membership.accept_invitation(cluster.id, organisation.id, acting_user())
    except NotFound:
        db.session.rollback()
        abort(404)
    except PortalError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _invitation_page(*_invited(cluster_id, organisation_id), status=error.status)
    db.session.commit()
    flash(_("%(name)s is now a member of the cluster %(cluster)s.", name=organisation.name,
            cluster=cluster.name), "info")
    return redirect(url_for("registry.organisation", organisation_id=organisation.id))


@bp.post("/<int:cluster_id>/invitations/<int:organisation_id>/decline")
@page_requires(can.may_answer_invitations)
def decline_invitation(cluster_id: int, organisation_id: int):
    cluster, organisation = _invited(cluster_id, organisation_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        membership.decline_invitation(cluster.id, organisation.id, acting_user())
    except NotFound:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("The invitation of %(name)s to the cluster %(cluster)s is declined.",
            name=organisation.name, cluster=cluster.name), "info")
    return redirect(url_for("registry.organisation", organisation_id=organisation.id))


@bp.post("/<int:cluster_id>/invitations/<int:organisation_id>/withdraw")
@page_requires(can.may_manage_clusters)
def withdraw_invitation(cluster_id: int, organisation_id: int):
    """The cluster's managers take back an invitation not answered yet."""
    cluster = managed_cluster(cluster_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        invitation = membership.withdraw_invitation(cluster.id, organisation_id, acting_user())
    except PortalError as error:
        return refused_change(cluster, error)
    name = invitation.organisation.name
    db.session.commit()
    flash(_("The invitation of %(name)s is withdrawn.", name=name), "info")
    return redirect(url_for("clusters.members", cluster_id=cluster.id))
