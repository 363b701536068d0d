"""A clinic's policy file: where it is found, and how it is read onto the built-in policy.

Kept apart from the policy models (:mod:`ldn_titrate.rules.policy`) because reading a file also
checks its presets against its own bounds (:mod:`ldn_titrate.rules.checks`), which needs the models:
models ← checks ← this module, one way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import MAX_DOCUMENT_BYTES, parse_failure, read_limited
from ldn_titrate.rules.builtin_policy import BUILT_IN_POLICY
from ldn_titrate.rules.checks import preset_problems
from ldn_titrate.rules.language_policy import catalog_folder, folder_problems
from ldn_titrate.rules.policy import LoadedPolicy, Policy, built_in, validation_lines

POLICY_ENV = "LDN_TITRATE_POLICY"


def locate(explicit: Path | None, environ: Mapping[str, str], config_dir: Path) -> Path | None:
    """--policy FILE, else $LDN_TITRATE_POLICY, else policy.toml in the config dir, else None."""
    if explicit is not None:
        return explicit
    if environ.get(POLICY_ENV):
        return Path(environ[POLICY_ENV])
    candidate = config_dir / "policy.toml"
    return candidate if candidate.is_file() else None


def load_file(path: Path) -> LoadedPolicy:
    """Read a clinic's TOML policy on top of the built-in one.

    Each bound a file names replaces the built-in bound key by key; a ``[presets]`` table, when
    present, replaces the built-in presets as a whole, so a clinic offers exactly its own.
    """
    import tomllib

    raw = read_limited(path, f"policy file {path}", MAX_DOCUMENT_BYTES, missing="does not exist")
    try:
        data = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise InputError(f"policy file {path}: cannot be read (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"policy file {path} is not valid TOML: {error}") from None
    except ValueError as error:  # an integer of thousands of digits
        raise InputError(f"policy file {path} is not valid TOML: {parse_failure(error)}") from None
    except RecursionError:
        raise InputError(f"policy file {path} is not valid TOML: nested too deeply") from None
    merged = _merge(BUILT_IN_POLICY, data)
    if "name" not in data:  # never show a clinic's file as "the built-in policy"
        merged["name"] = f"policy file {path.name}"
    # Read from the file as written, so a missing folder is reported beside every other problem.
    catalogs = catalog_folder(data, path)
    problems = folder_problems(data, path)
    try:
        policy = Policy.model_validate(merged)
    except ValidationError as error:
        problems = validation_lines(error) + problems
        raise InputError([f"policy file {path}: {line}" for line in problems]) from None
    problems = preset_problems(policy) + problems
    if problems:
        raise InputError([f"policy file {path}: {line}" for line in problems])
    return LoadedPolicy(policy, str(path), catalogs)


def _merge(
    base: Mapping[str, Any], override: Mapping[str, Any], top: bool = True
) -> dict[str, Any]:
    """Tables merge key by key, recursively; ``presets`` (at the top) and lists are replaced."""
    merged = dict(base)
    for key, value in override.items():
        inner = base.get(key)
        replaced = top and key == "presets"
        if isinstance(value, Mapping) and isinstance(inner, Mapping) and not replaced:
            merged[key] = _merge(inner, value, top=False)
        else:
            merged[key] = value
    return merged


def resolve(explicit: Path | None, config_dir: Path) -> LoadedPolicy:
    """The active policy for this run."""
    path = locate(explicit, os.environ, config_dir)
    return built_in() if path is None else load_file(path)
