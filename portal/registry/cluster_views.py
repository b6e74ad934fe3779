"""Cluster pages of their managers: create a cluster, edit its profile, manage its members.

Handlers check the user's roles first (``page_requires``), then load the cluster (404 when the
user may not see it), then check the rule for that cluster (403), then call one service and
commit once. A refused change re-renders the page with the reason and the status of the error
(409 for a stale version or a conflict, 422 for invalid values), having written nothing.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.view_support import show_field_errors
from portal.core.errors import ConflictError, PortalError, ValidationError
from portal.core.permissions import page_requires
from portal.core.request_input import row_argument
from portal.extensions import db
from portal.registry import membership, queries, services
from portal.registry import permissions as can
from portal.registry.forms import (
    AddMemberForm,
    ClusterForm,
    MemberManagesForm,
    MemberRoleForm,
    NewClusterForm,
    RemoveMemberForm,
)
from portal.registry.models import Cluster, ClusterInvitation, Organisation, ProfileStatus

bp = Blueprint("clusters", __name__, url_prefix="/clusters")

#: Organisations offered at most by one search of the members page.
SEARCH_LIMIT = 20


def acting_user():
    return current_user._get_current_object()


def managed_cluster(cluster_id: int) -> Cluster:
    cluster = db.session.get(Cluster, cluster_id)
    if cluster is None or not can.can_view(current_user, cluster):
        abort(404)
    if not can.can_manage_cluster(current_user, cluster):
        abort(403)
    return cluster


def _management_candidates() -> list[Organisation]:
    """The organisations the user may make manage a new cluster: their own, and the one the
    link of an organisation's page names (``?organisation=``) when the user may."""
    candidates = {o.id: o for o in queries.organisations_of(current_user)}
    named = row_argument("organisation")
    if named is not None and named not in candidates:
        organisation = db.session.get(Organisation, named)
        if organisation is not None and can.can_view(current_user, organisation):
            candidates[named] = organisation
    return sorted((o for o in candidates.values() if can.can_create_cluster(current_user, o)),
                  key=lambda o: o.name)


@bp.route("/new", methods=["GET", "POST"])
@page_requires(can.may_create_clusters)
def new_cluster():
    """A member of the management organisation (or the secretariat) creates a cluster and
    becomes its manager; the management organisation is its first member."""
    candidates = _management_candidates()
    form = NewClusterForm(candidates)
    if not form.is_submitted() and row_argument("organisation"):
        form.management_organisation_id.data = row_argument("organisation")
    if candidates and form.validate_on_submit():
        try:
            cluster = services.create_own_cluster(
                acting_user(), management_organisation_id=form.management_organisation_id.data,
                **form.changes())
            services.add_cluster_member(cluster.id, cluster.management_organisation_id,
                                        form.management_helix_role.data, acting_user())
        except PortalError as error:
            db.session.rollback()
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("The cluster %(name)s is created. Its profile is waiting for moderation by the "
                    "contact point of its member state.", name=cluster.name), "info")
            return redirect(url_for("registry.cluster", cluster_id=cluster.id))
    status = 422 if form.is_submitted() else 200
    return render_template("registry/cluster_new.html", form=form, candidates=candidates), status


@bp.route("/<int:cluster_id>/edit", methods=["GET", "POST"])
@page_requires(can.may_manage_clusters)
def edit_cluster(cluster_id: int):
    cluster = managed_cluster(cluster_id)
    form = ClusterForm()
    if not form.is_submitted():
        form.fill_from(cluster)
    elif form.validate():
        version = int(form.version.data) if str(form.version.data or "").isdigit() else -1
        try:
            saved = services.update_cluster(cluster.id, form.changes(), version, acting_user())
        except ValidationError as error:
            show_field_errors(form, error)
        except ConflictError:
            db.session.rollback()
            cluster = db.session.get(Cluster, cluster_id)
            form.version.data = str(cluster.version)
            return render_template("registry/cluster_edit.html", form=form, cluster=cluster,
                                   stale=True), 409
        else:
            db.session.commit()
            if saved.status == ProfileStatus.PENDING:
                flash(_("The cluster's profile is saved. It is waiting for moderation by the "
                        "contact point of its member state."), "info")
            else:
                flash(_("The cluster's profile is saved."), "info")
            return redirect(url_for("registry.cluster", cluster_id=cluster.id))
    status = 422 if form.is_submitted() else 200
    return render_template("registry/cluster_edit.html", form=form, cluster=cluster,
                           stale=False), status


def _members_page(cluster: Cluster, status: int = 200, add_form: AddMemberForm | None = None):
    """The members with a role form, a "manages" form (members of other states) and a remove
    button each, the open invitations with a withdraw button, and the search for new ones."""
    query = (request.args.get("q") or "").strip()
    found = queries.addable_organisations(cluster, query, SEARCH_LIMIT) if query else []
    members = [(member, MemberRoleForm(prefix=f"role-{member.organisation_id}",
                                       helix_role=member.helix_role),
                MemberManagesForm(prefix=f"manages-{member.organisation_id}",
                                  manages=member.manages))
               for _role, group in queries.members_by_role(cluster) for member in group]
    return render_template("registry/cluster_members.html", cluster=cluster, members=members,
                           invitations=membership.open_invitations(cluster),
                           query=query, found=found, limit=SEARCH_LIMIT,
                           add_form=add_form or AddMemberForm()), status


def refused_change(cluster: Cluster, error: PortalError,
                   add_form: AddMemberForm | None = None):
    db.session.rollback()
    flash(error.message, "error")
    return _members_page(db.session.get(Cluster, cluster.id), error.status, add_form)


@bp.get("/<int:cluster_id>/members")
@page_requires(can.may_manage_clusters)
def members(cluster_id: int):
    return _members_page(managed_cluster(cluster_id))


@bp.post("/<int:cluster_id>/members")
@page_requires(can.may_manage_clusters)
def add_member(cluster_id: int):
    """Add an organisation the manager may see (a published one): one of the cluster's state
    joins at once, one of another state is invited and joins when it accepts."""
    cluster = managed_cluster(cluster_id)
    form = AddMemberForm()
    if not form.validate_on_submit():
        flash(_("Choose an organisation and its helix role."), "error")
        return _members_page(cluster, 422, form)
    organisation_id = int(form.organisation_id.data) if form.organisation_id.data.isdigit() else 0
    organisation = db.session.get(Organisation, organisation_id)
    try:
        if organisation is None or not can.can_view(current_user, organisation):
            raise ValidationError(_("No such organisation."))
        joined = membership.add_or_invite(cluster.id, organisation.id, form.helix_role.data,
                                          acting_user(), manages=bool(form.manages.data))
    except PortalError as error:
        return refused_change(cluster, error, form)
    db.session.commit()
    if isinstance(joined, ClusterInvitation):
        flash(_("%(name)s is invited. It becomes a member of the cluster when one of its members "
                "accepts.", name=organisation.name), "info")
    else:
        flash(_("%(name)s is now a member of the cluster.", name=organisation.name), "info")
    return redirect(url_for("clusters.members", cluster_id=cluster.id))


@bp.post("/<int:cluster_id>/members/<int:organisation_id>/manages")
@page_requires(can.may_manage_clusters)
def change_member_manages(cluster_id: int, organisation_id: int):
    """Make a member of another state manage the cluster there, or no longer."""
    cluster = managed_cluster(cluster_id)
    form = MemberManagesForm(prefix=f"manages-{organisation_id}")
    if not form.validate_on_submit():
        abort(400)
    try:
        member = membership.set_manages(cluster.id, organisation_id, bool(form.manages.data),
                                        acting_user())
    except PortalError as error:
        return refused_change(cluster, error)
    db.session.commit()
    flash(_("Saved for %(name)s.", name=member.organisation.name), "info")
    return redirect(url_for("clusters.members", cluster_id=cluster.id))


@bp.post("/<int:cluster_id>/members/<int:organisation_id>/role")
@page_requires(can.may_manage_clusters)
def change_member_role(cluster_id: int, organisation_id: int):
    cluster = managed_cluster(cluster_id)
    form = MemberRoleForm(prefix=f"role-{organisation_id}")
    if not form.validate_on_submit():
        flash(_("Choose one of the helix roles."), "error")
        return _members_page(cluster, 422)
    try:
        member = services.change_member_role(cluster.id, organisation_id, form.helix_role.data,
                                             acting_user())
    except PortalError as error:
        return refused_change(cluster, error)
    db.session.commit()
    flash(_("The helix role of %(name)s is saved.", name=member.organisation.name), "info")
    return redirect(url_for("clusters.members", cluster_id=cluster.id))


@bp.post("/<int:cluster_id>/members/<int:organisation_id>/remove")
@page_requires(can.may_manage_clusters)
def remove_member(cluster_id: int, organisation_id: int):
    cluster = managed_cluster(cluster_id)
    if not RemoveMemberForm().validate_on_submit():
        abort(400)
    organisation = db.session.get(Organisation, organisation_id)
    try:
        services.remove_cluster_member(cluster.id, organisation_id, acting_user())
    except PortalError as error:
        return refused_change(cluster, error)
    db.session.commit()
    flash(_("%(name)s is no longer a member of the cluster.", name=organisation.name), "info")
    return redirect(url_for("clusters.members", cluster_id=cluster.id))
