"""Independent review: expert assignment, conflicts of interest, scores and the consensus
report (DESIGN 4.5)."""


def init_app(app) -> None:
    from portal.review import api, commands, models, proposal_hooks, views  # noqa: F401  (the tables, the API's routes)

    app.register_blueprint(views.bp)
    proposal_hooks.register(app)
    app.cli.add_command(commands.experts_group)
