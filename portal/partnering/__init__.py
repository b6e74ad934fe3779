"""Cooperation ads and expressions of interest (DESIGN 4.7)."""


def init_app(app) -> None:
    """The tables, the pages, the API's routes and the ads' documents in the search."""
    from portal.partnering import api, models, search_documents, views  # noqa: F401

    app.register_blueprint(views.bp)
    search_documents.register()
