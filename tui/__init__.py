"""Screens and widgets of the terminal app: one face of the domain core."""
