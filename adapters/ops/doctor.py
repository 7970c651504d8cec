"""`portfoliobot doctor`: checks the configuration without starting the bot. One line per
check; a failing one says what to do. Exit code 0 only when every check passes."""

from __future__ import annotations

import asyncio
import os
import tempfile
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from bot.settings import Settings
    from storage.urls import StoreUrl

STORE_TIMEOUT = 15.0
API_TIMEOUT = 15.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    optional: bool = False  # shown as "--": nothing to check (e.g. no platform configured)
    reachable: bool = False  # (store) it answered, whatever its schema

    def line(self) -> str:
        mark = "--  " if self.optional else ("ok  " if self.ok else "FAIL")
        text = f"{mark} {self.name}: {self.detail}"
        return f"{text} → {self.fix}" if not self.ok and self.fix else text


async def run_checks(settings: Settings, url: str) -> list[Check]:
    checks = [check_data_dir(settings.data_dir), check_time_zones(settings.default_timezone)]
    store = await check_store(url)
    checks.append(store)
    if store.reachable and not url.strip().startswith("sqlite"):
        checks.append(await check_pg_tools(url))
    checks.extend(await check_platforms())
    return checks


def check_data_dir(data_dir: Path) -> Check:
    name = "data directory"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".doctor-"):
            pass
    except OSError as error:
        return Check(
            name,
            False,
            f"{data_dir} is not writable ({error.strerror or error})",
            "make it writable for the bot's user (e.g. `sudo chown -R portfoliobot: "
            f"{data_dir}`) or set PORTFOLIOBOT_DATA_DIR",
        )
    return Check(name, True, f"{data_dir} is writable")


def check_time_zones(default: str) -> Check:
    name = "time zones"
    try:
        zoneinfo.ZoneInfo("Europe/Amsterdam")
    except zoneinfo.ZoneInfoNotFoundError:
        return Check(
            name,
            False,
            "no time zone database found",
            "install it: `sudo apt-get install tzdata` (or `pip install tzdata` in the venv)",
        )
    try:
        zoneinfo.ZoneInfo(default)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return Check(
            name,
            False,
            f"PORTFOLIOBOT_DEFAULT_TIMEZONE={default!r} is not a known time zone",
            "use an IANA name such as Europe/Amsterdam or Europe/Brussels",
        )
    return Check(name, True, f"database present; default {default}")


async def check_store(url: str) -> Check:
    from storage import StorageConfigError, open_store
    from storage.ops import schema_status
    from storage.urls import resolve_url

    name = "store"
    try:
        target = resolve_url(url)
    except StorageConfigError as error:
        return Check(name, False, str(error), "fix PORTFOLIOBOT_DATABASE_URL or --db")
    shown = _shown(url, target)
    if target.is_sqlite and not target.is_memory:
        path = Path(target.url.database or "")
        if not await asyncio.to_thread(path.exists):
            return Check(
                name,
                False,
                f"no database file at {path} yet",
                "run `portfoliobot db upgrade` (or start the bot once) to create it",
            )
    try:
        store = await asyncio.wait_for(open_store(url, upgrade=False), STORE_TIMEOUT)
        try:
            status = await asyncio.wait_for(
                store.inspect(schema_status),  # type: ignore[attr-defined]
                STORE_TIMEOUT,
            )
        finally:
            await store.close()
    except Exception as error:
        return Check(
            name,
            False,
            f"{shown} does not answer ({_short(error)})",
            "check PORTFOLIOBOT_DATABASE_URL, that the server runs, and that this user "
            "may connect",
        )
    if status.unknown:
        return Check(
            name,
            False,
            f"{shown}: schema {status.current} is newer than this portfoliobot knows "
            f"(newest here: {status.head})",
            "install the portfoliobot version that wrote it, or a newer one",
            reachable=True,
        )
    if status.pending:
        where = status.current or "empty (never migrated)"
        return Check(
            name,
            False,
            f"{shown}: schema {where}; pending migrations {', '.join(status.pending)}",
            "run `portfoliobot db upgrade` (the bot also does it when it starts)",
            reachable=True,
        )
    return Check(name, True, f"{shown} answers; schema at {status.head} (newest)", reachable=True)


async def check_pg_tools(url: str) -> Check:
    """`portfoliobot backup` on PostgreSQL runs pg_dump, which refuses a newer server."""
    import re
    import shutil

    from sqlalchemy import text

    from storage import open_store

    name = "backup tools"
    fix = "install them: `sudo apt-get install postgresql-client` (same major as the server)"
    found = shutil.which("pg_dump")
    if found is None or shutil.which("pg_restore") is None:
        return Check(name, False, "pg_dump/pg_restore not found (needed for backups)", fix)
    done = await asyncio.create_subprocess_exec(
        found, "--version", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    out, _ = await done.communicate()
    client = re.search(rb"(\d+)\.", out)
    store = await open_store(url, upgrade=False)
    try:
        server = await store.inspect(  # type: ignore[attr-defined]
            lambda c: int(c.execute(text("SHOW server_version_num")).scalar_one()) // 10000
        )
    finally:
        await store.close()
    if client is None or int(client.group(1)) < server:
        shown = client.group(1).decode() if client else "unknown"
        return Check(name, False, f"pg_dump {shown} is older than the server ({server})", fix)
    return Check(name, True, f"pg_dump {client.group(1).decode()} for server {server}")


async def check_platforms() -> list[Check]:
    from adapters.telegram.config import TelegramConfig

    checks: list[Check] = []
    telegram = TelegramConfig()
    if telegram.enabled:
        checks.append(await check_telegram(telegram))
    if not checks:
        checks.append(
            Check(
                "platforms",
                True,
                "none configured (set PORTFOLIOBOT_TELEGRAM_TOKEN); "
                "only `portfoliobot chat` will work",
                optional=True,
            )
        )
    return checks


async def check_telegram(config: object) -> Check:
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    from adapters.telegram.config import TelegramConfig

    assert isinstance(config, TelegramConfig) and config.token is not None
    name = "telegram"
    api = config.api_url.rstrip("/")
    bot = Bot(
        config.token.get_secret_value().strip(),
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
    )
    try:
        async with asyncio.timeout(API_TIMEOUT):
            await bot.initialize()  # getMe
            username = bot.username
            await bot.shutdown()
    except InvalidToken:
        return Check(
            name,
            False,
            "the Bot API refused the token (getMe: Unauthorized)",
            "copy the token again from @BotFather (/mybots → API Token) into "
            "PORTFOLIOBOT_TELEGRAM_TOKEN",
        )
    except (TelegramError, TimeoutError, OSError) as error:
        return Check(
            name,
            False,
            f"cannot reach {_host(api)} ({_short(error)})",
            "check the network, a proxy (HTTPS_PROXY) or PORTFOLIOBOT_TELEGRAM_API_URL",
        )
    return Check(name, True, f"token accepted by {_host(api)}: @{username}")


def _shown(url: str, target: StoreUrl) -> str:
    """The URL as the operator wrote it, password hidden."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url.strip()).render_as_string(hide_password=True)
    except Exception:
        return target.url.render_as_string(hide_password=True)


def settings_problem(error: Exception) -> str:
    """A settings validation error as `PORTFOLIOBOT_NAME: what is wrong (got …)`."""
    from pydantic import ValidationError

    if not isinstance(error, ValidationError):
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    parts = []
    for problem in error.errors():
        name = "PORTFOLIOBOT_" + "_".join(str(part) for part in problem["loc"]).upper()
        parts.append(f"{name}: {problem['msg']} (got {problem.get('input')!r})")
    return "; ".join(parts)


def _host(api: str) -> str:
    return urlsplit(api).hostname or api


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


def exit_code(checks: list[Check]) -> int:
    return 0 if all(check.ok for check in checks) else 1


def environment_hint() -> str:
    source = ".env and the environment" if os.path.exists(".env") else "the environment"
    return f"portfoliobot doctor — settings from {source}"
