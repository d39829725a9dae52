"""The gap report as one self-contained HTML file: no scripts, no network, every string escaped."""

from __future__ import annotations

from html import escape
from typing import Any

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:60rem;color:#1b1b1b;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.summary{display:flex;gap:.5rem;flex-wrap:wrap;margin:.5rem 0 1rem}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-weight:600;
font-size:.85rem;color:#fff}
.backed{background:#1d7a3a}.weak{background:#a86200}.unbacked{background:#b3261e}
.s{padding:.05rem .15rem;border-radius:.2rem}
.s-promise{background:#fde7c8}.s-commitment{background:#d5ecd9}.s-other{background:transparent}
.s-uncertain{background:#e8e8e8}
.text p{margin:.3rem 0}.legend span{margin-right:.8rem}
.promise{border:1px solid #ddd;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
.promise blockquote{margin:.3rem 0 .5rem;font-style:italic}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #eee;padding:.25rem .4rem;text-align:left;vertical-align:top}
"""


def render_html(report: Any, standalone: bool = True) -> str:
    """The report as HTML; ``standalone`` adds the document shell and title."""
    parts = [f"<style>{_CSS}</style>", "<h1>claimgap gap report</h1>",
             '<p class="legend"><span class="s s-promise">promise</span>'
             '<span class="s s-commitment">commitment</span>'
             '<span class="s s-uncertain">uncertain</span></p>']
    for doc in report.documents:
        parts.append(_document(doc))
    body = "\n".join(parts)
    if not standalone:
        return f'<div class="claimgap-report">{body}</div>'
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>claimgap report</title></head><body>\n{body}\n</body></html>\n")


def _document(doc: Any) -> str:
    s = doc.summary
    out = [f"<section class=\"document\"><h2>{escape(doc.title or doc.source)}</h2>",
           f"<p>Source: <code>{escape(doc.source)}</code></p>",
           '<div class="summary">'
           f'<span class="badge backed">{s["backed"]} backed</span>'
           f'<span class="badge weak">{s["weak"]} weak</span>'
           f'<span class="badge unbacked">{s["unbacked"]} unbacked</span>'
           f'<span>of {s["promises"]} promises — gap score {s["gap_score"]:.2f}</span></div>',
           '<h3>Text</h3><div class="text"><p>']
    for sentence in doc.sentences:
        label = sentence.get("label", "other")
        title = ", ".join(f"{k} {v:.2f}" for k, v in sentence.get("probabilities", {}).items())
        out.append(f'<span class="s s-{escape(label)}" title="{escape(title)}" '
                   f'data-label="{escape(label)}">{escape(sentence["text"])}</span> ')
    out.append("</p></div><h3>Promises</h3>")
    for n, p in enumerate(doc.promises, start=1):
        out.append(f'<div class="promise" id="promise-{n}"><span class="badge '
                   f'{escape(p.verdict)}">{escape(p.verdict)}</span>'
                   f"<blockquote>{escape(p.text)}</blockquote>"
                   f"<p>{escape(p.explanation)}</p>")
        if p.evidence:
            out.append("<table><tr><th>mechanism</th><th>citation</th><th>force</th>"
                       "<th>enforceable</th><th>status</th><th>score</th></tr>")
            for e in p.evidence:
                out.append(f"<tr><td>{escape(e.mechanism_id)}</td><td>{escape(e.citation)}</td>"
                           f"<td>{escape(e.force)}</td><td>{escape(e.enforceable)}</td>"
                           f"<td>{escape(e.status)}</td><td>{e.score:.2f}</td></tr>")
            out.append("</table>")
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)
