"""The `portfoliobot catalog import` command: a progress bar on stderr, a report on stdout."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from bot.clock import SystemClock
from bot.i18n import Msg, Translator
from bot.services.catalogue_import import ImportFileError, import_catalogue
from storage import open_store

if TYPE_CHECKING:
    from bot.settings import Settings


async def run_import(settings: Settings, name: str, data: bytes, db: str | None) -> int:
    """0 when every row was imported, 1 when some were rejected (the good ones are in)."""
    from adapters.runtime import store_url

    translator = Translator.load()
    language = settings.default_language
    store = await open_store(store_url(settings, db))
    try:
        with click.progressbar(
            length=max(1, data.count(b"\n")),
            label=translator.text(language, "catalog_import.progress"),
            file=sys.stderr,
        ) as bar:
            try:
                result = await import_catalogue(
                    store, name, data, SystemClock().now(), progress=bar.update
                )
            except ImportFileError as error:
                raise click.ClickException(
                    translator.text(language, error.msg.key, **error.msg.params)
                ) from None
    finally:
        await store.close()
    click.echo(
        translator.text(
            language,
            "catalog_import.report",
            added=result.added,
            updated=result.updated,
            rejected=len(result.rejected),
        )
    )
    for line, reason in result.rejected:
        click.echo(
            translator.text(
                language,
                "catalog_import.rejected_line",
                line=line,
                reason=Msg(reason.key, reason.params),
            )
        )
    return 1 if result.rejected else 0
