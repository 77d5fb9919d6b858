"""geo stage (see README: architecture)."""
