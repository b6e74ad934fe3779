"""The statistics' currency: roubles unless ``STATISTICS_CURRENCY`` names a currency of the
exchange rates."""

import pytest

from portal import config
from portal.money.models import RATE_CURRENCIES


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    monkeypatch.delenv("STATISTICS_CURRENCY", raising=False)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    return tmp_path


def test_the_statistics_are_in_roubles_unless_the_environment_names_another_currency(
        clean_env, monkeypatch):
    assert config.load()["STATISTICS_CURRENCY"] == "RUB"
    monkeypatch.setenv("STATISTICS_CURRENCY", "KZT")
    assert config.load()["STATISTICS_CURRENCY"] == "KZT"
    monkeypatch.setenv("STATISTICS_CURRENCY", "GBP")
    with pytest.raises(config.ConfigurationError, match="STATISTICS_CURRENCY must be one of RUB"):
        config.load()


def test_the_statistics_may_use_every_currency_of_the_exchange_rates_and_no_other():
    assert sorted(config.STATISTICS_CURRENCIES) == sorted(RATE_CURRENCIES)
