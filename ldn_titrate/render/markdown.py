"""A Markdown table a clinician can paste into a note."""

from __future__ import annotations

from ldn_titrate import describe
from ldn_titrate.dosetext import format_date
from ldn_titrate.model import Schedule
from ldn_titrate.render import RenderOptions


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
        f"- Regimen: {describe.regimen(schedule)}",
        f"- Nights: {describe.span(schedule)}",
        f"- {describe.review(schedule)}",
    ]
    form = describe.formulation_text(schedule.formulation)
    if form:
        lines.append(f"- Formulation: {form}")
    if schedule.inputs.preset:
        lines.append(f"- Preset: {escape(schedule.inputs.preset)}")
    lines += [
        f"- Policy: {escape(schedule.policy.source)}; plan id {schedule.id}, "
        f"revision {schedule.revision}",
        "",
    ]
    formulation = schedule.formulation
    take = (" Take each night |", " --- |") if formulation is not None else ("", "")
    lines += [
        "**Safety screen**",
        "",
        *[f"- {escape(line)}" for line in describe.screen_lines(schedule)],
        "",
        "| Step | Phase | First night | Last night | Nights | Nightly dose |" + take[0],
        "| ---: | --- | --- | --- | ---: | ---: |" + take[1],
    ]
    for step in schedule.steps:
        extra = f" {describe.take_text(step, formulation)} |" if formulation is not None else ""
        lines.append(
            f"| {step.number} | {describe.phase_name(step)} | {format_date(step.start)} | "
            f"{format_date(step.end)} | {step.nights} | {describe.dose_text(step)} |" + extra
        )
    rows = describe.dispensing_rows(schedule)
    if rows:
        lines += ["", "**Dispensing**", "", "| Fill | Nights | Dispense |", "| --- | --- | --- |"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    if schedule.warnings:
        lines += ["", "**Warnings**", ""]
        lines += [f"- {escape(warning)}" for warning in schedule.warnings]
    return "\n".join(lines) + "\n"
