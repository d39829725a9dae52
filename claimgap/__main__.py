"""``python -m claimgap`` runs the command line."""

from claimgap.cli import run

run()
