"""The registry of organisations and clusters (the triple helix of DESIGN 4.7)."""


def init_app(app) -> None:
    from portal.core.waiting import register_provider
    from portal.registry import (  # noqa: F401  (the tables, the API's routes, the tasks)
        api,
        cluster_api,
        cluster_views,
        commands,
        import_views,
        invitation_views,
        models,
        moderation_api,
        pick_views,
        picker,
        tasks,
        views,
    )
    from portal.registry.waiting import invitations_to_answer, profiles_to_moderate

    for blueprint in (views.bp, import_views.bp, cluster_views.bp, pick_views.bp):
        app.register_blueprint(blueprint)
    register_provider(app, profiles_to_moderate)
    register_provider(app, invitations_to_answer)
    picker.init_app(app)
    app.cli.add_command(commands.import_group)
