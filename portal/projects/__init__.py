"""Funded projects (DESIGN 4.8): the grant agreement that starts a project and its reporting
schedule, the partners' reports against their indicators, the secretariat's assessment,
reminders and escalation, what makes a project "at risk", and the public project pages with
their feed (API.md "Funded projects")."""


def init_app(app) -> None:
    from portal.core.api_docs import register_schema
    from portal.core.waiting import register_provider
    from portal.council.funding import register_funding
    from portal.projects import (  # noqa: F401  (the tables, the API's routes, the tasks)
        agreement_api,
        agreement_views,
        agreement_waiting,
        api,
        decision_links,
        models,
        public_views,
        report_api,
        report_views,
        report_waiting,
        tasks,
    )
    from portal.proposals.hooks import register_page_section

    app.register_blueprint(public_views.bp)
    app.register_blueprint(agreement_views.bp)
    app.register_blueprint(report_views.bp)
    register_funding(app, decision_links.funding_of)
    register_schema(app, "ReportContent", report_api.REPORT_CONTENT)
    register_page_section(app, agreement_views.proposal_section)
    register_provider(app, agreement_waiting.agreements_to_record)
    register_provider(app, report_waiting.reports_due)
    register_provider(app, report_waiting.reports_to_assess)
