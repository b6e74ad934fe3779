"""A real SMTP server on the loopback for the tests (aiosmtpd), recording what it accepts.

It can hold a client at a chosen point of the exchange (``hold_next``), to let a test act while
a delivery is under way, or drop the connection instead of answering QUIT (``drop_next_quit``),
and refuses recipients whose address starts with ``refused``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """Keeps every message whose DATA it accepted, parsed, in arrival order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []
        self.hold_next_at: str | None = None
        self.drop_next_quit = False
        self.holding = threading.Event()
        self.release = threading.Event()

    def messages_to(self, recipient: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self._messages if m["To"] == recipient]

    def hold_next(self, command: str) -> None:
        """Hold the next client when it sends ``command`` ("RCPT" or "QUIT") until released."""
        self.holding.clear()
        self.release.clear()
        self.hold_next_at = command

    async def _maybe_hold(self, command: str) -> None:
        if self.hold_next_at != command:
            return
        self.hold_next_at = None
        self.holding.set()
        deadline = time.monotonic() + 60
        while not self.release.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        await self._maybe_hold("RCPT")
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default)
        with self._lock:
            self._messages.append(message)
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        await self._maybe_hold("QUIT")
        if self.drop_next_quit:
            self.drop_next_quit = False
            server.transport.abort()  # the client gets no reply to its QUIT
        return "221 Bye"


class SMTPServer:
    """The server on a fixed loopback port, which can be stopped (connections are refused)
    and started again on the same port."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self.handler.release.set()
            self._controller.stop()
            self._controller = None
