"""systemd's readiness protocol (sd_notify), without libsystemd: one datagram to the unix
socket systemd names in $NOTIFY_SOCKET. Outside systemd (no variable) it does nothing.

    READY=1     every adapter has connected (Type=notify units count as started now)
    STOPPING=1  a stop was asked for; the bot is finishing what it has in hand
    STATUS=…    a one-line status shown by `systemctl status`
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(*states: str) -> bool:
    """Send `states` (joined by newlines); True when systemd was told."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall("\n".join(states).encode())
    except OSError as error:
        log.warning("could not notify systemd (%s)", error)
        return False
    return True
