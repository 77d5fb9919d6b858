"""Near-duplicate articles (syndicated copies, light rewrites) with MinHash over word shingles.

Signatures use a fixed seed, so the same text always gives the same signature and the same
estimated Jaccard; the store keeps them and links every pair above
``dedupe.near_duplicate_threshold`` whatever order the copies arrive in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch pulls in scipy (seconds): imported where signatures are made
    from datasketch import MinHash, MinHashLSH

SEED = 1
SCHEME = "affine32"  # pinned: stored signatures must be read back with the hashing that made them
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word n-grams; texts shorter than ``size`` words give their words."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return set(words)
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def minhash(text: str, num_perm: int = 128) -> MinHash:
    from datasketch import MinHash

    sig = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    for shingle in sorted(shingles(text)):
        sig.update(shingle.encode("utf-8"))
    return sig


def to_bytes(sig: MinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes, num_perm: int) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint64))


def new_index(threshold: float, num_perm: int) -> MinHashLSH:
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=threshold, num_perm=num_perm)
