"""The gap report: per document, every sentence's label and every promise's verdict and evidence.

Renders as JSON (the contract other tools use), CSV, Markdown, a rich table, self-contained HTML,
and a pandas DataFrame; in Jupyter it shows itself as HTML.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from claimgap.alignment import VERDICTS, Evidence


@dataclass(frozen=True)
class PromiseVerdict:
    """One promise of a document with its verdict, explanation and evidence."""

    sentence_id: str
    text: str
    verdict: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"sentence_id": self.sentence_id, "text": self.text, "verdict": self.verdict,
                "explanation": self.explanation,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class DocumentReport:
    """The sentences and promises of one source."""

    source: str
    title: str
    sentences: tuple[dict[str, Any], ...]
    promises: tuple[PromiseVerdict, ...]

    @property
    def summary(self) -> dict[str, Any]:
        counts = {v: sum(p.verdict == v for p in self.promises) for v in VERDICTS}
        total = len(self.promises)
        gap = round((counts["weak"] + counts["unbacked"]) / total, 4) if total else 0.0
        return {"promises": total, **counts, "gap_score": gap}

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "sentences": list(self.sentences),
                "promises": [p.to_dict() for p in self.promises], "summary": self.summary}


@dataclass(frozen=True)
class GapReport:
    """Everything ``claimgap score`` found, for one or more documents."""

    documents: tuple[DocumentReport, ...]

    @property
    def promises(self) -> list[PromiseVerdict]:
        return [p for d in self.documents for p in d.promises]

    @property
    def verdicts(self) -> list[str]:
        return [p.verdict for p in self.promises]

    def to_dict(self) -> dict[str, Any]:
        return {"documents": [d.to_dict() for d in self.documents]}

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_frame(self) -> Any:
        """One row per promise (pandas DataFrame)."""
        import pandas as pd

        return pd.DataFrame(promise_rows(self))

    def to_csv(self) -> str:
        buffer = io.StringIO()
        rows = promise_rows(self)
        writer = csv.DictWriter(buffer, fieldnames=list(_ROW_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()

    def to_markdown(self) -> str:
        lines = []
        for doc in self.documents:
            s = doc.summary
            lines += [f"# {_md(doc.title or doc.source)}", "",
                      f"{s['promises']} promises: {s['backed']} backed, {s['weak']} weak, "
                      f"{s['unbacked']} unbacked — gap score {s['gap_score']:.2f}", "",
                      "| # | promise | verdict | best evidence | explanation |",
                      "|---|---|---|---|---|"]
            for n, p in enumerate(doc.promises, start=1):
                best = p.evidence[0] if p.evidence else None
                evidence = f"{best.citation} ({best.force}, {best.status})" if best else "—"
                lines.append(f"| {n} | {_md(p.text)} | **{p.verdict}** | {_md(evidence)} | "
                             f"{_md(p.explanation)} |")
            lines.append("")
        return "\n".join(lines)

    def to_html(self) -> str:
        from claimgap.html_report import render_html

        return render_html(self)

    def _repr_html_(self) -> str:
        from claimgap.html_report import render_html

        return render_html(self, standalone=False)

    def rich_table(self) -> Any:
        from rich.table import Table

        tables = []
        colours = {"backed": "green", "weak": "yellow", "unbacked": "red"}
        for doc in self.documents:
            s = doc.summary
            table = Table(title=f"{doc.title or doc.source}: {s['promises']} promises, "
                                f"{s['backed']} backed, {s['weak']} weak, {s['unbacked']} "
                                f"unbacked, gap score {s['gap_score']:.2f}",
                          title_justify="left", show_lines=True)
            for column in ("#", "promise", "verdict", "best evidence"):
                table.add_column(column)
            for n, p in enumerate(doc.promises, start=1):
                best = p.evidence[0] if p.evidence else None
                evidence = f"{best.citation}\n{best.force}, {best.status}, enforceable " \
                           f"{best.enforceable}" if best else "—"
                table.add_row(str(n), p.text, f"[{colours[p.verdict]}]{p.verdict}[/]", evidence)
            tables.append(table)
        return tables


_ROW_FIELDS = ("source", "sentence_id", "text", "verdict", "explanation", "mechanism_id",
               "citation", "force", "enforceable", "status", "score")


def promise_rows(report: GapReport) -> list[dict[str, Any]]:
    rows = []
    for doc in report.documents:
        for p in doc.promises:
            best = p.evidence[0] if p.evidence else None
            rows.append({"source": doc.source, "sentence_id": p.sentence_id, "text": p.text,
                         "verdict": p.verdict, "explanation": p.explanation,
                         "mechanism_id": best.mechanism_id if best else "",
                         "citation": best.citation if best else "",
                         "force": best.force if best else "",
                         "enforceable": best.enforceable if best else "",
                         "status": best.status if best else "",
                         "score": round(best.score, 4) if best else ""})
    return rows


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
