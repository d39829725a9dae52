"""TF-IDF n-gram vectors in plain NumPy, the same numbers as scikit-learn's ``TfidfVectorizer``.

``claimgap score`` and ``claimgap classify`` only *apply* fitted TF-IDF models (the classifier's and
the register's). Importing scikit-learn and SciPy for that costs more than a second of every cold
start, so inference uses this module: the analyzers reproduce scikit-learn's (``word`` with the
``(?u)\\b\\w\\w+\\b`` token pattern, ``char_wb``), tf is sublinear, idf is smoothed, rows are
L2-normalised. Training still fits with scikit-learn (vocabulary selection, ``min_df``,
``max_features``) and hands the vocabulary and idf over; ``tests/test_tfidf.py`` checks that both
give the same vectors.

>>> index = Tfidf("word", (1, 2)).fit(["the council must act", "the school may act"])
>>> rows = index.transform(["council must act now"])
>>> sorted(index.terms[i] for i in rows.indices)
['act', 'council', 'council must', 'must', 'must act']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")

# scikit-learn's ENGLISH_STOP_WORDS (BSD-3-Clause, from the Glasgow Information Retrieval Group),
# copied so that the register's word index needs no scikit-learn import; a test keeps them equal.
ENGLISH_STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand behind
being below beside besides between beyond bill both bottom but by call can cannot cant co con could
couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
fire first five for former formerly forty found four from front full further get give go had has
hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly
least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must
my myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out over
own part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime sometimes
somewhere still such system take ten than that the their them themselves then thence there
thereafter thereby therefore therein thereupon these they thick thin third this those though three
through throughout thru thus to together too top toward towards twelve twenty two un under until up
upon us very via was we well were what whatever when whence whenever where whereafter whereas
whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why
will with within without would yet you your yours yourself yourselves
""".split())


@dataclass(frozen=True)
class Rows:
    """Sparse rows in CSR layout: row ``r`` holds ``data[indptr[r]:indptr[r+1]]`` at columns
    ``indices[indptr[r]:indptr[r+1]]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def astype(self, dtype: type) -> Rows:
        """The same rows with values of another precision."""
        return Rows(self.indptr, self.indices, self.data.astype(dtype))

    def row_ids(self) -> np.ndarray:
        """The row of every stored value."""
        return np.repeat(np.arange(len(self)), np.diff(self.indptr))

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``rows @ weights.T`` for dense ``weights`` of shape (k, n_columns): (n_rows, k)."""
        out = np.zeros((len(self), weights.shape[0]))
        if len(self.data):
            ids = self.row_ids()
            for k in range(weights.shape[0]):
                out[:, k] = np.bincount(ids, weights=weights[k, self.indices] * self.data,
                                        minlength=len(self))
        return out

    def dense(self, n_columns: int, rows: slice = slice(None)) -> np.ndarray:
        """A dense block of these rows (``rows``: which ones)."""
        start, stop, _ = rows.indices(len(self))
        lo, hi = self.indptr[start], self.indptr[stop]
        out = np.zeros((max(0, stop - start), n_columns), dtype=np.float32)
        ids = np.repeat(np.arange(stop - start), np.diff(self.indptr[start:stop + 1]))
        out[ids, self.indices[lo:hi]] = self.data[lo:hi]
        return out

    def cosine(self, other: Rows, n_columns: int, batch: int = 256) -> np.ndarray:
        """``self @ other.T`` (dot products of L2-normalised rows: cosine similarity)."""
        out = np.zeros((len(self), len(other)))
        starts = other.indptr[:-1]
        empty = np.diff(other.indptr) == 0
        for lo in range(0, len(self), batch):
            block = self.dense(n_columns, slice(lo, lo + batch))
            if not len(other.data):
                continue
            products = block[:, other.indices] * other.data
            sums = np.add.reduceat(products, np.minimum(starts, len(other.data) - 1), axis=1)
            sums[:, empty] = 0.0
            out[lo:lo + len(block)] = sums
        return out


class Tfidf:
    """A TF-IDF vectoriser with scikit-learn's analyzers and weighting.

    Args:
        analyzer: ``"word"`` (tokens of two or more word characters) or ``"char_wb"`` (character
            n-grams inside word boundaries, padded with a space).
        ngram_range: smallest and largest n.
        stop_words: words dropped before word n-grams are made (``"english"`` for the list above).
        vocabulary: terms in column order (from a fitted model), or None to :meth:`fit`.
        idf: the idf of each column (with ``vocabulary``).
    """

    def __init__(self, analyzer: str = "word", ngram_range: tuple[int, int] = (1, 1),
                 stop_words: str | None = None, vocabulary: Sequence[str] | None = None,
                 idf: np.ndarray | None = None) -> None:
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"unknown analyzer {analyzer!r}")
        self.analyzer = analyzer
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.stop_words = ENGLISH_STOP_WORDS if stop_words == "english" else None
        self.set_fitted(vocabulary or [], idf if idf is not None else np.zeros(0))

    def set_fitted(self, terms: Sequence[str], idf: np.ndarray) -> Tfidf:
        """Use a fitted vocabulary (terms in column order) and its idf, as :meth:`fit` sets them."""
        self.terms: list[str] = list(terms)
        self.vocabulary = dict(zip(self.terms, range(len(self.terms))))
        self.idf = np.asarray(idf, dtype=np.float64)
        return self

    def analyze(self, text: str) -> list[str]:
        """The n-grams of ``text`` (lower-cased), as scikit-learn's analyzer makes them."""
        text = text.lower()
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            grams: list[str] = []
            for word in _SPACES.sub(" ", text).split():
                word = f" {word} "
                size = len(word)
                for n in range(low, high + 1):
                    if n >= size:  # a word no longer than n is one gram, and ends the word
                        grams.append(word)
                        break
                    grams += [word[i:i + n] for i in range(size - n + 1)]
            return grams
        tokens = _TOKEN.findall(text)
        if self.stop_words is not None:
            tokens = [t for t in tokens if t not in self.stop_words]
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
        return grams

    def fit(self, texts: Iterable[str]) -> Tfidf:
        """Learn the vocabulary (every n-gram, sorted) and the smoothed idf."""
        self._fit([self._counted(text) for text in texts])
        return self

    def fit_transform(self, texts: Iterable[str]) -> Rows:
        """:meth:`fit`, then :meth:`transform` the same texts (each analysed once)."""
        counted = [self._counted(text) for text in texts]
        self._fit(counted)
        return self._rows(counted)

    def transform(self, texts: Iterable[str]) -> Rows:
        """Sublinear tf × idf, L2-normalised rows; n-grams outside the vocabulary are dropped."""
        return self._rows(self._counted(text) for text in texts)

    def _counted(self, text: str) -> Counter[str]:
        return Counter(self.analyze(text))

    def _fit(self, counted: list[Counter[str]]) -> None:
        df: Counter[str] = Counter()
        for counts in counted:
            df.update(counts.keys())
        terms = sorted(df)
        self.set_fitted(terms, np.log((1 + len(counted))
                                      / (1 + np.array([df[t] for t in terms], dtype=np.float64))) + 1)

    def _rows(self, counted: Iterable[Counter[str]]) -> Rows:
        vocabulary = self.vocabulary
        lengths, columns, tf = [], [], []
        for counts in counted:
            found = [(vocabulary[g], n) for g, n in counts.items() if g in vocabulary]
            lengths.append(len(found))
            columns += [column for column, _ in found]
            tf += [n for _, n in found]
        lengths = np.asarray(lengths, dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        order = np.lexsort((columns, np.repeat(np.arange(len(lengths)), lengths)))  # row, column
        indices = np.asarray(columns, dtype=np.int64)[order]
        values = (1.0 + np.log(np.asarray(tf, dtype=np.float64)[order])) * self.idf[indices]
        filled = lengths > 0
        if filled.any():  # L2-normalise each non-empty row
            norms = np.sqrt(np.add.reduceat(values * values, indptr[:-1][filled]))
            values /= np.repeat(norms, lengths[filled])
        return Rows(indptr, indices, values)
