"""Vietnamese text: NFC normalisation and sorting by the Vietnamese alphabet.

PostgreSQL sorts with its ICU collation ``vi-x-icu``. SQLite has no ICU, so a
collation of the same name is registered on every SQLite connection
(see ``register_sqlite_collation``), backed by ``sort_key`` below. Order by
``vi_collate("name")`` and both databases give the same order.
"""

import unicodedata
from functools import lru_cache

from django.db.models.functions import Collate

COLLATION = "vi-x-icu"

# The Vietnamese alphabet: Ă and Â after A, Đ after D, Ê after E, Ô and Ơ after O, Ư after U.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Marks that make a different letter (breve, circumflex, horn) stay with the letter;
# tone marks only break ties, in the traditional order: ngang, huyền, hỏi, ngã, sắc, nặng.
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(value):
    """Return text in Unicode NFC; other values unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _split_letter(char):
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for part in decomposed:
        if part in TONE_RANK:
            tone = TONE_RANK[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@lru_cache(maxsize=50_000)
def sort_key(text):
    """A key that sorts Vietnamese text as a reader expects (Đ after D, Ư after U)."""
    text = unicodedata.normalize("NFC", text or "")
    primary, tones, cases = [], [], []
    for char in text:
        letter, tone = _split_letter(char)
        tones.append(tone)
        if not letter:  # a lone tone mark
            continue
        lower = letter.lower()
        if lower in LETTER_RANK:
            primary.append((1, LETTER_RANK[lower]))
        elif lower.isdigit():
            primary.append((0, ord(lower)))
        elif lower.isspace():
            primary.append((-1, 0))
        else:
            primary.append((2, ord(lower)))
        cases.append(0 if letter == lower else 1)
    return (tuple(primary), tuple(tones), tuple(cases), text)


def sorted_vi(items, key=lambda item: item):
    """Sort Python objects by a text attribute the Vietnamese way."""
    return sorted(items, key=lambda item: sort_key(key(item)))


def _compare(left, right):
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    """connection_created receiver: give SQLite the ``vi-x-icu`` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def vi_collate(field):
    """An expression to order a text field by the Vietnamese alphabet on any database."""
    return Collate(field, COLLATION)


def vi_slug(text):
    """An ASCII slug from Vietnamese text: "Điện Biên" → "dien-bien" (Đ is not a
    decomposable letter, so slugify alone would drop it)."""
    from django.utils.text import slugify

    return slugify(nfc(text).replace("Đ", "D").replace("đ", "d"))


def initials(name, skip=1):
    """Initials of a name for a document symbol: "Vụ Tổ chức cán bộ" → "TCCB" (the first
    ``skip`` words, the kind of body, left out)."""
    words = [word for word in name.replace("–", " ").split() if word[:1].isalpha()]
    return "".join(word[0].upper() for word in words[skip:])
