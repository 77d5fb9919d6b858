"""Reconciling the figures several mentions or reports give for one event (UCDP-style low/best/high).

Reports are never summed: two reports of "12 killed" are one toll of 12. Tolls rise as bodies are
found, so a later, larger figure from a reliable report supersedes an earlier one for ``best``
while the earlier one stays the conservative ``low``. Claims by a party (status ``claimed``)
and estimates later revised down only widen ``high``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocsin.model import COUNT_KINDS, Count, Counts


@dataclass(frozen=True)
class CountReport:
    """One figure as one mention or article gives it."""

    count: Count
    status: str = "reported"
    published: str | None = None


def _figure(count: Count) -> int | None:
    return count.best if count.best is not None else count.low


def combine_counts(reports: list[CountReport]) -> tuple[Count | None, str | None]:
    """The reconciled figure for one kind and the reason, or (None, None) when no report has one.

    best: the latest reliable report that gives a best figure (ties: the largest, then the longest text);
    low: the smallest reliable figure; high: the largest figure any report gives (a range's
    top, a party's claim, an earlier estimate since revised down), kept only when above best.
    Reliable = status "reported" (all reports if none is).
    """
    if not reports:
        return None, None
    reliable = [r for r in reports if r.status == "reported"] or list(reports)
    with_best = [r for r in reliable if r.count.best is not None]
    chosen = max(with_best, key=lambda r: (r.published or "", r.count.best, len(r.count.text), r.count.text),
                 default=None)  # ties: the fuller wording, which usually carries the qualifier
    best = chosen.count.best if chosen else None
    lows = [f for f in (_figure(r.count) for r in reliable) if f is not None]
    low = min(lows) if lows else None
    if low is not None and best is not None and low > best:
        low = best
    highs = [r.count.high for r in reports if r.count.high is not None]
    highs += [f for r in reports if (f := _figure(r.count)) is not None]
    high = max(highs) if highs else None
    floor = best if best is not None else low
    if high is not None and floor is not None and high <= floor:
        high = None
    source = chosen or min(reliable, key=lambda r: (_figure(r.count) is None, _figure(r.count) or 0, r.count.text))
    if low is None and best is None and high is None:
        return None, None
    combined = Count(low=low, best=best, high=high, text=source.count.text,
                     start=source.count.start, end=source.count.end)
    reason = (f"{len(reports)} report(s): best from the latest reliable figure, low the smallest, "
              f"high the largest other figure; text from '{source.count.text}'")
    return combined, reason


def combine_all(reports: dict[str, list[CountReport]]) -> tuple[Counts, dict[str, str]]:
    """Reconcile every count kind; returns the counts and one reason per kind that has a figure."""
    values: dict[str, Count | None] = {}
    reasons: dict[str, str] = {}
    for kind in COUNT_KINDS:
        combined, reason = combine_counts(reports.get(kind, []))
        values[kind] = combined
        if combined is not None and len(reports.get(kind, [])) > 1:
            reasons[f"counts.{kind}"] = reason or ""
    return Counts(**values), reasons
