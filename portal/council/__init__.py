"""Council voting and decisions (DESIGN 4.6)."""


def init_app(app) -> None:
    from portal.council import api, commands, models, proposal_hooks, views  # noqa: F401  (the tables, the API's routes)

    app.register_blueprint(views.bp)
    proposal_hooks.register(app)
    app.cli.add_command(commands.council_group)
