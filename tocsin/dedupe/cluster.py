"""Documents grouped by the real-world event they report (document-level cross-document coreference).

Each document becomes a TF-IDF vector of its content words joined with a second TF-IDF vector
of its names and numbers (capitalised words that do not open a sentence, figures, years):
two reports of the same earthquake share the town, the magnitude and the toll, while an
earthquake in another year shares only the vocabulary. Documents are then grouped by
average-link agglomerative clustering on cosine distance, cut at ``dedupe.cluster_threshold``
(a similarity). Where both publication dates are known, every week between them adds 0.1 to
the distance (at most 0.5), since reports of one event appear within days of each other.
"""

from __future__ import annotations

import re
from datetime import date as Date

import numpy as np
from scipy.sparse import hstack
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from tocsin.config import Config, load_config

NAME_WEIGHT = 0.75
_NAME = re.compile(r"\b[A-Z][A-Za-z'-]+")
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_SENTENCE_END = set(".!?\"'`\n")


def names_and_numbers(text: str) -> str:
    """Capitalised words that do not open a sentence, and figures, as one token string."""
    tokens = []
    for match in _NAME.finditer(text):
        before = text[:match.start()].rstrip(" \t")
        if before and before[-1] not in _SENTENCE_END:
            tokens.append("E_" + match.group().lower())
    tokens += ["N_" + m.group().replace(",", "") for m in _NUMBER.finditer(text)]
    return " ".join(tokens)


def _date_penalty(published: list[str | None]) -> np.ndarray:
    days = np.array([Date.fromisoformat(p[:10]).toordinal() if p else -1 for p in published], dtype=float)
    known = days >= 0
    gap = np.abs(days[:, None] - days[None, :])
    penalty = np.minimum(0.5, 0.1 * gap / 7.0)
    penalty[~(known[:, None] & known[None, :])] = 0.0
    return penalty


def _matrix(texts: list[str]) -> "np.ndarray":
    words = TfidfVectorizer(stop_words="english", sublinear_tf=True, max_df=0.5 if len(texts) > 20 else 1.0,
                            token_pattern=r"(?u)\b[A-Za-z0-9][\w'-]+\b")
    x = normalize(words.fit_transform(texts))
    named = [names_and_numbers(t) for t in texts]
    if any(named):
        names = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", lowercase=False)
        x = normalize(hstack([x, normalize(names.fit_transform(named)) * NAME_WEIGHT]).tocsr())
    return (x @ x.T).toarray()


def cluster_documents(docs: list[tuple[str, str, str | None]], config: Config | None = None) -> dict[str, str]:
    """Map each (id, text, published) to a cluster label ("c0", "c1", ...) grouping reports of one event.

    Labels are numbered in order of each cluster's first document in the input.
    """
    if not docs:
        return {}
    if len(docs) == 1:
        return {docs[0][0]: "c0"}
    threshold = float((config or load_config())["dedupe"]["cluster_threshold"])
    texts = [text or "" for _, text, _ in docs]
    if not any(t.strip() for t in texts):
        return {doc_id: f"c{i}" for i, (doc_id, _, _) in enumerate(docs)}
    distance = 1.0 - _matrix(texts) + _date_penalty([p for _, _, p in docs])
    np.fill_diagonal(distance, 0.0)
    distance = np.clip(distance, 0.0, None)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - threshold).fit(distance).labels_
    names: dict[int, str] = {}
    for label in labels:
        names.setdefault(int(label), f"c{len(names)}")
    return {doc_id: names[int(label)] for (doc_id, _, _), label in zip(docs, labels)}
