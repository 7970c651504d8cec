"""The PDF portfolio, checked as a reader sees it: pages rendered with poppler's pdftoppm,
text extracted with pdftotext (poppler-utils; scripts/test installs it when missing)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from bot.domain.periods import Period
from bot.services.export_pdf import portfolio_pdf
from bot.services.pdf_fonts import PLACEHOLDER, bundled_fonts
from tests.unit.export.portfolios import HOSTILE_TITLES, portfolio, words_in

if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
    if "CI" in os.environ:
        pytest.fail("poppler-utils (pdftoppm, pdftotext) is required under CI", pytrace=False)
    pytest.skip("poppler-utils is not installed", allow_module_level=True)

_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _comparable(text: str) -> str:
    """Extracted text and source text compare after NFKC (Arabic presentation forms),
    without bidi marks, joiners, variation selectors and whitespace."""
    text = unicodedata.normalize("NFKC", _BIDI_MARKS.sub("", text))
    return re.sub(r"[\s\u200d\ufe0f]+", "", text)


def _render(tmp_path: Path, content: bytes) -> tuple[str, list[Path]]:
    pdf = tmp_path / "portfolio.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "30", "-png", pdf, tmp_path / "page"], check=True)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True, text=True
    ).stdout
    return text, sorted(tmp_path.glob("page-*.png"))


def _page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", content))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            [
                "PORTFOLIO PROFESSIONELE ONTWIKKELING",
                "Uren per schooljaar",
                "Ontwikkeldoelen",
                "Activiteiten",
                "Terugblik:",
                "Bewijs:",
                "2025-2026",
                "streefdatum 1 jun 2026",
            ],
        ),
        (
            "en",
            [
                "PROFESSIONAL DEVELOPMENT PORTFOLIO",
                "Hours per school year",
                "Development goals",
                "Activities",
                "Looking back:",
                "Evidence:",
                "2025-2026",
                "target date 1 Jun 2026",
            ],
        ),
    ],
)
def test_the_pdf_has_the_key_content_in_the_members_language(
    tmp_path: Path, language: str, expected: list[str]
) -> None:
    folio = portfolio(language, titles=HOSTILE_TITLES, count=40)
    content = portfolio_pdf(folio, words_in(language))
    text, pages = _render(tmp_path, content)
    assert len(pages) == _page_count(content) >= 4
    for page in pages:  # every page has ink on it
        with Image.open(page) as image:
            assert image.convert("L").getextrema()[0] < 128
    for phrase in [*expected, "Anna de Vries-Ürgüp"]:
        assert phrase in text, phrase
    flat = _comparable(text)
    for title in HOSTILE_TITLES:
        # Right-to-left runs come out in visual order: each word is there, unbroken.
        for word in re.findall(r"\w+", title):
            assert _comparable(word) in flat, (title, word)


def test_hostile_titles_are_all_drawable_by_the_bundled_fonts() -> None:
    """No character of the hostile titles would become a placeholder box."""
    covered = bundled_fonts().coverage
    for title in HOSTILE_TITLES:
        missing = [ch for ch in title if ord(ch) not in covered and ch not in "\u200d\ufe0f"]
        assert missing == [], title
    assert ord("😀") in covered and ord("ë") in covered and ord("ש") in covered


def test_a_character_no_font_has_becomes_a_visible_placeholder(tmp_path: Path) -> None:
    folio = portfolio("nl", titles=["Kanji 漢字 in de titel"])
    text, _ = _render(tmp_path, portfolio_pdf(folio, words_in("nl")))
    assert f"Kanji {PLACEHOLDER}{PLACEHOLDER} in de titel" in text


def test_the_period_is_on_the_cover_and_an_empty_portfolio_still_renders(tmp_path: Path) -> None:
    from datetime import date

    folio = portfolio("nl", period=Period(date(2025, 8, 1), date(2026, 7, 31)))
    empty = type(folio)(folio.member, folio.identities, [], [], folio.period)
    text, pages = _render(tmp_path, portfolio_pdf(empty, words_in("nl")))
    assert "Periode: 1 aug 2025 – 31 jul 2026" in text
    assert "Nog geen activiteiten in deze periode." in text
    assert len(pages) == 2
