"""serve stage (see README: architecture)."""
