"""store stage (see README: architecture)."""
