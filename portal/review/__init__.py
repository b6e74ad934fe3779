"""Independent review: expert assignment, conflicts of interest, scores and the consensus
report (DESIGN 4.5)."""


def init_app(app) -> None:
    from portal.proposals.transitions import worker_step
    from portal.proposals.workflow import ProposalStatus
    from portal.review import (  # noqa: F401  (the tables, the API's routes)
        api,
        commands,
        models,
        proposal_hooks,
        tasks,
        views,
    )

    app.register_blueprint(views.bp)
    worker_step(ProposalStatus.ELIGIBLE, tasks.assign_experts)
    proposal_hooks.register(app)
    app.cli.add_command(commands.experts_group)
