"""Partner matching (DESIGN 4.7): organisations in other member states ranked by how well their
offers meet a seeker's needs, across Russian and English, each suggestion with its reasons.

How it fits together: the worker embeds each profile's needs, offers and description when they
change (:mod:`portal.matching.services`, rows of :class:`~portal.matching.models.OrganisationVector`)
and logs the change (:mod:`portal.matching.changes`); each host builds its own memory-mapped index
under its ``PORTAL_DATA_DIR/matching`` (:mod:`portal.matching.index`) from the stored vectors, that
its web processes read through the OS page cache, and overlays the changes logged since
(:mod:`portal.matching.replica`); the score is a pure function (:mod:`portal.matching.scoring`).
"""


def init_app(app) -> None:
    from portal.matching import api, commands, digest_api, models, tasks, views  # noqa: F401  (tables, API routes, tasks)

    app.register_blueprint(views.bp)
    app.cli.add_command(commands.matching)
