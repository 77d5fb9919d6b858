"""Deduplication: one event, one record (within an article, across articles) and article near-duplicates.

See tocsin/dedupe/README.md for the similarity, the count rule, the id rule and the change feed.
"""

from tocsin.dedupe.counts import CountReport, combine_all, combine_counts
from tocsin.dedupe.merge import (
    Match, MentionMerger, MergeDecision, age_key, combine_events, event_id, merge_candidates,
    mention_event,
)
from tocsin.dedupe.neardup import minhash, shingles
from tocsin.dedupe.similarity import Similarity, similarity



def cluster_documents(docs, config=None):  # type: ignore[no-untyped-def]
    """See ``tocsin.dedupe.cluster.cluster_documents`` (imported on first use: scikit-learn is slow to load)."""
    from tocsin.dedupe.cluster import cluster_documents as run

    return run(docs, config)


__all__ = [
    "CountReport", "Match", "MentionMerger", "MergeDecision", "Similarity", "age_key",
    "cluster_documents", "combine_all", "combine_counts", "combine_events", "event_id",
    "merge_candidates", "mention_event", "minhash", "shingles", "similarity",
]
