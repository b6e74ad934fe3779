"""Running a search: BM25 over the postings, filters, facet counts and pages, in the database.

The query's terms (stems and lexicon concepts, :func:`portal.search.lexicon.query_terms`) are
looked up in the inverted index; each matching document scores

    Σ over the query's terms t:  idf(t) · w·(k1 + 1) / (w + k1·(1 − b + b·len/avglen))

where ``w`` is the field-weighted frequency of ``t`` in the document. Ties are broken by kind and
id, so the order is the same on every run and every database. Facet counts are taken over the
whole current result (every filter applied) in one statement. The same SQL runs on PostgreSQL and
SQLite; only what :func:`portal.search.indexing.postings` put in the table is read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import Numeric, and_, case, cast, func, literal, select, union_all

from portal.extensions import db
from portal.search.documents import PROVIDERS
from portal.search.indexing import NACE_PREFIX, TECHNOLOGY_PREFIX
from portal.search.lexicon import query_terms
from portal.search.models import SearchDocument, SearchPosting

K1 = 1.2
B = 0.75
MAX_PER_PAGE = 100
FACETS = ("type", "state", "region", "kind", "technology_field", "nace")


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    #: Document kinds to search (``organisation``, ``cluster``); all when empty.
    types: tuple[str, ...] = ()
    state: str | None = None
    region: str | None = None
    kind: str | None = None
    technology_field: str | None = None
    #: A NACE division, group or class (``21``, ``21.2``, ``21.20``): matched by prefix.
    nace: str | None = None
    #: Only these objects (of the kinds searched), e.g. the one with an import reference.
    object_ids: tuple[int, ...] | None = None
    page: int = 1
    per_page: int = 20


    @classmethod
    def from_params(cls, params, *, page: int = 1, per_page: int = 20) -> SearchQuery:
        """The query of a page's or the API's parameters (a saved search keeps the same ones);
        empty values are no filter."""
        def value(name):
            found = (params.get(name) or "").strip()
            return found or None

        types = tuple(t for t in (value("type") or "").split(",") if t in PROVIDERS)
        return cls(q=value("q") or "", types=types, state=value("state"),
                   region=value("region"), kind=value("kind"),
                   technology_field=value("technology_field"), nace=value("nace"),
                   page=page, per_page=per_page)

    def params(self) -> dict[str, str]:
        """The non-empty parameters, as :meth:`from_params` reads them (for links and saving)."""
        found = {"q": self.q, "type": ",".join(self.types), "state": self.state,
                 "region": self.region, "kind": self.kind,
                 "technology_field": self.technology_field, "nace": self.nace}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    score: float | None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    #: The query's terms (stems and concepts), for highlighting.
    terms: list[str] = field(default_factory=list)
    #: ``{facet: [(value, count), …]}``, most frequent first, then by value.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def search(query: SearchQuery, *, with_facets: bool = True) -> SearchResult:
    terms = query_terms(query.q)
    filters = _filters(query)
    page = max(query.page, 1)
    per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
    if query.q.strip():
        idf = _idf(terms)
        if not idf:  # only stop words, or words no document has
            return SearchResult(hits=[], total=0, page=page, per_page=per_page, terms=terms,
                                facets={name: [] for name in FACETS} if with_facets else {})
        hits_query = _scored(idf, filters)
        order = (hits_query.c.rank.desc(), SearchDocument.kind, SearchDocument.object_id)
        score = hits_query.c.score
    else:
        hits_query = select(SearchDocument.id.label("document_id")).where(*filters).subquery()
        order = (SearchDocument.title, SearchDocument.kind, SearchDocument.object_id)
        score = literal(None)
    rows = db.session.execute(
        select(SearchDocument.kind, SearchDocument.object_id, SearchDocument.title, score)
        .join(hits_query, hits_query.c.document_id == SearchDocument.id)
        .order_by(*order).limit(per_page).offset((page - 1) * per_page))
    hits = [Hit(kind, object_id, title, None if value is None else round(float(value), 6))
            for kind, object_id, title, value in rows]
    facets = _facets(hits_query) if with_facets else {}
    total = (sum(count for _value, count in facets["type"]) if with_facets
             else db.session.scalar(select(func.count()).select_from(hits_query)))
    return SearchResult(hits=hits, total=total, page=page, per_page=per_page, terms=terms,
                        facets=facets)


def _filters(query: SearchQuery) -> list:
    document = SearchDocument
    filters = [document.public.is_(True)]
    if query.types:
        filters.append(document.kind.in_(query.types))
    if query.state:
        filters.append(document.state_code == query.state.upper())
    if query.region:
        filters.append(document.region_code == query.region.upper())
    if query.kind:
        filters.append(document.category == query.kind)
    if query.technology_field:
        filters.append(document.id.in_(_with_term(TECHNOLOGY_PREFIX + query.technology_field)))
    if query.nace:
        filters.append(document.id.in_(_with_term(NACE_PREFIX + query.nace.strip())))
    if query.object_ids is not None:
        filters.append(document.object_id.in_(query.object_ids))
    return filters


def _with_term(term: str):
    return select(SearchPosting.document_id).where(SearchPosting.term == term)


def _idf(terms: list[str]) -> dict[str, float]:
    """BM25's idf of each term that occurs at all, over every indexed document."""
    total = db.session.scalar(select(func.count()).select_from(SearchDocument)) or 0
    frequencies = dict(db.session.execute(
        select(SearchPosting.term, func.count()).where(SearchPosting.term.in_(terms))
        .group_by(SearchPosting.term)).all())
    return {term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequencies.items()}


def _scored(idf: dict[str, float], filters: list):
    average = db.session.scalar(select(func.avg(SearchDocument.length))) or 1.0
    posting, document = SearchPosting, SearchDocument
    weight = posting.weight
    idf_of = case(_padded(idf), value=posting.term, else_=0.0)
    norm = K1 * (1 - B) + (K1 * B / float(average)) * document.length
    score = func.sum(idf_of * weight * (K1 + 1) / (weight + norm)).label("score")
    return (select(posting.document_id, score,
                   func.round(cast(score, Numeric), 6).label("rank"))
            .join(document, document.id == posting.document_id)
            .where(posting.term.in_(list(idf)), *filters)
            .group_by(posting.document_id)
            .subquery())


def _padded(idf: dict[str, float]) -> dict[str, float]:
    """The idf table padded to a power of two with terms no document has: statements of a
    few shapes only, which SQLAlchemy compiles once and caches (compiling costs more than
    running a query on a small index)."""
    size = 1
    while size < len(idf):
        size *= 2
    padding = {f"\x01{n}": 0.0 for n in range(size - len(idf))}
    return {**idf, **padding}


def _facets(hits_query) -> dict[str, list[tuple[str, int]]]:
    hits = select(hits_query.c.document_id).cte("hits")
    document, posting = SearchDocument, SearchPosting

    def by_column(name, column):
        return (select(literal(name).label("facet"), column.label("value"), func.count())
                .select_from(hits).join(document, document.id == hits.c.document_id)
                .where(column.is_not(None)).group_by(column))

    def by_terms(name, prefix, length=None):
        conditions = [posting.term >= prefix, posting.term < prefix[:-1] + chr(ord(prefix[-1]) + 1)]
        if length:
            conditions.append(func.length(posting.term) == length)
        return (select(literal(name).label("facet"), posting.term.label("value"), func.count())
                .select_from(hits).join(posting, and_(posting.document_id == hits.c.document_id,
                                                      *conditions))
                .group_by(posting.term))

    statement = union_all(
        by_column("type", document.kind),
        by_column("state", document.state_code),
        by_column("region", document.region_code),
        by_column("kind", document.category),
        by_terms("technology_field", TECHNOLOGY_PREFIX),
        by_terms("nace", NACE_PREFIX, length=len(NACE_PREFIX) + 2),
    )
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for name, value, count in db.session.execute(statement):
        if name == "technology_field":
            value = value.removeprefix(TECHNOLOGY_PREFIX)
        elif name == "nace":
            value = value.removeprefix(NACE_PREFIX)
        facets[name].append((value, count))
    for values in facets.values():
        values.sort(key=lambda item: (-item[1], item[0]))
    return facets
