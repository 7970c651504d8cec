"""Guided profile editing, written once and run against every adapter's driver: the
member picks a field with a button, answers its value (typed or with buttons), and picks
who may see it with a button."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.contract.drivers import ChatDriver, Seen

FIELDS = (
    "naam",
    "school",
    "regio",
    "sector",
    "vakken",
    "werkervaring",
    "expertise",
    "tags",
    "bio",
    "Annuleren",
)


def texts(messages: list[Seen]) -> str:
    return "\n".join(message.text for message in messages)


async def test_guided_profile_edit_with_buttons(driver: ChatDriver) -> None:
    await driver.send("Anna", "/profiel bewerken")
    question = driver.private("Anna")[-1]
    assert "Welk veld wil je aanpassen?" in question.text
    assert question.buttons == FIELDS
    await driver.press("Anna", "sector")
    assert driver.private("Anna")[-1].buttons == (
        "po",
        "vo",
        "mbo",
        "ho",
        "Klaar",
        "Annuleren",
    )
    await driver.press("Anna", "vo")
    assert driver.private("Anna")[-1].buttons[:4] == ("po", "✓ vo", "mbo", "ho")
    await driver.press("Anna", "mbo")
    await driver.press("Anna", "Klaar")
    assert "✓ sector: vo, mbo" in texts(driver.private("Anna"))
    question = driver.private("Anna")[-1]
    assert "Wie mag je sector zien?" in question.text
    assert question.buttons == ("✓ privé", "community", "openbaar")
    await driver.press("Anna", "community")
    assert "✓ sector: nu community." in driver.private("Anna")[-1].text
    # A typed value answers the open question; its visibility is again a button.
    await driver.send("Anna", "/profiel bewerken")
    await driver.press("Anna", "school")
    assert "Wat moet er bij school?" in driver.private("Anna")[-1].text
    await driver.send("Anna", "De Linde")
    await driver.press("Anna", "openbaar")
    await driver.send("Anna", "/profiel")
    shown = driver.private("Anna")[-1].text
    assert "sector: vo, mbo — community" in shown
    assert "school: De Linde — openbaar" in shown
