"""Profile photos on Matrix, against a real Synapse with real (mautrix) member clients: an
`m.image` in an encrypted DM (downloaded and decrypted by the bot), the avatar from the
media repository only after the member said yes, a shared photo shown as `m.image`."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PIL import Image

from tests.contract.matrix_driver import MatrixDriver

if TYPE_CHECKING:
    from pathlib import Path

    from tests.fakes.synapse import Synapse


def image(width: int, height: int, kind: str = "JPEG") -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}
    Image.new("RGB", (width, height), (200, 200, 20)).save(out, kind, exif=exif)
    return out.getvalue()


def last_text(driver: MatrixDriver, user: str) -> str:
    return driver.private(user)[-1].text


async def test_an_image_in_an_encrypted_dm_becomes_the_profile_photo(
    tmp_path: Path, synapse: Synapse
) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        await driver.send_image("Anna", image(900, 600))
        anna = driver._members["Anna"]
        assert await anna.state.is_encrypted(driver._dms["Anna"])
        assert "✓ Je profielfoto is opgeslagen (512×341" in last_text(driver, "Anna")
        # Without /foto first: asked, kept on yes.
        await driver.send_image("Anna", image(200, 100), text="")
        assert "Is deze afbeelding je nieuwe profielfoto?" in last_text(driver, "Anna")
        await driver.press("Anna", "Ja, als profielfoto")
        assert "opgeslagen (200×100" in last_text(driver, "Anna")
        await driver.send("Anna", "/foto")
        (shown,) = [s.document for s in driver.private("Anna") if s.document is not None]
        kept = Image.open(io.BytesIO(shown[1]))
        assert kept.size == (200, 100) and not kept.getexif()
    finally:
        await driver.close()


async def test_the_avatar_only_with_consent_and_shown_when_shared(
    tmp_path: Path, synapse: Synapse
) -> None:
    driver = await MatrixDriver.open(tmp_path / "p.db", synapse)
    try:
        await driver.send("Bram", "/foto avatar")  # no avatar set
        await driver.press("Bram", "Ja, gebruik die")
        assert "Ik vond geen profielfoto bij je account op Matrix" in last_text(driver, "Bram")
        await driver.send("Anna", "/start")
        await driver._members["Anna"].set_avatar(image(800, 800, "PNG"))
        await driver.send("Anna", "/foto avatar")
        assert "Mag ik je profielfoto van Matrix gebruiken?" in last_text(driver, "Anna")
        await driver.press("Anna", "Nee")
        assert "gebruik je profielfoto van het platform niet" in last_text(driver, "Anna")
        await driver.send("Anna", "/foto avatar")
        await driver.press("Anna", "Ja, gebruik die")
        assert "✓ Je profielfoto is opgeslagen (512×512" in last_text(driver, "Anna")
        await driver.send("Bram", "/profiel @Anna")
        assert not any(s.document for s in driver.private("Bram"))
        await driver.send("Anna", "/delen foto openbaar")
        await driver.send("Bram", "/profiel @Anna")
        photos = [s for s in driver.private("Bram") if s.document is not None]
        assert len(photos) == 1 and photos[0].text == "📷 Anna"
    finally:
        await driver.close()
