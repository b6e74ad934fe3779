"""Council voting and decisions (DESIGN 4.6)."""


def init_app(app) -> None:
    from portal.council import api, commands, models, tasks, views  # noqa: F401  (tables, API routes, tasks)

    app.register_blueprint(views.bp)
    app.cli.add_command(commands.council_group)
