"""What the council funds, in figures: the public statistics page and API, their charts drawn
on the server, the dashboards' pipeline and outcomes, and the open data (CSV and JSON) of
decisions, projects and indicators."""


def init_app(app) -> None:
    from portal.statistics import open_data_views

    app.register_blueprint(open_data_views.bp)
