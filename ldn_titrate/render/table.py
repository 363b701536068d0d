"""The terminal table: what a clinician reads before handing anything over."""

from __future__ import annotations

import collections

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ldn_titrate.core import nightly
from ldn_titrate.core.dosetext import format_date, format_mg, formulation_text
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.core.nightly import NO_TERMS
from ldn_titrate.render import RenderOptions, describe, measure
from ldn_titrate.render.change_words import history_lines
from ldn_titrate.render.regimen import goal_text, nights_text
from ldn_titrate.render.regimen_words import preset_label
from ldn_titrate.render.terminal import GLUE, glued, to_text
from ldn_titrate.render.warning_words import condition_clause


def render(schedule: Schedule, options: RenderOptions) -> str:
    return to_text([build(schedule, options.width)], options.width, options.color)


def fits(table: Table, width: int) -> bool:
    """Whether the table prints at ``width`` with every letter of every cell: squeezed, rich
    wraps a cell between words, but crops or ends with "…" what still does not fit (a dose's
    "of" was lost at 80 columns). Counted, not guessed: the letters printed against the cells'.
    """
    wanted: collections.Counter[str] = collections.Counter()
    for column in table.columns:
        for cell in [column.header, *column.cells]:
            wanted.update(char for char in str(cell) if not char.isspace() and char != GLUE)
    printed = to_text([table], width).replace("━", "")
    return collections.Counter(char for char in printed if not char.isspace()) == wanted


def stacked(schedule: Schedule, notes: list[list[str]]) -> list[Text]:
    """The steps as lines, one paragraph a step, for a terminal too narrow for the columns:
    wrapped between words (a number never from its unit), so no letter is lost."""
    formulation = schedule.formulation
    period = measure.period(schedule.steps)
    also = describe.also_text(schedule, amounts=False)
    out = []
    for step, step_notes in zip(schedule.steps, notes, strict=True):
        line = (
            f"Step {step.number}: {describe.dose_text(step)}"
            f"{' *' if step.provisional else ''}, {format_date(step.start)} to "
            f"{format_date(step.end)}, {step.nights} nights, {describe.phase_name(step)}"
        )
        if formulation is not None:
            line += f"; take each {period}: {describe.take_text(step, formulation)}"
        if also is not None and step.phase is not Phase.PAUSED:
            line += f"; also each day: {also}"
        line += f" (see {step.number} below)" if step_notes else ""
        out.append(glued(line, style="dim" if step.phase is Phase.PAUSED else ""))
    return out


def build(schedule: Schedule, width: int | None = None) -> Group:
    header = Text("LDN titration plan\n", style="bold")
    header.append(glued(f"{describe.regimen_label(schedule)}: {describe.regimen(schedule)}\n"))
    header.append(glued(f"Nights: {describe.span(schedule)}\n"))
    if (goal := goal_text(schedule)) is not None:
        header.append(glued(f"Goal: {goal}\n"))
    form = formulation_text(schedule.formulation)
    if form:
        header.append(glued(f"Formulation: {form}\n"))
    header.append(glued(f"Preset: {preset_label(schedule.inputs)}") + "   ")
    header.append(f"Policy: {schedule.policy.source}   Plan id: {schedule.id}")
    if schedule.revision > 1:
        header.append(f" (revision {schedule.revision})")
    header.append("\nSafety screen", style="bold")
    for line in describe.screen_lines(schedule):
        style = "bold" if "Warning:" in line else ""
        header.append("\n")
        header.append(glued(f"  {line}", style=style))

    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    # The dose comes first after the step number: on a narrow terminal the columns on the right
    # are the ones squeezed, and the dose must never be the one that disappears.
    table.add_column("Step", justify="right", min_width=4)
    table.add_column(measure.dose_heading(schedule), justify="right", style="bold", min_width=8)
    # A date or a phase on two lines reads as two things: these never wrap (the table gives way
    # to paragraphs instead, below).
    table.add_column("First night", min_width=10, no_wrap=True)
    table.add_column("Last night", min_width=10, no_wrap=True)
    table.add_column("Nights", justify="right", min_width=6)
    table.add_column("Phase", min_width=7, no_wrap=True)
    formulation = schedule.formulation
    if formulation is not None:
        table.add_column(f"Take each {measure.period(schedule.steps)}", min_width=12)
    also = describe.also_text(schedule, amounts=False)  # --also: the added daily doses
    if also is not None:
        table.add_column("Also each day", min_width=12)
    # Notes (dose time, a retried dose, the restart warning) are sentences: in a column they
    # would be squeezed to a few letters a line on an ordinary terminal, so the table marks the
    # step and the sentences follow it in full.
    terms = nightly.terms(schedule.steps)
    notes = [
        describe.step_notes(step, NO_TERMS if own.condition else own)
        for step, own in zip(schedule.steps, terms, strict=True)
    ]  # a conditional dose has its own mark (*) and footnote
    if any(notes):
        table.add_column("Note", justify="right", min_width=4, no_wrap=True)
    for step, step_notes in zip(schedule.steps, notes, strict=True):
        cells: list[str | Text] = [
            str(step.number),
            glued(describe.dose_text(step) + (" *" if step.provisional else "")),
            format_date(step.start),
            format_date(step.end),
            nights_text(schedule, step),
            describe.phase_name(step),
        ]
        if formulation is not None:
            cells.append(glued(describe.take_text(step, formulation)))
        if also is not None:
            cells.append("–" if step.phase is Phase.PAUSED else glued(also))
        if any(notes):
            cells.append(f"({step.number})" if step_notes else "")
        table.add_row(*cells, style="dim" if step.phase is Phase.PAUSED else None)
    closing = f"{describe.ending(schedule)}"
    if schedule.discontinued_on is None:
        closing += " (the day after the last night)"
    # Too narrow for the columns to keep every letter: a paragraph a step, wrapped between words.
    steps: list[Text | Table] = [table]
    if width is not None and not fits(table, width):
        steps = list(stacked(schedule, notes))
    parts: list[Text | Table | Panel] = [Panel(header, box=box.ROUNDED, expand=False), *steps]
    for step, step_notes in zip(schedule.steps, notes, strict=True):
        if step_notes:
            text = "; ".join(note[0].lower() + note[1:] for note in step_notes)
            parts.append(
                glued(f"({step.number}) {format_date(step.start)}: {text[0].upper()}{text[1:]}.")
            )
    for condition in dict.fromkeys(own.condition for own in terms if own.condition):
        when = f"{format_mg(condition.dose_mg)} from {format_date(condition.first_night)}"
        parts.append(glued(f"* {when}: take it {condition_clause(condition)}."))
    if schedule.also:
        parts.append(
            glued(f"Also every day, besides the nightly dose: {describe.also_text(schedule)}.")
        )
    parts.append(Text(f"{closing}.", style="bold"))
    rows = describe.dispensing_rows(schedule)
    if rows:
        dispense = Table(title="Dispensing", title_justify="left", box=box.SIMPLE, show_edge=False)
        for name in describe.DISPENSING_HEADERS:
            dispense.add_column(name)
        for row in rows:
            dispense.add_row(*(glued(cell) for cell in row))
        if width is None or fits(dispense, width):
            parts.append(dispense)
        else:  # each row as a paragraph, every cell named by its heading
            parts.append(Text("Dispensing", style="italic"))
            named = [zip(describe.DISPENSING_HEADERS, row, strict=True) for row in rows]
            parts += [glued("; ".join(f"{h}: {c}" for h, c in row)) for row in named]
    if schedule.history:
        history = "\n".join(history_lines(schedule))
        parts.append(Panel(glued(history), title="History", title_align="left", box=box.ROUNDED))
    if schedule.warnings:
        parts.append(
            Panel(
                glued("\n".join(f"! {w}" for w in schedule.warnings)),
                title="Warnings",
                title_align="left",
                border_style="yellow",
                box=box.ROUNDED,
            )
        )
    return Group(*parts)
