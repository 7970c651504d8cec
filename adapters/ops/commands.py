"""The operator commands of the `portfoliobot` command line: doctor, backup, restore."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

DB_HELP = (
    "Store URL, e.g. sqlite:///portfolio.db or postgresql://user@host/db "
    "(default: $PORTFOLIOBOT_DATABASE_URL, else SQLite in the data directory)."
)


@click.command()
@click.option("--db", metavar="URL", help=DB_HELP)
def doctor(db: str | None) -> None:
    """Check the configuration without starting the bot (exit 0: all is well)."""
    from adapters.ops.doctor import (
        Check,
        environment_hint,
        exit_code,
        run_checks,
        settings_problem,
    )
    from adapters.runtime import store_url
    from bot.settings import Settings

    click.echo(environment_hint())
    try:
        settings = Settings()
    except Exception as error:
        check = Check(
            "settings",
            False,
            settings_problem(error),
            "fix it in the environment or .env",
        )
        click.echo(check.line())
        sys.exit(1)
    try:
        url = store_url(settings, db)
    except OSError as error:  # the default SQLite file's directory cannot be made
        url = f"sqlite:///{settings.data_dir / 'portfolio.db'}"
        click.echo(f"FAIL data directory: {error}")
    checks = asyncio.run(run_checks(settings, url))
    for check in checks:
        click.echo(check.line())
    sys.exit(exit_code(checks))


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--db", metavar="URL", help=DB_HELP)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    help="Afterwards keep only the newest N backups in the default directory.",
)
def backup(file: Path | None, db: str | None, keep: int | None) -> None:
    """Copy the store to FILE while the bot may keep running.

    Default FILE: backups/portfolio-<UTC time>.db (SQLite) or .pgdump (PostgreSQL) in the
    data directory."""
    from adapters.cli import _fail_cleanly, _settings
    from adapters.ops.backup import BackupError, prune
    from adapters.ops.backup import backup as make_backup
    from adapters.runtime import store_url

    settings = _settings()
    try:
        path = asyncio.run(make_backup(store_url(settings, db), file, settings.data_dir))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:
        raise _fail_cleanly(error) from None
    size = path.stat().st_size
    click.echo(f"Back-up gemaakt / backup written: {path} ({size / 1e6:.1f} MB)")
    if keep is not None:
        directory = settings.data_dir / "backups"
        for old in prune(directory, keep):
            click.echo(f"Oude back-up verwijderd / old backup removed: {old}")


@click.command()
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
)
@click.option("--db", metavar="URL", help=DB_HELP)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a store that is not empty (its contents are backed up first).",
)
def restore(file: Path, db: str | None, force: bool) -> None:
    """Restore a backup FILE into an empty store (stop the bot first), then migrate it."""
    from adapters.cli import _fail_cleanly, _settings
    from adapters.ops.backup import BackupError
    from adapters.ops.backup import restore as do_restore
    from adapters.runtime import store_url

    settings = _settings()
    try:
        done = asyncio.run(
            do_restore(store_url(settings, db), file, force=force, data_dir=settings.data_dir)
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:
        raise _fail_cleanly(error) from None
    if done.safety_copy is not None:
        click.echo(f"Vorige inhoud bewaard / previous contents kept in: {done.safety_copy}")
    migrated = (
        f"schema {done.revision_in_backup} → {done.revision_now}"
        if done.revision_in_backup != done.revision_now
        else f"schema {done.revision_now}"
    )
    click.echo(f"Hersteld / restored from {file} ({migrated})")


COMMANDS = (doctor, backup, restore)
