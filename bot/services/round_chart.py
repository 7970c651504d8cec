"""The bar chart of a review round's ratings (matplotlib, Agg: no display needed).

Slow-ish (tens of milliseconds, more on the first call): callers run it off the event
loop — the scheduler job through a thread, a moderator's /reviewround close in the
store's unit of work, which is itself off the loop."""

from __future__ import annotations

import io
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.catalogue import Distribution

_LOCK = threading.Lock()  # pyplot's state is global; one figure at a time


def distribution_png(distribution: Distribution, title: str, axis_label: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with _LOCK:
        figure = Figure(figsize=(5, 3), dpi=100)
        axes = figure.subplots()
        stars = [f"{n} ★" for n in range(1, 6)]
        bars = axes.bar(stars, distribution.counts, color="#3a7ca5")
        axes.bar_label(bars)
        axes.set_title(title[:60])
        axes.set_ylabel(axis_label)
        axes.set_ylim(0, max(1, *distribution.counts) * 1.2)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
