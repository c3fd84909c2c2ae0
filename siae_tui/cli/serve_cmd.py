"""``siae-tui serve``: the whole app in a browser tab (textual-serve).

For a facilitator who has a browser on the projector's laptop but no terminal
habit. Every tab runs its own ``siae-tui`` process on the same sessions
folder (the session lock still allows one writer). textual-serve has no
authentication of its own: it listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from siae_tui import locations
from siae_tui.cli.common import CliError, Subparsers

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Seconds a download waits for the app's next chunk before it ends (textual-serve's own: 4).
DOWNLOAD_TIMEOUT = 60


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="l'application dans un onglet du navigateur (sans authentification : sur cette machine par défaut)",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, metavar="ADRESSE", help=f"adresse d'écoute (défaut : {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", default=DEFAULT_PORT, type=int, metavar="PORT", help=f"port (défaut : {DEFAULT_PORT})"
    )
    parser.set_defaults(func=run_serve)


def app_command(args: argparse.Namespace) -> str:
    """The command each browser tab runs: this siae-tui, on the same folders, with absolute paths."""
    command = [
        sys.executable,
        "-m",
        "siae_tui",
        "--sessions-dir",
        str(locations.sessions_dir(args.sessions_dir).resolve()),
    ]
    if args.referentiels_dir:
        command += ["--referentiels-dir", str(Path(args.referentiels_dir).resolve())]
    if getattr(args, "room_host", None):
        command += ["--room-host", args.room_host]
    return shlex.join(command)


def run_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CliError(f"port {args.port} impossible : choisissez un nombre entre 1 et 65535")
    from textual_serve import download_manager  # the web stack is loaded only for this command
    from textual_serve.server import Server

    # textual-serve ends a download when the app's process has not sent the next chunk within
    # 4 s, and the browser keeps a file cut short without a word: a busy laptop (the tests saw it
    # beside three busy processes) must not cut an export. A process that really died still
    # ends it, through the closed websocket.
    download_manager.DOWNLOAD_TIMEOUT = DOWNLOAD_TIMEOUT

    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"siae-tui dans le navigateur : ouvrez http://{host}:{args.port}/ (Ctrl+C pour arrêter).")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            "Attention : aucune authentification. Toute personne qui atteint cette adresse "
            "ouvre les sessions de ce dossier.",
            file=sys.stderr,
        )
    Server(app_command(args), host=args.host, port=args.port, title="siae-tui").serve()
    return 0
