"""Charts of a member's hours (matplotlib, Agg: no display needed).

Drawn on a worker thread, after the transaction. The object-oriented API (Figure, not
pyplot) keeps no global state; the lock keeps matplotlib's caches single-threaded."""

from __future__ import annotations

import io
import threading
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from bot.domain.activities import CompetenceArea, LearningForm

if TYPE_CHECKING:
    from bot.domain.activities import Activity
    from bot.services.words import Words

_LOCK = threading.Lock()
FORM_COLOURS = {
    LearningForm.FORMAL: "#1f5f8b",
    LearningForm.NON_FORMAL: "#3a9ad9",
    LearningForm.INFORMAL: "#f0a33a",
}
_AREA_COLOUR = "#4b8b3b"


def _months(activities: list[Activity]) -> list[date]:
    first = min(a.date for a in activities).replace(day=1)
    last = max(a.date for a in activities).replace(day=1)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _png(figure: object) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png")  # type: ignore[attr-defined]
    return out.getvalue()


def _figure(width: float, height: float, dpi: int, left: float = 0.08) -> object:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)
    # Fixed margins: a layout engine would draw every chart twice to measure it.
    bottom = min(0.45, 0.5 / height)
    figure.subplots_adjust(left=left, right=0.97, top=1 - 0.35 / height, bottom=bottom)
    return figure


def hours_per_month_png(activities: list[Activity], words: Words, dpi: int = 110) -> bytes:
    """Stacked bars: hours per month, one colour per learning form."""
    with _LOCK:
        figure = _figure(7.5, 3.6, dpi)
        axes = figure.subplots()  # type: ignore[attr-defined]
        if activities:
            months = _months(activities)
            index = {month: n for n, month in enumerate(months)}
            per_form: dict[LearningForm, list[float]] = {
                form: [0.0] * len(months) for form in LearningForm
            }
            for a in activities:
                per_form[a.learning_form][index[a.date.replace(day=1)]] += a.minutes / 60
            labels = [
                words(f"portfolio.month.{m.month}") + f" '{m.year % 100:02d}" for m in months
            ]
            bottom = [0.0] * len(months)
            for form in LearningForm:
                axes.bar(
                    labels,
                    per_form[form],
                    bottom=bottom,
                    label=words(f"form.{form.value}"),
                    color=FORM_COLOURS[form],
                    width=0.7,
                )
                bottom = [b + h for b, h in zip(bottom, per_form[form], strict=True)]
            axes.legend(frameon=False, fontsize=8)
            axes.set_xlim(-0.6, max(len(months), 6) - 0.4)
            if len(months) > 12:
                axes.tick_params(axis="x", labelrotation=90, labelsize=6)
                figure.subplots_adjust(bottom=0.25)  # type: ignore[attr-defined]
            else:
                axes.tick_params(axis="x", labelsize=8)
        axes.set_title(words("portfolio.chart.per_month"), fontsize=11)
        axes.set_ylabel(words("portfolio.chart.hours"))
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)


def _horizontal(values: list[tuple[str, float, str]], title: str, words: Words, dpi: int) -> bytes:
    with _LOCK:
        figure = _figure(7.5, 0.9 + 0.38 * max(3, len(values)), dpi, left=0.3)
        axes = figure.subplots()  # type: ignore[attr-defined]
        labels = [label for label, _, _ in values]
        hours = [value for _, value, _ in values]
        bars = axes.barh(labels, hours, color=[colour for _, _, colour in values])
        sign = words("portfolio.decimal_sign")
        labels_ = [f"{h:.1f}".replace(".", sign) for h in hours]
        axes.bar_label(bars, labels=labels_, fontsize=8, padding=2)
        axes.invert_yaxis()
        axes.set_title(title, fontsize=11)
        axes.set_xlabel(words("portfolio.chart.hours"))
        axes.set_xlim(0, max([1.0, *hours]) * 1.15)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)


def hours_per_form_png(activities: list[Activity], words: Words, dpi: int = 110) -> bytes:
    totals = dict.fromkeys(LearningForm, 0.0)
    for a in activities:
        totals[a.learning_form] += a.minutes / 60
    values = [
        (words(f"form.{form.value}"), totals[form], FORM_COLOURS[form]) for form in LearningForm
    ]
    return _horizontal(values, words("portfolio.chart.per_form"), words, dpi)


def hours_per_area_png(activities: list[Activity], words: Words, dpi: int = 110) -> bytes:
    """An activity serving two areas counts fully for each; without an area: "none"."""
    totals: dict[str, float] = defaultdict(float)
    for a in activities:
        for area in a.competence_areas or (None,):
            totals[area.value if area else "none"] += a.minutes / 60
    order = [area.value for area in CompetenceArea] + ["none"]
    values = [
        (
            words(f"area.{key}") if key != "none" else words("portfolio.no_area"),
            totals[key],
            _AREA_COLOUR,
        )
        for key in order
        if totals.get(key)
    ]
    return _horizontal(values, words("portfolio.chart.per_area"), words, dpi)
