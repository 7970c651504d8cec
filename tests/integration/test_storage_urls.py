"""URL normalisation: no database needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import StorageConfigError, default_sqlite_url, open_store
from storage.urls import resolve_url


@pytest.mark.parametrize(
    ("raw", "driver", "is_async"),
    [
        ("sqlite:///portfolio.db", "sqlite+pysqlite", False),
        ("sqlite+pysqlite:///portfolio.db", "sqlite+pysqlite", False),
        ("sqlite://", "sqlite+pysqlite", False),
        ("sqlite:///:memory:", "sqlite+pysqlite", False),
        (":memory:", "sqlite+pysqlite", False),
        ("sqlite+aiosqlite:///portfolio.db", "sqlite+aiosqlite", True),
        ("postgresql://user@host/db", "postgresql+asyncpg", True),
        ("postgres://user:secret@host:5433/db", "postgresql+asyncpg", True),
        ("postgresql+asyncpg://user@host/db", "postgresql+asyncpg", True),
        ("  postgresql://user@host/db\n", "postgresql+asyncpg", True),
    ],
)
def test_supported_urls_resolve_to_our_drivers(raw: str, driver: str, is_async: bool) -> None:
    target = resolve_url(raw)
    assert target.url.drivername == driver
    assert target.is_async is is_async


def test_postgres_url_keeps_credentials_host_port_and_database() -> None:
    url = resolve_url("postgres://teacher:s3cr%40t@db.example:5433/portfolio").url
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "teacher",
        "s3cr@t",
        "db.example",
        5433,
        "portfolio",
    )


def test_libpq_sslmode_becomes_asyncpg_ssl() -> None:
    url = resolve_url("postgresql://u@h/db?sslmode=require&application_name=x").url
    assert dict(url.query) == {"ssl": "require", "application_name": "x"}


@pytest.mark.parametrize(
    ("raw", "memory"),
    [
        ("sqlite://", True),
        ("sqlite:///:memory:", True),
        ("sqlite:///file:pb?mode=memory&cache=shared&uri=true", True),
        ("sqlite:///portfolio.db", False),
        ("postgresql://u@h/db", False),
    ],
)
def test_in_memory_detection(raw: str, memory: bool) -> None:
    assert resolve_url(raw).is_memory is memory


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("", "No database URL"),
        ("portfolio.db", "sqlite:///portfolio.db"),
        ("postgresql+psycopg://u@h/db", "asyncpg"),
        ("postgresql+psycopg2://u@h/db", "asyncpg"),
        ("mysql://u:pw@h/db", "Supported forms"),
        ("oracle://u@h/db", "Supported forms"),
        ("://nonsense", "Cannot parse"),
    ],
)
def test_unusable_urls_explain_what_to_write(raw: str, hint: str) -> None:
    with pytest.raises(StorageConfigError) as caught:
        resolve_url(raw)
    assert hint in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_error_messages_hide_passwords() -> None:
    with pytest.raises(StorageConfigError) as caught:
        resolve_url("mysql://user:hunter2@host/db")
    assert "hunter2" not in str(caught.value)


async def test_open_store_rejects_bad_urls_before_connecting() -> None:
    with pytest.raises(StorageConfigError):
        await open_store("mysql://u@h/db")


def test_default_sqlite_url_creates_the_data_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    url = default_sqlite_url(data_dir)
    assert data_dir.is_dir()
    assert url == f"sqlite:///{data_dir.resolve() / 'portfolio.db'}"
    assert resolve_url(url).url.database == str(data_dir.resolve() / "portfolio.db")
