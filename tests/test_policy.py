"""Clinic policy files: loaded strictly, merged onto the built-in policy, found in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from ldn_titrate.core.errors import InputError
from ldn_titrate.rules.policy import BUILT_IN, built_in
from ldn_titrate.rules.policy_file import POLICY_ENV, load_file, locate, resolve

EXAMPLE = Path(__file__).parent / "policies" / "example-clinic.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_built_in_matches_the_published_bounds() -> None:
    policy = built_in().policy
    b = policy.bounds
    assert (
        str(b.start_dose.min_mg),
        str(b.start_dose.max_mg),
        str(b.start_dose.warn_above_mg),
    ) == ("0.1", "3", "1.5")
    assert (str(b.step.min_mg), str(b.step.max_mg)) == ("0.1", "1.5")
    assert (b.interval.min_nights, b.interval.max_nights) == (3, 28)
    assert (str(b.ceiling.min_mg), str(b.ceiling.max_mg), str(b.ceiling.warn_above_mg)) == (
        "0.5",
        "6",
        "4.5",
    )
    assert (b.maintain.min_nights, b.maintain.max_nights) == (7, 182)
    assert str(policy.resolution_mg) == "0.025"
    assert policy.max_steps == 24
    assert list(policy.presets) == [
        "standard",
        "three-step",
        "weekly",
        "gentle",
        "autoimmune",
        "three-step-weekly",
        "ladder",
    ]
    assert policy.default_preset == "standard"


def test_built_in_is_valid_as_constructed() -> None:
    # The built-in policy is constructed without validation for start-up speed; validating the
    # same data must give the very same policy (and so the same sha256).
    from ldn_titrate.rules.builtin_policy import BUILT_IN_POLICY
    from ldn_titrate.rules.policy import LoadedPolicy, Policy

    validated = Policy.model_validate(BUILT_IN_POLICY)
    assert validated == built_in().policy
    assert LoadedPolicy(validated, BUILT_IN).sha256 == built_in().sha256
    assert LoadedPolicy(validated, BUILT_IN).sha256 == LoadedPolicy(validated, "x").sha256


def test_example_policy_is_valid_and_overrides_the_built_in() -> None:
    loaded = load_file(EXAMPLE)
    assert loaded.source == str(EXAMPLE)
    assert str(loaded.policy.bounds.ceiling.max_mg) == "4.5"
    assert list(loaded.policy.presets) == ["standard", "gentle", "ladder", "two-phase"]
    assert loaded.sha256 != built_in().sha256


def test_partial_file_keeps_the_rest_of_the_built_in(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "[bounds.ceiling]\nmax_mg = 5\n"))
    assert str(loaded.policy.bounds.ceiling.max_mg) == "5"
    assert str(loaded.policy.bounds.ceiling.min_mg) == "0.5"
    assert "gentle" in loaded.policy.presets


def test_unknown_keys_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, "resolutoin_mg = 0.05\n[bounds.ceiling]\nmaximum = 5\n")
    with pytest.raises(InputError) as caught:
        load_file(path)
    text = str(caught.value)
    assert f"policy file {path}: resolutoin_mg: unknown key" in text
    assert "bounds.ceiling.maximum: unknown key" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x = [", "is not valid TOML"),
        ("[bounds.ceiling]\nmin_mg = 5\nmax_mg = 4\n", "min_mg (5) is above max_mg (4)"),
        ('default_preset = "nope"\n', "default_preset 'nope' is not among the presets"),
        ("resolution_mg = 0\n", "resolution_mg"),
        (
            'default_preset = "big"\n[presets.big]\ndescription = "d"\nsource = "s"\n'
            "start_dose_mg = 9\nstep_mg = 1\ninterval_nights = 14\nceiling_mg = 4.5\n"
            "maintain_nights = 28\n",
            "presets.big.start_dose_mg 9 mg is above this policy's maximum of 3 mg",
        ),
    ],
)
def test_invalid_files(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(InputError, match="policy file") as caught:
        load_file(write(tmp_path, text))
    assert expected in str(caught.value)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_file(tmp_path / "absent.toml")
    with pytest.raises(InputError, match="cannot be read"):
        load_file(tmp_path)  # a folder


def test_locate_order(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    explicit, from_env = tmp_path / "a.toml", tmp_path / "b.toml"
    assert locate(None, {}, config) is None
    (config / "policy.toml").write_text("", encoding="utf-8")
    assert locate(None, {}, config) == config / "policy.toml"
    assert locate(None, {POLICY_ENV: str(from_env)}, config) == from_env
    assert locate(explicit, {POLICY_ENV: str(from_env)}, config) == explicit


def test_resolve_uses_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve(None, tmp_path).source == BUILT_IN
    monkeypatch.setenv(POLICY_ENV, str(EXAMPLE))
    assert resolve(None, tmp_path).source == str(EXAMPLE)


def test_adjust_limits_default_and_can_be_set(tmp_path: Path) -> None:
    """Living plans (issue 6): the built-in limits and a clinic's own."""
    built = built_in()
    limits = built.policy.adjust
    assert (limits.max_step_backs, limits.max_hold_nights) == (3, 28)
    same = load_file(
        write(tmp_path, 'name = "ldn-titrate built-in policy"\n[adjust]\nmax_hold_nights = 28\n')
    )
    assert same.sha256 == built.sha256  # the same content hashes the same, whatever its source
    stricter = load_file(write(tmp_path, "[adjust]\nmax_step_backs = 1\n"))
    assert stricter.policy.adjust.max_step_backs == 1
    assert stricter.policy.adjust.max_hold_nights == 28
    assert stricter.sha256 != built.sha256
    with pytest.raises(InputError, match=r"adjust\.max_holds: unknown key"):
        load_file(write(tmp_path, "[adjust]\nmax_holds = 2\n"))


def test_a_clinic_file_without_a_name_is_not_called_built_in(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "max_steps = 20\n"))
    assert loaded.policy.name == "policy file policy.toml"
