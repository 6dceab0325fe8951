"""The one place where the instance signs ledger entries: never two entries at one height.

Each signature is recorded as (vote, height) → entry hash under a unique constraint, in the
transaction that appends the entry. Signing the same entry again is harmless; signing a
different entry at a height already signed is refused, so a ledger cut back by a database edit
cannot be extended over the hole (ledger review F5), and the instance never equivocates.

The record is a table of the same database: whoever deletes its rows with the entries gets new
entries signed over the hole. Only what members kept outside (receipts, saved heads, Notes
other servers received) catches that (docs/ledger-format.md, section 9).
"""

import logging

from django.db import IntegrityError, transaction

from caucus.decisions import keys
from caucus.decisions.models import LedgerEntry, SignedHeight

log = logging.getLogger(__name__)


class Equivocation(Exception):
    """A different entry was already signed at this height of this vote."""

    def __init__(self, vote_id: int, height: int, signed: str) -> None:
        super().__init__(
            f"vote {vote_id}: height {height} was already signed for entry {signed[:16]}; "
            "the ledger was cut back since, and nothing else will be signed there"
        )
        self.vote_id, self.height, self.signed = vote_id, height, signed


def sign_entry(*, vote_id: int, height: int, entry_hash: str, public_key: str) -> str:
    """The signature of `entry_hash` at `height` by `public_key` (the manifest's key).

    Raises IntegrityError when another writer signed this height in a race (the caller
    appends again on top of the winner), and Equivocation when the height was signed for a
    different entry that is no longer in the ledger.
    """
    key = keys.private_key_for(public_key)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            SignedHeight.objects.create(
                vote_id=vote_id,
                height=height,
                entry_hash=entry_hash,
                key_id=keys.key_id(public_key),
            )
    except IntegrityError:
        signed = SignedHeight.objects.filter(vote_id=vote_id, height=height).first()
        if signed is None:
            raise
        if signed.entry_hash == entry_hash:
            return key.sign(entry_hash.encode()).hex()
        if LedgerEntry.objects.filter(vote_id=vote_id, height=height).exists():
            raise  # a race: the other writer's entry is there; append on top of it
        log.critical("ledger equivocation refused: %s", signed)
        raise Equivocation(vote_id, height, signed.entry_hash) from None
    return key.sign(entry_hash.encode()).hex()
