"""The one normalisation of Chinese and English text, used alike when indexing and
when reading a query (and by the robot and the analytics): traditional characters
become simplified (OpenCC t2s), full-width forms half-width, Latin letters lower
case; jieba cuts Chinese into words; pypinyin gives each word's full pinyin and
initials, so `hlm` and `hongloumeng` find 红楼梦. ISBNs are read in any form and
compared as ISBN-13.

jieba loads its dictionary once, lazily (about a second), the first time a text
is cut; `warm_up()` does it ahead of time, e.g. before a benchmark or in a worker.
"""

import functools
import logging
import re
import threading
import unicodedata

_jieba_lock = threading.Lock()
_jieba = None
_opencc = None

_HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN = re.compile(f"[{_HAN_CLASS}]")
# A word is a run of letters/digits (any script other than Han) or a run of Han.
_CHUNK = re.compile(rf"[{_HAN_CLASS}]+|[^\W_{_HAN_CLASS}]+")
_ISBN_CHARS = re.compile(r"[0-9Xx]")
_ISBN_CANDIDATE = re.compile(r"^(?:97[89][-\s]?)?[0-9][-\s0-9]{7,15}[0-9Xx]$")
_NON_KEY = re.compile(r"[\W_]+")

# Queries are cut to this many characters: nobody types more, and a very long
# string must not cost seconds of segmentation.
MAX_QUERY_CHARS = 256


def _segmenter():
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


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


@functools.lru_cache(maxsize=4096)
def _chunk_words(text: str) -> tuple[tuple[bool, tuple[str, ...]], ...]:
    """(is Han, words) for each run of Han or of other letters and digits; one
    jieba cut (precise mode) per Han run. Cached: indexing a record cuts its title
    for the tokens and again for the autocomplete keys."""
    jieba = _segmenter()
    out: list[tuple[bool, tuple[str, ...]]] = []
    for chunk in _CHUNK.findall(normalise(text)):
        if _HAN.match(chunk):
            out.append((True, tuple(w for w in jieba.cut(chunk) if w.strip())))
        else:
            out.append((False, (chunk,)))
    return tuple(out)


def _with_inner_words(words: tuple[str, ...]) -> list[str]:
    """jieba's search mode, from words already cut: the dictionary's two- and
    three-character words inside each longer word, then the word itself."""
    freq = _segmenter().dt.FREQ
    out: list[str] = []
    for word in words:
        if len(word) > 2:
            out.extend(word[i : i + 2] for i in range(len(word) - 1) if freq.get(word[i : i + 2]))
        if len(word) > 3:
            out.extend(word[i : i + 3] for i in range(len(word) - 2) if freq.get(word[i : i + 3]))
        out.append(word)
    return out


def words(text: str, *, for_index: bool = False) -> list[str]:
    """The words of `text`, normalised. For the index, the shorter words inside
    long ones come too (中华人民共和国 → 中华, 人民, 共和国, …) so that a query's
    shorter word still matches."""
    out: list[str] = []
    for is_han, chunk_words in _chunk_words(text):
        out.extend(_with_inner_words(chunk_words) if for_index and is_han else chunk_words)
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


def _pinyin(chunks: tuple[tuple[bool, tuple[str, ...]], ...]) -> list[str]:
    tokens: list[str] = []
    whole_full: list[str] = []
    whole_initials: list[str] = []
    for is_han, chunk_words in chunks:
        if not is_han:
            continue  # digits and Latin words stay out of the whole-title pinyin
        for word in chunk_words:
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
    return _pinyin(_chunk_words(text))


def isbn10_to_13(isbn10: str) -> str:
    core = "978" + isbn10[:9]
    return core + _isbn13_check(core)


def isbn13_to_10(isbn13: str) -> str | None:
    if not isbn13.startswith("978"):
        return None
    core = isbn13[3:12]
    return core + _isbn10_check(core)


def _isbn13_check(first12: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def _isbn10_check(first9: str) -> str:
    total = sum(int(d) * (10 - i) for i, d in enumerate(first9))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn_normalise(value: str) -> str | None:
    """An ISBN-10 or -13 in any form (hyphens, spaces, `ISBN` prefix, a price or
    qualifier after it) as ISBN-13, or None if it is not a valid ISBN."""
    if not value:
        return None
    match = re.search(r"(?:97[89][-\s]?)?\d[-\s\d]{7,15}[\dXx]", value)
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
def _index_tokens(text: str, pinyin: bool) -> tuple[str, ...]:
    chunks = _chunk_words(text)
    tokens: list[str] = []
    for is_han, chunk_words in chunks:
        tokens.extend(_with_inner_words(chunk_words) if is_han else chunk_words)
    if pinyin:
        tokens.extend(_pinyin(chunks))
    return tuple(tokens)


def index_tokens(text: str, *, pinyin: bool = False) -> list[str]:
    """The tokens a field's text is indexed under (joined by spaces for Tantivy's
    whitespace tokenizer). Cached: subjects, publishers and authors repeat."""
    if not text:
        return []
    return list(_index_tokens(text, pinyin))


def query_words(text: str) -> list[str]:
    """A query's words, in the same normal form as the index."""
    return words(text[:MAX_QUERY_CHARS])
