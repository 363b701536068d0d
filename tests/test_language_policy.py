"""A clinic's own catalogs: the policy's ``[language] catalogs`` folder (checked like every other
policy value, relative to the policy file), read by every ``--language`` and by ``languages``;
and the one rule that tells a language tag from a catalog file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ldn_titrate.core import catalog_check
from ldn_titrate.core import language as languages
from ldn_titrate.core.errors import InputError
from ldn_titrate.rules.policy import built_in
from ldn_titrate.rules.policy_file import load_file
from tests.conftest import Cli
from tests.test_calendar import LONDON, make, parse
from tests.test_language import po

EXAMPLE = Path(__file__).parent.parent / "examples" / "clinic-policy.toml"


def policy_with(folder: Path, value: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "policy.toml"
    path.write_text(f'{extra}[language]\ncatalogs = "{value}"\n', encoding="utf-8")
    return path


def test_the_folder_is_relative_to_the_policy_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "clinic"
    (home / "catalogs").mkdir(parents=True)
    policy = policy_with(home, "catalogs", extra='name = "Clinic"\n')
    monkeypatch.chdir(tmp_path)  # not the policy's folder
    loaded = load_file(Path("clinic") / "policy.toml")
    assert loaded.catalogs is not None
    assert loaded.catalogs.resolve() == (home / "catalogs").resolve()
    assert load_file(policy_with(tmp_path / "abs", str(home / "catalogs"))).catalogs == (
        home / "catalogs"
    )
    assert built_in().catalogs is None
    # Where the translations are changes no dose: the plans record the same policy.
    plain = policy.parent / "plain.toml"
    plain.write_text('name = "Clinic"\n', encoding="utf-8")
    assert loaded.sha256 == load_file(plain).sha256


def test_a_missing_folder_or_a_file_is_refused_with_every_other_problem(
    cli: Cli, tmp_path: Path
) -> None:
    missing = policy_with(tmp_path / "a", "nowhere", extra="max_steps = 0\n")
    result = cli("policy", "check", str(missing))
    assert result.exit_code == 2
    assert f"policy file {missing}: max_steps: Input should be greater than or equal to 1" in (
        result.stderr
    )
    assert (
        f"policy file {missing}: language.catalogs: the folder {tmp_path / 'a' / 'nowhere'} "
        "does not exist"
    ) in result.stderr
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "es.po").write_text("", encoding="utf-8")
    a_file = policy_with(tmp_path / "b", "es.po", extra='default_preset = "nope"\n')
    result = cli("policy", "check", str(a_file))
    assert result.exit_code == 2
    assert "default_preset 'nope' is not among the presets" in result.stderr
    assert f"language.catalogs: {tmp_path / 'b' / 'es.po'} is not a folder" in result.stderr
    for bad, said in (('""', "language.catalogs: empty"), ("3", "valid string"),
                      ('"x"\nfolder = "y"', "language.folder: unknown key")):  # fmt: skip
        path = tmp_path / "c" / "policy.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"[language]\ncatalogs = {bad}\n", encoding="utf-8")
        with pytest.raises(InputError, match=said):
            load_file(path)


def test_the_commented_template_key_is_valid_when_used(cli: Cli, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert '# [language]\n# catalogs = "catalogs"\n' in text
    used = tmp_path / "clinic.toml"
    used.write_text(
        text.replace('# [language]\n# catalogs = "catalogs"', '[language]\ncatalogs = "catalogs"'),
        encoding="utf-8",
    )
    assert cli("policy", "check", str(used)).exit_code == 2  # no folder yet
    (tmp_path / "catalogs").mkdir()
    assert cli("policy", "check", str(used)).exit_code == 0
    shown = cli("policy", "--policy", str(used))
    said = f"Clinic language catalogs (--language): {tmp_path / 'catalogs'}"
    assert "".join(said.split()) in "".join(shown.stdout.split())  # however rich wraps it
    assert "Clinic language catalogs" not in cli("policy").stdout


@pytest.mark.parametrize(
    ("value", "is_file"),
    [("es", False), ("es-MX", False), ("es_MX", False), ("es.po", True), ("x.mo", True),
     ("./es", True), ("cat/es", True), ("/abs/es", True)],
)  # fmt: skip
def test_one_rule_tells_a_tag_from_a_file(value: str, is_file: bool) -> None:
    assert languages.names_file(value) is is_file


def test_a_file_named_like_a_tag_does_not_hide_the_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file called ``es`` in the current folder: ``es`` is still Spanish, ``./es`` the file."""
    monkeypatch.chdir(tmp_path)
    po(tmp_path / "es", "fr", {"tonight": "ce soir"})
    spanish = languages.resolve("es")
    assert (spanish.tag, spanish.text("tonight")) == ("es", "esta noche")
    assert catalog_check.source_for("es") == ("es", languages.LOCALE_DIR / "es" / "LC_MESSAGES"
                                              / "ldn_titrate.po")  # fmt: skip
    french = languages.resolve("./es")
    assert (french.tag, french.text("tonight")) == ("fr", "ce soir")
    assert catalog_check.source_for("./es") == ("./es", Path("./es"))
    assert catalog_check.check("./es").missing  # read as the file it names


def test_languages_lists_and_checks_the_clinic_catalogs(cli: Cli, tmp_path: Path) -> None:
    policy = policy_with(tmp_path, "catalogs")
    folder = tmp_path / "catalogs"
    folder.mkdir()
    po(folder / "es_MX.po", "es_MX", {"tonight": "hoy en la noche"})
    po(folder / "fr_CA.po", "fr_CA", {"tonight": "ce soir"})
    listed = cli("languages", "--policy", str(policy))
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0] == "en  English (built in)"
    assert lines[1].startswith("es  Spanish (complete")
    assert lines[2].startswith(f"es_MX Spanish (Mexico) (clinic catalog {folder / 'es_MX.po'}, ")
    assert "incomplete" in lines[2]
    assert lines[3].startswith("fr_CA French (Canada) (clinic catalog")
    assert len(lines) == 4
    assert "es_MX" not in cli("languages").stdout
    checked = cli("languages", "--check", "fr-CA", "--policy", str(policy))
    assert checked.exit_code == 2
    assert f"fr-CA ({folder / 'fr_CA.po'}): 1 of " in checked.stdout
    assert "missing: tonight" not in checked.stdout
    assert cli("languages", "--check", "fr-CA").exit_code == 2  # no such catalog without it
    assert "available: en, es" in cli("languages", "--check", "fr-CA").stderr


def test_a_calendar_reads_the_clinic_catalog_of_the_policy(cli: Cli, tmp_path: Path) -> None:
    """The clinic's es_MX.po wins for its message; the shipped Spanish says the rest."""
    policy = policy_with(tmp_path, "catalogs")
    (tmp_path / "catalogs").mkdir()
    po(tmp_path / "catalogs" / "es_MX.po", "es_MX",
       {"LDN review with your prescriber": "Cita de revisión de LDN en la clínica"})  # fmt: skip
    data = make(
        cli, tmp_path / "mx.ics",
        "--preset", "standard", "--start-date", "2026-12-01", "--tz", LONDON,
        "--policy", str(policy), "--language", "es-MX",
    )  # fmt: skip
    summaries = [event.summary for event in parse(data).events]
    assert "Cita de revisión de LDN en la clínica" in summaries
    assert "Aumento esta noche: 2.5 mg (antes 1.5 mg)" in summaries
    assert b"SUMMARY;LANGUAGE=es-MX:" in data
    shipped = make(
        cli, tmp_path / "es.ics",
        "--preset", "standard", "--start-date", "2026-12-01", "--tz", LONDON,
        "--language", "es-MX",
    )  # fmt: skip
    assert "Cita de revisión de LDN en la clínica" not in shipped.decode()


def test_odd_files_in_the_clinic_folder(cli: Cli, tmp_path: Path) -> None:
    """A file not named by a tag is listed as such; a folder named like a catalog is no
    catalog; a broken catalog refuses the batch rows that need it, by its name."""
    from ldn_titrate.plans.batch.row_language import row_language

    policy = policy_with(tmp_path, "catalogs")
    folder = tmp_path / "catalogs"
    folder.mkdir()
    po(folder / "notes.po", "es", {})
    (folder / "de.po").mkdir()
    (folder / "it.mo").write_bytes(b"not a catalog")
    assert languages.clinic_catalogs(folder) == {
        "it": folder / "it.mo",
        "notes": folder / "notes.po",
    }
    listed = cli("languages", "--policy", str(policy))
    assert listed.exit_code == 2  # every catalog listed, and the broken one said
    assert "notes (not a language tag) (clinic catalog" in listed.stdout
    assert f"error: catalog {folder / 'it.mo'}: not a readable catalog" in listed.stderr
    said = row_language("it", folder)
    assert isinstance(said, str)
    assert said.startswith(
        f"the policy's catalogs folder {folder / 'it.mo'}: not a readable gettext catalog"
    )


def test_a_handout_reads_the_clinic_catalog_of_the_policy(cli: Cli, tmp_path: Path) -> None:
    """handout --language looks in the policy's folder first, as calendar and status do."""
    policy = policy_with(tmp_path, "catalogs")
    (tmp_path / "catalogs").mkdir()
    po(tmp_path / "catalogs" / "es_MX.po", "es_MX",
       {"Your LDN dose plan": "Su plan de LDN, de su clínica"})  # fmt: skip
    out = tmp_path / "mx.html"
    result = cli(
        "handout", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "--policy", str(policy), "--language", "es-MX", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Su plan de LDN, de su clínica" in page
    assert "Antes de empezar" in page  # the rest from the shipped Spanish
    assert '<html lang="es-MX">' in page


@pytest.mark.parametrize("command", ["handout", "calendar"])
def test_a_broken_policy_does_not_hide_a_bad_language(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    """The policy's folder is unknown when the policy cannot be read, but a value that is no
    language tag at all is still reported with the policy's problem."""
    policy = tmp_path / "policy.toml"
    policy.write_text("[language\n", encoding="utf-8")
    out = tmp_path / ("x.html" if command == "handout" else "x.ics")
    result = cli(
        command, "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        *(["--tz", LONDON] if command == "calendar" else []),
        "--policy", str(policy), "--language", "no such tag", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 2
    assert str(policy) in result.stderr
    assert "--language 'no such tag'" in result.stderr
    assert not out.exists()
