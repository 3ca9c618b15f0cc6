"""The command line: a thin face over survey/, storage/ and sync/."""
