"""Each local actor's RSA key pair: made once, lazily, and never twice for the same actor."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from caucus.federation.models import LocalActor

KEY_BITS = 2048


def generate() -> tuple[str, str]:
    """(private PEM in PKCS#8, public PEM in SubjectPublicKeyInfo, as Mastodon publishes)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def ensure_keys(actor: LocalActor) -> LocalActor:
    """The actor with its keys: the first process to set them wins (conditional UPDATE on the
    empty public key); a process that lost the race reads the winner's keys back."""
    if actor.public_key:
        return actor
    private, public = generate()
    # update() encrypts through the field, as save() would.
    claimed = LocalActor.objects.filter(pk=actor.pk, public_key="").update(
        public_key=public, private_key=private
    )
    if claimed:
        actor.private_key, actor.public_key = private, public
    else:
        actor.refresh_from_db(fields=["private_key", "public_key"])
    return actor
