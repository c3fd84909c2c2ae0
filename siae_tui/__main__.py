"""Allow ``python -m siae_tui``."""

from siae_tui.cli import main

raise SystemExit(main())
