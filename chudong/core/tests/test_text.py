"""Vietnamese text: accent-insensitive folding, sort keys in Vietnamese alphabetical order,
and the split and stored form of full names."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from chudong.core.text import fold, name_sort_key, normalize_name, sort_key, split_full_name

ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
# none, huyền, hỏi, ngã, sắc, nặng: the dictionary order of the tones.
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
_DECOMPOSED = {
    "ă": "a\u0306",
    "â": "a\u0302",
    "ê": "e\u0302",
    "ô": "o\u0302",
    "ơ": "o\u031b",
    "ư": "u\u031b",
}

# A Vietnamese-looking syllable: letters of the alphabet, one tone on the first letter.
syllables = st.tuples(
    st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=5),
    st.integers(min_value=0, max_value=len(TONE_MARKS) - 1),
)
vietnamese_text = st.lists(
    st.one_of(
        st.sampled_from(["Nguyễn", "Đặng", "Thị", "Ánh", "Ưng", "ĐOÀN", "Khánh", "Ỷ", "ờ"]),
        st.text(min_size=1, max_size=8),
    ),
    max_size=6,
).map(" ".join)


def _render(syllable: tuple[list[str], int], *, form: str = "NFC") -> str:
    letters, tone = syllable
    first = _DECOMPOSED.get(letters[0], letters[0]) + TONE_MARKS[tone]
    rest = "".join(_DECOMPOSED.get(letter, letter) for letter in letters[1:])
    return unicodedata.normalize(form, first + rest)


def _expected_order(syllable: tuple[list[str], int]) -> tuple:
    letters, tone = syllable
    return tuple(ALPHABET.index(letter) for letter in letters), tone


# --- fold --------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.one_of(st.text(), vietnamese_text))
def test_it_folds_idempotently_to_plain_lower_case_without_marks(text):
    folded = fold(text)

    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.lower()
    assert "  " not in folded and folded == folded.strip()


@settings(max_examples=300)
@given(st.one_of(st.text(), vietnamese_text))
def test_it_folds_decomposed_and_precomposed_input_identically(text):
    # Given the same text as old software stored it (NFD) and as typed today (NFC)
    decomposed = unicodedata.normalize("NFD", text)
    precomposed = unicodedata.normalize("NFC", text)

    # Then both fold to the same search text.
    assert fold(decomposed) == fold(precomposed)


def test_it_folds_a_vietnamese_name_to_what_people_type_without_accents():
    assert fold("  Nguyễn   Văn  ĐỨC ") == "nguyen van duc"
    assert fold("Đoàn xã Bình Minh") == "doan xa binh minh"
    assert fold("Trường THPT Lê Quý Đôn") == "truong thpt le quy don"
    assert fold(unicodedata.normalize("NFD", "Phạm Thị Hồng Nhung")) == "pham thi hong nhung"
    assert fold(None) == ""
    assert fold("") == ""
    assert fold(" \t\n") == ""


# --- sort keys -----------------------------------------------------------------------


def test_it_sorts_given_names_in_vietnamese_alphabetical_order():
    names = ["Yến", "Ánh", "Đức", "Anh", "Ân", "Bình", "Dũng", "Ăn", "An", "Ơn", "Ôn", "On"]
    names += ["Ưng", "Uyên", "Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ", "Khánh", "Hà", "Giang", "Ích"]

    assert sorted(names, key=sort_key) == [
        "An", "Anh", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Giang", "Hà", "Ích",
        "Khánh", "On", "Ôn", "Ơn", "Uyên", "Ưng", "Y", "Ỳ", "Ỷ", "Ỹ", "Ý", "Ỵ", "Yến",
    ]  # fmt: skip


def test_it_compares_tones_only_after_all_letters():
    # "Ánh" has a tone but "Anhx"-like longer words still come after it by letters...
    assert sort_key("Ánh") < sort_key("Ao")
    # ...and between equal letters the tone decides: none, huyền, hỏi, ngã, sắc, nặng.
    tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones


def test_it_sorts_a_word_before_the_longer_words_it_begins():
    assert sort_key("An") < sort_key("An Bình") < sort_key("Anh")
    assert sort_key("Chi đoàn") < sort_key("Chi đoàn thôn Đông") < sort_key("Chi đoàn thôn Tây")


def test_it_ignores_punctuation_between_words_when_sorting():
    # Given unit names written with a dash between their parts
    names = ["Liên chi đoàn Toán - Tin", "Liên chi đoàn Toán", "Liên chi đoàn Toán Lý"]

    # Then the dash counts for nothing: "Toán - Tin" sorts as "Toán Tin".
    assert sorted(names, key=sort_key) == [
        "Liên chi đoàn Toán",
        "Liên chi đoàn Toán Lý",
        "Liên chi đoàn Toán - Tin",
    ]
    assert sort_key("Toán - Tin") == sort_key("Toán Tin")


@settings(max_examples=300)
@given(syllables, syllables)
def test_it_orders_syllables_by_letters_then_tone(a, b):
    assert (sort_key(_render(a)) < sort_key(_render(b))) == (
        _expected_order(a) < _expected_order(b)
    )


@settings(max_examples=200)
@given(st.lists(syllables, min_size=1, max_size=3))
def test_it_gives_decomposed_and_precomposed_text_the_same_sort_key(words):
    nfc = " ".join(_render(w) for w in words)
    nfd = " ".join(_render(w, form="NFD") for w in words)

    assert sort_key(nfd) == sort_key(nfc)
    assert sort_key(nfc.upper()) == sort_key(nfc)


def test_it_sorts_people_by_given_name_then_middle_then_family_name():
    people = [
        "Trần Văn Bình",
        "Nguyễn Thị Anh",
        "Lê Văn An",
        "Nguyễn Văn An",
        "Đỗ Thị Ánh",
        "Bùi An",
        "Vũ Thị Lan Anh",
        "Phạm Thị Hồng Nhung",
    ]

    ordered = sorted(people, key=lambda full: name_sort_key(*split_full_name(full)))

    assert ordered == [
        "Bùi An",  # no middle name comes first
        "Lê Văn An",  # then by middle name, then by family name
        "Nguyễn Văn An",
        "Nguyễn Thị Anh",
        "Vũ Thị Lan Anh",
        "Đỗ Thị Ánh",  # every "Anh" before "Ánh", whatever the family names
        "Trần Văn Bình",
        "Phạm Thị Hồng Nhung",
    ]


name_parts = st.lists(syllables, min_size=0, max_size=2)


@settings(max_examples=300)
@given(
    st.tuples(name_parts, name_parts, st.lists(syllables, min_size=1, max_size=1)),
    st.tuples(name_parts, name_parts, st.lists(syllables, min_size=1, max_size=1)),
)
def test_it_orders_any_two_names_like_the_rule_says(a, b):
    # The rule: the given name decides first, then the middle name, then the family name;
    # within each, the letters decide first and the tones (in reading order) after them.
    def expected(name):
        family, middle, given_name = name
        return [
            ([_expected_order(w)[0] for w in part], [_expected_order(w)[1] for w in part])
            for part in (given_name, middle, family)
        ]

    def key(name):
        family, middle, given_name = (" ".join(_render(w) for w in part) for part in name)
        return name_sort_key(family, middle, given_name)

    assert (key(a) < key(b)) == (expected(a) < expected(b))
    assert (key(a) == key(b)) == (expected(a) == expected(b))


# --- names -----------------------------------------------------------------------------


def test_it_splits_a_full_name_into_family_middle_and_given_name():
    assert split_full_name("Nguyễn Thị Minh Anh") == ("Nguyễn", "Thị Minh", "Anh")
    assert split_full_name("  Lê   Bình ") == ("Lê", "", "Bình")
    assert split_full_name("Khánh") == ("", "", "Khánh")
    assert split_full_name("   ") == ("", "", "")
    # Decomposed input comes back precomposed.
    assert split_full_name(unicodedata.normalize("NFD", "Đặng Văn Bảo")) == (
        "Đặng",
        "Văn",
        "Bảo",
    )


def test_it_stores_names_capitalised_precomposed_and_single_spaced():
    assert normalize_name("  nGUYỄN   văn  đức ") == "Nguyễn Văn Đức"
    stored = normalize_name(unicodedata.normalize("NFD", "phạm thị hồng nhung"))
    assert stored == "Phạm Thị Hồng Nhung"
    assert stored == unicodedata.normalize("NFC", stored)
    assert normalize_name("") == ""


@settings(max_examples=200)
@given(st.lists(syllables, max_size=4))
def test_it_normalises_names_idempotently(words):
    text = "  ".join(_render(w, form="NFD") for w in words)
    once = normalize_name(text)

    assert normalize_name(once) == once
    assert fold(once) == fold(text)
