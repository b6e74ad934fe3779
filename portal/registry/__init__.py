"""The registry of organisations and clusters (the triple helix of DESIGN 4.7)."""


def init_app(app) -> None:
    from portal.registry import (  # noqa: F401  (the tables, the API's routes, the tasks)
        api,
        cluster_api,
        cluster_views,
        commands,
        import_views,
        models,
        moderation_api,
        tasks,
        views,
    )

    for blueprint in (views.bp, import_views.bp, cluster_views.bp):
        app.register_blueprint(blueprint)
    app.cli.add_command(commands.import_group)
