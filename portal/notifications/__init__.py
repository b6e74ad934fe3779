"""E-mail through an outbox: written with the change that causes it, delivered by the worker."""


def init_app(app) -> None:
    from portal.notifications import models, views  # noqa: F401  (the tables)

    app.register_blueprint(views.bp)
