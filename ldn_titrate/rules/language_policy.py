"""Where a clinic keeps its own patient-language catalogs: the policy's ``[language]`` table."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from ldn_titrate.core.bounds import Text


class LanguagePolicy(BaseModel):
    """``catalogs``: a folder of the clinic's reviewed ``.po``/``.mo`` files, one per language
    and named by its tag (``es_MX.po``, ``fr_CA.po``), relative to the policy file's folder.
    ``--language es-MX`` then reads ``es_MX.po`` first, then the shipped Spanish, then English,
    message by message; ``languages`` lists the folder's catalogs beside the shipped ones.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    catalogs: Text | None = None


def catalog_folder(data: Mapping[str, Any], policy_path: Path) -> Path | None:
    """The folder a policy file's raw ``language.catalogs`` names, relative to the file's own
    folder (None when not given, or not text: the model reports a wrong type)."""
    value = _raw(data)
    return policy_path.parent / value if value else None


def folder_problems(data: Mapping[str, Any], policy_path: Path) -> list[str]:
    """The folder must be named, exist and be a folder; checked when the policy is read."""
    value = _raw(data)
    folder = catalog_folder(data, policy_path)
    if value == "":
        return ["language.catalogs: empty; name the folder of the clinic's catalogs"]
    if folder is None:
        return []
    if not folder.exists():
        return [f"language.catalogs: the folder {folder} does not exist"]
    if not folder.is_dir():
        return [f"language.catalogs: {folder} is not a folder"]
    return []


def _raw(data: Mapping[str, Any]) -> str | None:
    table = data.get("language")
    value = table.get("catalogs") if isinstance(table, Mapping) else None
    return value if isinstance(value, str) else None
