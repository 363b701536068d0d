"""``ldn-titrate presets`` and ``ldn-titrate policy [check FILE | init FILE]``: the active
clinic policy, checking one, and starting one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, config_dir, reported, terminal_width
from ldn_titrate.cli.conventions import HouseGroup
from ldn_titrate.cli.options import ForceOpt, PolicyOpt, QuietOpt

commands = command_group()


@commands.command()
@reported
def presets(policy: PolicyOpt = None) -> None:
    """List the presets of the active policy."""
    from ldn_titrate.render.policy_view import presets_table
    from ldn_titrate.rules import policy_file as policies

    loaded = policies.resolve(policy, config_dir())
    sys.stdout.write(presets_table(loaded, terminal_width()))


policy_app = typer.Typer(
    help="Show the active bounds and presets and where they came from; `policy check FILE` "
    "validates a policy file; `policy init FILE` writes a starter policy to edit.",
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
    cls=HouseGroup,  # its errors in the house style, as the application's are
)
commands.add_typer(policy_app, name="policy")


@policy_app.callback()
@reported
def policy_show(ctx: typer.Context, policy: PolicyOpt = None) -> None:
    """Show the active policy: its source, bounds and presets."""
    if ctx.invoked_subcommand is not None:
        return
    from ldn_titrate.render.policy_view import policy_text
    from ldn_titrate.rules import policy_file as policies

    loaded = policies.resolve(policy, config_dir())
    sys.stdout.write(policy_text(loaded, terminal_width()))


@policy_app.command("check")
@reported
def policy_check(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The policy TOML to validate.")],
) -> None:
    """Validate a clinic policy file: exit 0 when valid, 2 with every problem when not."""
    from ldn_titrate.rules import policy_file as policies

    loaded = policies.load_file(file)
    count = len(loaded.policy.presets)
    sys.stdout.write(
        f"{file}: valid policy {loaded.policy.name!r} with {count} preset"
        f"{'s' if count != 1 else ''} (sha256 {loaded.sha256})\n"
    )


@policy_app.command("init")
@reported
def policy_init(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="Where to write the starter policy (- for stdout)."),
    ],
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Write the documented starter policy (every key, with its meaning) to FILE to edit."""
    from importlib.resources import files

    from ldn_titrate.core import output as out
    from ldn_titrate.core.errors import InputError

    text = files("ldn_titrate.rules").joinpath("clinic-policy.toml").read_text(encoding="utf-8")
    try:
        out.write(text, file, force)
    except InputError as error:  # no -o here: name the file alone
        raise InputError([p.removeprefix("-o ") for p in error.problems]) from None
    if file != out.STDOUT and not quiet:
        sys.stderr.write(
            f"wrote {file}: edit it, check it with `ldn-titrate policy check {file}`, then use "
            "it with --policy or LDN_TITRATE_POLICY\n"
        )
