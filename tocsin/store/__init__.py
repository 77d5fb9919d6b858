"""The store: a DuckDB database of articles, merged events, sources, indicators, a change feed and an ingest log.

``Store`` writes and reads records; ``tocsin.store.export`` turns events into files;
``tocsin.store.query`` (serving) reads for the API.
"""

from tocsin.store.store import BatchResult, Store, origin_of

__all__ = ["BatchResult", "Store", "origin_of"]
