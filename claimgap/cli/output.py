"""Small helpers the commands share for printing with rich."""

from __future__ import annotations

from typing import Any


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def table(title: str, columns: list[str], rows: list[list[Any]]) -> Any:
    from rich.table import Table

    out = Table(title=title, title_justify="left")
    for n, column in enumerate(columns):
        numeric = rows and all(isinstance(row[n], (int, float)) for row in rows)
        out.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        out.add_row(*(str(cell) for cell in row))
    return out
