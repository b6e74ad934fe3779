"""Running a search: BM25 over the postings, filters, facet counts and pages, in the database.

The query's terms (stems and lexicon concepts, :func:`portal.search.lexicon.query_terms`) are
looked up in the inverted index; each matching document scores

    Σ over the query's terms t:  idf(t) · impact(t, document)

where the impact, stored with the posting, is BM25's term-frequency part
``w·(k1 + 1) / (w + k1·(1 − b + b·len/avglen))`` of the field-weighted frequency ``w`` (see
:mod:`portal.search.indexing`), and idf comes from the document counts of
:class:`~portal.search.models.SearchTerm`. Scores are summed in Python (``math.fsum``), so they
are the same on every database; ties are broken by kind and id.

**Bounded work.** Filters are attribute terms (``state:KZ``, ``tf:energy``…), so their sizes
are known before anything is read, and a small cost model (:data:`READ`, :data:`SEEK`,
:data:`HASH`) chooses how to read. A text search reads *every* posting of its terms when that is
cheap: few postings, or filters that leave few documents; it is then exact in everything.
Otherwise it reads, for each term, its :data:`TOP_POSTINGS` strongest postings among the
documents that pass the filters (the index on (term, impact) gives them in order) and ranks the
union of those candidates: filters stay exact (nothing that matches them is passed over for a
document that does not), the candidates that can reach the page are scored exactly over all
their terms (the page is exact among the candidates), ``total`` is the number of candidates
and is flagged as a lower bound, and facets are counted over the best :data:`FACET_SAMPLE`.
A listing without words counts its total exactly when it has one filter (or none) or at most
:data:`COUNTED` results, and its facets over :data:`FACET_SAMPLE` of its results at most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    case,
    cast,
    column,
    exists,
    false,
    func,
    select,
    true,
    union_all,
    values,
)
from sqlalchemy.dialects import postgresql

from portal.extensions import db
from portal.search.documents import PROVIDERS
from portal.search.indexing import (
    CLASSIFICATION_PREFIX,
    FACET_PREFIXES,
    KIND_PREFIX,
    NACE_PREFIX,
    REGION_PREFIX,
    STATE_PREFIX,
    TECHNOLOGY_PREFIX,
    TYPE_PREFIX,
    facet_of,
)
from portal.search.lexicon import query_terms
from portal.search.models import SearchAttribute, SearchDocument, SearchPosting, SearchTerm

#: The document columns that hold the single-valued attributes, by attribute prefix.
_COLUMNS = {TYPE_PREFIX: SearchDocument.__table__.c.kind,
            STATE_PREFIX: SearchDocument.__table__.c.state_code,
            REGION_PREFIX: SearchDocument.__table__.c.region_code,
            KIND_PREFIX: SearchDocument.__table__.c.category}

MAX_PER_PAGE = 100
FACETS = ("type", "state", "region", "kind", "technology_field", "nace", "classification")
#: Postings a query term contributes when it has many: its strongest ones within the filters.
TOP_POSTINGS = 200
#: Facet counts cover at most this many results (a text search's best-ranked ones).
FACET_SAMPLE = 500
#: A listing with several filters counts its total exactly up to this many.
COUNTED = 1000
#: Estimated cost, in microseconds, of reading one posting in index order, of finding one row
#: by its key, and of putting one document of a filter into a hash table (measured on
#: PostgreSQL 15); and the cost up to which a text search reads every posting of its terms
#: rather than the strongest ones (about 2,000 postings).
READ, SEEK, HASH = 0.3, 3.0, 0.3
EXACT_BUDGET = 600.0


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
    #: A cluster's classification (``cross_border``, ``transnational``, ``national``): only
    #: clusters have one, so the filter finds clusters only.
    classification: str | None = None
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
                   classification=value("classification"), page=page, per_page=per_page)

    def params(self) -> dict[str, str]:
        """The non-empty parameters, as :meth:`from_params` reads them (for links and saving)."""
        found = {"q": self.q, "type": ",".join(self.types), "state": self.state,
                 "region": self.region, "kind": self.kind,
                 "technology_field": self.technology_field, "nace": self.nace,
                 "classification": self.classification}
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
    #: The results that can be paged through: every match when ``total_exact``, otherwise a
    #: lower bound (a text search's candidates, or :data:`COUNTED` for a large listing).
    total: int
    page: int
    per_page: int
    #: The query's terms (stems and concepts), for highlighting.
    terms: list[str] = field(default_factory=list)
    #: ``{facet: [(value, count), …]}``, most frequent first, then by value.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    total_exact: bool = True
    #: How many results the facet counts were taken over (``total`` when they cover them all).
    facets_counted: int = 0


@dataclass(frozen=True)
class _Filter:
    """Documents that hold one of ``terms`` (an attribute filter), or, when ``terms`` is None,
    the documents of ``object_ids``; ``size`` is their number (at most)."""

    terms: tuple[str, ...] | None
    size: int
    object_ids: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()

    def column_condition(self):
        """The same filter on the document's own columns, if its attribute has one (kind of
        document, state, region, kind of organisation), else None."""
        if not self.terms:
            return None
        prefix = self.terms[0].partition(":")[0] + ":"
        column_ = _COLUMNS.get(prefix)
        if column_ is None or any(not term.startswith(prefix) for term in self.terms):
            return None
        return column_.in_([term.removeprefix(prefix) for term in self.terms])


def search(query: SearchQuery, *, with_facets: bool = True) -> SearchResult:
    terms = query_terms(query.q)
    page = max(query.page, 1)
    per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
    counts = _counts([*terms, *_attribute_terms(query), *(TYPE_PREFIX + k for k in PROVIDERS)])
    corpus = sum(counts.get(TYPE_PREFIX + kind, 0) for kind in PROVIDERS)
    filters = _filters(query, counts, corpus)
    empty = SearchResult(hits=[], total=0, page=page, per_page=per_page, terms=terms,
                         facets={name: [] for name in FACETS} if with_facets else {})
    if any(f.size == 0 for f in filters):
        return empty
    if not query.q.strip():
        return _listing(filters, corpus, page, per_page, with_facets, empty)
    idf = {term: math.log(1 + (corpus - n + 0.5) / (n + 0.5))
           for term in terms if (n := counts.get(term, 0)) > 0}
    if not idf:  # only stop words, or words no document has
        return empty
    return _text_search(idf, {t: counts[t] for t in idf}, filters, corpus, page, per_page,
                        with_facets, empty)


# Filters ----------------------------------------------------------------------------------------

def _attribute_terms(query: SearchQuery) -> list[str]:
    found = [TYPE_PREFIX + kind for kind in query.types]
    if query.state:
        found.append(STATE_PREFIX + query.state.strip().upper())
    if query.region:
        found.append(REGION_PREFIX + query.region.strip().upper())
    if query.kind:
        found.append(KIND_PREFIX + query.kind.strip())
    if query.technology_field:
        found.append(TECHNOLOGY_PREFIX + query.technology_field.strip())
    if query.nace:
        found.append(NACE_PREFIX + query.nace.strip())
    if query.classification:
        found.append(CLASSIFICATION_PREFIX + query.classification.strip())
    return found


def _counts(terms: list[str]) -> dict[str, int]:
    """The number of published documents that hold each term (absent: none)."""
    wanted = sorted({term[:80] for term in terms})
    return dict(_run(select(SearchTerm.term, SearchTerm.documents)
                     .where(SearchTerm.term.in_(wanted))).all())


def _filters(query: SearchQuery, counts: dict[str, int], corpus: int) -> list[_Filter]:
    """The query's filters, most selective first; one that keeps every document is left out."""
    found = []
    kinds = tuple(sorted(set(query.types)))
    if kinds and set(kinds) != set(PROVIDERS):
        found.append(tuple(TYPE_PREFIX + kind for kind in kinds))
    found += [(term,) for term in _attribute_terms(query) if not term.startswith(TYPE_PREFIX)]
    filters = [_Filter(terms, sum(counts.get(t[:80], 0) for t in terms)) for terms in found]
    filters = [f for f in filters if f.size < corpus or corpus == 0]
    if query.object_ids is not None:
        filters.append(_Filter(None, len(query.object_ids), tuple(query.object_ids),
                               kinds or tuple(sorted(PROVIDERS))))
    return sorted(filters, key=lambda f: f.size)


def _members(filter_: _Filter):
    """The ids of the documents that pass one filter."""
    if filter_.terms is None:
        return select(SearchDocument.id).where(SearchDocument.object_id.in_(filter_.object_ids),
                                               SearchDocument.kind.in_(filter_.kinds),
                                               SearchDocument.public.is_(True))
    return select(SearchAttribute.document_id).where(SearchAttribute.term.in_(filter_.terms))


def _passes(document_id, filter_: _Filter, *, hashed: bool):
    """A condition on ``document_id``: a membership test of the filter's documents, hashed once
    per statement (``hashed``: a CASE keeps PostgreSQL from turning it into a join it would
    redo for every term), or a look-up of the document's attribute for each row."""
    if hashed or filter_.terms is None:
        return case((document_id.in_(_members(filter_)), true()), else_=false())
    attribute = SearchAttribute.__table__.alias("attribute")
    return exists().where(attribute.c.document_id == document_id,
                          attribute.c.term.in_(filter_.terms))


def _among(column_, ids):
    """``column_`` is one of ``ids``: on PostgreSQL a set made once from one array parameter (a
    list of a thousand parameters costs more to plan than to run), a list elsewhere."""
    if _on_postgresql():
        return column_.in_(select(func.unnest(_array(ids))))
    return column_.in_(list(ids))


def _array(ids):
    """An integer array parameter, sent as its text (quicker than element by element); its
    cast is evaluated once only where it feeds a function such as ``unnest``."""
    literal = "{" + ",".join(map(str, ids)) + "}"
    return cast(bindparam(None, literal, type_=String), postgresql.ARRAY(Integer))


def _run(statement):
    """Execute a Core statement on the session's connection (no ORM work on the rows)."""
    return db.session.connection().execute(statement)


def _on_postgresql() -> bool:
    return db.session.connection().dialect.name == "postgresql"


# Text search ------------------------------------------------------------------------------------

def _text_search(idf, frequencies, filters, corpus, page, per_page, with_facets, empty):
    """Every posting of the terms when that costs little (or no more than the strongest ones),
    the strongest ones of each term otherwise; then the page, the total and the facets."""
    terms = sorted(idf)
    share = min([f.size for f in filters], default=corpus) / max(corpus, 1)
    everything = sum(frequencies.values())
    exact_cost = min(everything * READ + _filter_cost(filters, everything),
                     (filters[0].size * len(terms) * SEEK if filters else math.inf))
    reads = sum(min(n, TOP_POSTINGS / max(share, 1e-9)) for n in frequencies.values())
    top_cost = reads * READ + _filter_cost(filters, reads)
    if exact_cost <= max(EXACT_BUDGET, top_cost):
        rows, cut = _all_postings(terms, filters), {}
    else:
        rows, cut = _top_postings(terms, filters, reads)
    if not rows:
        return empty
    candidates: dict[int, dict[str, float]] = {}
    for term, document_id, impact in rows:
        candidates.setdefault(document_id, {})[term] = impact
    unknown = _complete_rare_terms(candidates, cut, frequencies)
    scores, bounds = _bounds(candidates, idf, unknown)
    order = sorted(bounds, key=lambda d: (-bounds[d], d))
    result = SearchResult(
        hits=_ranked(order, candidates, scores, bounds, idf, unknown, page, per_page),
        total=len(candidates), page=page, per_page=per_page, terms=empty.terms,
        total_exact=not cut)
    if with_facets:
        sample = order[:FACET_SAMPLE]
        result.facets, result.facets_counted = _facets_of(sample), len(sample)
    return result


def _filter_cost(filters: list[_Filter], rows: float) -> float:
    hashed, looked_up = _plan_filters(filters, rows)
    return (sum(f.size for f in hashed) * HASH
            + rows * SEEK * (len(looked_up) - max(0, len(_on_columns(looked_up)) - 1)))


def _plan_filters(filters: list[_Filter], rows: float) -> tuple[list[_Filter], list[_Filter]]:
    """The filters to hash once (their documents are fewer than the rows to test would cost in
    look-ups), and those to look up row by row: the document's row answers all the filters on
    its own columns at once."""
    hashed = [f for f in filters if f.size * HASH <= rows * SEEK]
    return hashed, [f for f in filters if f not in hashed]


def _on_columns(filters: list[_Filter]) -> list[_Filter]:
    return [f for f in filters if f.column_condition() is not None]


def _condition(document_id, filters: list[_Filter], rows: float) -> list:
    hashed, looked_up = _plan_filters(filters, rows)
    found = [_passes(document_id, f, hashed=True) for f in hashed]
    on_columns = _on_columns(looked_up)
    if on_columns:
        document = SearchDocument.__table__
        found.append(exists().where(document.c.id == document_id,
                                    *(f.column_condition() for f in on_columns)))
    found += [_passes(document_id, f, hashed=False) for f in looked_up if f not in on_columns]
    return found


def _all_postings(terms: list[str], filters: list[_Filter]) -> list[tuple[str, int, float]]:
    """Every posting of the terms in the documents that pass the filters (the database
    chooses whether to start from the postings or from the filter's documents)."""
    posting = SearchPosting
    statement = (select(posting.term, posting.document_id, posting.impact)
                 .where(posting.term.in_(terms),
                        *(posting.document_id.in_(_members(f)) for f in filters)))
    return _run(statement).all()


def _top_postings(terms: list[str], filters: list[_Filter], reads: float):
    """The :data:`TOP_POSTINGS` strongest postings of each term among the documents that pass
    the filters (about ``reads`` postings to read), and ``{term: the impact of its last one}``
    for each term that may have more."""
    k = TOP_POSTINGS
    posting = SearchPosting.__table__
    order = (posting.c.impact.desc(), posting.c.document_id.desc())
    if _on_postgresql():
        wanted = values(column("term", String), name="wanted").data([(t,) for t in terms])
        strongest = (select(posting.c.document_id, posting.c.impact)
                     .where(posting.c.term == wanted.c.term,
                            *_condition(posting.c.document_id, filters, reads))
                     .order_by(*order).limit(k).lateral("strongest"))
        statement = (select(wanted.c.term, strongest.c.document_id, strongest.c.impact)
                     .select_from(wanted).join(strongest, true()))
    else:
        parts = []
        for term in terms:
            inner = (select(posting.c.term, posting.c.document_id, posting.c.impact)
                     .where(posting.c.term == term,
                            *_condition(posting.c.document_id, filters, reads))
                     .order_by(*order).limit(k).subquery())
            parts.append(select(inner.c.term, inner.c.document_id, inner.c.impact))
        statement = union_all(*parts)
    rows = _run(statement).all()
    read: dict[str, list[float]] = {}
    for term, _document_id, impact in rows:
        read.setdefault(term, []).append(impact)
    cut = {term: min(impacts) for term, impacts in read.items() if len(impacts) >= k}
    return rows, cut


def _complete_rare_terms(candidates, cut, frequencies) -> dict[str, float]:
    """Read every posting of the candidates for the terms cut short that few documents hold
    (one pass over each such term, in index order); ``{term: the most a candidate can hold of
    it beyond what is known}`` for the others."""
    rare = sorted(term for term in cut if frequencies[term] * READ <= len(candidates) * SEEK)
    if rare:
        posting = SearchPosting.__table__
        rows = _run(select(posting.c.term, posting.c.document_id, posting.c.impact)
                    .where(posting.c.term.in_(rare), _among(posting.c.document_id, candidates)))
        for term, document_id, impact in rows.all():
            candidates[document_id][term] = impact
    return {term: last for term, last in cut.items() if term not in rare}


def _bounds(candidates, idf, cut) -> tuple[dict[int, float], dict[int, float]]:
    """The score of each candidate so far, and the most it can score (rounded as ranks are):
    a term cut short may hold a candidate beyond what was read, with at most the impact of
    the last posting read."""
    scores, bounds = {}, {}
    for document_id, impacts in candidates.items():
        if len(impacts) == 1:
            [(term, impact)] = impacts.items()
            score = idf[term] * impact
        else:
            score = math.fsum([idf[term] * impact for term, impact in impacts.items()])
        scores[document_id] = score
        if cut:
            missing = [idf[term] * last for term, last in cut.items() if term not in impacts]
            score += math.fsum(missing)
        bounds[document_id] = round(score, 6)
    return scores, bounds


def _ranked(order, candidates, scores, bounds, idf, cut, page, per_page) -> list[Hit]:
    """The page of the candidates (``order``: best bound first) in score order, ties by kind
    and id. When some terms were cut short, the best candidates by bound are scored exactly,
    then every other candidate whose bound reaches the page's last score: the page is exact
    among the candidates."""
    end = page * per_page
    if end - per_page >= len(order):
        return []
    edge = bounds[order[end - 1]] if end <= len(order) else -math.inf
    window = order[:end] + [d for d in order[end:] if bounds[d] == edge]  # tied with the last
    if cut:
        # the best by bound, and the best so far: these set the score a page needs
        likely = sorted(scores, key=lambda d: (-scores[d], d))[:end]
        window += [d for d in likely if bounds[d] < edge]
        exact = _exact_scores(window, candidates, idf, cut)
        last = sorted(map(_rank, exact.values()), reverse=True)[min(end, len(window)) - 1]
        more = _contenders([d for d in order if bounds[d] >= last and d not in exact],
                           candidates, idf, cut, last)
        exact.update({d: _score(candidates[d], idf) for d in more})
        window += more
    else:
        exact = {d: scores[d] for d in window}
    ranks = {d: _rank(exact[d]) for d in window}
    ranked = sorted(window, key=lambda d: -ranks[d])
    edge = ranks[ranked[min(end, len(ranked)) - 1]]
    shown = [d for d in ranked if ranks[d] >= edge]  # the page, and ties with its last
    titles = _titles(shown)
    shown.sort(key=lambda d: (-ranks[d], titles[d][0], titles[d][1]))
    return [Hit(*titles[d], ranks[d]) for d in shown[end - per_page:end]]


def _rank(score: float) -> float:
    return round(score, 6)


def _contenders(ids, candidates, idf, cut, needed: float) -> list[int]:
    """The candidates among ``ids`` that score at least ``needed``, all their terms looked
    up: term by term, the one that could add most first, dropping on the way each candidate
    that can no longer reach ``needed`` (``candidates`` learns what is found)."""
    slack = {d: math.fsum([idf[t] * last for t, last in cut.items() if t not in candidates[d]])
             for d in ids}
    alive = list(ids)
    for term in sorted(cut, key=lambda t: (-idf[t] * cut[t], t)):
        wanting = [d for d in alive if term not in candidates[d]]
        if not wanting:
            continue
        posting = SearchPosting.__table__
        found = dict(_run(select(posting.c.document_id, posting.c.impact).where(
            _among(posting.c.document_id, wanting), posting.c.term == term)).all())
        for d in wanting:
            slack[d] -= idf[term] * cut[term]
            if d in found:
                candidates[d][term] = found[d]
        alive = [d for d in alive
                 if _rank(_score(candidates[d], idf) + max(slack[d], 0.0)) >= needed]
    return alive


def _score(impacts: dict[str, float], idf: dict[str, float]) -> float:
    return math.fsum([idf[term] * impact for term, impact in impacts.items()])


def _exact_scores(ids, candidates, idf, cut) -> dict[int, float]:
    """The scores of the given candidates over all the query's terms: the postings read, and
    their postings of the terms that were cut short, looked up document by document."""
    held = {d: dict(candidates[d]) for d in ids}
    if ids:
        posting = SearchPosting.__table__
        statement = select(posting.c.document_id, posting.c.term, posting.c.impact).where(
            _among(posting.c.document_id, ids), posting.c.term.in_(sorted(cut)))
        for document_id, term, impact in _run(statement).all():
            held[document_id][term] = impact
    return {d: math.fsum([idf[t] * impact for t, impact in held[d].items()]) for d in ids}


def _titles(ids: list[int]) -> dict[int, tuple[str, int, str]]:
    rows = _run(select(SearchDocument.id, SearchDocument.kind, SearchDocument.object_id,
                       SearchDocument.title).where(_among(SearchDocument.id, ids)))
    return {d: (kind, object_id, title) for d, kind, object_id, title in rows.all()}


# Listing ----------------------------------------------------------------------------------------

def _listing(filters, corpus, page, per_page, with_facets, empty):
    """Published documents by name, every filter applied."""
    document = SearchDocument
    conditions = [document.public.is_(True),
                  *(document.id.in_(_members(f)) for f in filters)]
    rows = _run(
        select(document.kind, document.object_id, document.title).where(*conditions)
        .order_by(document.title, document.kind, document.object_id)
        .limit(per_page).offset((page - 1) * per_page))
    hits = [Hit(kind, object_id, title, None) for kind, object_id, title in rows.all()]
    result = SearchResult(hits=hits, total=0, page=page, per_page=per_page, terms=empty.terms)
    if not filters:
        result.total = corpus
        if with_facets:
            result.facets, result.facets_counted = _facets_of_everything(), corpus
        return result
    single = len(filters) == 1 and filters[0].terms is not None
    sample = []
    if with_facets or not single:
        sample = list(_run(select(document.id).where(*conditions).order_by(document.id)
                           .limit(COUNTED + 1)).scalars())
    if single:
        result.total = filters[0].size
    else:
        result.total = min(len(sample), COUNTED)
        result.total_exact = len(sample) <= COUNTED
    if with_facets:
        sample = sample[:FACET_SAMPLE]
        result.facets, result.facets_counted = _facets_of(sample), len(sample)
    return result


# Facets -----------------------------------------------------------------------------------------

def _facets_of(ids: list[int]) -> dict[str, list[tuple[str, int]]]:
    """Facet counts over the given documents, from their attributes."""
    if not ids:
        return _grouped([])
    rows = _run(
        select(SearchAttribute.term, func.count())
        .where(_among(SearchAttribute.document_id, ids), ~SearchAttribute.term.like("nace:%.%"))
        .group_by(SearchAttribute.term))
    return _grouped((facet_of(term), term, count) for term, count in rows.all())


def _facets_of_everything() -> dict[str, list[tuple[str, int]]]:
    rows = _run(select(SearchTerm.facet, SearchTerm.term, SearchTerm.documents)
                .where(SearchTerm.facet.is_not(None), SearchTerm.documents > 0))
    return _grouped(rows.all())


def _grouped(rows) -> dict[str, list[tuple[str, int]]]:
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for name, term, count in rows:
        if name in facets:
            facets[name].append((term.removeprefix(FACET_PREFIXES[name]), count))
    for found in facets.values():
        found.sort(key=lambda item: (-item[1], item[0]))
    return facets
