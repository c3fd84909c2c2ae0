"""The screens of siae-tui."""
