"""What `bot.services.photos.prepare` makes of what members send: the content decides,
a photo is turned upright, and nothing of its metadata survives."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.domain.photos import looks_like_image
from bot.services.errors import ServiceError
from bot.services.photos import prepare


def encoded(image: Image.Image, kind: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def test_webp_is_accepted_and_becomes_a_jpeg() -> None:
    made = prepare(encoded(Image.new("RGB", (1000, 250), (1, 2, 3)), "WEBP"))
    assert (made.width, made.height) == (512, 128)
    assert Image.open(io.BytesIO(made.content)).format == "JPEG"


def test_a_sideways_phone_photo_is_turned_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    made = prepare(encoded(Image.new("RGB", (800, 400)), "JPEG", exif=exif))
    assert (made.width, made.height) == (256, 512)
    kept = Image.open(io.BytesIO(made.content))
    assert not kept.getexif() and "icc_profile" not in kept.info


def test_a_small_image_is_not_enlarged() -> None:
    made = prepare(encoded(Image.new("L", (40, 30)), "PNG"))
    assert (made.width, made.height) == (40, 30)


@pytest.mark.parametrize("side", [7_000, 10_000])  # 49 and 100 megapixels, a few kB
def test_a_small_file_that_unpacks_to_a_huge_image_is_refused(side: int) -> None:
    huge = encoded(Image.new("1", (side, side)), "PNG")
    assert len(huge) < 100_000
    with pytest.raises(ServiceError) as refused:
        prepare(huge)
    assert refused.value.key == "photo.too_many_pixels"


@pytest.mark.parametrize(
    ("content", "media_type", "expected"),
    [
        (b"\xff\xd8\xff\xe0rest", "application/octet-stream", True),
        (b"\x89PNG\r\n\x1a\nrest", "", True),
        (b"RIFF\0\0\0\0WEBPVP8 ", "", True),
        (b'{"schema": "portfoliobot"}', "application/json", False),
        (b"anything", "image/heic", True),  # meant as an image: refused with a reason
    ],
)
def test_which_files_are_meant_as_images(content: bytes, media_type: str, expected: bool) -> None:
    assert looks_like_image(content, media_type) is expected
