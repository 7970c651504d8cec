"""Profile photos, as a story run against every adapter: Anna sends a photo from her phone
(big, with where it was taken in its EXIF); what is kept is small and tells nothing of the
place; Bram sees it only after Anna shared it, as an image."""

from __future__ import annotations

import io

from PIL import Image

from tests.contract.drivers import ChatDriver


def phone_photo() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (120, 60, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def images(driver: ChatDriver, user: str) -> list[Image.Image]:
    return [
        Image.open(io.BytesIO(seen.document[1]))
        for seen in driver.private(user)
        if seen.document is not None
    ]


async def test_a_profile_photo_is_kept_small_private_and_shared_on_request(
    driver: ChatDriver,
) -> None:
    await driver.send_image("Anna", phone_photo())
    saved = driver.private("Anna")[-1].text
    assert "✓ Je profielfoto is opgeslagen (512×384" in saved
    assert "Zichtbaar: privé" in saved
    await driver.send("Anna", "/foto")
    (kept,) = images(driver, "Anna")
    assert kept.format == "JPEG" and kept.size == (512, 384)
    assert not kept.getexif()  # no camera, no place
    await driver.send("Bram", "/profiel @Anna")
    assert images(driver, "Bram") == []
    assert "kan ik je niets laten zien" in driver.private("Bram")[-1].text
    await driver.send("Anna", "/delen foto openbaar")
    await driver.send("Bram", "/profiel @Anna")
    (seen,) = images(driver, "Bram")
    assert seen.size == (512, 384)
    assert any(m.text == "📷 Anna" for m in driver.private("Bram"))


async def test_what_is_no_image_is_refused_with_a_reason(driver: ChatDriver) -> None:
    await driver.send_image("Anna", b"boodschappen: melk, brood\n", filename="lijst.jpg")
    assert "Dat is geen afbeelding die ik kan lezen" in driver.private("Anna")[-1].text
    await driver.send("Anna", "/foto wis")
    assert "niets te wissen" in driver.private("Anna")[-1].text
