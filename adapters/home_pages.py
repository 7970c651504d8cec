"""Where each platform's accounts live: the `homePage` of an xAPI account (/export xapi).

A platform fact, so it is kept with the adapters and handed to the core at bootstrap."""

from __future__ import annotations

ACCOUNT_HOME_PAGES: dict[str, str] = {
    "telegram": "https://telegram.org",
    "discord": "https://discord.com",
    "matrix": "https://matrix.org",
}
