"""Reference tables, filled from the files in ``portal/reference/data`` by ``portal db upgrade``."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

#: Where a name is missing in a language, the one read instead: Russian, the Union's working
#: language, for the languages of the member states; English for English.
FALLBACKS = {"en": ("en", "ru")}
DEFAULT_FALLBACKS = ("ru", "en")


def pick_name(names: dict, language: str) -> str:
    """The name in ``language``, else in its fallbacks (:data:`FALLBACKS`), else any."""
    for candidate in (language, *FALLBACKS.get(language, DEFAULT_FALLBACKS)):
        if names.get(candidate):
            return names[candidate]
    return next(iter(names.values()))


class LocalisedNames:
    """Rows whose ``names`` map a language code to the name in that language."""

    names: Mapped[dict]

    def name(self, language: str) -> str:
        return pick_name(self.names, language)


class MemberState(LocalisedNames, db.Model):
    __tablename__ = "member_state"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    names: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)


class Region(LocalisedNames, db.Model):
    __tablename__ = "region"

    #: ISO 3166-2 code of a first-level subdivision, e.g. ``KZ-35``.
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"), index=True)
    names: Mapped[dict] = mapped_column(JSON)
    #: The subdivision's category as ISO names it (Region, City, Republic, ...).
    category: Mapped[str] = mapped_column(String(40))


class RegionAlias(db.Model):
    """A former ISO code still accepted on input, e.g. ``KZ-KAR`` for ``KZ-35`` since 2022."""

    __tablename__ = "region_alias"

    alias: Mapped[str] = mapped_column(String(6), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))


class BorderPair(db.Model):
    """Two regions of different member states that share a land border, stored in code order."""

    __tablename__ = "border_pair"
    __table_args__ = (
        UniqueConstraint("region_a", "region_b"),
        CheckConstraint("region_a < region_b", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_a: Mapped[str] = mapped_column(ForeignKey("region.code"))
    region_b: Mapped[str] = mapped_column(ForeignKey("region.code"))
    #: ``high``, or ``uncertain`` where the sources disagree.
    confidence: Mapped[str] = mapped_column(String(10))


class TechnologyField(LocalisedNames, db.Model):
    __tablename__ = "technology_field"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    names: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)


class NaceCode(LocalisedNames, db.Model):
    """A NACE Rev. 2 item: a section (``C``), division (``21``), group (``21.2``) or class (``21.20``)."""

    __tablename__ = "nace_code"
    __table_args__ = (
        CheckConstraint("level IN ('section', 'division', 'group', 'class')", name="level"),
    )

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    level: Mapped[str] = mapped_column(String(8))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("nace_code.code"))
    names: Mapped[dict] = mapped_column(JSON)
