"""Search at scale: each posting's BM25 impact, read strongest first; attributes apart; counts.

Reviewed by hand. ``search_posting`` is rebuilt: primary key (document_id, term) instead of
(term, document_id), which makes the old (document_id, term) index redundant; a new column
``impact``; the index (term, impact, document_id) that a query reads, strongest postings first.
The weightless ``tf:`` and ``nace:`` postings move to ``search_attribute`` with the other
filter and facet values (``type:``, ``state:``, ``region:``, ``kind:``), and only published
documents keep postings and attributes. ``search_term`` counts the documents of every term.
The existing index is carried over in SQL (impacts with the current average length, as
``portal search reindex`` would compute them), so search keeps working without a rebuild. The
downgrade restores the text, technology and NACE postings of the published documents
(unpublished ones were never found anyway).

Revision ID: 35b39b12b86c
Revises: 5b2e7c9d4a10
Create Date: 2026-11-23 07:05:08.000000
"""
import sqlalchemy as sa
from alembic import op

revision = "35b39b12b86c"
down_revision = "5b2e7c9d4a10"
branch_labels = None
depends_on = None

ATTRIBUTES = {"type": "kind", "state": "state_code", "region": "region_code",
              "kind": "category"}
FACETS = {"type": "type", "state": "state", "region": "region", "kind": "kind",
          "tf": "technology_field"}


def upgrade():
    op.create_table(
        "search_term",
        sa.Column("term", sa.String(length=80), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_term")),
    )
    with op.batch_alter_table("search_term") as batch_op:
        batch_op.create_index(batch_op.f("ix_search_term_facet"), ["facet"], unique=False)
    _document_table("search_attribute")
    with op.batch_alter_table("search_attribute") as batch_op:
        batch_op.create_index("ix_search_attribute_term_document_id", ["term", "document_id"],
                              unique=False)

    published = "JOIN search_document d ON d.id = p.document_id AND d.public"
    attributes = " ".join(
        f"UNION ALL SELECT id, '{prefix}:' || {column} FROM search_document "
        f"WHERE public AND {column} IS NOT NULL"
        for prefix, column in ATTRIBUTES.items())
    op.execute("INSERT INTO search_attribute (document_id, term) "
               f"SELECT p.document_id, p.term FROM search_posting p {published} "
               f"WHERE p.weight = 0 {attributes}")
    impact = ("p.weight * 2.2 / (p.weight + 1.2 * (0.25 + 0.75 * d.length / "
              "(SELECT avg(length) FROM search_document WHERE public)))")
    op.execute("CREATE TABLE search_posting_copy AS "
               f"SELECT p.document_id AS document_id, p.term AS term, p.weight AS weight, "
               f"{impact} AS impact FROM search_posting p {published} WHERE p.weight > 0")
    op.drop_table("search_posting")
    _document_table("search_posting", sa.Column("weight", sa.Float(), nullable=False),
                    sa.Column("impact", sa.Float(), nullable=False))
    with op.batch_alter_table("search_posting") as batch_op:
        batch_op.create_index("ix_search_posting_term_impact_document_id",
                              ["term", "impact", "document_id"], unique=False)
    op.execute("INSERT INTO search_posting (document_id, term, weight, impact) "
               "SELECT document_id, term, weight, impact FROM search_posting_copy")
    op.drop_table("search_posting_copy")

    facet = " ".join(f"WHEN term LIKE '{prefix}:%' THEN '{name}'"
                     for prefix, name in FACETS.items())
    op.execute(
        "INSERT INTO search_term (term, documents, facet) "
        "SELECT term, count(*), NULL FROM search_posting GROUP BY term "
        f"UNION ALL SELECT term, count(*), CASE {facet} "
        "WHEN term LIKE 'nace:%' AND term NOT LIKE 'nace:%.%' THEN 'nace' END "
        "FROM search_attribute GROUP BY term")


def downgrade():
    kept = " AND ".join(f"term NOT LIKE '{prefix}:%'" for prefix in ATTRIBUTES)
    op.execute("CREATE TABLE search_posting_copy AS "
               "SELECT term, document_id, weight FROM search_posting "
               f"UNION ALL SELECT term, document_id, 0.0 FROM search_attribute WHERE {kept}")
    with op.batch_alter_table("search_posting") as batch_op:
        batch_op.drop_index("ix_search_posting_term_impact_document_id")
    op.drop_table("search_posting")
    op.create_table(
        "search_posting",
        sa.Column("term", sa.String(length=80), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["search_document.id"],
                                name=op.f("fk_search_posting_document_id_search_document"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("term", "document_id", name=op.f("pk_search_posting")),
    )
    with op.batch_alter_table("search_posting") as batch_op:
        batch_op.create_index("ix_search_posting_document_id_term", ["document_id", "term"],
                              unique=False)
    op.execute("INSERT INTO search_posting (term, document_id, weight) "
               "SELECT term, document_id, weight FROM search_posting_copy")
    op.drop_table("search_posting_copy")

    with op.batch_alter_table("search_attribute") as batch_op:
        batch_op.drop_index("ix_search_attribute_term_document_id")
    op.drop_table("search_attribute")
    with op.batch_alter_table("search_term") as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_term_facet"))
    op.drop_table("search_term")


def _document_table(name, *columns):
    """A table of (document, term) rows with the primary key (document_id, term)."""
    op.create_table(
        name,
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=80), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["document_id"], ["search_document.id"],
                                name=op.f(f"fk_{name}_document_id_search_document"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "term", name=op.f(f"pk_{name}")),
    )
