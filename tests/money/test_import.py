"""``portal rates import FILE``: CSV with the header currency,quote,rate,on,source; every bad
row reported with its line number and nothing written; a summary otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.money.models import ExchangeRate
from tests.money.conftest import store

GOOD = """currency,quote,rate,on,source
KZT,RUB,0.1548,2026-12-01,nbk
BYN,RUB,"26,35",2026-12-01,
AMD,RUB,0.2046,2026-12-01,cbr

KGS,RUB,0.9034,2026-12-01,cbr
"""


def _import(runner, tmp_path, text: str, name: str = "rates.csv", language: str = "en"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["rates", "import", str(path), "--language", language])


def test_a_good_file_is_imported_with_a_summary_and_audited(runner, tmp_path, session):
    result = _import(runner, tmp_path, GOOD)
    assert result.exit_code == 0, result.output
    assert "Imported 4 exchange rates (AMD→RUB, BYN→RUB, KGS→RUB, KZT→RUB)." in result.output
    rows = {r.currency: r for r in db.session.scalars(select(ExchangeRate))}
    assert rows["BYN"].rate == Decimal("26.35") and rows["BYN"].source == "csv"
    assert rows["KZT"].source == "nbk" and rows["KZT"].on == date(2026, 12, 1)
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "exchange_rate.import")).all()
    assert len(entries) == 4 and {e.actor for e in entries} == {"cli"}


def test_bad_rows_are_listed_by_line_and_nothing_is_written(runner, tmp_path, session):
    store("AMD", "RUB", "0.2", date(2026, 12, 1))
    db.session.commit()
    text = """currency,quote,rate,on,source
KZT,RUB,0.1548,2026-12-01,nbk
XXX,RUB,1,2026-12-01,
BYN,RUB,0,2026-12-01,
KZT,RUB,0.16,2026-12-01,again
AMD,RUB,0.2046,2026-12-01,cbr
KGS,RUB,0.9,01.12.2026,
"""
    result = _import(runner, tmp_path, text)
    assert result.exit_code == 1
    assert "rates.csv:3: currency:" in result.output
    assert "rates.csv:4: rate: A rate must be greater than zero." in result.output
    assert "rates.csv:5: on: The same pair and day as line 2." in result.output
    assert "rates.csv:6: on: AMD→RUB already has a rate on 2026-12-01." in result.output
    assert "rates.csv:7: on:" in result.output
    assert "rates.csv:2" not in result.output
    assert "5 rows have problems; nothing was imported." in result.output
    assert [r.currency for r in db.session.scalars(select(ExchangeRate))] == ["AMD"]


def test_a_file_with_another_header_is_refused(runner, tmp_path, session):
    result = _import(runner, tmp_path, "code,rate\nKZT,0.15\n")
    assert result.exit_code == 1
    assert "rates.csv:1: The header must be currency,quote,rate,on,source." in result.output
    assert db.session.scalars(select(ExchangeRate)).all() == []


def test_problems_are_reported_in_the_language_asked_for(runner, tmp_path, session):
    result = _import(runner, tmp_path, "code,rate\nKZT,0.15\n", language="ru")
    assert result.exit_code == 1
    assert ("rates.csv:1: Строка заголовка должна быть такой: currency,quote,rate,on,source."
            in result.output)


def test_a_row_with_more_columns_than_the_header_is_refused(runner, tmp_path, session):
    result = _import(runner, tmp_path, GOOD + "KZT,RUB,0.15,2026-12-02,x,extra\n")
    assert result.exit_code == 1 and "rates.csv:7: More columns than the header has." in result.output
    assert db.session.scalars(select(ExchangeRate)).all() == []


def test_a_file_that_is_not_utf8_is_refused(runner, tmp_path, session):
    path = tmp_path / "rates.csv"
    path.write_bytes("currency,quote,rate,on,source\nKZT,RUB,0.15,2026-12-01,тенге\n"
                     .encode("cp1251"))
    result = runner.invoke(args=["rates", "import", str(path), "--language", "en"])
    assert result.exit_code == 1 and "not UTF-8" in result.output
