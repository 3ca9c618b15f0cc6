"""The office app's screens."""
