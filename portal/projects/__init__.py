"""Funded projects (DESIGN 4.8): the grant agreement that starts a project and its reporting
schedule, the partners' reports against their indicators, the secretariat's assessment,
reminders and escalation, what makes a project "at risk", and the public project pages with
their feed (API.md "Funded projects")."""


def init_app(app) -> None:
    from portal.core.waiting import register_provider
    from portal.projects import (
        models,  # noqa: F401  (the tables)
        report_api,  # noqa: F401  (the reports' API routes)
        report_views,
    )
    from portal.projects.report_waiting import reports_due, reports_to_assess

    app.register_blueprint(report_views.bp)
    register_provider(app, reports_due)
    register_provider(app, reports_to_assess)
