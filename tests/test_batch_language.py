"""``batch``'s ``language`` column: each row's calendar in that patient's language (strict ``ical``
parse), English byte for byte where the cell is empty, and an unknown language a refused row
that names the column, the value and what is available."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from ldn_titrate.core.language import resolve
from ldn_titrate.plans.batch.row_language import row_language
from tests.conftest import Cli
from tests.test_batch import problem_rows, run, write_csv
from tests.test_calendar import check_raw, parse
from tests.test_language import po
from tests.test_language_policy import policy_with

ICS = ("--formats", "json,ics", "--tz", "Europe/London")
ROWS = """id,preset,start_date,opioids,form,concentration,language
es1,standard,2026-12-01,none,liquid,1mg/mL,es-ES
us1,standard,2026-12-01,none,liquid,1mg/mL,ES_us
en1,standard,2026-12-01,none,liquid,1mg/mL,
"""


def summaries(path: Path) -> list[str]:
    data = path.read_bytes()
    check_raw(data)
    return [event.summary for event in parse(data).events]


def test_each_row_gets_its_own_language(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(cli, write_csv(tmp_path, ROWS), out, *ICS)
    assert result.exit_code == 0, result.output
    assert "Aumento esta noche: 2,5 mL de 1 mg/mL (2,5 mg) (antes 1,5 mg)" in summaries(
        out / "es1.ics"
    )
    assert "Aumento esta noche: 2.5 mL de 1 mg/mL (2.5 mg) (antes 1.5 mg)" in summaries(
        out / "us1.ics"
    )
    assert b"SUMMARY;LANGUAGE=es-ES:" in (out / "es1.ics").read_bytes()
    assert b"SUMMARY;LANGUAGE=es-US:" in (out / "us1.ics").read_bytes()
    assert b"LANGUAGE=" not in (out / "en1.ics").read_bytes()
    # An empty cell is English exactly as a batch without the column writes it.
    plain = tmp_path / "plain"
    without = "\n".join(line.rsplit(",", 1)[0] for line in ROWS.splitlines()) + "\n"
    assert run(cli, write_csv(tmp_path, without, "plain.csv"), plain, *ICS).exit_code == 0
    assert (out / "en1.ics").read_bytes() == (plain / "en1.ics").read_bytes()
    # The plan file is the same in every language (the calendar's language is not the plan's):
    # only the row's own id, and so the digest, differ.
    spanish, english = (json.loads((out / f"{n}.json").read_text()) for n in ("es1", "en1"))
    assert [key for key in spanish if spanish[key] != english[key]] == ["id", "digest"]


def test_each_rows_handout_is_in_its_language(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(cli, write_csv(tmp_path, ROWS), out, "--formats", "html")
    assert result.exit_code == 0, result.output
    spanish, english = ((out / f"{n}.html").read_text(encoding="utf-8") for n in ("es1", "en1"))
    assert '<html lang="es-ES">' in spanish
    assert '<html lang="en">' in english
    assert "2,5 mL" in spanish
    assert "2,5 mL" not in english
    assert "diciembre de 2026" in spanish
    assert "diciembre" not in english


def test_an_unknown_language_refuses_the_row_and_names_what_is_available(
    cli: Cli, tmp_path: Path
) -> None:
    text = """id,preset,start_date,opioids,language
ok,standard,2026-12-01,none,es
fr1,standard,2026-12-01,none,fr
file1,standard,2026-12-01,none,catalogs/es_MX.po
both,nope,2026-12-01,none,!!
"""
    out = tmp_path / "out"
    result = run(cli, write_csv(tmp_path, text), out, *ICS)
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["ok.ics", "ok.json", "report.csv"]
    found = {(row["id"], row["column"]): row["message"] for row in problem_rows(out / "report.csv")}
    assert found[("fr1", "language")] == (
        "language 'fr': no catalog for this language; available: en, es"
    )
    assert found[("file1", "language")].startswith(
        "language 'catalogs/es_MX.po' is a file name; a row names a language tag (en, es)"
    )
    # Every problem of a row at once: its preset and its language.
    assert found[("both", "language")] == "language '!!' is not a language tag; available: en, es"
    assert found[("both", "preset")].startswith("preset 'nope' is not a preset of this policy")
    assert "error: row 3 (fr1): language 'fr': no catalog" in result.stderr


def test_a_clinic_catalog_in_the_policy_folder_serves_its_rows(cli: Cli, tmp_path: Path) -> None:
    policy = policy_with(tmp_path / "clinic", "catalogs")
    folder = tmp_path / "clinic" / "catalogs"
    folder.mkdir()
    po(folder / "es_MX.po", "es_MX",
       {"LDN review with your prescriber": "Cita de revisión de LDN en la clínica"})  # fmt: skip
    po(folder / "fr_CA.po", "fr_CA", {"LDN review with your prescriber": "Révision de la LDN"})
    text = """id,start_date,opioids,language
mx,2026-12-01,none,es-MX
ca,2026-12-01,none,fr-CA
zu,2026-12-01,none,zu
"""
    out = tmp_path / "out"
    result = run(cli, write_csv(tmp_path, text), out, *ICS, "--policy", str(policy))
    assert result.exit_code == 2
    mexican = summaries(out / "mx.ics")
    assert "Cita de revisión de LDN en la clínica" in mexican  # the clinic's message
    assert "Aumento esta noche: 2.5 mg (antes 1.5 mg)" in mexican  # the shipped Spanish
    canadian = summaries(out / "ca.ics")
    assert "Révision de la LDN" in canadian
    assert "Increase tonight: 2,5 mg (was 1,5 mg)" in canadian  # English words, French numbers
    [refused] = problem_rows(out / "report.csv")
    assert refused["message"] == (
        "language 'zu': no catalog for this language; available: en, es, es_MX, fr_CA"
    )


def test_worker_processes_give_the_same_languages(tmp_path: Path) -> None:
    """Rows planned in worker processes are written in the language of each row too."""
    from ldn_titrate.plans.batch import run as batch_run
    from ldn_titrate.plans.batch import table as rows
    from ldn_titrate.plans.batch.output import parse_formats
    from ldn_titrate.plans.batch.row_files import CalendarSettings, renderers
    from ldn_titrate.rules.policy import built_in

    lines = ["id,start_date,opioids,language"]
    lines += [f"p{n},2026-12-01,none,{('es', 'es-ES', '')[n % 3]}" for n in range(12)]
    table = rows.read_table(write_csv(tmp_path, "\n".join(lines) + "\n"))
    from datetime import time

    calendar = CalendarSettings(time(22), "Europe/London", 30)
    job = batch_run.Job(built_in(), renderers(parse_formats("ics"), calendar),
                        date(2026, 11, 24), datetime(2026, 11, 24, tzinfo=UTC))  # fmt: skip
    alone = list(batch_run.outcomes(table.rows, job, parallel_from=10_000))
    together = list(batch_run.outcomes(table.rows, job, parallel_from=2))
    assert [o.payloads for o in together] == [o.payloads for o in alone]
    kinds = [bytes(o.payloads[0][1]).count(b"LANGUAGE=es-ES") > 0 for o in alone]
    assert kinds == [n % 3 == 1 for n in range(12)]


def test_a_language_is_read_once_per_run() -> None:
    first = row_language("es-US", None)
    assert first is row_language("es-US", None)
    assert first == resolve("es-US")
    assert row_language(None, None) == resolve(None)
