"""eval stage (see README: architecture)."""
