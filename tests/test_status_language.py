"""``status --language``: what the patient reads of tonight's answer comes from the catalog, in
the locale's number and date forms; what the clinician reads (the integrity banner, warnings,
errors, overrides) stays English, and the JSON keeps its keys and its language-free values."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ldn_titrate.core import jsonio
from ldn_titrate.core import language as languages
from ldn_titrate.core.model import DoseTime, Schedule
from ldn_titrate.plans.adjust.kinds.discontinue import Discontinue
from ldn_titrate.plans.adjust.kinds.dose_time import SetDoseTime
from ldn_titrate.plans.adjust.kinds.pause import Pause
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.plans.status import status
from ldn_titrate.plans.status_data import to_data
from tests.conftest import Cli
from tests.test_adjust import run, standard
from tests.test_calendar import DOSE_TEXT_ERRORS, _saved_plan_with_pause_and_liquid
from tests.test_calendar_language import PLANS, SPANISH_DATE, Bracketed, split_capsules
from tests.test_language import po

STATUS_PLANS: dict[str, Callable[[], Schedule]] = {
    **PLANS,
    "split": split_capsules,
    "paused": lambda: run(standard(), Pause(date(2027, 2, 10)), date(2027, 2, 1)),
    "stepped-back": lambda: run(standard(), StepBack(), date(2026, 12, 22)),
    "morning": lambda: run(standard(), SetDoseTime(DoseTime.MORNING, "08:00"), date(2026, 12, 18)),
    "stopped": lambda: run(standard(), Discontinue(), date(2027, 1, 20)),
}
PSEUDO = languages.Language("es-ES", Bracketed(), ",", languages.NO_BREAK_SPACE)


def nights(plan: Schedule) -> list[date]:
    """Every kind of night: before the start, each step's first and second night, the last
    planned night, the review day and after it (overdue), and a discontinued plan's end."""
    found = {plan.first_night - timedelta(days=1), plan.last_night, plan.review_date}
    found.add(plan.review_date + timedelta(days=5))
    for step in plan.steps:
        found |= {step.start, step.start + timedelta(days=1)}
    return sorted(found)


def patient_texts(plan: Schedule, language: languages.Language) -> list[str]:
    """The text and the JSON's person-readable values on every kind of night."""
    out = []
    for night in nights(plan):
        now = status(plan, night, language)
        data = to_data(plan, now, language)
        nxt = data["next"] or {}
        out += [now.text, data["note"] or "", data["measure"] or "", nxt.get("measure") or ""]
    return [text for text in out if text]


@pytest.mark.parametrize("name", sorted(STATUS_PLANS))
def test_no_english_word_is_left(name: str) -> None:
    """Each literal word comes back from the pseudo-catalog inside « »: a word outside them was
    never looked up (the dates are CLDR's Spanish, the units and LDN are never translated)."""
    for line in patient_texts(STATUS_PLANS[name](), PSEUDO):
        rest = re.sub(r"«[^«»]*»", "", SPANISH_DATE.sub("", line))
        rest = re.sub(r"(?<![A-Za-z])(LDN|mg|mL)(?![A-Za-z])|\d", "", rest)
        assert not re.search(r"[A-Za-z]", rest), (line, rest)


@pytest.mark.parametrize("name", sorted(STATUS_PLANS))
@pytest.mark.parametrize("tag", sorted({*languages.shipped()[1:], "es-ES", "es-US"}))
def test_every_shipped_language_keeps_the_dose_rules(name: str, tag: str) -> None:
    language = languages.resolve(tag)
    plan = STATUS_PLANS[name]()
    prose = "\n".join(patient_texts(plan, language))
    point = "," if language.decimal_comma else r"\."
    rules = [
        (rf"\d{point}\d*0 m[gL]\b", "trailing zero"),
        (rf"(?<![\d]){point}\d", "no leading zero"),
        *DOSE_TEXT_ERRORS[2:],
    ]
    for pattern, rule in rules:
        assert not re.search(pattern, prose), (rule, re.search(pattern, prose))
    other = "." if language.decimal_comma else ","
    assert not re.search(rf"\d{re.escape(other)}\d+ m[gL]\b", prose), "the other separator"
    assert SPANISH_DATE.search(prose)
    for english in ("tonight", "Next:", "Review", "Step ", "keep taking", " of "):
        assert english not in prose, english
    # Only the words change: the same state, step and doses on every night.
    for night in nights(plan):
        spoken = to_data(plan, status(plan, night, language), language)
        plain = to_data(plan, status(plan, night))
        for key in ("text", "note", "measure"):
            spoken.pop(key), plain.pop(key)
        for data in (spoken, plain):
            if isinstance(data["next"], dict):
                data["next"].pop("measure", None)
            for added in data["also"]:
                added.pop("measure")
        assert spoken == plain


@pytest.mark.parametrize(
    ("plan", "night", "text"),
    [
        ("standard", date(2026, 11, 30),
         "Antes de empezar: el plan empieza el martes, 1 de diciembre de 2026 con 1,5 mg"),
        ("standard", date(2026, 12, 15),
         "Paso 2 de 4, noche 1 de 14: 2,5 mg. Después: 3,5 mg desde el martes, 29 de diciembre "
         "de 2026"),
        ("standard", date(2027, 1, 12),
         "Paso 4 de 4 (mantenimiento), noche 1 de 28: 4,5 mg. Después: revisión el martes, 9 de "
         "febrero de 2027"),
        ("standard", date(2027, 3, 1),
         "Revisión con 20 días de retraso (era el martes, 9 de febrero de 2027): las noches del "
         "plan terminaron el lunes, 8 de febrero de 2027; siga tomando 4,5 mg salvo que le "
         "digan otra cosa, y llame a su médico"),
        ("morning", date(2026, 12, 18),
         "Paso 3 de 5, día 1 de 11: 2,5 mg por la mañana (08:00). Después: 3,5 mg por la mañana "
         "(08:00) desde el martes, 29 de diciembre de 2026"),
        ("stopped", date(2027, 1, 25),
         "Suspendida desde el miércoles, 20 de enero de 2027 (última noche: martes, 19 de enero "
         "de 2027): no tome LDN; revisión el miércoles, 20 de enero de 2027"),
    ],
)  # fmt: skip
def test_spanish_status_text(plan: str, night: date, text: str) -> None:
    assert status(STATUS_PLANS[plan](), night, languages.resolve("es-ES")).text == text


def saved(cli: Cli, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / "plan.json"
    return path, _saved_plan_with_pause_and_liquid(cli, path)


def test_status_in_spanish_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    path, _plan = saved(cli, tmp_path)
    english = cli("status", str(path), "--on", "2026-12-16")
    spanish = cli("status", str(path), "--on", "2026-12-16", "--language", "es-US")
    assert english.exit_code == spanish.exit_code == 0, spanish.output
    assert english.stdout.startswith("Step 2 of 5 (paused), night 2 of 3: no LDN tonight.")
    assert spanish.stdout == (
        "Paso 2 de 5 (en pausa), noche 2 de 3: esta noche no tome LDN. Después: 1.5 mL de "
        "1 mg/mL (1.5 mg) desde el viernes, 18 de diciembre de 2026\n"
    )
    # English is what it was without the option (and byte for byte with --language en).
    same = cli("status", str(path), "--on", "2026-12-16", "--language", "en")
    assert same.stdout == english.stdout
    as_json = cli("status", str(path), "--on", "2026-12-16", "-f", "json", "--language", "es-ES")
    plain = json.loads(cli("status", str(path), "--on", "2026-12-16", "-f", "json").stdout)
    data = json.loads(as_json.stdout)
    assert list(data) == list(plain)  # the same keys, in the same order
    assert data["next"]["measure"] == "1,5 mL"
    assert plain["next"]["measure"] == "1.5 mL"
    assert data["text"].startswith("Paso 2 de 5 (en pausa)")
    assert {k: v for k, v in data.items() if k not in ("text", "next")} == {
        k: v for k, v in plain.items() if k not in ("text", "next")
    }


def test_the_clinician_parts_stay_english(cli: Cli, tmp_path: Path) -> None:
    """A plan changed after it was saved: the banner and the warning are the clinician's."""
    path, plan = saved(cli, tmp_path)
    plan["screening"]["opioids"] = "stopped"  # no longer as ldn-titrate wrote it
    plan["screening"]["last_opioid_dose"] = "2026-11-01"
    path.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("status", str(path), "--on", "2026-12-03", "--language", "es")
    assert result.exit_code == 0, result.output
    assert "warning: NOT AS WRITTEN" in result.stderr
    assert result.stdout.startswith("!!!!")
    assert "!! NOT AS WRITTEN: changed after ldn-titrate wrote it" in result.stdout
    assert "Paso 1 de 5, noche 3 de 14: 1,5 mL de 1 mg/mL (1,5 mg)." in result.stdout


def test_a_bad_language_is_refused_with_every_other_problem(cli: Cli, tmp_path: Path) -> None:
    path, _plan = saved(cli, tmp_path)
    result = cli("status", str(path), "--on", "2026-13-01", "--language", "zu")
    assert result.exit_code == 2
    assert "--on '2026-13-01'" in result.stderr
    assert "--language zu: no catalog for this language; available: en, es" in result.stderr
    assert "Traceback" not in result.output


def clinic_policy(tmp_path: Path, folder: str = "catalogs") -> Path:
    """A policy file in its own folder naming a catalogs folder beside it (relative)."""
    home = tmp_path / "clinic"
    (home / folder).mkdir(parents=True)
    policy = home / "policy.toml"
    policy.write_text(f'name = "Clinic"\n\n[language]\ncatalogs = "{folder}"\n', encoding="utf-8")
    return policy


def test_a_clinic_catalog_from_the_policy_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """es_MX.po overrides its one message; the rest is the shipped Spanish; a clinic's French
    falls back to English; the folder is found from the policy file, wherever the command runs."""
    path, _plan = saved(cli, tmp_path)
    policy = clinic_policy(tmp_path)
    po(policy.parent / "catalogs" / "es_MX.po", "es_MX",
       {"no LDN tonight": "hoy en la noche no tome LDN"})  # fmt: skip
    po(policy.parent / "catalogs" / "fr_CA.po", "fr_CA", {"no LDN tonight": "pas de LDN ce soir"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    args = ("status", str(path), "--on", "2026-12-16", "--policy", str(policy), "--language")
    mexican = cli(*args, "es-MX")
    assert mexican.exit_code == 0, mexican.output
    assert mexican.stdout.startswith(
        "Paso 2 de 5 (en pausa), noche 2 de 3: hoy en la noche no tome LDN. Después: 1.5 mL"
    )
    french = cli(*args, "fr-CA")
    assert french.exit_code == 0, french.output
    assert french.stdout.startswith("Step 2 of 5 (paused), night 2 of 3: pas de LDN ce soir.")
    assert "vendredi 18 décembre 2026" in french.stdout  # French dates from CLDR
    # Without the policy the clinic's language is unknown, and what is available is said.
    refused = cli("status", str(path), "--language", "fr-CA")
    assert refused.exit_code == 2
    assert "no catalog for this language; available: en, es," in refused.stderr
    with_policy = cli("status", str(path), "--policy", str(policy), "--language", "pt")
    assert "available: en, es, es_MX, fr_CA," in with_policy.stderr


def test_status_in_english_reads_no_catalog(cli: Cli, tmp_path: Path) -> None:
    """English never looks in the clinic folder: a broken catalog there changes nothing."""
    path, _plan = saved(cli, tmp_path)
    policy = clinic_policy(tmp_path)
    (policy.parent / "catalogs" / "es.mo").write_bytes(b"not a catalog")
    plain = cli("status", str(path), "--on", "2026-12-16")
    result = cli("status", str(path), "--on", "2026-12-16", "--policy", str(policy))
    assert result.exit_code == 0, result.output
    assert result.stdout == plain.stdout
    broken = cli("status", str(path), "--policy", str(policy), "--language", "es")
    assert broken.exit_code == 2
    assert "not a readable gettext catalog" in broken.stderr


def test_status_json_keeps_its_values_in_json(tmp_path: Path) -> None:
    """A Spanish JSON is still JSON numbers and ISO dates, never locale text."""
    plan = STATUS_PLANS["liquid"]()
    data = jsonio.loads(
        jsonio.dumps(to_data(plan, status(plan, plan.first_night), languages.resolve("es-ES")))
    )
    assert data["date"] == plan.first_night.isoformat()
    assert data["dose_mg"] == plan.steps[0].dose_mg
    assert data["measure"] == "0,3 mL"
