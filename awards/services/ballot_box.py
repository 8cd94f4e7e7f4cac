"""The ballot box of an electronic vote (hòm phiếu): the key its ballots are sealed under.

While a vote is open, a ballot cannot be hidden from whoever reads the storage by where
it lies: it must commit with the voter's participation (so that a process dying mid-cast
loses neither or both), and rows written together stay together in PostgreSQL's xmin and
heap, SQLite's rowid, the WAL and any backup taken meanwhile. So the link is left in
place and what it leads to is made unreadable: each ballot is sealed under a key of the
vote that never enters the database, its WAL or its backups, and that is destroyed once
the vote is counted. Then the sealed rows — live in a copy taken mid-vote, or dead tuples
after close — lead to nothing anyone can open, and the counted ballots written at close
(random order, one transaction, receipts hashed anew) share nothing with them.

The key of a vote is HMAC-SHA256(``SECRET_KEY``, a 32-byte random secret of the vote):
the secret is a file in ``BALLOT_KEY_DIR`` (default ``VAR_DIR/ballot-keys``, which
``bin/backup`` does not copy), written and synced when the vote opens, overwritten and
removed after the close commits. Either half alone opens nothing.

The seal is encrypt-then-MAC from the standard library: a keystream of HMAC-SHA256 over a
random 16-byte nonce and a counter, and an HMAC-SHA256 tag over nonce and ciphertext. A
ballot's plaintext is its receipt code and a bitmap over the vote's candidates, so every
sealed ballot of a vote has the same length whatever was chosen.
"""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SECRET_BYTES = 32
NONCE_BYTES = 16
TAG_BYTES = 32
CODE_BYTES = 12  # the receipt code without its dashes


class BallotKeyMissing(ValidationError):
    pass


def key_dir():
    return Path(getattr(settings, "BALLOT_KEY_DIR", None) or Path(settings.VAR_DIR) / "ballot-keys")


def _server_keys():
    """SECRET_KEY first, then its fallbacks: a key rotated during a vote still opens its box."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [key.encode() if isinstance(key, str) else key for key in keys]


def key_path(vote):
    """The file of the vote's secret. Its name says nothing without SECRET_KEY, and it
    changes with the moment the vote opened, so two databases (or two test runs) sharing
    a folder never share a file."""
    if vote.opened_at is None:
        raise ValueError("the vote has not opened")
    stamp = vote.opened_at.strftime("%Y%m%d%H%M%S%f")
    name = hmac.new(_server_keys()[0], f"awards.ballot-box:{vote.pk}:{stamp}".encode(), hashlib.sha256)
    return key_dir() / f"{name.hexdigest()[:40]}.key"


def create_key(vote):
    """Write the vote's secret (at opening), synced to disk before the opening commits."""
    folder = key_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = key_path(vote)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, secrets.token_bytes(SECRET_BYTES))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    _sync_folder(folder)


def destroy_key(vote):
    """Overwrite and remove the vote's secret (after the close commits). Idempotent."""
    path = key_path(vote)
    try:
        descriptor = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        os.write(descriptor, secrets.token_bytes(SECRET_BYTES))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    path.unlink(missing_ok=True)
    _sync_folder(path.parent)


def _sync_folder(folder):
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Box:
    """The open ballot box of one vote: seals ballots, opens them, tags receipt codes.
    ``candidate_ids`` are the vote's candidates (fixed while the vote is open)."""

    def __init__(self, vote, candidate_ids):
        try:
            secret = key_path(vote).read_bytes()
        except FileNotFoundError:
            raise BallotKeyMissing(
                _("The key of this vote's ballot box is missing: ballots can be neither cast nor counted."),
                code="ballot_key_missing",
            ) from None
        seed = f"awards.ballot-box:{vote.pk}:".encode() + secret
        self.keys = [hmac.digest(server, seed, "sha256") for server in _server_keys()]
        self.candidate_ids = sorted(candidate_ids)

    @staticmethod
    def _derive(key, purpose):
        return hmac.digest(key, purpose.encode(), "sha256")

    def receipt_tags(self, code):
        """The receipt code's fingerprints while the vote is open, one per server key (the
        first is the one stored): keyed, so nobody without the box can test a code."""
        return [hmac.new(self._derive(key, "receipt"), code.encode(), hashlib.sha256).hexdigest() for key in self.keys]

    def seal(self, code, approved):
        if len(code) != CODE_BYTES or not code.isascii():
            raise ValueError("receipt code")
        bits = bytearray((len(self.candidate_ids) + 7) // 8)
        chosen = set(approved)
        for index, candidate_id in enumerate(self.candidate_ids):
            if candidate_id in chosen:
                bits[index // 8] |= 1 << (index % 8)
        nonce = secrets.token_bytes(NONCE_BYTES)
        key = self.keys[0]
        body = _xor(code.encode() + bytes(bits), _stream(self._derive(key, "seal"), nonce))
        tag = hmac.digest(self._derive(key, "tag"), nonce + body, "sha256")
        return nonce + body + tag

    def open(self, sealed):
        """(receipt code, approved candidate ids) of a sealed ballot; ValueError if it was
        not sealed in this box (a row written by anyone but the application)."""
        sealed = bytes(sealed)
        nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
        for key in self.keys:
            if hmac.compare_digest(hmac.digest(self._derive(key, "tag"), nonce + body, "sha256"), tag):
                plain = _xor(body, _stream(self._derive(key, "seal"), nonce))
                break
        else:
            raise ValueError("a ballot that was not sealed in this box")
        code, bits = plain[:CODE_BYTES].decode(), plain[CODE_BYTES:]
        approved = [c for i, c in enumerate(self.candidate_ids) if bits[i // 8] >> (i % 8) & 1]
        return code, approved


def _stream(key, nonce):
    counter = 0
    while True:
        yield from hmac.digest(key, nonce + counter.to_bytes(4, "big"), "sha256")
        counter += 1


def _xor(data, stream):
    return bytes(byte ^ next(stream) for byte in data)
