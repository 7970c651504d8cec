"""Turn the database URL a teacher or operator writes into the driver we actually use.

People copy URLs from hosting dashboards (``postgres://``, ``?sslmode=require``) or write
a bare file name; we accept the common forms and explain the rest instead of letting
SQLAlchemy fail with "Can't load plugin".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import URL

_EXAMPLES = (
    "sqlite:///portfolio.db (embedded, the default), "
    "sqlite:///:memory:, "
    "postgresql://user:password@host:5432/portfolio"
)
_SYNC_SQLITE = {"sqlite", "sqlite+pysqlite"}
_ASYNC_SQLITE = {"sqlite+aiosqlite"}
_POSTGRES = {"postgresql", "postgres", "postgresql+asyncpg", "postgres+asyncpg"}
_OTHER_POSTGRES_DRIVERS = {"psycopg", "psycopg2", "psycopg2cffi", "pg8000", "psycopg_async"}


class StorageConfigError(ValueError):
    """The configured database URL cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class StoreUrl:
    """A URL resolved to the driver we use, and which store class drives it."""

    url: URL
    is_async: bool  # False: SqliteStore on a worker thread; True: AsyncSqlStore

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_memory(self) -> bool:
        database = self.url.database or ""
        return self.is_sqlite and (
            database in ("", ":memory:") or self.url.query.get("mode") == "memory"
        )


def resolve_url(raw: str) -> StoreUrl:
    text = raw.strip()
    if not text:
        raise StorageConfigError(f"No database URL configured. Use for example {_EXAMPLES}.")
    if text == ":memory:":
        text = "sqlite://"
    if "://" not in text:
        raise StorageConfigError(
            f"{text!r} is not a database URL. For a SQLite file write sqlite:///{text}; "
            f"supported forms: {_EXAMPLES}."
        )
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StorageConfigError(f"Cannot parse the database URL: {exc}") from None
    name = url.drivername.lower()
    if name in _SYNC_SQLITE:
        return StoreUrl(url.set(drivername="sqlite+pysqlite"), is_async=False)
    if name in _ASYNC_SQLITE:
        return StoreUrl(url, is_async=True)
    if name in _POSTGRES:
        return StoreUrl(_for_asyncpg(url), is_async=True)
    backend, _, driver = name.partition("+")
    if backend in ("postgresql", "postgres") and driver in _OTHER_POSTGRES_DRIVERS:
        # Rejected rather than silently swapped: driver-specific query options would be
        # misread, and the operator should know which driver is talking to their server.
        raise StorageConfigError(
            f"portfoliobot talks to PostgreSQL through asyncpg, not {driver}. "
            f"Write postgresql://… (without '+{driver}'); the driver is chosen for you."
        )
    raise StorageConfigError(
        f"Unsupported database URL {url.render_as_string(hide_password=True)!r}. "
        f"Supported forms: {_EXAMPLES}."
    )


def _for_asyncpg(url: URL) -> URL:
    url = url.set(drivername="postgresql+asyncpg")
    query = dict(url.query)
    # libpq spells it sslmode, asyncpg spells it ssl (with the same values).
    if "sslmode" in query:
        query.setdefault("ssl", query.pop("sslmode"))
        url = url.set(query=query)
    return url


def default_sqlite_url(data_dir: Path) -> str:
    """The embedded database file, ``portfolio.db`` in `data_dir` (created when missing)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / 'portfolio.db').resolve()}"
