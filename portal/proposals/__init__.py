"""Joint proposals: the consortium, budget, indicators, snapshots and the workflow (DESIGN 4.3, 4.4)."""


def init_app(app) -> None:
    from portal.proposals import api, models, tasks, views  # noqa: F401  (tables, API routes)
    from portal.proposals.transitions import worker_step
    from portal.proposals.workflow import ProposalStatus

    app.register_blueprint(views.bp)
    worker_step(ProposalStatus.SUBMITTED, tasks.check_eligibility)
