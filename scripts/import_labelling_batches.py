"""Turn annotators' batch files into the committed label files (ids, offsets, sha1; no texts).

    python scripts/import_labelling_batches.py CORPUS_DIR WORK_DIR corpus/labels

WORK_DIR holds batch-NN.jsonl (what was shown) and labels-NN.jsonl (what was decided), plus
optionally labels-relabel.jsonl (a second annotator's blind sample) and authored.jsonl.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from claimgap.labels import LabelRecord, text_sha1

KEEP = ("label", "force", "enforceable", "status", "duty_bearer")


def records_for(batch: Path, labels: Path, sentences: pd.DataFrame, annotator: str) -> list[dict]:
    shown = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    decided = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    assert [s["sentence_id"] for s in shown] == [d["sentence_id"] for d in decided], batch
    out = []
    for item, decision in zip(shown, decided):
        row = sentences.loc[item["sentence_id"]]
        assert row.text == item["text"], item["sentence_id"]
        commitment = decision["label"] == "commitment"
        record = LabelRecord(
            sentence_id=item["sentence_id"], doc_id=item["doc_id"], label=decision["label"],
            sha1=text_sha1(row.text), source_file=item.get("source_file"), start=int(row.start),
            end=int(row.end), annotator=annotator,
            **{k: decision.get(k) if commitment else None for k in KEEP[1:]})
        out.append(record.to_dict())
    return out


def main() -> None:
    corpus, work, dest = map(Path, sys.argv[1:4])
    sentences = pd.read_parquet(corpus / "sentences.parquet").set_index("sentence_id")
    real: list[dict] = []
    for labels in sorted(work.glob("labels-[0-9][0-9].jsonl")):
        number = labels.stem.split("-")[1]
        real += records_for(work / f"batch-{number}.jsonl", labels, sentences, f"a{int(number)}")
    real = adjudicate(real, work, sentences)
    real.sort(key=lambda r: (r["doc_id"], r["start"]))
    dest.mkdir(parents=True, exist_ok=True)
    write(dest / "sentences.jsonl", real)
    if (work / "labels-relabel.jsonl").exists():
        second = records_for(work / "relabel.jsonl", work / "labels-relabel.jsonl", sentences, "b1")
        write(dest / "consistency.jsonl", second)
    if (work / "authored.jsonl").exists():
        authored = []
        for line in (work / "authored.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            commitment = item["label"] == "commitment"
            authored.append(LabelRecord(
                sentence_id=item["id"], doc_id=item["id"], label=item["label"],
                sha1=text_sha1(item["text"]), text=item["text"], authored=True,
                annotator="authored",
                **{k: item.get(k) if commitment else None for k in KEEP[1:]}).to_dict())
        write(dest / "authored.jsonl", authored)
    print(f"{len(real)} real labels from {len({r['doc_id'] for r in real})} documents")


ROUNDS = (("labels-review-[0-9].jsonl", "adjudicate"),      # the 420 hardest, re-read blind
          ("labels-review-rb-*.jsonl", "adjudicate-2"),     # every label, re-read blind
          ("labels-review-r5-*.jsonl", "adjudicate-3"),     # rounds 5 to 10, each re-read blind
          ("labels-review-r6-*.jsonl", "adjudicate-4"),
          ("labels-review-r7-*.jsonl", "adjudicate-5"),
          ("labels-review-r8-*.jsonl", "adjudicate-6"),
          ("labels-review-r9-*.jsonl", "adjudicate-7"),
          ("labels-review-r10-*.jsonl", "adjudicate-8"))


def adjudicate(real: list[dict], work: Path, sentences: pd.DataFrame) -> list[dict]:
    """Rounds of blind re-reading: where a re-read (review) disagrees with the current label, a
    third annotator read it blind too, and the majority label wins; with three different labels
    the current one stays."""
    for pattern, third_name in ROUNDS:
        reviews: dict[str, dict] = {}
        for labels in sorted(work.glob(pattern)):
            batch = work / labels.name.replace("labels-", "")
            reviews.update({r["sentence_id"]: r
                            for r in records_for(batch, labels, sentences, "r")})
        if not reviews:
            continue
        third: dict[str, dict] = {}
        if (work / f"labels-{third_name}.jsonl").exists():
            third = {r["sentence_id"]: r for r in records_for(
                work / f"{third_name}.jsonl", work / f"labels-{third_name}.jsonl", sentences, "j")}
        changed, agree = 0, 0
        out = []
        for record in real:
            review = reviews.get(record["sentence_id"])
            agree += bool(review and review["label"] == record["label"])
            if review and review["label"] != record["label"]:
                judge = third.get(record["sentence_id"])
                if judge and judge["label"] == review["label"]:
                    record = {**judge, "source_file": record["source_file"],
                              "annotator": f"{record['annotator']}+review+adjudicated"}
                    changed += 1
            out.append(record)
        real = out
        print(f"{pattern}: {agree} of {len(reviews)} re-read labels agreed; adjudication changed "
              f"{changed}")
    return real


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                            for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
