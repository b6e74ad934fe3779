"""Reference data the portal carries: member states, regions, borders, technology fields, NACE."""


def init_app(app) -> None:
    from portal.reference import api, models  # noqa: F401  (the API's routes, the tables)
