"""The ``claimgap`` command line: a thin shell over the library, one function per command.

Exit codes: 0 success, 1 a claimgap error (one line on stderr; ``--verbose`` for the traceback),
2 a usage error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import typer

from claimgap.cli import model as model_commands
from claimgap.cli import score as score_commands
from claimgap.cli.annotate import annotate_app
from claimgap.cli.corpus import corpus_app
from claimgap.errors import ClaimgapError
from claimgap.version import __version__

app = typer.Typer(
    name="claimgap", no_args_is_help=True, add_completion=False,
    pretty_exceptions_enable=False,
    help="Measure the gap between what governments promise and what they bind themselves to.",
)
app.add_typer(corpus_app, name="corpus")
app.command("train")(model_commands.train)
app.command("evaluate")(model_commands.evaluate)
app.command("classify")(model_commands.classify)
app.command("score")(score_commands.score)
app.add_typer(score_commands.register_app, name="register")
app.add_typer(annotate_app, name="annotate")

_state = {"verbose": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimgap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log details and show tracebacks."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    _state["verbose"] = verbose
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (used by the console script and by tests)."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="claimgap")
    except SystemExit as exc:  # click's standalone mode: usage errors exit 2, --help exits 0
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (ClaimgapError, OSError) as exc:
        if _state["verbose"]:
            raise
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        typer.secho(f"error: {message}", err=True, fg="red")
        return 1
    return 0


def run() -> None:
    sys.exit(main())
