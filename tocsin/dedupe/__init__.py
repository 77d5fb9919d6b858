"""dedupe stage (see README: architecture)."""
