"""The instance's four keys: where each comes from, its value for an archive, its fingerprint.

SECRET_KEY, FIELD_KEYS, BLIND_INDEX_KEY and LEDGER_SIGNING_KEY are read from the environment
or, when unset, generated once into var/ (settings.py, caucus/lib/crypto.py,
caucus/decisions/keys.py). The database holds ciphertext, blind indexes and ledger signatures
made with them, so a backup is only restorable where the same keys are in use.
"""

import base64
import hashlib
import os
from pathlib import Path

from django.conf import settings

from caucus.decisions import keys as ledger_keys
from caucus.lib import crypto
from caucus.lib.env import env_str

NAMES = ("SECRET_KEY", "FIELD_KEYS", "BLIND_INDEX_KEY", "LEDGER_SIGNING_KEY")
# The file in var/ each key is generated into when the environment does not set it.
VAR_FILES = {
    "SECRET_KEY": "secret_key",
    "FIELD_KEYS": "field_key_k1",
    "BLIND_INDEX_KEY": "blind_index_key",
    "LEDGER_SIGNING_KEY": "ledger_signing_key",
}
ENV_FILE = "restored-keys.env"
# Retired ledger seeds (var/ledger_keys/<key id>): a vote opened before a rotation closes with
# the key its manifest names, so an archive with keys must carry them too.
RETIRED = "RETIRED_LEDGER_KEYS"


def _var_path(name: str) -> Path:
    return Path(settings.VAR_DIR) / VAR_FILES[name]


def _var_text(name: str) -> str:
    path = _var_path(name)
    return path.read_text().strip() if path.exists() else ""


def from_var() -> list[str]:
    """The keys this process took from files in var/ rather than from the environment."""
    found = []
    if _var_text("SECRET_KEY") == settings.SECRET_KEY:
        found.append("SECRET_KEY")
    if not settings.FIELD_KEYS:
        found.append("FIELD_KEYS")
    if not settings.BLIND_INDEX_KEY:
        found.append("BLIND_INDEX_KEY")
    if not env_str("LEDGER_SIGNING_KEY"):
        found.append("LEDGER_SIGNING_KEY")
    return found


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def current() -> dict[str, str]:
    """The keys in use, each in the form its environment variable takes."""
    field_keys = crypto.field_keys()
    # crypto keeps the index key private; reading it through its own loader keeps one source.
    index_key = crypto._index_key()
    seed = ledger_keys.private_key().private_bytes_raw()
    retired = ledger_keys.retired_dir()
    return {
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_KEYS": ",".join(f"{kid}:{_b64(key)}" for kid, key in field_keys.items()),
        "BLIND_INDEX_KEY": _b64(index_key),
        "LEDGER_SIGNING_KEY": seed.hex(),
        RETIRED: {
            path.name: path.read_text().strip()
            for path in (sorted(retired.iterdir()) if retired.is_dir() else [])
            if path.is_file()
        },
    }


def _digest(raw: bytes) -> str:
    return hashlib.sha256(b"caucus-key-fingerprint:" + raw).hexdigest()[:16]


def fingerprints() -> dict:
    """Short one-way digests of the keys in use: enough to tell two instances' keys apart.

    A digest of 32 random bytes reveals nothing usable; the ledger key is named by its public
    key, which every ledger already carries.
    """
    return {
        "SECRET_KEY": _digest(settings.SECRET_KEY.encode()),
        "FIELD_KEYS": {kid: _digest(key) for kid, key in crypto.field_keys().items()},
        "BLIND_INDEX_KEY": _digest(crypto._index_key()),
        "LEDGER_SIGNING_KEY": ledger_keys.public_key_hex(),
    }


def mismatches(archived: dict) -> list[str]:
    """The keys an archive was made with that this instance does not have."""
    here = fingerprints()
    wrong = [
        name
        for name in ("SECRET_KEY", "BLIND_INDEX_KEY", "LEDGER_SIGNING_KEY")
        if name in archived and archived[name] != here[name]
    ]
    old_field_keys = archived.get("FIELD_KEYS", {})
    if any(here["FIELD_KEYS"].get(kid) != digest for kid, digest in old_field_keys.items()):
        wrong.insert(1, "FIELD_KEYS")
    return wrong


def _environment_value(name: str) -> str:
    if name == "FIELD_KEYS":
        return settings.FIELD_KEYS
    if name == "BLIND_INDEX_KEY":
        return settings.BLIND_INDEX_KEY
    return env_str(name)


def _normal(name: str, value: str) -> object:
    """A key's value in a form where two spellings of one key compare equal."""
    value = value.strip()
    if name == "FIELD_KEYS":
        pairs = [item.strip().partition(":") for item in value.split(",")]
        return [(kid, base64.urlsafe_b64decode(raw.encode())) for kid, _, raw in pairs]
    if name == "BLIND_INDEX_KEY":
        return base64.urlsafe_b64decode(value.encode())
    if name == "LEDGER_SIGNING_KEY":
        return ledger_keys._decode(value)
    return value


def _var_form(name: str, value: str) -> str | None:
    """What the var/ file holds for this value; None if var/ cannot hold it (FIELD_KEYS other
    than one key named k1)."""
    if name != "FIELD_KEYS":
        return value
    kid, _, raw = value.partition(":")
    return raw if kid == "k1" and "," not in raw else None


def conflicts(archived: dict[str, str]) -> list[str]:
    """Why the archive's keys cannot take effect here: set in the environment to other values,
    or not representable in var/."""
    problems = []
    for name in NAMES:
        if name not in archived:
            continue
        environment = _environment_value(name)
        if environment and _normal(name, environment) != _normal(name, archived[name]):
            problems.append(f"{name} is set in the environment to another key")
        elif not environment and _var_form(name, archived[name]) is None:
            problems.append(f"{name} holds several keys, which only the environment can carry")
    return problems


def install(archived: dict[str, str]) -> list[str]:
    """Write the archive's keys where this instance reads them; say what was done.

    Every key goes into var/restored-keys.env (mode 600, NAME=value lines) for instances that
    set keys in the environment; keys this instance takes from var/ are written there too,
    and a differing file is kept beside as <name>.replaced.
    """
    var_dir = Path(settings.VAR_DIR)
    env_file = var_dir / ENV_FILE
    _write_private(env_file, "".join(f"{name}={archived[name]}\n" for name in NAMES))
    done = [f"wrote every key to {env_file}"]
    if retired := archived.get(RETIRED):
        folder = ledger_keys.retired_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for kid, seed in retired.items():
            if "/" in kid or kid.startswith("."):
                continue  # a key id is hex; anything else is not a file name we write
            _write_private(folder / kid, seed)
        done.append(f"installed {len(retired)} retired ledger key(s) into {folder}")
    for name in NAMES:
        form = _var_form(name, archived[name])
        if _environment_value(name) or form is None:
            continue
        path = _var_path(name)
        if path.exists() and path.read_text().strip() == form:
            continue
        if path.exists():
            path.replace(path.with_name(path.name + ".replaced"))
        _write_private(path, form)
        done.append(f"installed {name} into {path}")
    return done


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    path.chmod(0o600)
