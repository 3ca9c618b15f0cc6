"""One module per screen of the volunteer's app."""
