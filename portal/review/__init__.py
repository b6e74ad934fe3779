"""Independent review: expert assignment, conflicts of interest, scores and the consensus
report (DESIGN 4.5)."""


def init_app(app) -> None:
    from portal.proposals.transitions import worker_step
    from portal.proposals.workflow import ProposalStatus
    from portal.review import api, commands, models, tasks, views  # noqa: F401  (tables, API routes)

    app.register_blueprint(views.bp)
    worker_step(ProposalStatus.ELIGIBLE, tasks.assign_experts)
    app.cli.add_command(commands.experts_group)
