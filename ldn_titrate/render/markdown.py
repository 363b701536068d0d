"""A Markdown table a clinician can paste into a note."""

from __future__ import annotations

from ldn_titrate.core import nightly
from ldn_titrate.core.dosetext import format_date, formulation_text
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.render import RenderOptions, describe, measure
from ldn_titrate.render.change_words import history_lines
from ldn_titrate.render.regimen import goal_text, nights_text
from ldn_titrate.render.regimen_words import preset_label


def escape(text: str) -> str:
    """Make user or file text inert in Markdown: no markup, no HTML, no table breaks."""
    out = []
    for char in text:
        if char in "\\`*_[]#|<>&~":
            out.append("\\" + char)
        elif char in "\r\n":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def render(schedule: Schedule, options: RenderOptions) -> str:
    lines = [
        "## LDN titration plan",
        "",
        f"- {describe.regimen_label(schedule)}: {describe.regimen(schedule)}",
        f"- Nights: {describe.span(schedule)}",
        f"- {describe.ending(schedule)}",
    ]
    if (goal := goal_text(schedule)) is not None:
        lines.append(f"- Goal: {goal}")
    form = formulation_text(schedule.formulation)
    if form:
        lines.append(f"- Formulation: {form}")
    lines.append(f"- Preset: {escape(preset_label(schedule.inputs))}")
    lines += [
        f"- Policy: {escape(schedule.policy.source)}; plan id {schedule.id}, "
        f"revision {schedule.revision}",
        "",
    ]
    formulation = schedule.formulation
    notes = [
        describe.step_notes(step, terms)
        for step, terms in zip(schedule.steps, nightly.terms(schedule.steps), strict=True)
    ]
    # Only adjusted plans have notes; a plan never adjusted keeps its familiar columns.
    each = measure.period(schedule.steps)
    take = (f" Take each {each} |", " --- |") if formulation is not None else ("", "")
    note = (" Notes |", " --- |") if any(notes) else ("", "")
    also = describe.also_text(schedule)  # --also: a column for the added daily doses
    if also is not None:
        take = (take[0] + " Also each day |", take[1] + " --- |")
    lines += [
        "**Safety screen**",
        "",
        *[f"- {escape(line)}" for line in describe.screen_lines(schedule)],
        "",
        f"| Step | Phase | First night | Last night | Nights | {measure.dose_heading(schedule)} |"
        + take[0]
        + note[0],
        "| ---: | --- | --- | --- | ---: | ---: |" + take[1] + note[1],
    ]
    for step, step_notes in zip(schedule.steps, notes, strict=True):
        extra = f" {describe.take_text(step, formulation)} |" if formulation is not None else ""
        if also is not None:
            extra += " – |" if step.phase is Phase.PAUSED else f" {escape(also)} |"
        row = (
            f"| {step.number} | {describe.phase_name(step)} | {format_date(step.start)} | "
            f"{format_date(step.end)} | {nights_text(schedule, step)} | "
            f"{describe.dose_text(step)} |" + extra
        )
        if any(notes):
            row += f" {escape('; '.join(step_notes))} |"
        lines.append(row)
    rows = describe.dispensing_rows(schedule)
    if rows:
        lines += ["", "**Dispensing**", "", "| Fill | Nights | Dispense |", "| --- | --- | --- |"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    if schedule.history:
        lines += ["", "**History**", ""]
        lines += [f"- {escape(line)}" for line in history_lines(schedule)]
    if schedule.warnings:
        lines += ["", "**Warnings**", ""]
        lines += [f"- {escape(warning)}" for warning in schedule.warnings]
    return "\n".join(lines) + "\n"
