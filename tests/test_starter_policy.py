"""One set of defaults: the starter policy (`policy init`, examples/clinic-policy.toml) holds
exactly the built-in values, key by key, with the clinic profile's keys commented out."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from ldn_titrate.core.trusted import plain
from ldn_titrate.rules.clinic_profile import ClinicProfile
from ldn_titrate.rules.policy import Policy, built_in
from tests.conftest import Cli

STARTER = Path(__file__).parent.parent / "examples" / "clinic-policy.toml"


def flat(data: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted keys to leaf values; numbers compared as numbers (1 == 1.0 == Decimal("1"))."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flat(value, f"{prefix}{key}."))
        return out
    if isinstance(data, list):
        return {prefix.rstrip("."): [flat(item) if isinstance(item, dict) else _num(item)
                                     for item in data]}  # fmt: skip
    return {prefix.rstrip("."): _num(data)}


def _num(value: Any) -> Any:
    try:
        return Decimal(str(value)).normalize() if not isinstance(value, bool) else value
    except ArithmeticError:
        return value


def test_the_starter_policy_is_the_built_in_policy_key_by_key(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "starter.toml"
    assert cli("policy", "init", str(target)).exit_code == 0
    raw = tomllib.loads(target.read_text(encoding="utf-8"), parse_float=Decimal)
    starter = flat(plain(Policy.model_validate(raw)))
    builtin = flat(plain(built_in().policy))
    assert set(starter) == set(builtin)
    differ = {key: (starter[key], builtin[key]) for key in builtin if starter[key] != builtin[key]}
    assert differ == {"name": (starter["name"], "ldn-titrate built-in policy")}
    # Every value is written in the file, not inherited from the built-in by the merge: a clinic
    # sees and edits each one. Unset keys (the profile, the catalog folder) are the exception.
    written = flat(raw)
    unset = {key for key, value in builtin.items() if value is None}
    assert set(builtin) - unset == set(written)
    optional = ("clinic.", "language.", "presets.", "bounds.step.warn_above_mg")
    assert all(key.startswith(optional) for key in unset), unset


def test_the_profile_keys_are_in_the_starter_commented_out() -> None:
    text = STARTER.read_text(encoding="utf-8")
    assert "\n# [clinic]\n" in text
    for key in ClinicProfile.model_fields:
        assert f"\n# {key} = " in text, key
    # Uncommented, they are a valid profile.
    profile = text[text.index("# [clinic]") :].replace("# ", "", 1)
    block = "\n".join(line.removeprefix("# ") for line in profile.splitlines())
    clinic = tomllib.loads(block)["clinic"]
    assert set(clinic) == set(ClinicProfile.model_fields)
    ClinicProfile.model_validate(clinic)


def test_the_long_acting_washout_is_the_labels_two_weeks() -> None:
    safety = built_in().policy.safety
    assert safety.opioid_class_days == {"long-acting": 14, "tramadol": 10}
    assert safety.opioid_free_days == 10


def test_a_clinic_running_the_starter_unedited_plans_ultra_low(cli: Cli) -> None:
    result = cli("plan", "--policy", str(STARTER), "--start-date", "2026-12-01", "--opioids",
                 "none", "--start-dose", "0.1", "--step", "0.1", "--interval", "3",
                 "--ceiling", "0.5", "--maintain", "7")  # fmt: skip
    assert result.exit_code == 0, result.output
