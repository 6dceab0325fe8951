#!/usr/bin/env python3
"""Make a ballot key and sign Caucus ballots with it, on your own computer, without a browser.

    python caucus_ballot.py keygen --out my-ballot-key.pem [--passphrase-file FILE]
    python caucus_ballot.py pubkey --key my-ballot-key.pem
    python caucus_ballot.py sign --key my-ballot-key.pem ballot-request.json

Needs Python 3.10 or later and the `cryptography` package (pip install cryptography), nothing
else; every Caucus instance serves this file at /verify/caucus_ballot.py.

keygen writes an Ed25519 private key to a file only you can read and prints its public half:
register that on your organization's "Ballot keys" page. sign reads the signing request the
vote page shows (or offers to download), checks that its commitment really hides the choice it
names, shows the organization and the choice, and prints the signature to paste back. The
exact bytes signed are specified in docs/ledger-format.md ("Signing a ballot").
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def canonical(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def key_id(public: str) -> str:
    return hashlib.sha256(bytes.fromhex(public)).hexdigest()[:16]


def _passphrase(path: str | None, *, confirm: bool = False) -> bytes | None:
    if path:
        with open(path, "rb") as handle:
            return handle.read().strip() or None
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Passphrase for the key file (empty for none): ")
    if confirm and first and getpass.getpass("Again: ") != first:
        raise SystemExit("The passphrases differ; nothing was written.")
    return first.encode() or None


def keygen(args) -> int:
    if os.path.exists(args.out):
        raise SystemExit(f"{args.out} exists; choose another file name.")
    key = Ed25519PrivateKey.generate()
    secret = _passphrase(args.passphrase_file, confirm=True)
    encryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # readable by you only
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public = public_hex(key)
    print(f"Private key written to {args.out}: keep it safe; it never goes to the server.")
    print(f"key id:     {key_id(public)}")
    print(f"public key: {public}")
    print("Paste the public key into your organization's Ballot keys page.")
    return 0


def load(path: str, passphrase_file: str | None) -> Ed25519PrivateKey:
    with open(path, "rb") as handle:
        pem = handle.read()
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:  # the file is encrypted
        key = serialization.load_pem_private_key(pem, password=_passphrase(passphrase_file))
    if not isinstance(key, Ed25519PrivateKey):
        raise SystemExit(f"{path} does not hold an Ed25519 key.")
    return key


def pubkey(args) -> int:
    public = public_hex(load(args.key, args.passphrase_file))
    print(f"key id:     {key_id(public)}")
    print(f"public key: {public}")
    return 0


def check_request(request: dict) -> tuple[str, dict]:
    """The statement to sign, after checking that it is one and that its commitment hides
    exactly the choice the request says (so the server cannot make you sign another)."""
    if request.get("format") != "caucus-ballot-request/1":
        raise SystemExit("This is not a Caucus signing request (caucus-ballot-request/1).")
    text = request.get("statement", "")
    statement = json.loads(text)
    if canonical(statement) != text or statement.get("format") != "caucus-ballot/1":
        raise SystemExit("The statement is not a canonical Caucus ballot (caucus-ballot/1).")
    opening = request.get("opening") or {}
    commitment = hashlib.sha256(canonical(opening).encode("utf-8")).hexdigest()
    if set(opening) != {"choice", "salt"} or commitment != statement.get("choice_commitment"):
        raise SystemExit("The statement's commitment does not match the choice: do not sign it.")
    return text, {**statement, "choice": opening["choice"]}


def sign(args) -> int:
    if args.request == "-":
        request = json.load(sys.stdin)
    else:
        with open(args.request, encoding="utf-8") as handle:
            request = json.load(handle)
    text, shown = check_request(request)
    key = load(args.key, args.passphrase_file)
    print(f"Vote (manifest fingerprint): {shown['vote']}", file=sys.stderr)
    print(f"Organization: {shown['org']}", file=sys.stderr)
    print(f"Choice:       {shown['choice']}", file=sys.stderr)
    print(f"Signed at:    {shown['time']}", file=sys.stderr)
    if not args.yes and sys.stdin.isatty():
        if input("Sign this ballot? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Not signed.", file=sys.stderr)
            return 1
    public = public_hex(key)
    print(f"key id:    {key_id(public)}")
    print(f"signature: {key.sign(text.encode('utf-8')).hex()}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("keygen", help="make a ballot key")
    make.add_argument("--out", required=True, help="the private key file to write (PEM)")
    make.add_argument("--passphrase-file", help="encrypt the key with the passphrase in this file")
    make.set_defaults(run=keygen)
    show = commands.add_parser("pubkey", help="print a key file's public key and key id")
    show.add_argument("--key", required=True)
    show.add_argument("--passphrase-file")
    show.set_defaults(run=pubkey)
    signing = commands.add_parser("sign", help="sign a ballot's signing request")
    signing.add_argument("request", help="the request file from the vote page, or - for stdin")
    signing.add_argument("--key", required=True, help="your private key file (from keygen)")
    signing.add_argument("--passphrase-file")
    signing.add_argument("--yes", action="store_true", help="do not ask before signing")
    signing.set_defaults(run=sign)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
