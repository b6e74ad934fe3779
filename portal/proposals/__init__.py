"""Joint proposals: the consortium, budget, indicators, snapshots and the workflow (DESIGN 4.3, 4.4)."""


def init_app(app) -> None:
    from portal.proposals import api, joint_views, models, views  # noqa: F401  (the tables, the API's routes)

    app.register_blueprint(views.bp)
    joint_views.init_app(app)
