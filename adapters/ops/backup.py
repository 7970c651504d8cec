"""`portfoliobot backup` and `portfoliobot restore`.

SQLite: SQLite's online backup API (a consistent copy while the bot keeps writing; WAL
readers do not block the writer), written next to the target and renamed into place, so
a half-written file never looks like a backup. PostgreSQL: `pg_dump --format=custom` and
`pg_restore` (the client tools must be installed and not older than the server).

A restore goes into an empty store only; with `force` a non-empty one is first copied to
the backups directory. Afterwards the schema is migrated, so a backup made by an older
version restores too."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from storage import open_store, upgrade_schema
from storage.ops import data_tables, is_empty, schema_status
from storage.urls import StorageConfigError, resolve_url

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from storage.urls import StoreUrl

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
PREFIX = "portfolio-"


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


@dataclass(frozen=True)
class Restored:
    revision_in_backup: str | None
    revision_now: str
    safety_copy: Path | None


def default_file(data_dir: Path, target: StoreUrl, label: str = PREFIX) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".db" if target.is_sqlite else ".pgdump"
    return data_dir / "backups" / f"{label}{stamp}{suffix}"


async def backup(url: str, file: Path | None, data_dir: Path) -> Path:
    target = _usable(url)
    path = file or default_file(data_dir, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if target.is_sqlite:
        await asyncio.to_thread(_sqlite_backup, _sqlite_path(target), partial)
    else:
        await asyncio.to_thread(_pg_dump, target, partial)
    partial.replace(path)
    return path


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups made with the default name."""
    copies = sorted(
        (p for p in directory.glob(f"{PREFIX}*") if not p.name.endswith(".partial")),
        key=lambda p: p.name,
    )
    gone = copies[: max(len(copies) - keep, 0)]
    for old in gone:
        old.unlink()
    return gone


async def restore(url: str, file: Path, *, force: bool, data_dir: Path) -> Restored:
    target = _usable(url)
    kind = _kind(file)
    if kind != ("sqlite" if target.is_sqlite else "pg"):
        have = {"sqlite": "a SQLite backup", "pg": "a pg_dump archive"}.get(kind, "")
        want = "SQLite" if target.is_sqlite else "PostgreSQL"
        raise BackupError(
            f"{file} is {have or 'not a portfoliobot backup'}; the store is {want}. "
            "Restore a backup made from the same kind of store (--db chooses the store)."
        )
    safety: Path | None = None
    if not await _store_is_empty(target, url):
        if not force:
            raise BackupError(
                "The store is not empty; a restore would replace everything in it. "
                "Stop the bot and restore with --force (the current contents are copied "
                "to the backups directory first), or choose an empty store with --db."
            )
        safety = await backup(url, default_file(data_dir, target, "before-restore-"), data_dir)
    if target.is_sqlite:
        await asyncio.to_thread(_sqlite_restore, file, _sqlite_path(target))
    else:
        await _drop_tables(url)
        await asyncio.to_thread(_pg_restore, target, file)
    before = await _revision(url)
    now = await upgrade_schema(url)
    return Restored(before, now, safety)


# --- shared ------------------------------------------------------------------------------


def _usable(url: str) -> StoreUrl:
    target = resolve_url(url)
    if target.is_memory:
        raise StorageConfigError("An in-memory store cannot be backed up or restored.")
    return target


def _kind(file: Path) -> str:
    try:
        with file.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise BackupError(f"Cannot read {file}: {error.strerror or error}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "pg"
    return "unknown"


async def _store_is_empty(target: StoreUrl, url: str) -> bool:
    if target.is_sqlite and not _sqlite_path(target).exists():
        return True
    store = await open_store(url, upgrade=False)
    try:
        return bool(await store.inspect(is_empty))  # type: ignore[attr-defined]
    finally:
        await store.close()


async def _revision(url: str) -> str | None:
    store = await open_store(url, upgrade=False)
    try:
        status = await store.inspect(schema_status)  # type: ignore[attr-defined]
    finally:
        await store.close()
    return status.current  # type: ignore[no-any-return]


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_path(target: StoreUrl) -> Path:
    return Path(target.url.database or "")


def _sqlite_backup(source: Path, partial: Path) -> None:
    if not source.exists():
        raise BackupError(f"There is no database at {source} to back up.")
    src = sqlite3.connect(source)
    try:
        src.execute("PRAGMA busy_timeout=5000")
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            # One self-contained file, whatever mode the live database is in.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_restore(file: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        try:
            src.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError:
            raise BackupError(f"{file} is a SQLite file but not a portfoliobot backup.") from None
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target)
        try:
            dst.execute("PRAGMA busy_timeout=5000")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


# --- PostgreSQL --------------------------------------------------------------------------


def _libpq(target: StoreUrl) -> tuple[str, dict[str, str]]:
    """The URL for the libpq tools without the password (that goes in PGPASSWORD, not on a
    command line other users can see)."""
    url = target.url.set(drivername="postgresql")
    query = dict(url.query)
    if "ssl" in query:  # asyncpg's spelling back to libpq's
        query.setdefault("sslmode", query.pop("ssl"))
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    url = url.set(password=None, query=query)
    return url.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed. On Debian/Ubuntu: `sudo apt-get install "
            "postgresql-client` (its major version must be at least the server's)."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise BackupError(
            f"{Path(command[0]).name} failed: {detail[-1] if detail else done.returncode}"
        )


def _pg_dump(target: StoreUrl, partial: Path) -> None:
    dsn, env = _libpq(target)
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={partial}",
            f"--dbname={dsn}",
        ],
        env,
    )


def _pg_restore(target: StoreUrl, file: Path) -> None:
    dsn, env = _libpq(target)
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={dsn}",
            str(file),
        ],
        env,
    )


async def _drop_tables(url: str) -> None:
    """Make room for the dump's own tables (the store is empty, or was copied first)."""

    def drop(connection: Connection) -> None:
        names = [*data_tables(connection), "alembic_version"]
        quoted = ", ".join(f'"{name}"' for name in names)
        connection.execute(text(f"DROP TABLE IF EXISTS {quoted} CASCADE"))
        connection.commit()

    store = await open_store(url, upgrade=False)
    try:
        await store.inspect(drop)  # type: ignore[attr-defined]
    finally:
        await store.close()
