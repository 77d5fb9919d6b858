"""ingest stage (see README: architecture)."""
