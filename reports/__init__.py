"""Office reports: summaries, visit summaries, exports and QR labels."""
