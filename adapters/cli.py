"""The `portfoliobot` command line."""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path

import click

from bot import __version__
from bot.settings import Settings

DB_HELP = (
    "Store URL, e.g. sqlite:///portfolio.db or postgresql://user@host/db "
    "(default: $PORTFOLIOBOT_DATABASE_URL, else SQLite in the data directory)."
)


def _settings() -> Settings:
    try:
        settings = Settings()
    except Exception as error:  # pydantic's validation error, shown without a traceback
        raise click.ClickException(f"Ongeldige instelling / invalid setting: {error}") from None
    from adapters.ops.logs import configure_logging

    configure_logging(settings)
    return settings


def _fail_cleanly(error: Exception) -> click.ClickException:
    from adapters.runtime import MissingExtra
    from storage import StorageConfigError

    if isinstance(error, (StorageConfigError, MissingExtra)):
        return click.ClickException(str(error))
    return click.ClickException(
        f"De opslag is niet bereikbaar / the store is not reachable: {error}"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="portfoliobot")
def main() -> None:
    """portfoliobot: a professional-development portfolio for teachers, in chat."""


@main.command()
@click.option("--as", "user", metavar="NAME", help="Who you are (default: your login name).")
@click.option(
    "--in", "group", metavar="CHAT", help="Talk in group chat CHAT instead of privately."
)
@click.option("--moderator", is_flag=True, help="Be a moderator in the group chat.")
@click.option("--db", metavar="URL", help=DB_HELP)
def chat(user: str | None, group: str | None, moderator: bool, db: str | None) -> None:
    """Talk to the bot in the terminal (one line is one message)."""
    settings = _settings()
    try:
        asyncio.run(_chat(settings, user or getpass.getuser(), group, moderator, db))
    except KeyboardInterrupt:
        pass
    except click.ClickException:
        raise
    except Exception as error:
        raise _fail_cleanly(error) from None


async def _chat(
    settings: Settings, user: str, group: str | None, moderator: bool, db: str | None
) -> None:
    from adapters.console.adapter import ConsoleAdapter
    from adapters.runtime import open_core

    core = await open_core(settings, db)
    interactive = sys.stdin.isatty()
    adapter = ConsoleAdapter(
        core.router,
        core.clock,
        user,
        settings.export_dir,
        group=group,
        moderator=moderator,
        ansi=interactive and sys.stdout.isatty(),
    )
    if interactive:
        where = f"groep {group}" if group else "je privéchat met de bot"
        print(f"portfoliobot {__version__} — {where}. Typ /hulp; stoppen met Ctrl-D.")
    from adapters.console.channel import ConsoleChannel
    from bot.delivery.groups import close_due_rounds
    from bot.delivery.outbox import DeliverySettings

    core.scheduler.start()
    # Reminders and other outbox messages for this console user, printed as `[DM] `;
    # group posts as `[#group] `.
    attached = core.platforms.attach(
        ConsoleChannel(adapter), DeliverySettings(idle_poll_seconds=1.0)
    )

    async def settle() -> None:
        # Piped input is a script: what a line made due (a question that waited for this
        # private chat) is shown before the next line is read, which may answer it.
        while await attached.deliverer.deliver_due():
            pass

    try:
        await adapter.run(
            sys.stdin, interactive=interactive, after_line=None if interactive else settle
        )
    finally:
        await core.scheduler.stop()
        # What came due while typing (a review round's deadline) is shown before leaving.
        await close_due_rounds(core.store, core.clock, core.translator, settings.default_language)
        await core.platforms.post_to_groups()
        await core.platforms.detach(ConsoleChannel.platform)
        await core.store.close()


@main.command()
@click.option("--db", metavar="URL", help=DB_HELP)
def run(db: str | None) -> None:
    """Run the configured platform adapters and the scheduler until SIGINT/SIGTERM."""
    from adapters.runtime import run_until_signalled

    settings = _settings()
    try:
        asyncio.run(run_until_signalled(settings, db))
    except click.ClickException:
        raise
    except Exception as error:
        raise _fail_cleanly(error) from None


@main.group(name="db")
def db_group() -> None:
    """Manage the portfolio store."""


@db_group.command()
@click.option("--db", metavar="URL", help=DB_HELP)
def upgrade(db: str | None) -> None:
    """Upgrade the store's schema to the newest version."""
    from adapters.runtime import store_url
    from storage import upgrade_schema

    settings = _settings()
    try:
        revision = asyncio.run(upgrade_schema(store_url(settings, db)))
    except Exception as error:
        raise _fail_cleanly(error) from None
    click.echo(f"Schema bijgewerkt / schema upgraded: {revision}")


@main.group(name="catalog")
def catalog_group() -> None:
    """Manage the catalogue of professional-development offerings."""


@catalog_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--db", metavar="URL", help=DB_HELP)
def catalog_import(file: str, db: str | None) -> None:
    """Import offerings from a CSV or JSON FILE (see README, "Catalogue")."""
    from adapters.catalog_import import run_import

    settings = _settings()
    try:
        path = Path(file)
        code = asyncio.run(run_import(settings, path.name, path.read_bytes(), db))
    except click.ClickException:
        raise
    except Exception as error:
        raise _fail_cleanly(error) from None
    sys.exit(code)


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option(
    "--member", required=True, metavar="PLATFORM:USER", help="Whose portfolio, e.g. telegram:123."
)
@click.option("--db", metavar="URL", help=DB_HELP)
def import_member(file: str, member: str, db: str | None) -> None:
    """Restore a member's portfolio from their /export json FILE (for admins)."""
    from adapters.portfolio_import import run_member_import

    settings = _settings()
    try:
        report = asyncio.run(run_member_import(settings, Path(file).read_bytes(), member, db))
    except click.ClickException:
        raise
    except Exception as error:
        raise _fail_cleanly(error) from None
    click.echo(report)


def _add_operator_commands() -> None:
    from adapters.ops.commands import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_add_operator_commands()
