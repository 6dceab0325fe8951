"""A small fediverse server for the interoperability test: a real HTTP server on 127.0.0.1.

It is not our code that signs and verifies here: apsig (an ActivityPub signature library)
signs its requests as Mastodon does and verifies ours with the key it fetches from our actor,
over HTTP like any server would. The standard library's http.server serves it.
"""

import json
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from apsig.draft.verify import Verifier

from caucus.federation.tests.remote import RemoteAccount


class Fediverse:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.account = RemoteAccount(self.base, "alice")
        self.received: list[dict] = []  # activities whose signature verified
        self.refused: list[str] = []  # why others did not
        self.signed_gets = 0
        self.arrived = threading.Condition()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Fediverse":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, kind: str, count: int = 1, timeout: float = 20) -> list[dict]:
        """The activities of `kind` received so far, once there are `count` (bounded wait)."""
        with self.arrived:
            self.arrived.wait_for(
                lambda: len([a for a in self.received if a["type"] == kind]) >= count, timeout
            )
        return [a for a in self.received if a["type"] == kind]

    def get_json(self, url: str, accept: str = "application/activity+json") -> dict:
        request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310 — test
            return json.loads(answer.read())

    def find(self, handle: str) -> dict:
        """The actor document behind @user@host, found as Mastodon finds it: WebFinger over
        HTTP at the handle's host, then the `self` link with the ActivityPub type."""
        user, host = handle.lstrip("@").split("@")
        query = urllib.parse.urlencode({"resource": f"acct:{user}@{host}"})
        jrd = self.get_json(f"http://{host}/.well-known/webfinger?{query}", "application/jrd+json")
        assert jrd["subject"] == f"acct:{user}@{host}", jrd["subject"]
        link = next(
            item
            for item in jrd["links"]
            if item["rel"] == "self" and item["type"] == "application/activity+json"
        )
        actor = self.get_json(link["href"])
        assert actor["id"] == link["href"] and actor["preferredUsername"] == user
        return actor

    def send(self, url: str, activity: dict) -> int:
        """POST a signed activity, as Mastodon would, and return the status."""
        body = json.dumps(activity).encode()
        headers = self.account.signed_headers(url, body)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310 — test
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def _verify(self, method: str, path: str, headers, body: bytes) -> None:
        """Check the request's signature with the key of the actor that its keyId names."""
        params = dict(
            part.strip().split("=", 1) for part in headers["Signature"].split(",") if "=" in part
        )
        key_id = params["keyId"].strip('"')
        accept = {"Accept": "application/activity+json"}
        request = urllib.request.Request(key_id.split("#")[0], headers=accept)  # noqa: S310
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310 — test
            actor = json.loads(answer.read())
        assert actor["publicKey"]["id"] == key_id and actor["publicKey"]["owner"] == actor["id"]
        url = self.base + path
        Verifier(actor["publicKey"]["publicKeyPem"], method, url, dict(headers), body).verify(
            raise_on_fail=True
        )
        return actor["id"]

    def _handler(self):
        fediverse = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                if self.path != "/users/alice":
                    self.send_error(404)
                    return
                if "Signature" in self.headers:
                    fediverse.signed_gets += 1
                body = json.dumps(fediverse.account.document()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/activity+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    sender = fediverse._verify("POST", self.path, self.headers, body)
                    activity = json.loads(body)
                    assert activity["actor"] == sender
                except Exception as exc:  # noqa: BLE001 — recorded for the test to show
                    fediverse.refused.append(f"{type(exc).__name__}: {exc}")
                    self.send_error(401)
                    return
                with fediverse.arrived:
                    fediverse.received.append(activity)
                    fediverse.arrived.notify_all()
                self.send_response(202)
                self.end_headers()

        return Handler
