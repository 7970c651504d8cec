"""Profile photos on Telegram, with the real python-telegram-bot against the loopback Bot
API: a photo sent privately (downloaded with getFile), an image sent as a file, the
profile picture through getUserProfilePhotos only after the member pressed yes, and a
photo shown to a colleague as a photo."""

from __future__ import annotations

import io

from PIL import Image

from adapters.telegram.adapter import TelegramAdapter
from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}
    Image.new("RGB", (width, height), (90, 30, 160)).save(out, "JPEG", exif=exif)
    return out.getvalue()


async def handled(api: TelegramApiServer, bot: TelegramAdapter, count: int) -> None:
    await api.wait_until(lambda: bot.handled >= count, what=f"{count} updates handled")


def last_text(api: TelegramApiServer, chat: object) -> str:
    return api.sent(chat)[-1].plain_text or ""  # type: ignore[arg-type]


async def test_a_photo_sent_privately_becomes_the_profile_photo(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    telegram_api.user_sends_photo(anna, None, jpeg(1280, 960), caption="/foto")
    await handled(telegram_api, bot, 1)
    assert "✓ Je profielfoto is opgeslagen (512×384" in last_text(telegram_api, anna)
    # Out of the blue (no caption): asked first, kept on yes.
    telegram_api.user_sends_photo(anna, None, jpeg(600, 600))
    await handled(telegram_api, bot, 2)
    question = telegram_api.sent(anna)[-1]
    assert question.plain_text == "Is deze afbeelding je nieuwe profielfoto?"
    yes = dict(question.buttons)["Ja, als profielfoto"]
    assert yes is not None
    telegram_api.user_presses(anna, question, yes)
    await handled(telegram_api, bot, 3)
    assert "opgeslagen (512×512" in last_text(telegram_api, anna)
    # Shown back as a photo, without EXIF.
    telegram_api.user_sends(anna, None, "/foto")
    await handled(telegram_api, bot, 4)
    (shown,) = [m for m in telegram_api.sent(anna) if m.photo is not None]
    kept = Image.open(io.BytesIO(shown.photo.content))  # type: ignore[union-attr]
    assert kept.size == (512, 512) and not kept.getexif()


async def test_an_image_file_and_a_file_that_is_no_image(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    telegram_api.user_sends_document(
        anna, None, "ik.jpg", jpeg(400, 300), mime_type="image/jpeg", caption="/foto"
    )
    await handled(telegram_api, bot, 1)
    assert "opgeslagen (400×300" in last_text(telegram_api, anna)
    telegram_api.user_sends_document(
        anna, None, "nep.jpg", b"geen foto", mime_type="image/jpeg", caption="/foto"
    )
    await handled(telegram_api, bot, 2)
    assert "Dat is geen afbeelding die ik kan lezen" in last_text(telegram_api, anna)
    # A photo in a group is none of the bot's business.
    group = telegram_api.create_group("Lerarenkamer")
    telegram_api.user_sends_photo(anna, group, jpeg(100, 100))
    telegram_api.user_sends(anna, None, "/profiel")
    await handled(telegram_api, bot, 4)
    assert telegram_api.sent(group) == []


async def test_the_profile_picture_is_fetched_only_after_yes(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    telegram_api.set_profile_photo(anna, jpeg(640, 640))
    telegram_api.user_sends(anna, None, "/foto avatar")
    await handled(telegram_api, bot, 1)
    question = telegram_api.sent(anna)[-1]
    assert question.plain_text is not None
    assert question.plain_text.startswith("Mag ik je profielfoto van Telegram gebruiken?")
    buttons = dict(question.buttons)
    telegram_api.user_presses(anna, question, buttons["Nee"] or "")
    await handled(telegram_api, bot, 2)
    assert telegram_api.call_count("getUserProfilePhotos") == 0
    assert "gebruik je profielfoto van het platform niet" in last_text(telegram_api, anna)
    telegram_api.user_sends(anna, None, "/foto avatar")
    await handled(telegram_api, bot, 3)
    question = telegram_api.sent(anna)[-1]
    telegram_api.user_presses(anna, question, dict(question.buttons)["Ja, gebruik die"] or "")
    await handled(telegram_api, bot, 4)
    assert telegram_api.call_count("getUserProfilePhotos") == 1
    assert "✓ Je profielfoto is opgeslagen (512×512" in last_text(telegram_api, anna)
    # Someone without a profile picture is told so.
    bram = telegram_api.create_user("Bram")
    telegram_api.user_sends(bram, None, "/photo avatar")
    await handled(telegram_api, bot, 5)
    question = telegram_api.sent(bram)[-1]
    telegram_api.user_presses(bram, question, dict(question.buttons)["Ja, gebruik die"] or "")
    await handled(telegram_api, bot, 6)
    assert "Ik vond geen profielfoto bij je account op Telegram" in last_text(telegram_api, bram)


async def test_a_colleague_sees_a_shared_photo_as_a_photo(
    bot: TelegramAdapter,
    telegram_api: TelegramApiServer,  # noqa: F811
) -> None:
    anna = telegram_api.create_user("Anna")
    bram = telegram_api.create_user("Bram")
    telegram_api.user_sends_photo(anna, None, jpeg(800, 600), caption="/foto")
    telegram_api.user_sends(anna, None, "/delen foto openbaar")
    await handled(telegram_api, bot, 2)
    telegram_api.user_sends(bram, None, "/profiel @Anna")
    await handled(telegram_api, bot, 3)
    photos = [m for m in telegram_api.sent(bram) if m.photo is not None]
    assert len(photos) == 1 and photos[0].plain_text == "📷 Anna"


def test_the_smallest_size_that_is_large_enough_is_fetched() -> None:
    from telegram import PhotoSize

    from adapters.telegram.avatars import best_size

    sizes = tuple(
        PhotoSize(f"f{side}", f"u{side}", side, side * 3 // 4) for side in (90, 320, 800, 1280)
    )
    assert best_size(sizes).file_id == "f1280"  # 960 px high: the first with both ≥ 640
    small = tuple(PhotoSize(f"f{side}", f"u{side}", side, side) for side in (90, 320))
    assert best_size(small).file_id == "f320"  # none large enough: the largest
