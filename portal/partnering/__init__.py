"""Cooperation ads and expressions of interest (DESIGN 4.7)."""


def init_app(app) -> None:
    """The tables, the pages, the API's routes, the ads' documents in the search and the
    hourly sweeps' tasks."""
    from portal.core.waiting import register_provider
    from portal.partnering import api, models, search_documents, tasks, views  # noqa: F401
    from portal.partnering.waiting import interests_to_answer

    app.register_blueprint(views.bp)
    search_documents.register()
    register_provider(app, interests_to_answer)
