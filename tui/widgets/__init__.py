"""Reusable widgets of the volunteer's app."""
