"""``portal search reindex`` rebuilds the index from the profiles."""

from __future__ import annotations

from sqlalchemy import delete

from portal.search.engine import SearchQuery, search
from portal.search.models import SearchDocument
from tests.search.helpers import indexed_organisation


def test_reindex_rebuilds_every_document(runner, session):
    indexed_organisation(name="Titan", description="Titanium")
    session.execute(delete(SearchDocument))
    assert search(SearchQuery(q="titanium")).total == 0
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1 documents" in result.output
    assert [hit.title for hit in search(SearchQuery(q="titanium")).hits] == ["Titan"]
