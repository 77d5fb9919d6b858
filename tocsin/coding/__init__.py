"""coding stage (see README: architecture)."""
