"""The room's aiohttp server, inside the app's asyncio loop.

Everything a phone sends is untrusted: the token is compared in constant
time, bodies are capped before they are read, JSON must have exactly the
expected shape, every request is rate limited (per phone, and for the whole
room), and a refusal is a 4xx that changes nothing. The rules themselves are
``domain.room``; this module is the HTTP around them.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from collections.abc import Awaitable, Callable
from importlib import resources
from time import monotonic

from aiohttp import web

from siae_tui.domain.room import DEVICE_ID, RateLimiter, Room, RoomRefusal

#: A vote is about 100 bytes of JSON; anything much larger is refused unread.
MAX_BODY = 2048
#: Phones that may follow the room at once (each holds one server-sent-events stream).
MAX_STREAMS = 100
#: A stream sends a comment this often so that proxies and phones keep it open.
KEEPALIVE_SECONDS = 15.0
#: Per phone: 5 requests a second on average, 20 at once (a page load, a few taps).
PHONE_RATE, PHONE_BURST = 5.0, 20.0
#: The whole room: a few hundred requests a second at most.
ROOM_RATE, ROOM_BURST = 300.0, 600.0
#: The files of the pages, served from this package (no CDN, nothing else reachable).
STATIC_FILES = {
    "accueil.js": "text/javascript",
    "vote.js": "text/javascript",
    "vote.css": "text/css",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    # The token is in the address: never let it leave in a Referer header.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
VOTE_KEYS = frozenset({"appareil", "participant", "valeur"})


def new_token() -> str:
    """128 random bits, written in lower-case base32 (26 characters: easy to read out and to type)."""
    return base64.b32encode(secrets.token_bytes(16)).decode("ascii").rstrip("=").lower()


def _read(name: str) -> bytes:
    return resources.files("siae_tui.room").joinpath("static", name).read_bytes()


def _refuse(status: int, message: str) -> web.Response:
    return web.json_response({"erreur": message}, status=status)


class RoomServer:
    """Serves one ``Room`` on ``host``; ``on_change`` is called after every accepted vote."""

    def __init__(
        self,
        room: Room,
        host: str,
        port: int = 0,
        *,
        on_change: Callable[[], None] | None = None,
        token: str | None = None,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self.room = room
        self.host = host
        self.port = port
        self.token = token or new_token()
        self.on_change = on_change
        self.limiter = RateLimiter(PHONE_RATE, PHONE_BURST, room_rate=ROOM_RATE, room_burst=ROOM_BURST, clock=clock)
        self._files = {name: _read(name) for name in (*STATIC_FILES, "vote.html", "accueil.html")}
        self._runner: web.AppRunner | None = None
        self._wakeup = asyncio.Event()
        self._streams = 0
        self.closing = False

    # -- addresses ---------------------------------------------------------------
    @property
    def base(self) -> str:
        """The short address (the home page asks for the room code)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def url(self) -> str:
        """The address with the token: what the QR code holds."""
        return f"{self.base}{self.token}/"

    @property
    def running(self) -> bool:
        return self._runner is not None

    # -- life --------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.router.add_get("/", self._home)
        app.router.add_get("/s/{name}", self._static)
        app.router.add_get("/{token}/", self._page)
        app.router.add_get("/{token}/etat", self._state)
        app.router.add_get("/{token}/flux", self._stream)
        app.router.add_post("/{token}/vote", self._vote)
        return app

    async def start(self) -> None:
        """Listen on ``host`` (port 0: the system picks a free one)."""
        runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def close(self) -> None:
        """Stop listening: every stream ends, the socket is closed."""
        self.closing = True
        self.changed()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    def changed(self) -> None:
        """The room changed (a vote, the reveal, another practice): every phone's stream sends the news."""
        wakeup, self._wakeup = self._wakeup, asyncio.Event()
        wakeup.set()

    # -- checks ------------------------------------------------------------------
    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Rate limit, then the token; every answer carries the security headers."""
        device = request.query.get("appareil", "")
        key = device if DEVICE_ID.fullmatch(device) else f"ip:{request.remote}"
        # The page's own files count only against the room's limit; everything else also per phone.
        allowed = self.limiter.room.allow() if request.path.startswith("/s/") else self.limiter.allow(key)
        if not allowed:
            response: web.StreamResponse = _refuse(429, "trop de requêtes : patientez un instant")
        elif "token" in request.match_info and not secrets.compare_digest(
            request.match_info["token"].encode("utf-8", "replace"), self.token.encode("ascii")
        ):
            response = _refuse(404, "salle inconnue ou fermée")
        else:
            try:
                response = await handler(request)
            except web.HTTPException as error:
                response = _refuse(error.status, error.reason or "requête refusée")
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
        return response

    # -- pages -------------------------------------------------------------------
    def _html(self, name: str) -> web.Response:
        return web.Response(body=self._files[name], content_type="text/html", charset="utf-8")

    async def _home(self, request: web.Request) -> web.Response:
        return self._html("accueil.html")

    async def _page(self, request: web.Request) -> web.Response:
        return self._html("vote.html")

    async def _static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            return _refuse(404, "fichier inconnu")
        return web.Response(body=self._files[name], content_type=STATIC_FILES[name], charset="utf-8")

    # -- the phone's API -----------------------------------------------------------
    def _own(self, request: web.Request) -> str | None:
        device = request.query.get("appareil", "")
        return device if DEVICE_ID.fullmatch(device) else None

    async def _state(self, request: web.Request) -> web.Response:
        return web.json_response(self.room.public_state(self._own(request)))

    async def _stream(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the state now, then at every change (and a comment now and then)."""
        if self._streams >= MAX_STREAMS:
            return _refuse(429, "trop de téléphones connectés")
        device = self._own(request)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
        response.headers.update(SECURITY_HEADERS)
        self._streams += 1
        try:
            await response.prepare(request)
            while not self.closing:
                wakeup = self._wakeup
                state = json.dumps(self.room.public_state(device), ensure_ascii=False)
                await response.write(f"data: {state}\n\n".encode())
                try:
                    await asyncio.wait_for(wakeup.wait(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": toujours la\n\n")
        except ConnectionResetError:
            pass  # the phone went away (asleep, out of range): it will catch up when it comes back
        finally:
            self._streams -= 1
        return response

    async def _vote(self, request: web.Request) -> web.Response:
        if request.content_length is None:
            return _refuse(411, "longueur du corps requise")
        if request.content_length > MAX_BODY:
            return _refuse(413, "requête trop grande")
        if request.content_type != "application/json":
            return _refuse(415, "JSON attendu")
        body = await request.read()
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _refuse(400, "JSON invalide")
        if not isinstance(data, dict) or not set(data) <= VOTE_KEYS or not {"appareil", "valeur"} <= set(data):
            return _refuse(400, "vote mal formé")
        try:
            self.room.vote(data["appareil"], data.get("participant"), data["valeur"])
        except RoomRefusal as refusal:
            return _refuse(refusal.status, refusal.message)
        # Only the room screen needs to hear of a vote (the phone gets its own state in the answer);
        # waking every phone's stream for every vote would be 900 writes when 30 phones vote at once.
        if self.on_change is not None:
            self.on_change()
        return web.json_response(self.room.public_state(str(data["appareil"])))
