"""What a catalog lacks: the message ids of the template it has no translation for, or only a
fuzzy (unreviewed) one, so a shipped catalog with any gap fails the tests and a clinic can
check its own file before it uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ldn_titrate.core import language as languages
from ldn_titrate.core.errors import InputError


@dataclass(frozen=True)
class Report:
    tag: str
    source: str
    total: int
    missing: tuple[str, ...]
    fuzzy: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing and not self.fuzzy


def template_ids() -> tuple[str, ...]:
    """Every message a renderer says to a patient, as extracted into the shipped template."""
    from babel.messages.pofile import read_po

    with languages.TEMPLATE.open("rb") as handle:
        catalog = read_po(handle)
    return tuple(sorted(str(_key(message.id)) for message in catalog if message.id))


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def source_for(value: str, clinic_folder: Path | None = None) -> tuple[str, Path]:
    """The ``.po`` (or ``.mo``) file that ``value`` (a tag or a file) names."""
    if languages.names_file(value):
        return value, Path(value)
    tag = languages.normalise_tag(value)
    if tag is None:
        raise InputError(f"catalog {value!r}: not a language tag or a catalog file")
    names = [tag.replace("-", "_"), tag.split("-")[0]]
    folders = [clinic_folder] if clinic_folder is not None else []
    for name in names:
        for folder in folders:
            for suffix in (".po", ".mo"):
                if (folder / f"{name}{suffix}").is_file():
                    return tag, folder / f"{name}{suffix}"
        shipped = languages.LOCALE_DIR / name / "LC_MESSAGES" / f"{languages.DOMAIN}.po"
        if shipped.is_file():
            return tag, shipped
    raise InputError(
        f"catalog {value}: no catalog for this language; available: "
        + ", ".join(languages.available(clinic_folder))
    )


def check(value: str, clinic_folder: Path | None = None) -> Report:
    """Compare one catalog with the template, message by message."""
    from babel.messages.pofile import read_po

    tag, path = source_for(value, clinic_folder)
    wanted = template_ids()
    translated: dict[str, str] = {}
    fuzzy: set[str] = set()
    from babel.messages.mofile import read_mo

    try:
        with path.open("rb") as handle:
            catalog = read_mo(handle) if path.suffix == ".mo" else read_po(handle)
    except Exception as error:  # babel raises many kinds on a broken file
        raise InputError(f"catalog {path}: not a readable catalog ({error})") from error
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings):
            translated[_key(message.id)] = str(strings[0])
        if message.fuzzy:
            fuzzy.add(_key(message.id))
    missing = tuple(m for m in wanted if m not in translated)
    return Report(tag, str(path), len(wanted), missing, tuple(m for m in wanted if m in fuzzy))
