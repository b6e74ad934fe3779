"""The EAEU Cluster Cooperation Portal."""

from __future__ import annotations

from flask import Flask

from portal import config as portal_config
from portal.config import PROJECT_ROOT


def create_app(test_config: dict | None = None) -> Flask:
    settings = portal_config.load(test_config)
    app = Flask(
        __name__,
        instance_path=settings["PORTAL_DATA_DIR"],
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings)
    _init_extensions(app)
    _register_blueprints(app)
    return app


def _init_extensions(app: Flask) -> None:
    from portal.accounts import session  # noqa: F401  (the user loader)
    from portal.core import errors, i18n, proxy, request_input, security, templating
    from portal.core.celery import celery_init_app
    from portal.core.db import render_item
    from portal.core.models import __all__ as _models  # noqa: F401  (the whole schema)
    from portal.extensions import csrf, db, limiter, login_manager, migrate
    from portal.partnering import search_documents  # noqa: F401  (ads in the search)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"),
                     render_as_batch=True, compare_type=True, render_item=render_item)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    proxy.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    request_input.init_app(app)
    celery_init_app(app)


def _register_blueprints(app: Flask) -> None:
    from portal.accounts import (  # noqa: F401  (routes)
        invitation_views,
        password_views,
        profile_views,
        registration_views,
        views,
    )
    from portal.accounts.blueprint import bp as accounts
    from portal.api import bp as api
    from portal.api.docs import page_bp as api_docs
    from portal.calls.views import bp as calls
    from portal.cli import register_commands
    from portal.core.health import bp as health
    from portal.council.views import bp as council
    from portal.dashboard.views import bp as dashboard
    from portal.matching.views import bp as matching
    from portal.notifications.views import bp as notifications
    from portal.partnering.views import bp as partnering
    from portal.proposals.views import bp as proposals
    from portal.registry.cluster_views import bp as registry_clusters
    from portal.registry.import_views import bp as registry_import
    from portal.registry.views import bp as registry
    from portal.review.views import bp as review
    from portal.search.views import bp as search

    for blueprint in (dashboard, accounts, partnering, notifications, registry, registry_import,
                      registry_clusters, matching, search, calls, proposals, review, council, api,
                      api_docs, health):
        app.register_blueprint(blueprint)
    register_commands(app)
