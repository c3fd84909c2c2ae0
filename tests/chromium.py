"""A headless Chromium driven over the DevTools protocol, for the tests that need a real browser.

No Playwright (its browser download is not reachable): Debian's ``chromium``
started with ``--remote-debugging-port=0``, and aiohttp's WebSocket client.
Every host name except 127.0.0.1 resolves to nothing, so the browser cannot
reach the network. Each ``page()`` is its own browser context: separate
localStorage, as separate phones have. Tests using it are skipped when
``chromium`` is not installed.

Nothing here waits for a length of time: ``wait_for`` polls the page for a
state, and every wait has only a generous hang guard whose failure says what
was awaited (see ``tests/waiting.py``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.waiting import HANG_GUARD, hang_guard

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium n'est pas installé")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-sync",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-pings",
    "--hide-scrollbars",
    "--font-render-hinting=none",
    # Only the room's server (and textual-serve's) on 127.0.0.1 can be reached.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=direct://",
]


class Page:
    def __init__(self, browser: Chromium, session_id: str) -> None:
        self.browser, self.session_id = browser, session_id

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.browser.send(method, params, self.session_id)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, what: str | None = None, *, timeout: float = HANG_GUARD) -> Any:
        """The first truthy value of ``expression``, polled in the page (an error counts as not yet)."""
        last: object = None
        async with hang_guard(what or f"`{expression}`", timeout, seen=lambda: last):
            while True:
                try:
                    last = await self.evaluate(expression)
                except AssertionError as error:  # not there yet (an element missing, a page loading)
                    if self.browser.reader.done():
                        raise
                    last = error
                else:
                    if last:
                        return last
                await asyncio.sleep(0.05)  # the polling interval, not a wait for something

    async def goto(self, url: str) -> None:
        navigation = await self.send("Page.navigate", {"url": url})
        if navigation.get("errorText"):
            raise AssertionError(f"{url}: {navigation['errorText']}")
        await self.wait_for(
            "document.readyState === 'complete' && location.href !== 'about:blank'", f"{url} to finish loading"
        )

    async def add_script(self, source: str) -> None:
        """Run ``source`` in every document this tab loads from now on, before the page's own scripts."""
        await self.send("Page.addScriptToEvaluateOnNewDocument", {"source": source})

    async def click(self, selector: str) -> None:
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    async def screenshot(self, path: Path) -> Path:
        shot = await self.send("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


class Chromium:
    """``async with Chromium() as browser: page = await browser.page(360, 800)``."""

    async def __aenter__(self) -> Chromium:
        assert CHROMIUM is not None
        self.profile = tempfile.TemporaryDirectory(prefix="siae-chromium-", ignore_cleanup_errors=True)
        self.process = await asyncio.create_subprocess_exec(
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={self.profile.name}",
            "--remote-debugging-port=0",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        active = Path(self.profile.name) / "DevToolsActivePort"
        async with hang_guard("Chromium to write its DevTools port (DevToolsActivePort)"):
            while not (active.exists() and len(active.read_text().split()) >= 2):
                if self.process.returncode is not None:
                    raise AssertionError(f"Chromium exited with status {self.process.returncode} before listening")
                await asyncio.sleep(0.05)  # polling for the file, not a wait for something
        port, path = active.read_text().split()[:2]
        self.http = aiohttp.ClientSession()
        self.ws = await self.http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0)
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                data = json.loads(message.data)
                future = self.pending.pop(data.get("id", -1), None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(AssertionError(str(data["error"])))
                    else:
                        future.set_result(data.get("result", {}))
        finally:  # Chromium went away: nothing pending will be answered, say so now rather than at the guard
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(AssertionError("Chromium closed the DevTools connection"))
            self.pending.clear()

    async def send(self, method: str, params: dict[str, Any] | None = None, session_id: str | None = None) -> dict:
        ident = next(self.ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session_id is not None:
            message["sessionId"] = session_id
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        if self.reader.done():
            raise AssertionError(f"{method}: Chromium closed the DevTools connection")
        self.pending[ident] = future
        await self.ws.send_str(json.dumps(message))
        async with hang_guard(f"Chromium's answer to {method}"):
            return await future

    async def page(self, width: int, height: int, *, mobile: bool = True) -> Page:
        """A new tab in its own browser context (its own storage), sized like a phone or a laptop."""
        context = await self.send("Target.createBrowserContext", {"disposeOnDetach": True})
        target = await self.send(
            "Target.createTarget", {"url": "about:blank", "browserContextId": context["browserContextId"]}
        )
        attached = await self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        page = Page(self, attached["sessionId"])
        await page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )
        await page.send("Page.enable")
        return page

    async def __aexit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            await self.send("Browser.close")
        self.reader.cancel()
        await self.ws.close()
        await self.http.close()
        try:  # a grace period before the kill, not a check: closing slowly fails nothing
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()
        self.profile.cleanup()  # Chromium's helpers may still write a file or two: errors ignored
