"""One translation system: gettext catalogs under `locales/`, managed with Babel.

Every user-visible text is written once, in English, as `_("Province")` (a msgid), and its
Vietnamese and English wording lives in `locales/{vi,en}/LC_MESSAGES/chiso.po`, which a
translator edits in any .po editor. Placeholders use `str.format` names:
`_("{province}: no data yet", province=name)`.

The language is per run, not per call: the app frame (each page run), the CLI and the deck
set it once with `set_language` / `use`, and everything below speaks that language.

Catalog upkeep (see README, "Translations"):
    pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -o locales/chiso.pot .
    pybabel update -i locales/chiso.pot -d locales -D chiso
    pybabel compile -d locales -D chiso        # optional: .mo files are also built on load
"""
from __future__ import annotations

import contextvars
import gettext
import io
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "chiso"
LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

_current = contextvars.ContextVar("chiso_lang", default=DEFAULT_LANG)


def set_language(lang: str | None) -> str:
    """Make `lang` the language of this run (thread/task); an unknown code falls back to Vietnamese."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    _current.set(lang)
    return lang


def language() -> str:
    return _current.get()


@contextmanager
def use(lang: str):
    """Speak `lang` inside the block (the deck in English from a Vietnamese page, a CLI option)."""
    token = _current.set(lang if lang in LANGS else DEFAULT_LANG)
    try:
        yield
    finally:
        _current.reset(token)


def po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def _translations(lang: str, po_mtime: float) -> gettext.NullTranslations:
    """The .po compiled in memory with Babel (no stale .mo can be served after an edit)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = po_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def translations(lang: str | None = None) -> gettext.NullTranslations:
    lang = lang or language()
    path = po_path(lang)
    return _translations(lang, path.stat().st_mtime if path.exists() else 0.0)


def _format(text: str, params: dict) -> str:
    return text.format(**params) if params else text


def _(message: str, /, **params) -> str:
    """`message` (an English msgid) in the current language, with `{name}` placeholders filled."""
    return _format(translations().gettext(message), params)


def ngettext(singular: str, plural: str, n: int, /, **params) -> str:
    return _format(translations().ngettext(singular, plural, n), {"n": n, **params})


def translate(message: str, lang: str, /, **params) -> str:
    """`message` in an explicitly named language (an export in a language other than the page's)."""
    with use(lang):
        return _(message, **params)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (tables of labels at import time)."""
    return message
