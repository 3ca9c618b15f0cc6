"""Homes, the crash-safe TinyDB store and its files. Never imports textual."""
