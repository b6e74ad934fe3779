"""E-mail through an outbox: written with the change that causes it, delivered by the worker."""


def init_app(app) -> None:
    from portal.notifications import models, tasks, views  # noqa: F401  (the tables, the tasks)

    app.register_blueprint(views.bp)
