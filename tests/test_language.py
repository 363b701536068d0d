"""The patient's language: catalogs through gettext, English per message when one is missing,
and every dose and date in the locale's form with the dose rules intact."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_titrate.core import catalog_check
from ldn_titrate.core import language as languages
from ldn_titrate.core.dosetext import (
    concentration_text,
    format_date,
    format_mg,
    format_ml,
    format_number,
    month_title,
)
from ldn_titrate.core.errors import InputError

micrograms = st.integers(min_value=1, max_value=6000).map(lambda n: Decimal(n) / 1000)
TUESDAY = date(2026, 12, 1)


def po(path: Path, language: str, messages: dict[str, str], fuzzy: tuple[str, ...] = ()) -> Path:
    """A small clinic catalog, written the way a translator's tool writes one."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {language}\\n"',
        "",
    ]
    for message, translation in messages.items():
        if message in fuzzy:
            lines.append("#, fuzzy")
        lines += [f'msgid "{message}"', f'msgstr "{translation}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def template(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ids: list[str]) -> None:
    pot = po(tmp_path / "template.pot", "en", dict.fromkeys(ids, ""))
    monkeypatch.setattr(languages, "TEMPLATE", pot)


def test_english_is_built_in_and_translates_nothing() -> None:
    english = languages.resolve(None)
    assert english is languages.ENGLISH
    assert english.text("Your LDN dose plan") == "Your LDN dose plan"
    assert english.ntext("night", "nights", 2) == "nights"
    assert languages.resolve("en-GB") is languages.ENGLISH
    assert languages.shipped()[0] == "en"


@pytest.mark.parametrize(
    ("tag", "mg", "ml", "big"),
    [
        ("es-ES", "1,5 mg", "0,25 mL", "1\u00a0234,5 mg"),
        ("es-US", "1.5 mg", "0.25 mL", "1,234.5 mg"),
        ("de", "1,5 mg", "0,25 mL", "1\u00a0234,5 mg"),
    ],
)
def test_decimal_separator_follows_the_locale(
    tmp_path: Path, tag: str, mg: str, ml: str, big: str
) -> None:
    lang = languages.resolve(str(po(tmp_path / "x.po", tag.replace("-", "_"), {})))
    assert lang.tag == tag
    assert format_mg(Decimal("1.50"), lang) == mg
    assert format_ml(Decimal("0.250"), lang) == ml
    assert format_mg(Decimal("1234.5"), lang) == big
    assert concentration_text(Decimal("5"), lang) == "5 mg/mL"
    assert lang.decimal_comma is (mg == "1,5 mg")


@given(micrograms)
def test_comma_locale_keeps_the_dose_rules(value: Decimal) -> None:
    """Leading zero, no trailing zero, the same digits as English, only the separator swapped."""
    spanish = languages.Language("es-ES", decimal=",", group=languages.NO_BREAK_SPACE)
    text = format_mg(value, spanish)
    assert re.fullmatch(r"(0|[1-9]\d*)(,\d*[1-9])? mg", text), text
    assert text.replace(",", ".") == format_mg(value)
    assert Decimal(format_number(value, spanish).replace(",", ".")) == value


def test_spanish_dates_have_day_name_day_month_name_and_year(tmp_path: Path) -> None:
    spanish = languages.resolve(str(po(tmp_path / "es.po", "es_US", {})))
    assert format_date(TUESDAY, spanish) == "martes, 1 de diciembre de 2026"
    assert format_date(date(2027, 1, 3), spanish) == "domingo, 3 de enero de 2027"
    assert month_title(2026, 12, spanish) == "Diciembre de 2026"
    assert month_title(2026, 12) == "December 2026"
    assert format_date(TUESDAY) == "Tue 1 Dec 2026"


def test_a_clinic_catalog_overrides_one_message_and_falls_back_for_the_rest(
    tmp_path: Path,
) -> None:
    clinic = po(tmp_path / "fr.po", "fr_CA", {"Your LDN dose plan": "Votre plan de doses de LDN"})
    lang = languages.resolve(str(clinic))
    assert (lang.tag, lang.source) == ("fr-CA", str(clinic))
    assert lang.text("Your LDN dose plan") == "Votre plan de doses de LDN"
    assert lang.text("Questions? Call your clinic") == "Questions? Call your clinic"
    assert format_mg(Decimal("0.5"), lang) == "0,5 mg"


def test_a_fuzzy_message_is_not_used(tmp_path: Path) -> None:
    # French ships no catalog, so the fuzzy message falls back to English; in Spanish, a clinic's
    # fuzzy message falls back to the shipped translation.
    clinic = po(tmp_path / "fr.po", "fr", {"Review": "Révision"}, fuzzy=("Review",))
    assert languages.resolve(str(clinic)).text("Review") == "Review"
    spanish = po(tmp_path / "es.po", "es", {"Review": "Repaso"}, fuzzy=("Review",))
    assert languages.resolve(str(spanish)).text("Review") == "Revisión"


def test_a_compiled_catalog_and_a_clinic_folder(tmp_path: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = po(tmp_path / "de.po", "de", {"Review": "Kontrolle", "Start": "Beginn"})
    with source.open("rb") as handle, (tmp_path / "de.mo").open("wb") as out:
        write_mo(out, read_po(handle))
    compiled = languages.resolve(str(tmp_path / "de.mo"))
    assert compiled.text("Review") == "Kontrolle"
    folder = tmp_path / "catalogs"
    folder.mkdir()
    po(folder / "de.po", "de", {"Review": "Überprüfung"})
    # The file given wins, the clinic folder's catalog of that language fills in, then English.
    override = po(tmp_path / "override.po", "de_AT", {"Start": "Anfang"})
    chained = languages.resolve(str(override), folder)
    assert [chained.text(m) for m in ("Start", "Review", "Notes")] == [
        "Anfang",
        "Überprüfung",
        "Notes",
    ]
    assert languages.resolve("de", folder).source == str(folder / "de.po")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("xx-nope-!!", "not a language tag"),
        ("zu", "no catalog for this language"),
    ],
)
def test_a_language_without_a_catalog_is_refused(value: str, said: str) -> None:
    with pytest.raises(InputError, match=said):
        languages.resolve(value)


def test_broken_or_headerless_catalogs_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mo"
    broken.write_bytes(b"not a catalog")
    with pytest.raises(InputError, match="not a readable gettext catalog"):
        languages.resolve(str(broken))
    with pytest.raises(InputError, match="cannot read it"):
        languages.resolve(str(tmp_path / "absent.po"))
    headerless = tmp_path / "none.po"
    headerless.write_text('msgid "Review"\nmsgstr "Revisión"\n', encoding="utf-8")
    with pytest.raises(InputError, match="'Language' header"):
        languages.resolve(str(headerless))


def test_check_lists_missing_and_fuzzy_messages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    template(monkeypatch, tmp_path, ["Review", "Start", "Notes"])
    clinic = po(tmp_path / "es.po", "es", {"Review": "Revisión", "Start": "Inicio"}, ("Start",))
    report = catalog_check.check(str(clinic))
    assert (report.total, report.missing, report.fuzzy) == (3, ("Notes",), ("Start",))
    assert not report.complete
    full = po(tmp_path / "full.po", "es", {"Review": "Revisión", "Start": "Inicio", "Notes": "N"})
    assert catalog_check.check(str(full)).complete
    folder = tmp_path / "catalogs"
    folder.mkdir()
    po(folder / "es.po", "es", {"Review": "Revisión"})
    assert catalog_check.check("es-MX", folder).missing == ("Notes", "Start")
    with pytest.raises(InputError, match="no catalog"):
        catalog_check.check("zu")
    with pytest.raises(InputError, match="not a language tag"):
        catalog_check.check("!!")
    bad = tmp_path / "bad.mo"
    bad.write_bytes(b"garbage")
    with pytest.raises(InputError, match="not a readable catalog"):
        catalog_check.check(str(bad))


def test_every_shipped_catalog_is_complete() -> None:
    """CI fails on a shipped catalog with a missing or fuzzy message."""
    for code in languages.shipped()[1:]:
        report = catalog_check.check(code)
        assert report.complete, (code, report.missing, report.fuzzy)
