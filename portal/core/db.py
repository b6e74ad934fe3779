"""The declarative base, the constraint naming convention and the SQLite connection settings.

Every constraint has a name (Alembic's batch mode on SQLite needs one to drop it). SQLite runs
in WAL mode with a busy timeout and opens every transaction with ``BEGIN IMMEDIATE``: a deferred
transaction that reads and then writes cannot wait for the write lock under WAL and fails at once
with "database is locked", however long the busy timeout.

SQLite's own ``lower()`` folds ASCII only; :func:`contains_any_case` matches a text in a column
whatever its case in every script, with a Unicode-aware function registered on each SQLite
connection and PostgreSQL's ``lower()``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, MetaData, String, Table, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, SessionTransaction
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def check_in(column: str, allowed: type[StrEnum] | Iterable[str]) -> CheckConstraint:
    """A CHECK that keeps a string column to the allowed values (an enum's, or a list)."""
    values = ", ".join(f"'{value}'" for value in allowed)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_known")


def technology_field_link(owner: str, key: str = "id", column: str | None = None) -> Table:
    """The association table ``<prefix>_technology_field`` between the ``owner`` table (by its
    ``key``) and the technology fields; its rows go when the owner's row does."""
    column = column or f"{owner}_id"
    return Table(
        f"{owner.removesuffix('_profile')}_technology_field", Base.metadata,
        Column(column, ForeignKey(f"{owner}.{key}", ondelete="CASCADE"), primary_key=True),
        Column("field_key", ForeignKey("technology_field.key"), primary_key=True),
    )


def within_transaction(transaction: SessionTransaction | None,
                       ancestor: SessionTransaction) -> bool:
    """Whether ``transaction`` is ``ancestor`` or a savepoint nested in it: what a rollback of
    ``ancestor`` undoes (after-commit work and files written in it are dropped with it)."""
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back with its zone (SQLite forgets it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: The name of the Unicode-aware ``lower()`` registered on every SQLite connection.
SQLITE_LOWER = "portal_lower"


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


class lower_any_script(FunctionElement):
    """``lower(text)`` for every script: PostgreSQL's own (which follows the database's
    LC_CTYPE, a UTF-8 one here), on SQLite :data:`SQLITE_LOWER`."""

    type = String()
    name = "lower"
    inherit_cache = True


@compiles(lower_any_script)
def _lower_elsewhere(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(lower_any_script, "sqlite")
def _lower_on_sqlite(element, compiler, **kw):
    return f"{SQLITE_LOWER}({compiler.process(element.clauses, **kw)})"


def contains_any_case(column, text: str) -> ColumnElement[bool]:
    """Whether ``column`` contains ``text`` whatever the case, in any script (``Протва`` finds
    «ПРОТВАФАРМ»); ``%`` and ``_`` in ``text`` are plain characters."""
    return lower_any_script(column).contains(text.lower(), autoescape=True)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" listener below opens transactions
    dbapi_connection.create_function(SQLITE_LOWER, 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_immediate(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def render_item(type_: str, obj, _autogen_context):
    """Alembic autogenerate: write portal column types as plain SQLAlchemy types in migrations."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
