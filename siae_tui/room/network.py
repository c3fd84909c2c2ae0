"""Which address the room listens on when the facilitator does not say."""

from __future__ import annotations

import contextlib
import socket

#: Used when the machine has no network at all: the room is then only reachable from itself.
LOOPBACK = "127.0.0.1"


def primary_lan_address() -> str:
    """The address of the interface that holds the default route (the one phones on the LAN reach).

    Connecting a UDP socket sends no packet: it only asks the kernel which
    interface it would use.
    """
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        address = str(probe.getsockname()[0])
        if address and not address.startswith("0."):
            return address
    return LOOPBACK
