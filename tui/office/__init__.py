"""The office supervisor's screens: inbox, problems, review, register, summaries (issue 6)."""
