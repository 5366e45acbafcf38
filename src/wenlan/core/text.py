"""The one normalisation of Chinese and English text, used alike when indexing and
when reading a query (and by the robot and the analytics): traditional characters
become simplified (OpenCC t2s), full-width forms half-width, Latin letters lower
case; jieba cuts Chinese into words (its dictionary and algorithm, run by
jieba-rs through `rjieba`: see docs/adr/0003-segmentation.md); pypinyin gives each
word's full pinyin and initials, so `hlm` and `hongloumeng` find 红楼梦. ISBNs are
read in any form and compared as ISBN-13.

The dictionaries load lazily, the first time a text is cut; `warm_up()` loads them
ahead of time, e.g. before a benchmark or before forking workers.
"""

import functools
import operator
import re
import unicodedata
from typing import NamedTuple

_opencc = None

_HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN = re.compile(f"[{_HAN_CLASS}]")
# A word is a run of letters/digits (any script other than Han) or a run of Han.
_CHUNK = re.compile(rf"[{_HAN_CLASS}]+|[^\W_{_HAN_CLASS}]+")
_ISBN_CHARS = re.compile(r"[0-9Xx]")
_ISBN_IN_TEXT = re.compile(r"(?:97[89][-\s]?)?\d[-\s\d]{7,15}[\dXx]")
_ISBN_CANDIDATE = re.compile(r"^(?:97[89][-\s]?)?[0-9][-\s0-9]{7,15}[0-9Xx]$")
_NON_KEY = re.compile(r"[\W_]+")

# Queries are cut to this many characters: nobody types more, and a very long
# string must not cost seconds of segmentation.
MAX_QUERY_CHARS = 256


@functools.cache
def _segmenter():
    import rjieba  # builds jieba's dictionary on import (about 0.2 s)

    return rjieba


def _converter():
    global _opencc
    if _opencc is None:
        import opencc

        _opencc = opencc.OpenCC("t2s")
    return _opencc


def warm_up() -> None:
    _segmenter()
    _converter()
    pinyin_of("中文")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def to_simplified(text: str) -> str:
    if not text or not has_han(text):
        return text
    return _converter().convert(text)


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), traditional → simplified, lower case."""
    if not text:
        return ""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


class _Chunk(NamedTuple):
    """A run of Han characters, or of other letters and digits, and its words."""

    text: str
    is_han: bool
    words: tuple[str, ...]

    def index_words(self) -> list[str]:
        """jieba's search mode for Han: the dictionary's two- and three-character
        words inside each longer word come before it (中华人民共和国 → 中华, 华人,
        人民, 共和, 共和国, 中华人民共和国), so that a query's shorter word matches."""
        return _segmenter().cut_for_search(self.text, hmm=True) if self.is_han else [self.text]


@functools.lru_cache(maxsize=4096)
def _chunks(text: str) -> tuple[_Chunk, ...]:
    """The runs of `text`, normalised; one jieba cut (precise mode) per Han run.
    Cached: indexing a record cuts its title for the tokens and again for the
    autocomplete keys."""
    out: list[_Chunk] = []
    for chunk in _CHUNK.findall(normalise(text)):
        if _HAN.match(chunk):
            cut = tuple(w for w in _segmenter().cut(chunk, hmm=True) if w.strip())
            out.append(_Chunk(chunk, True, cut))
        else:
            out.append(_Chunk(chunk, False, (chunk,)))
    return tuple(out)


def words(text: str, *, for_index: bool = False) -> list[str]:
    """The words of `text`, normalised. For the index, the shorter words inside
    long ones come too (see `_Chunk.index_words`)."""
    out: list[str] = []
    for chunk in _chunks(text):
        out.extend(chunk.index_words() if for_index else chunk.words)
    return out


@functools.lru_cache(maxsize=200_000)
def pinyin_of(word: str) -> tuple[str, ...]:
    """The toneless pinyin syllables of the Han characters in one word."""
    from pypinyin import Style, lazy_pinyin

    return tuple(
        s
        for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore", v_to_u=False)
        if s.isalpha()
    )


def _pinyin(chunks: tuple[_Chunk, ...]) -> list[str]:
    tokens: list[str] = []
    whole_full: list[str] = []
    whole_initials: list[str] = []
    for chunk in chunks:
        if not chunk.is_han:
            continue  # digits and Latin words stay out of the whole-title pinyin
        for word in chunk.words:
            syllables = pinyin_of(word)
            if not syllables:
                continue
            tokens.extend(syllables)
            if len(syllables) > 1:
                tokens.append("".join(syllables))
                tokens.append("".join(s[0] for s in syllables))
            whole_full.extend(syllables)
            whole_initials.extend(s[0] for s in syllables)
    if tokens and len(whole_full) > 1:
        tokens.append("".join(whole_full))
        tokens.append("".join(whole_initials))
    return tokens


def pinyin_tokens(text: str) -> list[str]:
    """Pinyin forms for each Han word and for the whole text: the syllables, the
    word's full pinyin and initials, and the whole text's full pinyin and initials
    (`pfdsj`, `pingfandeshijie` for 平凡的世界)."""
    return _pinyin(_chunks(text))


def isbn10_to_13(isbn10: str) -> str:
    core = "978" + isbn10[:9]
    return core + _isbn13_check(core)


def isbn13_to_10(isbn13: str) -> str | None:
    if not isbn13.startswith("978"):
        return None
    core = isbn13[3:12]
    return core + _isbn10_check(core)


def _isbn13_check(first12: str) -> str:
    digits = list(map(int, first12))
    total = sum(digits[0::2]) + 3 * sum(digits[1::2])
    return str((10 - total % 10) % 10)


def _isbn10_check(first9: str) -> str:
    total = sum(map(operator.mul, map(int, first9), range(10, 1, -1)))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn_normalise(value: str) -> str | None:
    """An ISBN-10 or -13 in any form (hyphens, spaces, `ISBN` prefix, a price or
    qualifier after it) as ISBN-13, or None if it is not a valid ISBN."""
    if not value:
        return None
    if len(value) == 13 and value.isascii() and value.isdigit():
        digits = value  # the stored form: no need to look for one
    else:
        match = _ISBN_IN_TEXT.search(value)
        if not match:
            return None
        digits = "".join(_ISBN_CHARS.findall(match.group(0))).upper()
    if len(digits) == 13 and digits.isdigit() and digits[:3] in {"978", "979"}:
        return digits if _isbn13_check(digits[:12]) == digits[12] else None
    if len(digits) == 10 and digits[:9].isdigit():
        return isbn10_to_13(digits) if _isbn10_check(digits[:9]) == digits[9] else None
    return None


def isbn_forms(value: str) -> list[str]:
    """Every form an ISBN is searched by: ISBN-13 and, for 978, ISBN-10."""
    isbn13 = isbn_normalise(value)
    if isbn13 is None:
        return []
    isbn10 = isbn13_to_10(isbn13)
    return [isbn13, isbn10.lower()] if isbn10 else [isbn13]


def looks_like_isbn(token: str) -> bool:
    return bool(_ISBN_CANDIDATE.match(token.strip())) and isbn_normalise(token) is not None


def match_key(text: str) -> str:
    """A key for matching duplicates: simplified, lower case, letters and digits only."""
    return _NON_KEY.sub("", normalise(text))


@functools.lru_cache(maxsize=100_000)
def index_text(text: str, pinyin: bool = False) -> str:
    """The tokens a field's text is indexed under, joined by spaces for Tantivy's
    whitespace tokenizer (no token holds a space). Cached: subjects, publishers and
    authors repeat."""
    if not text:
        return ""
    chunks = _chunks(text)
    tokens = [word for chunk in chunks for word in chunk.index_words()]
    if pinyin:
        tokens.extend(_pinyin(chunks))
    return " ".join(tokens)


def index_tokens(text: str, *, pinyin: bool = False) -> list[str]:
    return index_text(text, pinyin).split()


# A title is found from the start of each of its first words ("history" finds
# "A brief history of time"), never from inside a word.
COMPLETION_WORD_STARTS = 8


@functools.lru_cache(maxsize=100_000)
def completion_keys(text: str) -> tuple[str, ...]:
    """The keys a title or a name is found under as someone types it: from the
    start of each of its first words, its letters and digits (`match_key`) and,
    for Chinese, their pinyin and initials."""
    chunks = _chunks(text)
    words = [(word, chunk.is_han) for chunk in chunks for word in chunk.words]
    keys: set[str] = set()
    for start in range(min(len(words), COMPLETION_WORD_STARTS)):
        rest = words[start:]
        keys.add("".join(word for word, _is_han in rest))
        syllables = [s for word, is_han in rest if is_han for s in pinyin_of(word)]
        if syllables:
            keys.add("".join(syllables))
            keys.add("".join(s[0] for s in syllables))
    keys.discard("")
    return tuple(sorted(keys))


def query_words(text: str) -> list[str]:
    """A query's words, in the same normal form as the index."""
    return words(text[:MAX_QUERY_CHARS])
