"""siae-tui: self-evaluation of an SIAE's projet d'insertion in the terminal."""

__version__ = "0.1.0"
