"""The active policy and its presets as text for the terminal (`policy`, `presets`)."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.regimen import regimen_of
from ldn_titrate.render.terminal import glued, to_text
from ldn_titrate.rules.policy import LoadedPolicy
from ldn_titrate.rules.regimen_values import preset_values, request_of


def _distinct(texts: list[str]) -> str:
    """``1 mg`` when every rise agrees, else ``varies`` (the Doses column shows each)."""
    unique = set(texts)
    return texts[0] if len(unique) == 1 else "varies" if unique else "–"


def _presets(loaded: LoadedPolicy) -> Table:
    policy = loaded.policy
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False, title_justify="left")
    for name in ("Preset", "Start", "Step", "Every", "Ceiling", "Maintain", "Doses"):
        table.add_column(name, no_wrap=name != "Doses")
    for name, preset in policy.presets.items():
        regimen = regimen_of(request_of(preset_values(preset), date(2000, 1, 1), name, None))
        rungs = regimen.rungs()
        rises = [rung for rung in rungs if rung.every is not None]
        marker = " (default)" if name == policy.default_preset else ""
        table.add_row(
            Text(name + marker),  # the clinic's own words: never read as rich markup
            format_mg(regimen.start_mg),
            _distinct([format_mg(rise.step_mg) for rise in regimen.rises]),
            _distinct([rung.every.text() for rung in rises if rung.every is not None]),
            format_mg(regimen.ceiling_mg),
            f"{preset.maintain_nights} nights",
            glued(", ".join(format_mg(rung.dose_mg) for rung in rungs)),
        )
    return table


def presets_table(loaded: LoadedPolicy, width: int) -> str:
    lines: list[RenderableType] = [
        Text(f"Presets of {loaded.policy.name} (policy: {loaded.source})"),
        _presets(loaded),
    ]
    for name, preset in loaded.policy.presets.items():
        lines.append(glued(f"  {name}: {preset.description}. Source: {preset.source}"))
    return to_text(lines, width)


def policy_text(loaded: LoadedPolicy, width: int) -> str:
    policy = loaded.policy
    b = policy.bounds
    bounds = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for name in ("Bound", "Minimum", "Maximum", "Warn above"):
        bounds.add_column(name, no_wrap=True)

    def warn(value: object) -> str:
        return format_mg(value) if value is not None else "–"  # type: ignore[arg-type]

    bounds.add_row(
        "start dose",
        format_mg(b.start_dose.min_mg),
        format_mg(b.start_dose.max_mg),
        warn(b.start_dose.warn_above_mg),
    )
    bounds.add_row(
        "step", format_mg(b.step.min_mg), format_mg(b.step.max_mg), warn(b.step.warn_above_mg)
    )
    bounds.add_row(
        "interval", f"{b.interval.min_nights} nights", f"{b.interval.max_nights} nights", "–"
    )
    months = b.interval_months
    bounds.add_row("interval in months", f"{months.min_months}", f"{months.max_months}", "–")
    bounds.add_row(
        "ceiling",
        format_mg(b.ceiling.min_mg),
        format_mg(b.ceiling.max_mg),
        warn(b.ceiling.warn_above_mg),
    )
    bounds.add_row(
        "maintenance", f"{b.maintain.min_nights} nights", f"{b.maintain.max_nights} nights", "–"
    )
    days = b.start_date.warn_days_from_today
    bounds.add_row(
        "start date",
        str(b.start_date.earliest),
        str(b.start_date.latest),
        f"more than {days} days from today" if days is not None else "–",
    )
    header = (
        f"Policy: {policy.name}\nSource: {loaded.source}\nsha256: {loaded.sha256}\n"
        f"Dose resolution: {format_mg(policy.resolution_mg)}; at most {policy.max_steps} steps; "
        f"at most {policy.max_phases} phases; default preset: {policy.default_preset}\n"
        f"Doses a day: at most {policy.max_doses_per_day} (--also), adding up to at most "
        f"{format_mg(policy.max_daily_mg)}\n"
        f"Ongoing maintenance: review after {policy.ongoing.review_after_nights} nights, "
        f"reminders {policy.ongoing.grace_nights} nights past it\n"
        f"Adjusting a plan: at most {policy.adjust.max_step_backs} step-backs; holds of up to "
        f"{policy.adjust.max_hold_nights} nights; restart after a pause only when opioid-free "
        f"for {policy.safety.opioid_free_days} days\n"
        f"Files written: mode {policy.output.file_mode}, folders made: mode "
        f"{policy.output.folder_mode} (policy [output]; patient data: owner only by default)"
    )
    if loaded.catalogs is not None:
        header += f"\nClinic language catalogs (--language): {loaded.catalogs}"
    shown = policy.clinic.shown()  # only the keys that are set: never an empty label
    if shown:
        header += "\nClinic profile [clinic] (an option overrides it for one plan):"
        header += "".join(f"\n  {label}: {value}" for label, value in shown)
    # Text, not a markup string: the policy's name, its path and "[output]" print as written.
    return to_text([Text(header), bounds, "", _presets(loaded), "", *_gates(loaded)], width)


def _gates(loaded: LoadedPolicy) -> list[RenderableType]:
    """The gate rules (issue 26): what a check-in may lead them to propose, and why."""
    gates = loaded.policy.gates
    added = ", ".join(f"{r.name} ({r.better} is better)" for r in gates.ratings) or "none"
    head = Text(
        f"Gate rules (proposals for the prescriber, never actions); interval ranges: "
        f"{gates.interval_mode}-gated; ratings the policy adds: {added}. Fixed: a rash, an "
        "allergic reaction, a severe other side effect or opioid use proposes a review."
    )
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for name in ("Rule", "When", "Proposes", "Source"):
        table.add_column(name)
    for rule in gates.rules:
        when = ", ".join(f"{key} {value}" for key, value in rule.when if value is not None)
        table.add_row(Text(rule.name), Text(when), rule.propose, Text(rule.source or "–"))
    return [head, table]
