"""siae-tui measured from the outside, as the terminal and an SSH link see it.

Each program runs in a pseudo-terminal of a given size. For each key written to it we record
the milliseconds until the LAST byte of the redraw it caused (a redraw ends after ``QUIET_MS``
with no byte) and the number of bytes written: what crosses an SSH link. The same keys go to a
bare Textual app that updates two ``Static`` widgets per key, in the same run, so the ratio
says what siae-tui adds to what Textual itself costs on this machine.

Standard library only (pty, select), like ``../shared/tools/pty-probe`` which shows the method.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.fixtures import default_referentiel, full_evaluation
from benchmarks.harness import Row, installed_environment
from siae_tui.domain.evaluation import Evaluation
from siae_tui.store import SessionStore

#: Silence that ends a redraw. Textual writes a frame in one burst; 150 ms is far above its
#: frame interval yet short enough to send hundreds of keys in a run.
QUIET_MS = 150
ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

#: The floor: a Textual app that updates two Statics per key (what any Textual app pays).
BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Static
    class Bare(App):
        def compose(self):
            yield Static("Accueil nu", id="a")
            yield Static("", id="b")
        def on_key(self, event):
            self.count = getattr(self, "count", 0) + 1
            self.query_one("#a", Static).update(f"touche {event.key} n° {self.count}")
            self.query_one("#b", Static).update("x" * (self.count % 40))
    Bare().run()
""")


@dataclass
class Terminal:
    """A program running in a pseudo-terminal of ``cols`` x ``rows``."""

    command: list[str]
    cols: int
    rows: int
    env: dict[str, str] = field(default_factory=dict)
    pid: int = 0
    fd: int = -1
    started: float = 0.0
    screen_text: bytes = b""

    def __enter__(self) -> Terminal:
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the program
            os.execvpe(self.command[0], self.command, {**installed_environment(), "TERM": "xterm-256color", **self.env})
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)

    def _read(self, timeout: float) -> bytes | None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        try:
            return os.read(self.fd, 1 << 16)
        except OSError:
            return b""

    def wait_for(self, marker: str, limit_s: float = 30) -> float:
        """Milliseconds from the start of the process until ``marker`` is on screen (text only)."""
        wanted = marker.encode()
        while time.perf_counter() - self.started < limit_s:
            data = self._read(0.005)
            if data:
                self.screen_text = (self.screen_text + ANSI.sub(b"", data))[-200_000:]
                if wanted in self.screen_text:
                    return (time.perf_counter() - self.started) * 1000
            elif data == b"":
                break
        raise RuntimeError(f"{marker!r} never appeared in {self.command}")

    def drain(self, quiet_ms: float = QUIET_MS, limit_s: float = 20) -> tuple[float | None, int]:
        """(milliseconds to the last byte, bytes) until ``quiet_ms`` pass with nothing written."""
        start, last, count = time.perf_counter(), None, 0
        while time.perf_counter() - start < limit_s:
            data = self._read(0.002)
            if data:
                count += len(data)
                last = time.perf_counter()
                continue
            waited = (time.perf_counter() - (last or start)) * 1000
            if data == b"" or waited > (quiet_ms if last else 4 * quiet_ms):
                break  # the program ended, the redraw is over, or the key changed nothing
        return ((last - start) * 1000 if last else None), count

    def key(self, key: str) -> tuple[float | None, int]:
        os.write(self.fd, key.encode())
        return self.drain()


def session_dir(directory: Path, scored: bool = True) -> str:
    """A session of all 247 practices (scored, with notes, or none scored) in ``directory``."""
    referentiel = default_referentiel()
    store = SessionStore(directory, [referentiel])
    evaluation = (
        full_evaluation(referentiel)
        if scored
        else Evaluation(
            referentiel.id, referentiel.version, "Régie Élan", full_evaluation(referentiel).date, "ACI", "Revue"
        )
    )
    session = store.create(evaluation)
    session.close()
    return session.id


def siae_command(sessions: Path, session_id: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "siae_tui", "--sessions-dir", str(sessions)]
    return command + (["open", session_id] if session_id else [])


def bare_command() -> list[str]:
    return [sys.executable, "-c", BARE_APP]


@dataclass
class KeyFigures:
    latencies: list[float] = field(default_factory=list)
    sizes: list[float] = field(default_factory=list)


def key_figures(command: list[str], size: tuple[int, int], keys: str, marker: str) -> dict[str, KeyFigures]:
    """Latency and bytes per key, grouped by kind: ``score`` (digits) and ``move`` (j/k)."""
    figures: dict[str, KeyFigures] = {"score": KeyFigures(), "move": KeyFigures()}
    with Terminal(command, *size) as terminal:
        terminal.wait_for(marker)
        terminal.drain(quiet_ms=800)
        for key in keys:
            latency, count = terminal.key(key)
            if latency is None:
                continue
            kind = figures["score" if key.isdigit() else "move"]
            kind.latencies.append(latency)
            kind.sizes.append(count)
            time.sleep(0.02)
    return figures


def burst(size: tuple[int, int], keys: str) -> tuple[float, bool]:
    """Milliseconds until ``keys``, written all at once, are all processed; and whether every
    score was recorded on its practice, in order (read back from the session file)."""
    with tempfile.TemporaryDirectory(prefix="siae-burst-") as directory:
        sessions = Path(directory)
        session_id = session_dir(sessions, scored=False)
        with Terminal(siae_command(sessions, session_id), *size) as terminal:
            terminal.wait_for("Pratique")
            terminal.drain(quiet_ms=800)
            terminal.started = time.perf_counter()
            os.write(terminal.fd, keys.encode())
            elapsed = terminal.wait_for("Bravo", limit_s=60)  # « Toutes les pratiques sont notées. Bravo ! »
            terminal.drain(quiet_ms=300)
        document = json.loads((sessions / f"{session_id}.json").read_text(encoding="utf-8"))
    values = document["session"]["1"]["values"]
    order = [p.id for p in default_referentiel().practices]
    return elapsed, [values.get(p) for p in order] == [int(k) for k in keys[: len(order)]]


def cold_start(command: list[str], marker: str) -> float:
    with Terminal(command, 80, 24) as terminal:
        return terminal.wait_for(marker)


def _row(name: str, samples: list[float], target: str, base: list[float], limit: float, unit: str = "ms") -> Row:
    row = Row(name, samples, target, "app Textual nue", base, unit=unit)
    row.passed = (row.p95 if unit == "ms" else row.median) <= limit
    return row


def bench_terminal(quick: bool) -> list[Row]:
    """Latency and bytes per key at 80x24 and 200x50, 247 keys at once, cold start: from outside."""
    rows: list[Row] = []
    scores, moves = (12, 8) if quick else (30, 20)
    # (size, p95 per key, bytes per scoring key, bytes per move): the targets of issue #17.
    targets = (((80, 24), 20, 2500, 1500), ((200, 50), 30, 6000, 3000))
    for size, latency, score_bytes, move_bytes in targets:
        with tempfile.TemporaryDirectory(prefix="siae-keys-") as directory:
            sessions = Path(directory)
            session_id = session_dir(sessions, scored=False)
            keys = "2" * scores + "jk" * moves
            siae = key_figures(siae_command(sessions, session_id), size, keys, "Pratique")
        bare = key_figures(bare_command(), size, "2j" * max(scores, moves), "Accueil nu")
        label = f"{size[0]}×{size[1]}"
        base = bare["score"].latencies + bare["move"].latencies
        base_bytes = bare["score"].sizes + bare["move"].sizes
        rows += [
            _row(
                f"terminal {label} : note → dernier octet",
                siae["score"].latencies,
                f"p95 ≤ {latency} ms",
                base,
                latency,
            ),
            _row(
                f"terminal {label} : j/k → dernier octet", siae["move"].latencies, f"p95 ≤ {latency} ms", base, latency
            ),
            _row(
                f"terminal {label} : octets par note",
                siae["score"].sizes,
                f"≤ {score_bytes} o",
                base_bytes,
                score_bytes,
                "o",
            ),
            _row(
                f"terminal {label} : octets par j/k",
                siae["move"].sizes,
                f"≤ {move_bytes} o",
                base_bytes,
                move_bytes,
                "o",
            ),
        ]
    runs = 1 if quick else 3
    results = [burst((200, 50), ("2301" * 62)[:247]) for _ in range(runs)]
    row = Row(
        "terminal 200×50 : 247 notes envoyées d'un coup", [ms for ms, _ in results], "≤ 1500 ms, toutes, dans l'ordre"
    )
    row.passed = row.median <= 1500 and all(ok for _, ok in results)
    rows.append(row)
    with tempfile.TemporaryDirectory(prefix="siae-start-") as directory:
        sessions = Path(directory)
        session_id = session_dir(sessions)
        cold_start(siae_command(sessions), "Quitter")  # writes the bytecode caches, as a first run would
        bare, home, walk = [], [], []
        for _ in range(5 if quick else 11):  # interleaved, so that all see the same machine load
            bare.append(cold_start(bare_command(), "Accueil nu"))
            home.append(cold_start(siae_command(sessions), "Quitter"))
            walk.append(cold_start(siae_command(sessions, session_id), "Progression"))
    median_bare = statistics.median(bare)
    home_row = Row("terminal : démarrage → accueil affiché", home, "≤ 1,3 × app nue", "app Textual nue", bare)
    home_row.passed = home_row.median <= 1.3 * median_bare
    walk_row = Row("terminal : démarrage → session ouverte affichée", walk, "≤ 1,5 × app nue", "app Textual nue", bare)
    walk_row.passed = walk_row.median <= 1.5 * median_bare
    return [*rows, home_row, walk_row]
