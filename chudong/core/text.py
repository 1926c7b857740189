"""Vietnamese text: accent-insensitive folding and sort keys.

`fold` is the one function both the stored search columns and the queries go through, so
SQLite and PostgreSQL answer the same. Sort keys encode Vietnamese alphabetical order
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, tones compared last) into
plain lower-case ASCII letters, so that any database collation orders them correctly.
"""

from __future__ import annotations

import re
import unicodedata

# Base letters of the Vietnamese alphabet in order, followed by the other Latin letters
# and digits that appear in names and codes.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_DIGITS = "0123456789"

# Tone marks as combining characters, in the traditional dictionary order:
# none, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a distinct letter rather than a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def _code(index: int) -> str:
    """Two lower-case letters for an index, so the encoding is fixed-width: 'aa' < 'ab'..."""
    return chr(ord("a") + index // 26) + chr(ord("a") + index % 26)


# "aa" is kept for the separator between words and name parts, which must sort first.
_LETTER_CODE = {letter: _code(i + 12) for i, letter in enumerate(_ALPHABET)}
_DIGIT_CODE = {d: _code(i + 1) for i, d in enumerate(_DIGITS)}
SEPARATOR = "aa"
_NUMBER_WIDTH = 6


def fold(text: str | None) -> str:
    """Accent-insensitive form: NFC, strip combining marks, đ→d, lower case, single spaces.

    Text typed by old software in decomposed Unicode (NFD) folds to the same result as
    precomposed text, because all marks are stripped after decomposition.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())


def _letters_and_tones(word: str) -> tuple[list[str], list[int]]:
    """Split a word into Vietnamese base letters and the tone of each syllable vowel."""
    letters: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", unicodedata.normalize("NFC", word.lower())):
        if unicodedata.combining(ch):
            if ch in _TONES:
                tones.append(_TONES[ch])
            elif letters and (letters[-1], ch) in _LETTER_MARKS:
                letters[-1] = _LETTER_MARKS[(letters[-1], ch)]
            continue
        letters.append(ch)
    return letters, tones


def sort_key(text: str | None) -> str:
    """Sort key for one Vietnamese text (unit names, single name parts)."""
    base: list[str] = []
    tone_part: list[str] = []
    # Numbers compare by value ("tổ 5" before "tổ 12"): digit runs are zero-padded first.
    padded = re.sub(r"\d+", lambda m: m.group(0).zfill(_NUMBER_WIDTH), text or "")
    for word in padded.split():
        letters, tones = _letters_and_tones(word)
        # Punctuation and other symbols do not take part in the order.
        codes = [_LETTER_CODE.get(letter) or _DIGIT_CODE.get(letter) for letter in letters]
        codes = [code for code in codes if code]
        if not codes:
            # A lone dash ("Toán - Tin") is no word: a separator for it would sort the
            # name before its own first words.
            continue
        if base:
            base.append(SEPARATOR)
        base.extend(codes)
        tone_part.append(chr(ord("a") + (tones[0] if tones else 0)))
    return "".join(base) + SEPARATOR + SEPARATOR + "".join(tone_part)


def name_sort_key(family_name: str, middle_name: str, given_name: str) -> str:
    """Vietnamese name order: by given name, then middle name, then family name.

    Each part is compared whole (letters, then tones) before the next one, so every "Anh"
    comes before every "Ánh" whatever their family names. Plain concatenation of the part
    keys is enough: two parts with equal letters have keys of equal length.
    """
    return sort_key(given_name) + sort_key(middle_name) + sort_key(family_name)


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """'Nguyễn Thị Minh Anh' → ('Nguyễn', 'Thị Minh', 'Anh'). One word is a given name."""
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def normalize_name(text: str) -> str:
    """Stored form of a name: NFC, single spaces, each word capitalised."""
    words = unicodedata.normalize("NFC", text or "").split()
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)
