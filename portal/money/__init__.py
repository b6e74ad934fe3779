"""Money: dated exchange rates between the member states' currencies and a few common ones,
entered by the secretariat (page and API), imported from CSV (``portal rates import``) or
fetched daily from the Central Bank of Russia, and an amount's conversion at the rate in force
on a day (API.md "Money")."""


def init_app(app) -> None:
    from portal.money import (  # noqa: F401  (the table, the API's routes, the tasks)
        api,
        commands,
        models,
        tasks,
        views,
    )

    app.register_blueprint(views.bp)
    app.cli.add_command(commands.rates_group)
