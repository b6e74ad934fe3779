"""Cross-lingual search over organisations and clusters (and, later, cooperation ads).

Text is normalised, tokenised and stemmed (:mod:`portal.search.text`), mapped through a bilingual
domain lexicon onto language-independent concepts (:mod:`portal.search.lexicon`), and stored as
postings per document (:mod:`portal.search.models`); a query is ranked by BM25 in the database
(:mod:`portal.search.engine`), so that a Russian query finds an English profile and the reverse.
"""


def init_app(app) -> None:
    from portal.search import api, commands, models, saved_api, tasks, views  # noqa: F401  (tables, API routes, tasks)

    app.register_blueprint(views.bp)
    app.cli.add_command(commands.search_group)
