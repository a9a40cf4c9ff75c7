"""Entry point of `registry-app`: global options, subcommand dispatch, plain error messages."""
from __future__ import annotations

import argparse
import logging
import os
import sys

from .. import __version__
from ..domain.errors import Cancelled, RegistryError
from ..paths import log_dir
from .commands import (backup, backups, benchmarks, check, demo, dictionary, export, gui,
                       import_, merge, merges, queries, report, restore, settings_history,
                       signoff, stats, unmerge, verify)

COMMANDS = (demo, import_, export, dictionary, stats, benchmarks, report, verify, signoff,
            check, queries, backup, backups, restore, settings_history, merge, merges, unmerge)
"""The subcommands after `gui`, in the order `--help` lists them."""
EXIT_ERROR, EXIT_UNEXPECTED, EXIT_INTERRUPTED = 1, 70, 130


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The command line; only `gui` (fewer parsers to build) when only the window starts."""
    parser = argparse.ArgumentParser(
        prog="registry-app",
        description="Thrombectomy and rescue-stent case registry for interventional radiology.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", default=None,
                        help="registry file or SQLAlchemy URL (default: REGISTRY_DB or the"
                             " registry in your user data folder)")
    parser.add_argument("--user", default=None, help="name recorded in the audit trail"
                                                     " (default: your operating-system user)")
    parser.add_argument("--self-test", action="store_true",
                        help="open and check the registry, build a report into a temporary"
                             " folder and show the main window once, then exit (0: all passed)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui.register(sub)
    for command in COMMANDS if with_commands else ():
        command.register(sub)
    return parser


def run_self_test(args: argparse.Namespace) -> int:
    from ..selftest import run_self_test as self_test
    return self_test(args.db, user=args.user)


def names_a_command(argv: list[str]) -> bool:
    """Whether the arguments name a command other than 'gui' or ask for help/version."""
    tokens = iter(argv)
    for token in tokens:
        if token in ("--db", "--user"):
            next(tokens, None)  # its value
        elif token in ("-h", "--help", "--version") or not (token.startswith("-")
                                                          or token == "gui"):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(with_commands=names_a_command(argv))
    args = parser.parse_args(argv)
    if args.self_test:
        args.func = run_self_test
    elif not getattr(args, "func", None):
        args.func = gui.run
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except (Exception, KeyboardInterrupt) as exc:  # the one place for every failure
        return report_failure(exc)


def report_failure(exc: BaseException) -> int:
    """Print one plain sentence for a failure on stderr (logging unexpected ones) and return
    the command's exit status."""
    from ..services import failures
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        return failures.EXIT_BROKEN_PIPE
    if isinstance(exc, (KeyboardInterrupt, Cancelled)):
        print("Cancelled." if isinstance(exc, Cancelled) else "Interrupted.", file=sys.stderr)
        return EXIT_ERROR if isinstance(exc, Cancelled) else EXIT_INTERRUPTED
    failure = failures.classify(exc)
    if failure is not None:
        print(f"Error: {failure.message}", file=sys.stderr)
        return failure.exit_code
    if isinstance(exc, RegistryError):
        print(f"Error: {exc}", file=sys.stderr)
        return failures.exit_status(exc, EXIT_ERROR)
    path = _log_unexpected(exc)
    print(f"Unexpected error: {_first_line(exc)}. Details were written to {path}.",
          file=sys.stderr)
    return EXIT_UNEXPECTED


def _silence_stdout() -> None:
    """The reader went away (`| head`): drop what is still buffered, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _first_line(exc: BaseException) -> str:
    """The error's own first line, without SQL or its values."""
    from ..services.maintenance.logfile import safe_text
    return (safe_text(exc).strip().splitlines() or [type(exc).__name__])[0]


def _log_unexpected(exc: BaseException) -> str:
    from ..services.maintenance.logfile import write_exception
    path = log_dir() / "registry-app.log"
    return str(write_exception(path, logging.getLogger("registry_app.cli"), exc))


if __name__ == "__main__":
    sys.exit(main())
