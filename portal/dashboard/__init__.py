"""The home page and each role's dashboard: what is waiting for me."""


def init_app(app) -> None:
    from portal.dashboard import api, views  # noqa: F401  (api: the routes of /api/v1/me)

    app.register_blueprint(views.bp)
