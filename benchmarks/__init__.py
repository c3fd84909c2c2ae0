"""Speed and memory measurements of siae-tui (``make bench``); never part of the test suite."""
