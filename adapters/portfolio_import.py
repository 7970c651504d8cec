"""`portfoliobot import FILE --member PLATFORM:USER`: an admin restores a member's
portfolio from their `/export json` file, e.g. into a fresh store after a move.

The member is created when the store does not know the account yet; the file must be of
that account (the same owner check as `/import` in a chat). All or nothing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from bot.clock import SystemClock
from bot.domain.members import DEFAULT_TIMEZONE, LANGUAGES
from bot.i18n import Translator
from bot.services.errors import ServiceError
from bot.services.portfolio_import import ImportPortfolio, ImportResult, import_portfolio
from bot.services.ports import NewMember
from storage import open_store

if TYPE_CHECKING:
    from bot.services.ports import UnitOfWork
    from bot.settings import Settings


def _new_member(content: bytes, user_id: str, settings: Settings, now: object) -> NewMember:
    """Name, language and time zone from the file when it has them."""
    try:
        member = json.loads(content.decode("utf-8-sig")).get("member", {})
    except (UnicodeDecodeError, ValueError, AttributeError):
        member = {}
    member = member if isinstance(member, dict) else {}
    language = member.get("language")
    return NewMember(
        display_name=str(member.get("display_name") or user_id)[:100],
        language=language if language in LANGUAGES else settings.default_language,
        timezone=str(member.get("timezone") or DEFAULT_TIMEZONE)[:64],
        now=now,  # type: ignore[arg-type]
    )


async def run_member_import(
    settings: Settings, content: bytes, member: str, db: str | None
) -> str:
    """The report line; raises ClickException with the reason when refused."""
    from adapters.runtime import store_url

    translator = Translator.load()
    language = settings.default_language
    platform, _, user_id = member.partition(":")
    if not platform or not user_id:
        raise click.ClickException(translator.text(language, "import.cli_member", given=member))
    now = SystemClock().now()

    def work(uow: UnitOfWork) -> ImportResult:
        found = uow.members.by_identity(platform, user_id)
        if found is None:
            new = _new_member(content, user_id, settings, now)
            found = uow.members.create_with_identity(platform, user_id, new)
        return import_portfolio(ImportPortfolio(found.id, content, now), uow)

    store = await open_store(store_url(settings, db))
    try:
        result = await store.run(work)
    except ServiceError as error:
        # Raised inside the unit of work: it rolled back, a new member included.
        raise click.ClickException(translator.text(language, error.key, **error.params)) from None
    finally:
        await store.close()
    return translator.text(
        language,
        "import.cli_done",
        member=member,
        activities=result.activities_added,
        goals=result.goals_added,
        skipped=result.already_there,
    )
