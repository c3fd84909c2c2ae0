"""Widgets of siae-tui."""
