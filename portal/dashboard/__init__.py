"""The home page and each role's dashboard: what is waiting for me."""


def init_app(app) -> None:
    from portal.dashboard import views

    app.register_blueprint(views.bp)
