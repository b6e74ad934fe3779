"""Council voting and decisions (DESIGN 4.6)."""


def init_app(app) -> None:
    from portal.council import (  # noqa: F401  (the tables, the API's routes, the tasks)
        api,
        commands,
        models,
        proposal_hooks,
        seat_api,
        seat_views,
        tasks,
        views,
    )

    app.register_blueprint(views.bp)
    proposal_hooks.register(app)
    app.cli.add_command(commands.council_group)
