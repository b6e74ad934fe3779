"""Independent review: expert assignment, conflicts of interest, scores and the consensus
report (DESIGN 4.5)."""


def init_app(app) -> None:
    from portal.core.waiting import register_provider
    from portal.proposals.transitions import worker_step
    from portal.proposals.workflow import ProposalStatus
    from portal.review import (  # noqa: F401  (the tables, the API's routes)
        api,
        commands,
        models,
        proposal_hooks,
        tasks,
        views,
        waiting,
    )

    app.register_blueprint(views.bp)
    worker_step(ProposalStatus.ELIGIBLE, tasks.assign_experts)
    proposal_hooks.register(app)
    register_provider(app, waiting.assignments_waiting)
    register_provider(app, waiting.reports_to_write)
    app.cli.add_command(commands.experts_group)
