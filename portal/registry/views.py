"""Registry pages: organisation and cluster profiles, the edit page of an organisation's
profile, the public list of clusters and the moderation queue.

Handlers that act check the user's roles first (``page_requires``), then load the profile (404
when the user may not see it), then check the rule for that profile (403).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.accounts.view_support import show_field_errors
from portal.core.errors import ConflictError, ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.reference import queries as reference
from portal.reference.models import NaceCode
from portal.registry import moderation, queries, services
from portal.registry import permissions as can
from portal.registry.forms import NewOrganisationForm, OrganisationForm, PublishForm, ReturnForm
from portal.registry.labels import registry_labels
from portal.registry.models import Cluster, Organisation, ProfileStatus

bp = Blueprint("registry", __name__)
#: Clusters a page of the public list shows.
REGISTER_PER_PAGE = 50


@bp.app_context_processor
def registry_template_globals():
    return {**registry_labels(), "can_moderate": can.can_moderate,
            "can_moderate_now": can.can_moderate_now,
            "may_moderate": can.may_moderate, "can_edit_organisation": can.can_edit_organisation,
            "can_manage_cluster": can.can_manage_cluster,
            "can_create_organisation": can.can_create_organisation,
            "may_create_clusters": can.may_create_clusters,
            "can_create_cluster": can.can_create_cluster}


@bp.app_template_filter("state_name")
def state_name(code: str) -> str:
    """A member state's name in the reader's language (from memory: no statement per row)."""
    return reference.state_name(code)


@bp.app_template_filter("region_name")
def region_name(code: str) -> str:
    return reference.region_name(code)


def _visible(model, profile_id: int, options=()):
    profile = db.session.get(model, profile_id, options=options)
    if profile is None or not can.can_view(current_user, profile):
        abort(404)
    return profile


def _moderation_forms(kind: str, profile) -> tuple[PublishForm, ReturnForm]:
    prefix = f"{kind}-{profile.id}"
    return PublishForm(prefix=f"publish-{prefix}"), ReturnForm(prefix=f"return-{prefix}")


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    """Public once published; before that, for its people and its moderators."""
    profile = _visible(Organisation, organisation_id)
    classes = {code.partition("/")[0] for code in profile.nace_codes or []}
    nace = {row.code: row for row in db.session.scalars(
        select(NaceCode).where(NaceCode.code.in_(classes)))}
    return render_template("registry/organisation.html", organisation=profile, nace=nace,
                           clusters=queries.published_clusters_of(profile),
                           forms=_moderation_forms("organisation", profile))


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def new_organisation():
    """Any signed-in user registers an organisation and becomes its administrator; the profile
    waits for the contact point of its state."""
    form = NewOrganisationForm()
    if form.validate_on_submit():
        try:
            profile = services.create_own_organisation(current_user._get_current_object(),
                                                       **form.changes())
        except (ValidationError, ConflictError) as error:
            db.session.rollback()
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is registered. Its profile is waiting for moderation by the contact "
                    "point of %(state)s; until it is published, only you, your colleagues and "
                    "the moderators see it.", name=profile.name,
                    state=state_name(profile.state_code)), "info")
            return redirect(url_for("registry.organisation", organisation_id=profile.id))
    status = 422 if form.is_submitted() else 200
    return render_template("registry/organisation_new.html", form=form), status


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@page_requires(can.may_edit_organisations)
def edit_organisation(organisation_id: int):
    profile = _visible(Organisation, organisation_id)
    if not can.can_edit_organisation(current_user, profile):
        abort(403)
    form = OrganisationForm()
    if not form.is_submitted():
        form.fill_from(profile)
    elif form.validate():
        try:
            saved = services.update_organisation(profile.id, form.changes(),
                                                 _as_int(form.version.data),
                                                 current_user._get_current_object())
        except ValidationError as error:
            show_field_errors(form, error)
        except ConflictError:
            db.session.rollback()
            return _stale_edit(form, organisation_id)
        else:
            db.session.commit()
            if saved.status == ProfileStatus.PENDING:
                flash(_("The profile is saved. It is waiting for moderation by the contact point "
                        "of %(state)s; until it is published, only you, your colleagues and the "
                        "moderators see it.", state=state_name(saved.state_code)), "info")
            else:
                flash(_("The profile is saved."), "info")
            return redirect(url_for("registry.organisation", organisation_id=profile.id))
    status = 422 if form.is_submitted() else 200
    return render_template("registry/organisation_edit.html", form=form, organisation=profile,
                           stale=False), status


def _as_int(value) -> int:
    return int(value) if str(value or "").isdigit() else -1


def _stale_edit(form: OrganisationForm, organisation_id: int):
    """Someone else saved the profile since this form was opened: show the editor's values again
    with the current version, so that saving once more is a deliberate choice, never a silent
    overwrite."""
    profile = db.session.get(Organisation, organisation_id)
    form.version.data = str(profile.version)
    return render_template("registry/organisation_edit.html", form=form, organisation=profile,
                           stale=True), 409


def _moderated(model, profile_id: int):
    profile = _visible(model, profile_id)
    if not can.can_moderate(current_user, profile):
        abort(403)
    return profile


@bp.post("/organisations/<int:organisation_id>/publish")
@page_requires(can.may_moderate)
def publish_organisation(organisation_id: int):
    profile = _moderated(Organisation, organisation_id)
    if _moderation_forms("organisation", profile)[0].validate_on_submit():
        moderation.publish_organisation(profile.id, current_user._get_current_object())
        db.session.commit()
        flash(_("%(name)s is published; its owners are told by e-mail.", name=profile.name), "info")
    return redirect(url_for("registry.moderation_queue"))


@bp.post("/organisations/<int:organisation_id>/return")
@page_requires(can.may_moderate)
def return_organisation(organisation_id: int):
    profile = _moderated(Organisation, organisation_id)
    return _return(profile, "organisation", moderation.return_organisation)


@bp.post("/clusters/<int:cluster_id>/publish")
@page_requires(can.may_moderate)
def publish_cluster(cluster_id: int):
    profile = _moderated(Cluster, cluster_id)
    if _moderation_forms("cluster", profile)[0].validate_on_submit():
        moderation.publish_cluster(profile.id, current_user._get_current_object())
        db.session.commit()
        flash(_("%(name)s is published; its owners are told by e-mail.", name=profile.name), "info")
    return redirect(url_for("registry.moderation_queue"))


@bp.post("/clusters/<int:cluster_id>/return")
@page_requires(can.may_moderate)
def return_cluster(cluster_id: int):
    profile = _moderated(Cluster, cluster_id)
    return _return(profile, "cluster", moderation.return_cluster)


def _return(profile, kind: str, service):
    form = _moderation_forms(kind, profile)[1]
    if not form.validate_on_submit():
        flash(_("Say why the profile is returned: its owners will read it."), "error")
        return redirect(url_for("registry.moderation_queue"))
    try:
        service(profile.id, form.reason.data, current_user._get_current_object())
    except (ValidationError, ConflictError) as error:
        flash(error.message, "error")
        return redirect(url_for("registry.moderation_queue"))
    db.session.commit()
    flash(_("%(name)s is returned to its owners with your reason.", name=profile.name), "info")
    return redirect(url_for("registry.moderation_queue"))


@bp.get("/moderation")
@page_requires(can.may_moderate)
def moderation_queue():
    organisations, clusters = queries.moderation_queue(current_user)
    return render_template(
        "registry/moderation.html",
        organisations=[(o, _moderation_forms("organisation", o)) for o in organisations],
        clusters=[(c, _moderation_forms("cluster", c)) for c in clusters])


@bp.get("/clusters")
def clusters():
    page = db.paginate(queries.published_clusters_query(),
                       page=max(1, request.args.get("page", 1, type=int)),
                       per_page=REGISTER_PER_PAGE, error_out=False)
    return render_template("registry/clusters.html", clusters=page)


@bp.get("/clusters/<int:cluster_id>")
def cluster(cluster_id: int):
    """Public once published: its classification, border pairs and states come from every
    accepted member; members are listed, by state and helix role, when the reader may see
    their profiles."""
    profile = _visible(Cluster, cluster_id, queries.WITH_MEMBERS)
    visible = [m for m in profile.members if can.can_view(current_user, m.organisation)]
    return render_template("registry/cluster.html", cluster=profile,
                           sides=queries.sides_by_state(profile, visible),
                           border_pairs=queries.cluster_border_pairs(profile),
                           forms=_moderation_forms("cluster", profile),
                           pending=ProfileStatus.PENDING)
