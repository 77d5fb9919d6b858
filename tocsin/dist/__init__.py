"""dist stage (see README: architecture)."""
