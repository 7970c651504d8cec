"""Profile photos through `portfoliobot chat` on both stores: the console sends an image
as `/foto PATH`; it has no platform avatar, and says so."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image


def test_foto_path_keeps_a_small_copy_and_shows_it(chat, tmp_path: Path) -> None:
    picture = tmp_path / "vakantie.jpg"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}
    Image.new("RGB", (2000, 1000), (10, 120, 60)).save(picture, "JPEG", exif=exif)
    not_a_picture = tmp_path / "lijst.jpg"
    not_a_picture.write_text("melk, brood, kaas\n")
    out = chat(
        f"/foto {not_a_picture}",
        f"/foto {picture}",
        "/foto",
        "/foto avatar",
        "/delen foto openbaar",
        user="alice",
    )
    assert "Dat is geen afbeelding die ik kan lezen" in out
    assert "✓ Je profielfoto is opgeslagen (512×256" in out
    assert "Hier heb je geen profielfoto die ik kan ophalen" in out
    (shown,) = re.findall(r"📎 (\S+\.jpg)", out)
    kept = Image.open(io.BytesIO(Path(shown).read_bytes()))
    assert kept.size == (512, 256)
    assert not kept.getexif()
    seen = chat("/profiel @alice", user="bob")
    assert "📷 alice" in seen
    assert len(re.findall(r"📎 (\S+\.jpg)", seen)) == 1


def test_a_missing_file_gets_the_usage(chat, tmp_path: Path) -> None:
    out = chat(f"/foto {tmp_path / 'weg.jpg'}", user="alice")
    assert "Stuur een afbeelding (JPEG, PNG of WebP, tot 2 MB) met /foto" in out
