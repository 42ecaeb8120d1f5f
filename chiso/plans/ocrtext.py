"""Matching words in plan text that OCR has damaged.

Three of the real plans are OCR of scans: diacritics are lost or turned into
other characters ("Chi s6" = "Chỉ số", "nhiing" = "những", "Thuwong" = "Thương",
"1y" = "lý"). All matching works on *match tokens*: `chiso.names.fold` (lower
case, no diacritics, đ -> d) followed by a few repairs of OCR confusions that
cannot occur in Vietnamese spelling, plus a tolerant phrase matcher (one edit
per word when the rest of the phrase agrees).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from chiso.names import fold

# Inside a word that also has letters, a digit is an OCR misreading of a letter.
_DIGIT_AS_LETTER = str.maketrans({"0": "o", "6": "o", "8": "o", "1": "l", "3": "a", "4": "a", "5": "s", "9": "g"})
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def repair_token(tok: str) -> str:
    """One folded token with OCR confusions undone where Vietnamese spelling makes them certain."""
    if any(c.isdigit() for c in tok) and any(c.isalpha() for c in tok):
        tok = tok.translate(_DIGIT_AS_LETTER)
    # Vietnamese has no "w" and no "ii": "ư" is read as "w"/"uw", "ũ" as "ii".
    tok = tok.replace("uw", "u").replace("w", "u").replace("ii", "u")
    return tok


def _repair_sequence(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        # "Chỉ số" is the most frequent term in these plans and its "ố" is read as
        # 6, 0, b, d, é, $ ... : after "chi", any one- or two-character "s?" word is "so".
        if out and out[-1] == "chi" and (re.fullmatch(r"s[a-z0-9]?", tok) or tok in {"6", "0", "8"}):
            tok = "so"
        out.append(tok)
    return out


def match_tokens(text: str) -> list[str]:
    """Folded, OCR-repaired tokens of a text (what phrases are matched against)."""
    return _repair_sequence([repair_token(t) for t in fold(text).split()])


def match_key(text: str) -> str:
    return " ".join(match_tokens(text))


def raw_words(text: str) -> tuple[list[str], list[str]]:
    """(original words, their match tokens), aligned one to one, to quote what triggered a match."""
    words, toks = [], []
    for w in _WORD.findall(str(text)):
        f = fold(w)
        if not f:
            continue
        for part in f.split():
            words.append(w)
            toks.append(repair_token(part))
    return words, _repair_sequence(toks)


@lru_cache(maxsize=262144)
def edit_distance(a: str, b: str) -> int:
    if a == b:
        return 0
    if abs(len(a) - len(b)) > 2:
        return 3
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class PhraseMatch:
    start: int  # token position in the text
    length: int
    exact: bool


class Phrase:
    """A phrase to find in OCR-damaged text.

    A phrase word matches a text word when equal, or one edit apart if the word
    has 3+ letters (2+ in phrases of 3+ words); at least half the phrase's words
    (rounded down) must match exactly, and a one-word phrase tolerates an edit only from 4 letters
    up (so "pci" never matches "phi").
    """

    def __init__(self, text: str):
        self.text = text
        self.tokens = match_tokens(text)

    def _token_ok(self, t: str, p: str) -> int:
        if t == p:
            return 2
        n = len(self.tokens)
        min_len = 4 if n == 1 else (2 if n >= 3 else 3)
        min_t = 1 if n >= 3 else 2  # "Sở" is often read as a bare "S" (S&, S¢)
        if len(p) >= min_len and len(t) >= min_t and edit_distance(t, p) <= 1:
            # A two-letter word keeps its consonant under OCR ("số" -> "sb"); "co" is not "so".
            if len(p) <= 2 and t[:1] != p[:1]:
                return 0
            return 1
        return 0

    def find(self, tokens: list[str]) -> list[PhraseMatch]:
        n = len(self.tokens)
        if n == 0:
            return []
        found = []
        need_exact = max(1, n // 2)
        first = self.tokens[0]
        for i in range(len(tokens) - n + 1):
            if tokens[i] != first and not self._token_ok(tokens[i], first):
                continue
            scores = [self._token_ok(tokens[i + k], self.tokens[k]) for k in range(n)]
            if all(scores) and sum(1 for s in scores if s == 2) >= need_exact:
                found.append(PhraseMatch(i, n, all(s == 2 for s in scores)))
        return found

    def in_text(self, text: str) -> bool:
        return bool(self.find(match_tokens(text)))


_ODD = re.compile(r"[¢$&©@#|~^¥£§®«»]")
_MIXED = re.compile(r"(?=\w*\d)(?=\w*[^\W\d_])\w+")
# Vietnamese writes "iê", "yê", "uyê" with a circumflex; OCR of scans drops it ("hién" for "hiện",
# "nhiém" for "nhiệm"); "qu" + "e" ("què") is a real spelling, so not after q.
_LOST_CIRCUMFLEX = re.compile(r"(?<![qQ])[iyuIYU][éèẻẽẹÉÈẺẼẸ]")


def looks_damaged(text: str) -> bool:
    """True when OCR has visibly damaged the text: two or more words holding a symbol no Vietnamese
    word has ("S¢", "K&"), digits inside letters ("t6t", "1anh", "x3"), or a vowel pair Vietnamese
    never writes ("hién", "nhiém": the circumflex lost). Clean text with numbers ("2023", "100%",
    "52/KH-SNgV") passes. A flag for a person to read the row, not a correction."""
    words = str(text).split()
    bad = 0
    for w in words:
        core = w.strip(".,;:()[]\"'“”")
        if (_ODD.search(core) and any(c.isalpha() for c in core)) or _LOST_CIRCUMFLEX.search(core):
            bad += 1
        elif any(_MIXED.fullmatch(part) and not part.isupper() for part in re.findall(r"\w+", core)):
            bad += 1
    return bad >= 2
