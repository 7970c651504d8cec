"""Profile photos on Discord: the real discord.py client against the loopback Discord. An
image as /foto's typed attachment option or in the bot's DM, the avatar read from the CDN
only after the member pressed yes, and a shared photo shown to a colleague as a file."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from tests.contract.discord_driver import DiscordDriver


@pytest.fixture
async def driver(tmp_path: Path) -> AsyncIterator[DiscordDriver]:
    made = await DiscordDriver.open(tmp_path / "portfolio.sqlite3")
    yield made
    await made.close()


def image(width: int, height: int, kind: str = "JPEG") -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}
    Image.new("RGB", (width, height), (30, 90, 200)).save(out, kind, exif=exif)
    return out.getvalue()


def last_text(driver: DiscordDriver, user: str) -> str:
    return driver.private(user)[-1].text


async def test_photo_has_a_typed_image_option(driver: DiscordDriver) -> None:
    commands = {c["name"]: c for c in driver.api.state.commands[None]}
    options = {o["name"]: o for o in commands["photo"]["options"]}
    assert options["image"]["type"] == 11  # ATTACHMENT
    assert options["image"]["name_localizations"] == {"nl": "afbeelding"}
    assert not options["image"].get("required")
    # A command without typed arguments keeps its one text option, and no image.
    assert [o["type"] for o in commands["find"]["options"]] == [3]


async def test_an_image_on_the_slash_command_and_in_the_dm(driver: DiscordDriver) -> None:
    await driver.send_image("Anna", image(1024, 768))
    assert "✓ Je profielfoto is opgeslagen (512×384" in last_text(driver, "Anna")
    await driver.send_image("Anna", image(300, 300), text="")  # a DM with only a file
    assert last_text(driver, "Anna") == "Is deze afbeelding je nieuwe profielfoto?"
    await driver.press("Anna", "Ja, als profielfoto")
    assert "opgeslagen (300×300" in last_text(driver, "Anna")
    await driver.send_image("Anna", b"<html>geen foto</html>")
    assert "Dat is geen afbeelding die ik kan lezen" in last_text(driver, "Anna")
    await driver.send("Anna", "/foto")
    (shown,) = [seen.document for seen in driver.private("Anna") if seen.document is not None]
    kept = Image.open(io.BytesIO(shown[1]))
    assert kept.size == (300, 300) and not kept.getexif()


async def test_the_avatar_is_read_only_after_yes(driver: DiscordDriver) -> None:
    driver._users["Anna"] = driver.api.create_user("Anna", avatar=image(256, 256, "PNG"))
    fetched = driver.api.state.cdn_reads
    await driver.send("Anna", "/foto avatar")
    assert last_text(driver, "Anna").startswith("Mag ik je profielfoto van Discord gebruiken?")
    await driver.press("Anna", "Nee")
    assert fetched == []
    await driver.send("Anna", "/foto avatar")
    await driver.press("Anna", "Ja, gebruik die")
    assert [key.split("/")[0] for key in fetched] == ["avatars"]
    assert "✓ Je profielfoto is opgeslagen (256×256" in last_text(driver, "Anna")
    # Discord's default avatar is not the member's own picture.
    await driver.send("Bram", "/foto avatar")
    await driver.press("Bram", "Ja, gebruik die")
    assert "Ik vond geen profielfoto bij je account op Discord" in last_text(driver, "Bram")


async def test_a_shared_photo_reaches_a_colleague_as_a_file(driver: DiscordDriver) -> None:
    await driver.send_image("Anna", image(640, 480))
    await driver.send("Anna", "/delen foto openbaar")
    await driver.send("Bram", "/profiel @Anna")
    files = [seen for seen in driver.private("Bram") if seen.document is not None]
    assert len(files) == 1 and files[0].text == "📷 Anna"
    assert Image.open(io.BytesIO(files[0].document[1])).size == (512, 384)  # type: ignore[index]
