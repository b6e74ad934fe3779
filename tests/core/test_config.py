"""Settings: embedded defaults when nothing is set, the environment otherwise."""

import pytest
from cryptography.fernet import Fernet

from portal import config


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "PORTAL_ENV", "PORTAL_TASK_QUEUE",
                 "MATCHING_ENCODER", "PORTAL_ENCRYPTION_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    return tmp_path


def test_embedded_defaults_keep_everything_in_the_data_folder(clean_env):
    settings = config.load()
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{clean_env / 'portal.sqlite'}"
    celery = settings["CELERY"]
    assert celery["broker_url"] == "filesystem://"
    queue = celery["broker_transport_options"]["data_folder_in"]
    assert queue.startswith(str(clean_env)) and (clean_env / "broker" / "queue").is_dir()
    assert celery["broker_transport_options"]["polling_interval"] <= 0.1
    assert celery["beat_schedule_filename"].startswith(str(clean_env))


def test_the_generated_secret_key_is_kept_and_reused(clean_env):
    first = config.load()["SECRET_KEY"]
    assert len(first) >= 64
    assert config.load()["SECRET_KEY"] == first
    assert (clean_env / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(clean_env, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(config.ConfigurationError, match="SECRET_KEY"):
        config.load()
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    monkeypatch.setenv("PORTAL_ENCRYPTION_KEY", Fernet.generate_key().decode())
    settings = config.load()
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["PREFERRED_URL_SCHEME"] == "https"


def test_the_generated_encryption_key_is_a_private_fernet_key_kept_and_reused(clean_env):
    first = config.load()["PORTAL_ENCRYPTION_KEY"]
    Fernet(first)
    assert config.load()["PORTAL_ENCRYPTION_KEY"] == first
    assert (clean_env / "encryption_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_an_encryption_key(clean_env, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    with pytest.raises(config.ConfigurationError, match="PORTAL_ENCRYPTION_KEY"):
        config.load()
    monkeypatch.setenv("PORTAL_ENCRYPTION_KEY", "not a fernet key")
    with pytest.raises(config.ConfigurationError, match="Fernet"):
        config.load()
    assert not (clean_env / "encryption_key").exists()


def test_an_unknown_environment_name_is_refused(clean_env, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "staging")
    with pytest.raises(config.ConfigurationError):
        config.load()


def test_the_matching_encoder_is_auto_unless_the_environment_names_a_known_one(clean_env,
                                                                             monkeypatch):
    assert config.load()["MATCHING_ENCODER"] == "auto"
    monkeypatch.setenv("MATCHING_ENCODER", "lexical")
    assert config.load()["MATCHING_ENCODER"] == "lexical"
    monkeypatch.setenv("MATCHING_ENCODER", "gpt")
    with pytest.raises(config.ConfigurationError, match="MATCHING_ENCODER must be one of auto"):
        config.load()


def test_database_and_broker_come_from_the_environment(clean_env, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://portal@127.0.0.1/portal")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    settings = config.load()
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://portal@127.0.0.1/portal"
    celery = settings["CELERY"]
    assert celery["broker_url"] == "redis://127.0.0.1:6379/0"
    assert celery["broker_transport_options"]["visibility_timeout"] > celery["task_time_limit"]


def test_tasks_are_acknowledged_late_and_requeued_when_a_worker_is_lost(clean_env):
    celery = config.load()["CELERY"]
    assert celery["task_acks_late"] and celery["task_reject_on_worker_lost"]
    assert celery["worker_prefetch_multiplier"] == 1
    assert celery["task_soft_time_limit"] < celery["task_time_limit"]


def test_worker_memory_limits_come_from_the_environment_and_zero_turns_them_off(clean_env, monkeypatch):
    for name in ("WORKER_MEMORY_LIMIT_MB", "WORKER_RECYCLE_MB"):
        monkeypatch.delenv(name, raising=False)
    settings = config.load()
    assert settings["WORKER_MEMORY_LIMIT_MB"] == config.WORKER_MEMORY_LIMIT_MB
    assert settings["CELERY"]["worker_max_memory_per_child"] == config.WORKER_RECYCLE_MB * 1024
    monkeypatch.setenv("WORKER_MEMORY_LIMIT_MB", "0")
    monkeypatch.setenv("WORKER_RECYCLE_MB", "0")
    settings = config.load()
    assert settings["WORKER_MEMORY_LIMIT_MB"] == 0
    assert settings["CELERY"]["worker_max_memory_per_child"] is None
    monkeypatch.setenv("WORKER_RECYCLE_MB", "1.5G")
    with pytest.raises(config.ConfigurationError, match="WORKER_RECYCLE_MB must be a whole number"):
        config.load()
