"""What the council funds, in figures: the public statistics page and API, their charts drawn
on the server, the dashboards' pipeline and outcomes, and the open data (CSV and JSON) of
decisions, projects and indicators."""

from portal.config import ConfigurationError


def init_app(app) -> None:
    from portal.money.models import RATE_CURRENCIES
    from portal.statistics import (  # noqa: F401  (api: the route of /api/v1/statistics)
        api,
        open_data_views,
        views,
    )

    if app.config.get("STATISTICS_CURRENCY", "RUB") not in RATE_CURRENCIES:
        raise ConfigurationError(
            f"STATISTICS_CURRENCY must be one of {', '.join(RATE_CURRENCIES)}")
    app.config.setdefault("STATISTICS_CURRENCY", "RUB")
    app.register_blueprint(views.bp)
    app.register_blueprint(open_data_views.bp)
