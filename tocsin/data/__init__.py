"""data stage (see README: architecture)."""
