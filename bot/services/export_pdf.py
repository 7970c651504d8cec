"""The portfolio as a PDF a teacher can take into an appraisal conversation (fpdf2; the
fonts and what each text needs: bot.services.pdf_fonts).

Pure and synchronous: called on a worker thread with a snapshot (bot.services.export)."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING

from bot.domain.activities import CompetenceArea, LearningForm
from bot.domain.periods import school_year_of
from bot.services import charts
from bot.services.export import reflections_of
from bot.services.pdf_fonts import Fonts, bundled_fonts, clean, needs_emoji, needs_shaping
from bot.services.words import hours_text

if TYPE_CHECKING:
    from datetime import date

    from fpdf import FPDF

    from bot.domain.activities import Activity
    from bot.domain.goals import Goal
    from bot.services.export import Portfolio
    from bot.services.words import Words

log = logging.getLogger(__name__)

FONT = "dejavu"
ACCENT = (31, 95, 139)
GREY = (95, 95, 95)


def _date(day: date, words: Words) -> str:
    return f"{day.day} {words(f'portfolio.month.{day.month}')} {day.year}"


def _document(fonts: Fonts, words: Words, emoji: bool) -> FPDF:
    from fpdf import FPDF

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, size=8)
            self.set_text_color(*GREY)
            self.cell(0, 6, words("portfolio.page", n=self.page_no()), align="C")

    pdf = _Pdf(format="A4")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.add_font(FONT, "", str(fonts.regular))
    pdf.add_font(FONT, "B", str(fonts.bold))
    pdf.add_font(FONT, "I", str(fonts.italic))
    if emoji and fonts.emoji is not None:
        pdf.add_font("emoji", "", str(fonts.emoji))
        pdf.set_fallback_fonts(["emoji"], exact_match=False)
    pdf.set_title(words("portfolio.title"))
    pdf.set_creator("portfoliobot")
    return pdf


class _Writer:
    def __init__(self, portfolio: Portfolio, words: Words, fonts: Fonts) -> None:
        self.p = portfolio
        self.w = words
        self.fonts = fonts
        texts = [
            *(a.title for a in portfolio.activities),
            *(r for a in portfolio.activities for r, _ in reflections_of(a)),
            *(a.evidence or "" for a in portfolio.activities),
            *(g.title for g in portfolio.goals),
            *(g.closing_reflection or "" for g in portfolio.goals),
            portfolio.member.display_name,
        ]
        self.pdf = _document(fonts, words, needs_emoji(texts, fonts))
        self._shaping = False

    def shaping(self, text: str) -> None:
        wanted = needs_shaping(text)
        if wanted != self._shaping:
            try:
                self.pdf.set_text_shaping(wanted)
            except Exception:  # pragma: no cover - uharfbuzz is declared
                log.warning("uharfbuzz is missing: right-to-left text is not shaped")
                return
            self._shaping = wanted

    def text(
        self,
        size: float,
        text: str,
        style: str = "",
        colour: tuple[int, int, int] = (0, 0, 0),
        height: float | None = None,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*colour)
        self.shaping(text)
        pdf.multi_cell(
            0,
            height or size * 0.5,
            clean(text, self.fonts),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def line(self, size: float, text: str, colour: tuple[int, int, int], height: float) -> None:
        """One line of text that fits: no line breaking needed (much faster)."""
        pdf = self.pdf
        pdf.set_font(FONT, "", size)
        text = clean(text, self.fonts)
        if needs_shaping(text) or pdf.get_string_width(text) > pdf.epw:
            self.text(size, text, colour=colour, height=height)
            return
        pdf.set_text_color(*colour)
        pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        if self.pdf.get_y() > self.pdf.h - 50:
            self.pdf.add_page()
        self.pdf.ln(3)
        self.text(15, text, "B", ACCENT, height=9)
        self.pdf.set_draw_color(*ACCENT)
        y = self.pdf.get_y()
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(2)

    def cover(self) -> None:
        p, w, pdf = self.p, self.w, self.pdf
        pdf.add_page()
        pdf.ln(45)
        self.text(12, w("portfolio.title").upper(), "B", ACCENT, height=7)
        pdf.ln(4)
        self.text(26, p.member.display_name or "—", "B", height=13)
        pdf.ln(4)
        if p.period is not None:
            period = w(
                "portfolio.period",
                start=_date(p.period.start, w),
                end=_date(p.period.end, w),
            )
        else:
            period = w("portfolio.period_all")
        self.text(13, period, colour=GREY, height=7)
        pdf.ln(14)
        minutes = sum(a.minutes for a in p.activities)
        summary = w(
            "portfolio.summary",
            activities=len(p.activities),
            hours=hours_text(minutes, p.member.language == "nl"),
            goals=len(p.goals),
        )
        self.text(12, summary, height=7)

    def school_years(self) -> None:
        w = self.w
        self.heading(w("portfolio.section.years"))
        per_year: dict[date, dict[LearningForm, int]] = defaultdict(
            lambda: dict.fromkeys(LearningForm, 0)
        )
        for a in self.p.activities:
            per_year[school_year_of(a.date).start][a.learning_form] += a.minutes
        dutch = self.p.member.language == "nl"
        if not per_year:
            self.text(10, w("portfolio.nothing"), "I", GREY)
            return
        pdf = self.pdf
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(0, 0, 0)
        with pdf.table(
            col_widths=(30, 20, 20, 20, 20),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        ) as table:
            header = table.row()
            header.cell(w("portfolio.school_year"))
            for form in LearningForm:
                header.cell(w(f"form.{form.value}"))
            header.cell(w("portfolio.total"))
            for start in sorted(per_year):
                row = table.row()
                row.cell(f"{start.year}-{start.year + 1}")
                for form in LearningForm:
                    row.cell(hours_text(per_year[start][form], dutch))
                row.cell(hours_text(sum(per_year[start].values()), dutch))

    def charts(self) -> None:
        acts = self.p.activities
        if not acts:
            return
        self.heading(self.w("portfolio.section.charts"))
        pdf = self.pdf
        for png in (
            charts.hours_per_month_png(acts, self.w),
            charts.hours_per_form_png(acts, self.w),
            charts.hours_per_area_png(acts, self.w),
        ):
            import io

            from PIL import Image

            width, height = Image.open(io.BytesIO(png)).size
            shown = pdf.epw * 0.95
            if pdf.get_y() + shown * height / width > pdf.h - 18:
                pdf.add_page()
            pdf.image(io.BytesIO(png), w=shown)
            pdf.ln(3)

    def goals(self) -> None:
        w = self.w
        self.heading(w("portfolio.section.goals"))
        if not self.p.goals:
            self.text(10, w("portfolio.no_goals"), "I", GREY)
        for goal in self.p.goals:
            self.goal(goal)

    def goal(self, goal: Goal) -> None:
        w, dutch = self.w, self.p.member.language == "nl"
        linked = self.p.activities_of(goal.number)
        self.pdf.ln(2)
        self.text(11.5, f"#{goal.number}  {goal.title}", "B", height=6)
        facts = [w(f"goal_status.{goal.status.value}")]
        if goal.target_date is not None:
            facts.append(w("portfolio.target", date=_date(goal.target_date, w)))
        facts.append(
            w(
                "portfolio.linked",
                n=len(linked),
                hours=hours_text(sum(a.minutes for a in linked), dutch),
            )
        )
        self.line(9, " · ".join(facts), GREY, 4.5)
        for a in linked:
            self.text(9, f"  • {_date(a.date, w)} — {self._title(a)}")
        if goal.closing_reflection:
            self.text(9, w("portfolio.closing") + " " + goal.closing_reflection, "I")

    def _title(self, a: Activity) -> str:
        return a.title or self.w(f"kind.{a.kind.value}")

    def activities(self) -> None:
        w = self.w
        self.heading(w("portfolio.section.activities"))
        if not self.p.activities:
            self.text(10, w("portfolio.nothing"), "I", GREY)
        groups: dict[tuple[LearningForm, str], list[Activity]] = defaultdict(list)
        for a in self.p.activities:
            area = a.competence_areas[0].value if a.competence_areas else "none"
            groups[(a.learning_form, area)].append(a)
        order = [area.value for area in CompetenceArea] + ["none"]
        for form in LearningForm:
            keys = [(form, area) for area in order if (form, area) in groups]
            if not keys:
                continue
            if self.pdf.get_y() > self.pdf.h - 50:
                self.pdf.add_page()
            self.pdf.ln(2)
            self.text(13, w(f"form.{form.value}").capitalize(), "B", ACCENT, height=7)
            for key in keys:
                if self.pdf.get_y() > self.pdf.h - 40:
                    self.pdf.add_page()
                area_name = w(f"area.{key[1]}") if key[1] != "none" else w("portfolio.no_area")
                self.text(10.5, area_name.capitalize(), "B", GREY, height=6)
                for a in groups[key]:
                    self.activity(a)

    def activity(self, a: Activity) -> None:
        w, pdf = self.w, self.pdf
        dutch = self.p.member.language == "nl"
        if pdf.get_y() > pdf.h - 35:
            pdf.add_page()
        pdf.ln(1.5)
        self.text(10, f"#{a.number}  {self._title(a)}", "B", height=5)
        facts = [
            _date(a.date, w),
            w("portfolio.hours", hours=hours_text(a.minutes, dutch)),
            w(f"kind.{a.kind.value}"),
        ]
        if len(a.competence_areas) > 1:
            facts.append(", ".join(w(f"area.{area.value}") for area in a.competence_areas))
        self.line(8.5, " · ".join(facts), GREY, 4.5)
        for reflection, when in reflections_of(a):
            dated = f"{_date(when.date(), w)}: {reflection}" if when else reflection
            self.text(9, dated, "I", height=4.6)
        if a.evidence:
            pdf.set_font(FONT, "", 8.5)
            pdf.set_text_color(*ACCENT)
            link = a.evidence if a.evidence.startswith(("http://", "https://")) else ""
            self.shaping(a.evidence)
            pdf.multi_cell(
                0,
                4.5,
                clean(w("portfolio.evidence") + " " + a.evidence, self.fonts),
                link=link,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )

    def render(self) -> bytes:
        try:
            self.cover()
            self.pdf.add_page()
            self.school_years()
            self.charts()
            self.goals()
            self.activities()
            return bytes(self.pdf.output())
        finally:
            # fpdf2 reads fonts lazily and leaves the files open until collected.
            for font in self.pdf.fonts.values():
                ttfont = getattr(font, "ttfont", None)
                if ttfont is not None:
                    ttfont.close()


def portfolio_pdf(portfolio: Portfolio, words: Words) -> bytes:
    return _Writer(portfolio, words, bundled_fonts()).render()
