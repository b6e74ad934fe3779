"""Council voting and decisions (DESIGN 4.6)."""


def init_app(app) -> None:
    from portal.calls.committed import register_committed
    from portal.core.waiting import register_provider
    from portal.council import (  # noqa: F401  (the tables, the API's routes, the tasks)
        api,
        commands,
        commitments,
        models,
        proposal_hooks,
        seat_api,
        seat_views,
        tasks,
        views,
        waiting,
    )

    app.register_blueprint(views.bp)
    proposal_hooks.register(app)
    register_provider(app, waiting.ballots_to_cast)
    register_provider(app, waiting.reconsiderations_to_schedule)
    register_committed(app, commitments.committed_by_call)
    app.cli.add_command(commands.council_group)
