"""One portfolio across platforms, on every driver: /koppel on the driver's platform gives
a code in the private chat only; entered privately on a second platform (a console on the
same core), it joins both; the activities of both are then listed on the driver's
platform."""

from __future__ import annotations

import re

from tests.contract.drivers import ChatDriver, Seen

_CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b")


def texts(messages: list[Seen]) -> str:
    return "\n".join(message.text for message in messages)


def the_code(messages: list[Seen]) -> str:
    found = _CODE.findall(texts(messages))
    assert found, texts(messages)
    return str(found[-1])


async def test_a_code_joins_a_second_platform(driver: ChatDriver) -> None:
    await driver.send("Anna", "/log 2u lesson study rekenen gisteren")
    await driver.send("Anna", "/koppel")
    assert "Je koppelcode:" in driver.private("Anna")[-1].text
    code = the_code(driver.private("Anna"))
    logged = await driver.send_elsewhere("anna2", "/log 1u intervisie over feedback")
    assert "Intervisie over feedback" in texts(logged)
    asked = await driver.send_elsewhere("anna2", f"/koppel {code}")
    assert "Zal ik ze samenvoegen" in texts(asked)
    assert asked[-1].buttons == ("Ja, voeg samen", "Nee, niet koppelen")
    merged = await driver.send_elsewhere("anna2", "1")
    assert "✓ Samengevoegd tot één portfolio." in texts(merged)
    await driver.send("Anna", "/activiteiten")
    listing = driver.private("Anna")[-1].text
    assert "Lesson study rekenen" in listing and "Intervisie over feedback" in listing
    assert "(2)" in listing
    await driver.send("Anna", "/koppelingen")
    assert "anna2" in driver.private("Anna")[-1].text


async def test_a_code_asked_for_in_a_group_arrives_privately_only(driver: ChatDriver) -> None:
    await driver.send("Anna", "/start")  # Anna has a private chat with the bot
    await driver.send("Anna", "/koppel", group="Lerarenkamer")
    code = the_code(driver.private("Anna"))
    assert code not in texts(driver.group("Lerarenkamer"))
    assert not _CODE.search(texts(driver.group("Lerarenkamer")))
    joined = await driver.send_elsewhere("anna2", code)
    assert "✓ Gekoppeld" in texts(joined)
