"""The README documents every command: a command added without a line in it fails here
(the way sqlite-utils polices its docs)."""

from __future__ import annotations

from pathlib import Path

import typer

from claimledger.cli.main import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[str]:
    root = typer.main.get_command(app)
    out = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        out.append(name)
        out += [f"{name} {sub}" for sub in getattr(cmd, "commands", {})]
    return sorted(out)


def test_every_command_has_an_example_in_the_readme() -> None:
    missing = [c for c in command_paths() if f"claimledger {c}" not in README]
    assert not missing, f"add an example of these commands to README.md: {missing}"


def test_the_list_of_commands_is_real() -> None:
    paths = command_paths()
    assert {"analyze", "export", "report", "serve", "review merge", "corrections import"} <= set(paths)
