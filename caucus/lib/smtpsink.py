"""An SMTP server that accepts every message and records it, for bin/cluster, bench/ and tests.

Each accepted message (the server answered 250 to its DATA) is kept as one record: its
Message-ID, recipients and subject, appended to a JSON-lines file when one is given, so a
benchmark can count the confirmation emails each signer got. Never for production: it
delivers nothing.

For fault tests `hold_after=n` keeps the (n+1)th message waiting before the 250 until
`release()`; a sender killed meanwhile never had it accepted, and it is not recorded.

    .venv/bin/python -m caucus.lib.smtpsink --port 8825 --record var/cluster/mail.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any


class SmtpSink:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        record: Path | None = None,
        hold_after: int | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.record = record
        self.hold_after = hold_after
        self.messages: list[dict[str, Any]] = []
        self.holding = threading.Event()  # set while a message waits for release()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # --- running it -------------------------------------------------------------------------

    async def serve(self) -> None:
        server = await asyncio.start_server(self._session, self.host, self.port)
        self.port = server.sockets[0].getsockname()[1]
        async with server:
            await server.serve_forever()

    def start(self) -> SmtpSink:
        """Serve in a background thread; returns once the port is bound."""
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.call_soon(ready.set)
            try:
                self._loop.run_until_complete(self.serve())
            except asyncio.CancelledError:
                pass

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(5)
        while not self.port:
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._release.set()
        if self._loop:
            for task in asyncio.all_tasks(self._loop):
                self._loop.call_soon_threadsafe(task.cancel)
        if self._thread:
            self._thread.join(5)

    def release(self) -> None:
        self._release.set()

    # --- one SMTP session ---------------------------------------------------------------------

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        recipients: list[str] = []
        try:
            await reply("220 caucus-sink ESMTP")
            while line := await reader.readline():
                verb = line[:4].decode("ascii", "replace").upper()
                if verb == "EHLO":
                    await reply("250-caucus-sink\r\n250-8BITMIME\r\n250 SMTPUTF8")
                elif verb == "MAIL":
                    recipients = []
                    await reply("250 OK")
                elif verb == "RCPT":
                    address = line.decode("utf-8", "replace").partition(":")[2].strip()
                    recipients.append(address.split()[0].strip("<>") if address else "")
                    await reply("250 OK")
                elif verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    if await self._data(reader, recipients):
                        await reply("250 OK queued")
                    else:
                        return
                elif verb == "QUIT":
                    await reply("221 Bye")
                    return
                else:  # HELO, RSET, NOOP, ...
                    await reply("250 OK")
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    async def _data(self, reader: asyncio.StreamReader, recipients: list[str]) -> bool:
        """Read one message; True once it is accepted (recorded), False if the sender left."""
        lines = []
        while (line := await reader.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        if not line:
            return False
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self._release.wait)
            try:  # the sender waits for our answer: an end of file means it died meanwhile
                if await asyncio.wait_for(reader.read(1), 0.3) == b"":
                    return False
            except TimeoutError:
                pass
        headers = BytesHeaderParser().parsebytes(b"".join(lines))
        entry = {
            "message_id": headers.get("Message-ID", ""),
            "to": recipients,
            "subject": str(headers.get("Subject", "")),
            "at": time.time(),
        }
        with self._lock:
            self.messages.append(entry)
            if self.record:
                with self.record.open("a") as out:
                    out.write(json.dumps(entry) + "\n")
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description="An SMTP sink that records every message.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8825)
    parser.add_argument("--record", type=Path, help="append each message as a JSON line here")
    args = parser.parse_args()
    sink = SmtpSink(host=args.host, port=args.port, record=args.record)
    try:
        asyncio.run(sink.serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
