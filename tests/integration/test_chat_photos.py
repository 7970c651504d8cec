"""Profile photos through the whole core on SQLite and PostgreSQL: an image checked by its
content, kept small and without EXIF, the platform avatar only with consent, cleared after
a question, and shown to others only when shared."""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from bot.chat.messages import Attachment, Incoming
from tests.integration.test_chat_data import sending

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tests.support.driver import Driver, Said

GPS_IFD = 0x8825


def jpeg(width: int = 1600, height: int = 1200, *, gps: bool = True) -> bytes:
    """A photo as a phone makes it: big, with the place it was taken in its EXIF."""
    image = Image.new("RGB", (width, height), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(width: int = 300, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


def image_file(content: bytes, name: str = "foto.jpg", kind: str = "image/jpeg") -> Attachment:
    return Attachment(name, content, kind)


def photo_of(said: Said) -> Image.Image:
    (file,) = [r.attachment for r in said.replies if r.attachment is not None]
    assert file.media_type == "image/jpeg"
    return Image.open(io.BytesIO(file.content))


def has_photo(said: Said) -> bool:
    return any(r.attachment is not None for r in said.replies)


def with_avatar(
    bot: Driver, user: str, avatar: Attachment | None, calls: list[str], **kw: object
) -> Incoming:
    async def fetch() -> Attachment | None:
        calls.append(user)
        return avatar

    message = bot.incoming(user, **kw)  # type: ignore[arg-type]
    return dataclasses.replace(message, sender=dataclasses.replace(message.sender, avatar=fetch))


@pytest.fixture
async def bot(store_url: str) -> AsyncIterator[Driver]:
    from tests.support.driver import Driver

    driver = await Driver.open(store_url)
    yield driver
    await driver.close()


async def test_a_photo_sent_with_foto_is_kept_small_and_without_exif(bot: Driver) -> None:
    original = jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get(GPS_IFD) is not None
    said = await bot.send(sending(bot, "alice", image_file(original), "/foto"))
    assert "✓ Je profielfoto is opgeslagen (512×384" in said.text
    assert "Zichtbaar: privé" in said.text
    shown = await bot.say("alice", "/foto")
    kept = photo_of(shown)
    assert kept.size == (512, 384)
    assert kept.format == "JPEG"
    assert not kept.getexif()  # no camera, no place
    assert "Je profielfoto (512×384) — zichtbaar: privé" in shown.text
    assert "Wil je een andere?" in shown.text
    assert "foto: 📷 — privé" in (await bot.say("alice", "/profiel")).text


async def test_a_png_with_transparency_becomes_a_jpeg(bot: Driver) -> None:
    said = await bot.send(sending(bot, "alice", image_file(png(), "me.png", "image/png"), "/foto"))
    assert "opgeslagen (256×512" in said.text
    assert photo_of(await bot.say("alice", "/foto")).mode == "RGB"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (jpeg(gps=False) + b"\0" * (2 * 1024 * 1024), "te groot (2.0 MB); het mag tot 2.0 MB"),
        (b"Dit is een boodschappenlijst, geen foto.\n" * 10, "geen afbeelding die ik kan lezen"),
        (jpeg()[:300], "geen afbeelding die ik kan lezen"),  # cut off
    ],
    ids=["too-large", "text-named-jpg", "truncated"],
)
async def test_what_is_not_a_usable_image_is_refused(
    bot: Driver, content: bytes, expected: str
) -> None:
    said = await bot.send(sending(bot, "alice", image_file(content), "/foto"))
    assert expected in said.text
    assert "opgeslagen" not in said.text
    assert "nog geen profielfoto" in (await bot.say("alice", "/foto")).text


async def test_a_gif_is_named_and_refused(bot: Driver) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    said = await bot.send(sending(bot, "alice", image_file(out.getvalue(), "a.gif", "image/gif")))
    assert "Een GIF-afbeelding kan ik niet gebruiken" in said.text


async def test_foto_then_an_image_keeps_it_without_asking_again(bot: Driver) -> None:
    asked = await bot.say("alice", "/foto")
    assert "Je hebt nog geen profielfoto. Stuur me nu een afbeelding" in asked.text
    said = await bot.send(sending(bot, "alice", image_file(jpeg(800, 800))))
    assert "✓ Je profielfoto is opgeslagen (512×512" in said.text
    assert "bewaard als concept" not in said.text.lower()
    assert (await bot.say("alice", "/concepten")).text.count("foto") == 0


async def test_an_image_out_of_the_blue_is_kept_only_on_yes(bot: Driver) -> None:
    said = await bot.send(sending(bot, "alice", image_file(jpeg())))
    assert "Is deze afbeelding je nieuwe profielfoto?" in said.text
    said = await bot.press("alice", "Nee")
    assert "niet bewaard" in said.text
    assert "foto:" not in (await bot.say("alice", "/profiel")).text
    await bot.send(sending(bot, "alice", image_file(png())))
    said = await bot.press("alice", "Ja, als profielfoto")
    assert "✓ Je profielfoto is opgeslagen (256×512" in said.text
    assert photo_of(await bot.say("alice", "/foto")).size == (256, 512)


async def test_a_portfolio_file_still_goes_to_import(bot: Driver) -> None:
    file = Attachment("portfolio.json", b'{"format": "nope"}', "application/json")
    said = await bot.send(sending(bot, "alice", file))
    assert "profielfoto" not in said.text


async def test_the_platform_avatar_only_with_consent(bot: Driver) -> None:
    calls: list[str] = []
    avatar = image_file(jpeg(640, 640), "avatar.jpg")
    asked = await bot.send(with_avatar(bot, "alice", avatar, calls, text="/foto avatar"))
    assert "Mag ik je profielfoto van Test gebruiken?" in asked.text
    assert calls == []  # nothing fetched before the answer
    no = next(k for k, label in bot.last_choices["alice"] if label == "Nee")
    yes = next(k for k, label in bot.last_choices["alice"] if label == "Ja, gebruik die")
    said = await bot.send(with_avatar(bot, "alice", avatar, calls, choice=no))
    assert "gebruik je profielfoto van het platform niet" in said.text
    assert calls == []
    assert not has_photo(await bot.say("alice", "/foto"))
    said = await bot.send(with_avatar(bot, "alice", avatar, calls, choice=yes))
    assert calls == ["alice"]
    assert "✓ Je profielfoto is opgeslagen (512×512" in said.text


async def test_no_avatar_to_fetch_gets_a_clear_answer(bot: Driver) -> None:
    said = await bot.say("alice", "/foto avatar")  # a platform without avatars
    assert "Hier heb je geen profielfoto die ik kan ophalen" in said.text
    calls: list[str] = []
    await bot.send(with_avatar(bot, "bob", None, calls, text="/foto avatar"))
    yes = next(k for k, label in bot.last_choices["bob"] if label == "Ja, gebruik die")
    said = await bot.send(with_avatar(bot, "bob", None, calls, choice=yes))
    assert "Ik vond geen profielfoto bij je account op Test" in said.text


async def test_clearing_asks_first(bot: Driver) -> None:
    assert "niets te wissen" in (await bot.say("alice", "/foto wis")).text
    await bot.send(sending(bot, "alice", image_file(jpeg()), "/foto"))
    assert "Je profielfoto wissen?" in (await bot.say("alice", "/foto wis")).text
    assert "blijft staan" in (await bot.press("alice", "Nee, laten staan")).text
    assert has_photo(await bot.say("alice", "/foto"))
    await bot.say("alice", "/photo clear")
    assert "✓ Je profielfoto is gewist" in (await bot.press("alice", "Ja, wissen")).text
    assert not has_photo(await bot.say("alice", "/foto"))
    assert "foto:" not in (await bot.say("alice", "/profiel")).text


async def test_others_see_the_photo_only_when_shared(bot: Driver) -> None:
    await bot.send(sending(bot, "alice", image_file(jpeg()), "/foto"))
    await bot.say("alice", "/profiel school De Linde")
    await bot.say("alice", "/delen school openbaar")
    seen = await bot.say("bob", "/profiel @Alice")
    assert "school: De Linde" in seen.text
    assert not has_photo(seen)
    await bot.say("alice", "/delen foto community")
    assert not has_photo(await bot.say("bob", "/profiel @Alice"))  # bob shares no group
    await bot.say("alice", "/help", group="team")
    await bot.say("carol", "/help", group="team")
    seen = await bot.say("carol", "/profiel @Alice")
    assert "📷 Alice" in seen.text
    assert photo_of(seen).size == (512, 384)
    await bot.say("alice", "/delen foto openbaar")
    seen = await bot.say("bob", "/profiel @Alice")
    assert photo_of(seen).size == (512, 384)
    # Asked in a group, the photo goes privately like the rest of the profile.
    said = await bot.say("carol", "/profiel @Alice", group="team")
    assert all(r.attachment is None for r in said.here)
    assert any(r.attachment is not None for r in said.private)


async def test_only_a_shared_photo_is_still_something_shared(bot: Driver) -> None:
    await bot.send(sending(bot, "alice", image_file(jpeg()), "/profiel foto"))
    assert (
        "Over „Alice” kan ik je niets laten zien" in (await bot.say("bob", "/profiel @Alice")).text
    )
    await bot.say("alice", "/delen foto openbaar")
    assert has_photo(await bot.say("bob", "/profiel @Alice"))


async def test_in_a_group_foto_points_to_the_private_chat(bot: Driver) -> None:
    said = await bot.say("alice", "/foto", group="team")
    assert "werkt in je privéchat" in said.text


async def test_mydata_lists_and_forget_erases_the_photo(bot: Driver) -> None:
    await bot.send(sending(bot, "alice", image_file(jpeg()), "/foto"))
    assert "• een profielfoto" in (await bot.say("alice", "/mijngegevens")).text
    await bot.say("alice", "/vergeet")
    said = await bot.press("alice", next(lab for _, lab in bot.last_choices["alice"]))
    assert "een profielfoto" in said.text
    assert "nog geen profielfoto" in (await bot.say("alice", "/foto")).text
