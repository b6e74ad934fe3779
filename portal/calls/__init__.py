"""Calls for joint proposals, opened by the secretariat (DESIGN 4.2)."""


def init_app(app) -> None:
    from portal.calls import api, models, views  # noqa: F401  (the tables, the API's routes)

    app.register_blueprint(views.bp)
