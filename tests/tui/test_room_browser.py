"""A real browser: headless Chromium opens the vote page at a phone's size, runs a workshop, loads ``serve``.

Skipped when ``chromium`` is not installed. Screenshots go to
``$SIAE_TUI_SCREENSHOTS`` when set (to look at them), else to the test's
temporary folder.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from siae_tui.domain.room import Room
from siae_tui.room import RoomServer
from siae_tui.ui.screens.walk import WalkScreen
from tests.chromium import Chromium, needs_chromium
from tests.tui.test_room import build, wait_for_count, wait_for_room
from tests.waiting import HANG_GUARD, hang_guard

pytestmark = needs_chromium


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SIAE_TUI_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def test_the_vote_page_fits_a_360_px_phone(referentiel, shots: Path) -> None:
    room = Room(referentiel, ("Awa", "Marc", "Léa"))
    room.show(referentiel.practice("1.1.1"))
    server = RoomServer(room, "127.0.0.1")
    await server.start()
    try:
        async with Chromium() as browser:
            phone = await browser.page(360, 800)
            await phone.goto(server.url)
            await phone.wait_for("!document.getElementById('choix-nom').hidden")
            await phone.screenshot(shots / "phone-names.png")
            await phone.click("#noms button:nth-child(2)")  # Marc
            await phone.wait_for("!document.getElementById('vote').hidden")
            await phone.click("#boutons button[data-valeur='2']")
            await phone.wait_for("document.querySelector('button.choisi') !== null")
            await phone.screenshot(shots / "phone-vote.png")
            assert room.tally().votes == {"Marc": 2}
            # Nothing wider than the phone; every button big enough for a thumb.
            assert await phone.evaluate("document.documentElement.scrollWidth") <= 360
            heights = await phone.evaluate(
                "[...document.querySelectorAll('#boutons button, .autre')].map(b => b.offsetHeight)"
            )
            assert len(heights) == 6 and min(heights) >= 48
            text = await phone.evaluate("document.body.innerText")
            assert "Je ne sais pas" in text and "Non applicable" in text and "Mis en place et à améliorer" in text
            # The short address asks for the room code and leads to the room.
            home = await browser.page(360, 800)
            await home.goto(server.base)
            await home.evaluate(f"document.getElementById('code').value = {json.dumps(server.token.upper())}")
            await home.click("button[type=submit]")
            await home.wait_for("location.pathname.length > 3 && document.readyState === 'complete'")
            await home.wait_for("!document.getElementById('choix-nom').hidden")
    finally:
        await server.close()


async def test_a_workshop_with_three_browser_phones_end_to_end(make_session, sessions_dir: Path, shots: Path) -> None:
    make_session()
    app = build(sessions_dir)
    async with app.run_test(size=(100, 32)) as pilot, Chromium() as browser:
        await pilot.press("enter")
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        walk.session.update_details(participants=["Awa", "Marc", "Léa"])
        await pilot.press("R")
        await wait_for_room(pilot, app)
        server = app.screen.server
        phones = [await browser.page(360, 800) for _ in range(3)]
        for index, (phone, value) in enumerate(zip(phones, ("3", "2", "2"), strict=True)):
            await phone.goto(server.url)
            await phone.wait_for("!document.getElementById('choix-nom').hidden")
            await phone.click(f"#noms button:nth-child({index + 1})")
            await phone.wait_for("document.getElementById('pratique-id').textContent === 'Pratique 1.1.1'")
            await phone.click(f"#boutons button[data-valeur='{value}']")
        await wait_for_count(pilot, app, "3/3 ont voté")
        await pilot.press("v")
        await phones[0].wait_for("document.getElementById('message').textContent.includes('dévoilés')")
        await pilot.press("enter")
        assert walk.session.evaluation.votes["1.1.1"] == {"Awa": 3, "Marc": 2, "Léa": 2}
        assert walk.session.evaluation.values["1.1.1"] == 2
        for phone in phones:  # every phone follows the walk by itself (server-sent events)
            await phone.wait_for("document.getElementById('pratique-id').textContent === 'Pratique 1.1.2'")
            assert await phone.evaluate("document.querySelector('button.choisi') === null")
        await phones[1].screenshot(shots / "phone-next-practice.png")
        await pilot.press("escape")
        assert isinstance(app.screen, WalkScreen) and walk.current == "1.1.2"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until_served(client: aiohttp.ClientSession, url: str, server: subprocess.Popen, log: Path) -> None:
    """``siae-tui serve`` answers ``url`` (or has exited, and its output says why)."""
    async with hang_guard(f"siae-tui serve to answer {url}"):
        while True:
            if server.poll() is not None:
                raise AssertionError(f"siae-tui serve exited with status {server.returncode}:\n{log.read_text()}")
            try:
                async with client.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass  # not listening yet
            await asyncio.sleep(0.05)  # the polling interval, not a wait for something


# textual-serve keeps its xterm.js terminal in a local variable, and xterm draws on a canvas, so the
# screen's text is in neither the DOM nor the accessibility tree. This script, run before the page's
# own, catches the terminal when textual-serve stores it (``this.terminal = new Terminal(...)``), then
# removes itself; ``siaeScreen()`` reads the visible rows from xterm's buffer, as the canvas shows them.
CATCH_THE_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", { value, writable: true, enumerable: true, configurable: true });
    if (value && value.buffer && value.buffer.active) {
      delete Object.prototype.terminal;
      window.siaeTerminal = value;
    }
  },
});
window.siaeScreen = () => {
  const terminal = window.siaeTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
};
"""


async def wait_for_screen(tab, *texts: str, what: str) -> str:
    """The terminal's text once every one of ``texts`` is on the screen."""
    wanted = " && ".join(f"screen.includes({json.dumps(text)})" for text in texts)
    return await tab.wait_for(f"(() => {{ const screen = window.siaeScreen(); return {wanted} && screen; }})()", what)


async def press(tab, key: str, code: str, virtual: int, text: str) -> None:
    """A key typed in the page's terminal (xterm listens on its hidden textarea)."""
    keys = {"key": key, "code": code, "windowsVirtualKeyCode": virtual, "nativeVirtualKeyCode": virtual}
    await tab.send("Input.dispatchKeyEvent", {"type": "keyDown", **keys, "text": text})
    await tab.send("Input.dispatchKeyEvent", {"type": "keyUp", **keys})


async def test_serve_shows_the_app_in_a_browser_tab_and_exports_are_downloads(
    referentiel, make_session, sessions_dir: Path, shots: Path, tmp_path: Path
) -> None:
    session = make_session(values={"1.1.1": 3})
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "siae_tui",
                "--sessions-dir",
                str(sessions_dir.resolve()),
                "serve",
                "--port",
                str(port),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        async with Chromium() as browser, aiohttp.ClientSession() as client:
            await wait_until_served(client, url, server, log)
            tab = await browser.page(1280, 800, mobile=False)
            await tab.add_script(CATCH_THE_TERMINAL)
            await tab.goto(url)
            await tab.wait_for(
                "document.querySelector('#terminal.-connected') !== null", "the page's terminal to connect"
            )
            assert await tab.evaluate("window.siaeTerminal !== undefined"), "xterm.js terminal not caught (renamed?)"
            # The terminal starts siae-tui: its home screen lists the session.
            await wait_for_screen(tab, "Régie Élan", "Revue 2026", "Ouvrir", what="the home screen listing the session")
            await tab.wait_for(
                "getComputedStyle(document.getElementById('terminal')).opacity === '1'",
                "the terminal to finish fading in",
            )
            await tab.screenshot(shots / "serve.png")  # for people to look at
            # Open the session, export (e, then Entrée): the app hands the file to the browser, which
            # opens a one-time download address (caught here instead of a new tab).
            await tab.evaluate("window.opened = []; window.open = (url) => { window.opened.push(url); return null; }")
            await tab.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            await press(tab, "Enter", "Enter", 13, "\r")
            practice = referentiel.practice("1.1.2")  # the first one without a score
            await wait_for_screen(tab, practice.id, practice.text, "Noter", what="the walk on practice 1.1.2")
            await press(tab, "e", "KeyE", 69, "e")
            await wait_for_screen(tab, "Exporter la session", "Entrée : télécharger", what="the export dialog")
            await press(tab, "Enter", "Enter", 13, "\r")
            [download] = await tab.wait_for("window.opened.length > 0 && window.opened", "the download address")
            async with client.get(download) as response:
                assert response.status == 200
                assert response.headers["Content-Disposition"] == f"attachment; filename={session.id}.html"
                assert '<html lang="fr">' in await response.text()
        assert not list(Path.cwd().glob("*.html"))  # nothing written next to the server
    finally:
        server.terminate()
        try:
            server.wait(HANG_GUARD)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
