"""The command line's shape: one module per command, every one listed and imported plainly."""
import subprocess
import sys
from pathlib import Path

from registry_app.cli import main as cli_main
from registry_app.cli.commands import gui

COMMANDS_DIR = Path(cli_main.__file__).parent / "commands"


def subparser_names(parser) -> list[str]:
    """The subcommands a parser offers, in the order --help lists them."""
    action = next(a for a in parser._actions if a.dest == "command")
    return list(action.choices)


def test_every_command_module_is_listed_once_in_the_parser():
    on_disk = {p.stem for p in COMMANDS_DIR.glob("*.py") if p.stem != "__init__"}
    listed = [m.__name__.rsplit(".", 1)[1] for m in (gui, *cli_main.COMMANDS)]
    assert sorted(listed) == sorted(on_disk)
    assert len(set(listed)) == len(listed)


def test_each_command_module_registers_its_own_run():
    parser = cli_main.build_parser()
    names = subparser_names(parser)
    assert names[0] == "gui" and len(names) == 1 + len(cli_main.COMMANDS)
    action = next(a for a in parser._actions if a.dest == "command")
    for module in (gui, *cli_main.COMMANDS):
        registered = [p.get_default("func") for p in action.choices.values()]
        assert module.run in registered, module.__name__


def test_a_missing_command_module_stops_the_program():
    probe = ("import sys; sys.modules['registry_app.cli.commands.verify'] = None\n"
             "import registry_app.cli.main")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "registry_app.cli.commands.verify" in result.stderr
