"""Keys, signed and encrypted bundles, and the merge at the office. Never imports textual."""
