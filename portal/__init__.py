"""The EAEU Cluster Cooperation Portal."""

from __future__ import annotations

from flask import Flask

from portal import config as portal_config
from portal.config import MIGRATIONS, STATIC, TEMPLATES


def create_app(test_config: dict | None = None) -> Flask:
    settings = portal_config.load(test_config)
    app = Flask(
        __name__,
        instance_path=settings["PORTAL_DATA_DIR"],
        template_folder=str(TEMPLATES),
        static_folder=str(STATIC),
    )
    app.config.update(settings)
    _init_extensions(app)
    _init_features(app)
    return app


def _init_extensions(app: Flask) -> None:
    from portal.core import errors, form_errors, i18n, proxy, request_input, security, templating
    from portal.core.celery import celery_init_app
    from portal.core.db import render_item
    from portal.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS),
                     render_as_batch=True, compare_type=True, render_item=render_item)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    proxy.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    form_errors.init_app(app)
    request_input.init_app(app)
    celery_init_app(app)


def _init_features(app: Flask) -> None:
    """Each feature's ``init_app`` registers its tables, pages, API routes and commands, in
    order; the blueprints that several features add routes to (the accounts pages, which
    onboarding shares, and the API) are registered once all have added theirs."""
    from portal import (
        accounts,
        administration,
        calls,
        cli,
        core,
        council,
        dashboard,
        matching,
        money,
        notifications,
        onboarding,
        partnering,
        projects,
        proposals,
        reference,
        registry,
        review,
        search,
        statistics,
    )
    from portal.accounts import blueprint as accounts_pages
    from portal.core import api

    # From the bottom up: each feature imports only those before it (README, "Layout").
    for feature in (core, reference, notifications, accounts, money, registry, onboarding,
                    administration, search,
                    matching, partnering, calls, proposals, review, council, projects, statistics,
                    dashboard):
        feature.init_app(app)
    accounts_pages.init_app(app)
    api.init_app(app)
    cli.register_commands(app)
