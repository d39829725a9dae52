"""Write the analyst notebooks (outputs stripped). Re-run after editing the cells here:

    python notebooks/make_notebooks.py

Execute them (and regenerate the README figures in docs/figures/) with:

    CLAIMGAP_SAVE_FIGURES=1 pytest tests/test_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

QUICKSTART = [
    new_markdown_cell("# claimgap quickstart\n\nScore an announcement: find its promises, match "
                      "each to the mechanisms that could back it, and read the verdicts and "
                      "evidence. The announcement is one we wrote in the words of 2026 SEND "
                      "messaging (`examples/experts-at-hand.txt`)."),
    new_code_cell("import claimgap\n\ntext = open('../examples/experts-at-hand.txt', "
                  "encoding='utf-8').read()\nreport = claimgap.analyze(text)\nreport"),
    new_markdown_cell("One row per promise, with the best evidence:"),
    new_code_cell("frame = report.to_frame()\nframe[['text', 'verdict', 'citation', 'force', "
                  "'enforceable']]"),
    new_markdown_cell("The explanations are written to be pasted into a briefing:"),
    new_code_cell("for promise in report.promises:\n    print(f'{promise.verdict:>8}: "
                  "{promise.text}')\n    print(f'          {promise.explanation}\\n')"),
    new_code_cell("summary = report.documents[0].summary\nassert summary['backed'] == 0\n"
                  "summary"),
    new_markdown_cell("Every promise is at best *weak*: the enforceable route to provision "
                      "(CFA 2014 s.42) applies only to children with an EHC plan, and support "
                      "without a plan rests on the schools' best-endeavours duty (s.66)."),
]

CORPUS_GAPS = [
    new_markdown_cell("# Promises and commitments in GOV.UK news, 2010–2025\n\nClassify every "
                      "sentence of the bulk GOV.UK news corpus (two CommonCrawl scrapes in "
                      "`../shared/corpus/raw`), then plot the promise/commitment mix and the gap "
                      "score (share of promises with no enforceable backing in our registers) by "
                      "department and by year."),
    new_code_cell("import os\nfrom pathlib import Path\nimport matplotlib\n"
                  "matplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nimport pandas as pd\n"
                  "import claimgap\nfrom claimgap.model import load_model\n"
                  "from claimgap.alignment import Aligner\n"
                  "from claimgap.register import load_registers\n\n"
                  "RAW = Path('../../shared/corpus/raw')\n"
                  "FILES = [RAW / 'bulk-govuk-news-commoncrawl-2024p2.csv', "
                  "RAW / 'bulk-govuk-news-commoncrawl-2025.csv']\n"
                  "SAVE = os.environ.get('CLAIMGAP_SAVE_FIGURES') == '1'\n"
                  "corpus = claimgap.Corpus.build(FILES, '../out/news-corpus', progress=False)\n"
                  "docs, sents = corpus.documents, corpus.sentences\nlen(docs), len(sents)"),
    new_code_cell("# corpus scale: the fast TF-IDF model (the default vote runs MiniLM on "
                  "every sentence)\nmodel = load_model('../models/linear-tfidf-v2')\n"
                  "sents = sents[sents.kind != 'heading'].copy()\n"
                  "sents['label'] = [l.label for l in model.predict(sents.text.tolist())]\n"
                  "promises = sents[sents.label == 'promise'].copy()\n"
                  "aligner = Aligner(load_registers(), embeddings=False)\n"
                  "promises['verdict'] = [v.verdict for v in "
                  "aligner.align_many(promises.text.tolist())]\n"
                  "sents.label.value_counts()"),
    new_code_cell("meta = docs[['doc_id', 'publisher', 'date']].copy()\n"
                  "meta['department'] = meta.publisher.fillna('unknown').str.split(r' and |, ')"
                  ".str[0].str.strip()\n"
                  "meta['year'] = pd.to_numeric(meta.date.str[:4], errors='coerce')\n"
                  "labelled = sents.merge(meta, on='doc_id')\n"
                  "gaps = promises.merge(meta, on='doc_id')\n"
                  "top = labelled.department.value_counts().head(12).index\n"
                  "mix = (labelled[labelled.department.isin(top)]\n"
                  "       .groupby('department').label.value_counts(normalize=True)"
                  ".unstack(fill_value=0))\n"
                  "gap = (gaps[gaps.department.isin(top)].groupby('department').verdict\n"
                  "       .apply(lambda v: (v != 'backed').mean()))\n"
                  "mix.assign(gap_score=gap).sort_values('promise', ascending=False).round(3)"),
    new_code_cell("fig, axes = plt.subplots(1, 2, figsize=(13, 5))\n"
                  "mix[['promise', 'commitment']].sort_values('promise').plot.barh(ax=axes[0])\n"
                  "axes[0].set_title('Share of sentences by department')\n"
                  "axes[0].set_xlabel('share of sentences')\n"
                  "by_year = labelled.dropna(subset=['year']).groupby('year').label"
                  ".value_counts(normalize=True).unstack(fill_value=0)\n"
                  "by_year = by_year[by_year.index >= 2010]\n"
                  "by_year[['promise', 'commitment']].plot(ax=axes[1], marker='o')\n"
                  "gap_year = gaps.dropna(subset=['year']).groupby('year').verdict"
                  ".apply(lambda v: (v != 'backed').mean())\n"
                  "gap_year[gap_year.index >= 2010].plot(ax=axes[1], marker='s', "
                  "linestyle='--', label='gap score')\n"
                  "axes[1].set_title('By year of publication')\naxes[1].legend()\n"
                  "fig.tight_layout()\n"
                  "if SAVE:\n    fig.savefig('../docs/figures/news-mix.png', dpi=110)\n"
                  "len(promises), gaps.verdict.value_counts().to_dict()"),
    new_markdown_cell("**Reading the figures.** Most sentences of GOV.UK news are background "
                      "(`other`); promises are a small share in every department, and a larger "
                      "one in ministerial and policy-heavy departments than in operational ones "
                      "(defence, health protection bulletins). The gap score is close to 1 "
                      "everywhere: our registers cover SEND and energy bills only, so a promise "
                      "about policing or trade can at best be *weak* or *unbacked* — the figure "
                      "measures what these registers can vouch for, not the government's "
                      "overall record. Add a register for an area to make its gap score "
                      "meaningful."),
]


RETRAIN = [
    new_markdown_cell("# Retrain with the sentences the model is least sure of\n\nThe loop a "
                      "researcher runs: export uncertain sentences to an annotation tool (Label "
                      "Studio here), label them, import the labels (checked against the corpus), "
                      "retrain, and compare the metrics before and after. The labels were made by "
                      "hand for the exported tasks and are kept by sentence id in "
                      "`notebooks/data/annotation-demo-decisions.jsonl` (no texts)."),
    new_code_cell("import json, shutil\nfrom pathlib import Path\nimport pandas as pd\n"
                  "import claimgap\nfrom claimgap.annotation import export_uncertain, "
                  "import_annotations\n\nRAW = Path('../../shared/corpus/raw')\n"
                  "files = sorted(p for p in RAW.iterdir() if p.name.startswith(('govuk-', "
                  "'nhsuk-', 'ukpga-')))\n"
                  "corpus = claimgap.Corpus.build(files, '../out/demo-annotate-corpus', "
                  "manifest=RAW / 'MANIFEST.json', progress=False)\n"
                  "n = export_uncertain('../out/demo-annotate-corpus', '../out/tasks.json', n=40, "
                  "fmt='label-studio', model='../models/linear-tfidf-v2')\nn"),
    new_markdown_cell("In Label Studio each task is labelled and the project exported as JSON. "
                      "Here the hand-made decisions are applied to the tasks in the same export "
                      "format the tool writes:"),
    new_code_cell("decisions = {d['sentence_id']: d['label'] for d in map(json.loads, "
                  "open('data/annotation-demo-decisions.jsonl'))}\n"
                  "tasks = json.load(open('../out/tasks.json'))\nfor task in tasks:\n"
                  "    label = decisions.get(task['data']['sentence_id'])\n"
                  "    task['annotations'] = [{'result': [{'from_name': 'label', 'to_name': "
                  "'text', 'type': 'choices', 'value': {'choices': [label]}}]}] if label else []\n"
                  "Path('../out/export.json').write_text(json.dumps(tasks))\n"
                  "out = Path('../out/annotated-demo.jsonl'); out.unlink(missing_ok=True)\n"
                  "summary = import_annotations('../out/export.json', "
                  "'../out/demo-annotate-corpus', out)\n"
                  "summary.imported, summary.rejected, pd.Series([json.loads(l)['label'] for l in "
                  "out.read_text().splitlines()]).value_counts().to_dict()"),
    new_code_cell("shutil.rmtree('../out/models/linear-demo', ignore_errors=True)\n"
                  "new = claimgap.train('../configs/linear.toml', ['name=\"linear-demo\"', "
                  "'data.labels=[\"../corpus/labels\", \"../out/annotated-demo.jsonl\"]'], "
                  "output='../out/models/linear-demo')\n"
                  "rows = {}\nfor name, model in (('before', '../models/linear-tfidf-v2'), "
                  "('after', new)):\n"
                  "    m = claimgap.evaluate(model, '../corpus/labels', split='test')\n"
                  "    rows[name] = {'macro_f1': m.macro_f1, 'ece': m.ece, **{f'{c}_f1': "
                  "m.per_class[c]['f1'] for c in m.per_class}}\n"
                  "comparison = pd.DataFrame(rows).T\ncomparison"),
    new_markdown_cell("Forty labels on a training set of about two thousand move the test metrics "
                      "only a little; the loop, not the size of this batch, is the point. Export "
                      "more (`claimgap annotate export --uncertain 500`) to move them further."),
]


def main() -> None:
    for name, cells in (("01-quickstart.ipynb", QUICKSTART),
                        ("02-corpus-gaps.ipynb", CORPUS_GAPS),
                        ("03-retrain.ipynb", RETRAIN)):
        notebook = new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nbformat.write(notebook, HERE / name)


if __name__ == "__main__":
    main()
