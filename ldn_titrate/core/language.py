"""The language a patient reads: a gettext catalog, the locale's number symbols and date form.

English is built in and needs nothing: its sentences are the catalog's message ids, so
:data:`ENGLISH` translates nothing and imports nothing. Another language is a gettext catalog
(a shipped one in ``ldn_titrate/locale/<lang>/LC_MESSAGES/ldn_titrate.po``, or a clinic's own
``.po``/``.mo`` file or folder) read through Python's :mod:`gettext`, so a message the catalog
lacks falls back to English one message at a time. A ``.po`` is compiled in memory when it is
loaded (Babel's ``write_mo``): the package ships the reviewed source only, so no compiled file
can fall out of date with it and no build step is needed. Day and month names, the order of a
date and the decimal separator come from Babel's CLDR data, imported only when a language other
than English is asked for.

Clinician-facing text (errors, warnings, the terminal table) never goes through here.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

from ldn_titrate.core.errors import InputError, close_names

DOMAIN = "ldn_titrate"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# A group separator that no reader can take for a decimal point: where the locale's decimal
# separator is a comma, thousands are split by a no-break space (ISO 80000-1), never a point.
NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True)
class Language:
    """What a renderer needs to speak to a patient in one language."""

    tag: str  # BCP 47, as in <html lang> and the calendar's LANGUAGE: "en", "es-ES"
    translations: gettext.NullTranslations = field(
        default_factory=gettext.NullTranslations, compare=False
    )
    decimal: str = "."
    group: str = ","
    source: str = "built-in"

    @property
    def english(self) -> bool:
        return self.tag == "en"

    @property
    def decimal_comma(self) -> bool:
        return self.decimal == ","

    @property
    def babel_locale(self) -> str:
        return self.tag.replace("-", "_")

    def text(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself when the catalog lacks it."""
        return self.translations.gettext(message)

    def ntext(self, singular: str, plural_form: str, count: int) -> str:
        return self.translations.ngettext(singular, plural_form, count)


ENGLISH = Language("en")


class NoCatalog(InputError):
    """A language tag that no catalog (shipped or the clinic's) is for."""


def N_(message: str) -> str:
    """Mark a message for the catalog where it is defined; it is translated where it is used."""
    return message


def normalise_tag(value: str) -> str | None:
    """``es_us`` → ``es-US``; None when ``value`` is not a language tag Babel knows."""
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(value.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return "-".join(part for part in (parsed.language, parsed.script, parsed.territory) if part)


def shipped() -> list[str]:
    """The language codes with a catalog in the package, English first."""
    found = sorted(
        path.parent.parent.name
        for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
        if path.parent.parent.name != "en"
    )
    return ["en", *found]


def clinic_catalogs(clinic_folder: Path | None) -> dict[str, Path]:
    """The catalogs of a clinic's folder (the policy's ``[language] catalogs``) by file name:
    ``es_MX`` → ``es_MX.po`` (a ``.po`` wins over a ``.mo`` of the same name)."""
    if clinic_folder is None:
        return {}
    found: dict[str, Path] = {}
    for suffix in (".mo", ".po"):
        for path in sorted(clinic_folder.glob(f"*{suffix}")):
            if path.is_file():
                found[path.stem] = path
    return dict(sorted(found.items()))


def available(clinic_folder: Path | None = None) -> list[str]:
    """Every language a ``--language`` tag can name: the shipped ones, then a clinic's."""
    codes = shipped()
    return [*codes, *(name for name in clinic_catalogs(clinic_folder) if name not in codes)]


def suggested(value: str, clinic_folder: Path | None = None) -> str:
    """``; did you mean es (Spanish)?`` for a value close to a language there is a catalog for,
    by tag or by name (``spansh``, ``spanish``, ``es-XX``, ``español``); "" when none is close.
    """
    from babel import Locale, UnknownLocaleError

    by_name: dict[str, str] = {}
    shown_as: dict[str, str] = {}  # es: "es (Spanish)"; a clinic's code Babel does not know: itself
    for code in available(clinic_folder):
        by_name.setdefault(code.lower(), code)
        shown_as[code] = code
        with contextlib.suppress(ValueError, TypeError, UnknownLocaleError):
            locale = Locale.parse(code.replace("-", "_"))
            shown_as[code] = f"{code} ({locale.english_name})"
            for name in (locale.english_name, locale.display_name):
                by_name.setdefault(str(name).lower(), code)
    typed = value.strip().lower().replace("_", "-")
    exact = by_name.get(typed) or by_name.get(typed.split("-")[0])
    codes = [exact] if exact else [by_name[name] for name in close_names(typed, by_name)]
    shown = [shown_as[code] for code in dict.fromkeys(codes) if code != value]
    return f"; did you mean {' or '.join(shown)}?" if shown else ""


def names_file(value: str) -> bool:
    """The one rule for a ``--language`` value: a catalog file when it ends in ``.po``/``.mo``
    or holds a path separator (``./es``), else a language tag, even when a file of that name
    happens to be in the current folder."""
    separators = [sep for sep in ("/", os.sep, os.altsep) if sep]
    return Path(value).suffix in (".po", ".mo") or any(sep in value for sep in separators)


def resolve(value: str | None, clinic_folder: Path | None = None) -> Language:
    """A ``--language`` value: a tag (``es``, ``es-ES``), or a ``.po``/``.mo`` catalog file.

    A clinic folder (from the policy file) is searched before the shipped catalogs, and a clinic
    catalog falls back to the shipped one of its language, then to English, per message.
    """
    if value is None or not value.strip():
        return ENGLISH
    if names_file(value):
        path = Path(value)
        translations, header = read_catalog(path, "--language")
        tag = normalise_tag(header or "")
        if tag is None:
            raise InputError(
                f"--language {value}: the catalog names no language in its 'Language' header "
                "(for example 'Language: es_ES')"
            )
        return _language(tag, translations, str(path), clinic_folder)
    tag = normalise_tag(value)
    if tag is None:
        raise InputError(
            f"--language {value!r}: not a language tag (for example es, es-ES, es-US) "
            f"or a .po/.mo catalog file{suggested(value, clinic_folder)}"
        )
    if tag.split("-")[0] == "en":  # the built-in sentences, whatever the region
        return ENGLISH
    return _language(tag, None, "built-in", clinic_folder)


def _language(
    tag: str,
    first: gettext.NullTranslations | None,
    source: str,
    clinic_folder: Path | None,
) -> Language:
    from babel import Locale

    chain: list[gettext.NullTranslations] = [first] if first is not None else []
    candidates = [tag.replace("-", "_"), tag.split("-")[0]]
    if clinic_folder is not None:
        for name in candidates:
            for path in (clinic_folder / f"{name}.po", clinic_folder / f"{name}.mo"):
                if path.is_file():
                    chain.append(read_catalog(path, "the policy's catalogs folder")[0])
                    source = str(path) if source == "built-in" else source
    for name in candidates:
        built_in = LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if built_in.is_file():
            chain.append(read_catalog(built_in, "the shipped catalog")[0])
            break
    if not chain:
        raise NoCatalog(
            f"--language {tag}: no catalog for this language; available: "
            f"{', '.join(available(clinic_folder))}, or give a .po/.mo catalog file"
            + suggested(tag, clinic_folder)
        )
    for earlier, later in itertools.pairwise(chain):
        earlier.add_fallback(later)
    symbols = Locale.parse(tag.replace("-", "_")).number_symbols["latn"]
    decimal = symbols["decimal"]
    group = NO_BREAK_SPACE if decimal == "," else symbols["group"]
    return Language(tag, chain[0], decimal, group, source)


def read_catalog(path: Path, where: str) -> tuple[gettext.GNUTranslations, str | None]:
    """A ``.po`` (compiled in memory) or ``.mo`` file, and the language its header names."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{where} {path}: cannot read it ({error.strerror})") from error
    try:
        if path.suffix == ".mo":
            translations = gettext.GNUTranslations(io.BytesIO(data))
        else:
            catalog = read_po(io.BytesIO(data))
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            translations = gettext.GNUTranslations(compiled)
    except Exception as error:  # babel and gettext raise many kinds on a broken file
        raise InputError(f"{where} {path}: not a readable gettext catalog ({error})") from error
    header = translations.info().get("language")
    return translations, header
