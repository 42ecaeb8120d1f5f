"""`python -m chiso`: the project's one command-line entry.

Each subcommand lives in `chiso/commands/<name>.py` and exposes
`register(subparsers)`; the command parses its options and calls the core.
Every subcommand accepts `--db PATH` (the published-results database).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from chiso import paths
from chiso.i18n import N_

COMMANDS = ("build", "tasks", "plans", "deck", "users", "audit", "weak", "report", "results")


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        from chiso.i18n import _
        return super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse speaking the CLI's language: its own words (usage, section titles, -h) are msgids of
    chiso's catalogs too, so `--help` is one language throughout. Subcommands' parsers are this class."""

    def __init__(self, *args, **kwargs):
        from chiso.i18n import _
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=_("show this help message and exit"))


# argparse's own messages a user can meet (a missing or unknown option, a bad value), marked for
# the catalogs: argparse looks each one up through the module's `_` when it raises it. (Its one
# plural, "expected %s arguments", needs nargs=N, which no chiso option has.)
ARGPARSE_MESSAGES = (
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"), N_("ignored explicit argument %r"), N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"), N_("can't open '%(filename)s': %(error)s"),
)
@contextmanager
def _argparse_speaks_chiso():
    """While the command line is parsed, argparse's messages go through chiso's catalogs (in the
    CLI's language), not the system's gettext domain, which has no Vietnamese. argparse reads its
    module's `_` and `ngettext` when a message is made; they are put back afterwards."""
    from chiso import i18n
    saved = argparse._, argparse.ngettext
    argparse._ = lambda message: i18n.translations().gettext(message)
    argparse.ngettext = lambda singular, plural, n: i18n.translations().ngettext(singular, plural, n)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _parser() -> argparse.ArgumentParser:
    from chiso import catalog
    from chiso.i18n import _
    parser = _Parser(prog="python -m chiso", description=_(
        "chiso: provincial governance indices ({indices}) in DuckDB",
        indices=", ".join(i.short for i in catalog.indices().values())))
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"chiso.commands.{name}")
        module.register(sub)
    for action in sub.choices.values():
        _add_db_option(action)
    _name_subcommands(parser)
    return parser


def _name_subcommands(parser: argparse.ArgumentParser) -> None:
    """A missing subcommand is named by its choices, "{build,tasks,...}", as the usage line names it,
    not by the attribute it is stored in ("tasks_command")."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            if action.metavar is None:
                action.metavar = "{" + ",".join(action.choices) + "}"
            for child in action.choices.values():
                _name_subcommands(child)


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    if any("--db" in a.option_strings for a in parser._actions):
        return
    from chiso.i18n import _
    parser.add_argument("--db", default=None, help=_("DuckDB file of published results (default {path})",
                                                     path=paths.default_db_path()))
    # Nested subcommands (tasks import, users add ...) take --db too.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _add_db_option(child)


READS_RESULTS = frozenset({"weak", "deck"})  # commands that read the published-results database


def _database_ready(args) -> None:
    """What the app frame does before a page: the default database is built when missing or older
    than the bundled data and catalog (a fresh clone, a pull); a database named with --db is never
    written by another command: missing, it is an error naming it; older, a note says so."""
    from chiso.errors import ChisoError
    from chiso.i18n import _
    from etl import freshness
    path = Path(args.db) if args.db else paths.default_db_path()
    if not freshness.needs_build(path):
        return
    if args.db is None:
        print(_("Building the database first (the bundled data is newer): {path}", path=path), file=sys.stderr)
        freshness.ensure_built(path, progress=lambda *_: None)
    elif not path.exists():
        raise ChisoError("No database at {path}: build it with python -m chiso build --db {path}", path=path)
    else:
        print(_("Note: {path} is older than the bundled data or catalog; python -m chiso build --db {path} "
                "rebuilds it.", path=path), file=sys.stderr)


def _silence_stdout() -> None:
    """Output still buffered for a closed pipe goes nowhere: Python flushes stdout at exit and would
    print a second BrokenPipeError (the recipe of Python's `signal` documentation)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is no file (a test capturing it)
        pass


def _os_reason(exc: OSError) -> str:
    """The operating system's reason in the CLI's language (its own words are English)."""
    import errno
    from chiso.i18n import _
    reasons = {errno.ENOENT: N_("no such folder or file"), errno.EACCES: N_("permission denied"),
               errno.EISDIR: N_("it is a folder"), errno.ENOSPC: N_("the disk is full"),
               errno.EROFS: N_("the disk is read-only")}
    return _(reasons[exc.errno]) if exc.errno in reasons else exc.strerror or str(exc)


def main(argv: list[str] | None = None) -> int:
    from chiso import i18n
    # --help and argparse's error messages in the CLI's language
    cli_lang = os.environ.get("CHISO_LANG") or i18n.DEFAULT_LANG
    with i18n.use(cli_lang), _argparse_speaks_chiso():
        args = _parser().parse_args(argv)
    # The CLI's language: a command's own --lang, else CHISO_LANG, else Vietnamese. Errors print in it,
    # and a deck or report asked without --lang is written in it. Scoped to this call, so a caller in
    # the same process (a test, a script) keeps its own language.
    lang = getattr(args, "lang", None) or cli_lang
    if hasattr(args, "lang"):
        args.lang = lang
    with i18n.use(lang):
        try:
            if args.command in READS_RESULTS:
                _database_ready(args)
            return int(args.func(args) or 0)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:  # `python -m chiso weak ... | head`: the reader has what it wanted
            _silence_stdout()
            return 141
        except Exception as exc:  # the user sees one clear line, not a traceback
            from chiso.errors import ChisoError
            from chiso.i18n import _
            if isinstance(exc, ChisoError):
                print(_("Error: {error}", error=str(exc)), file=sys.stderr)
                return 2
            if isinstance(exc, OSError) and exc.filename:  # --out in a folder that does not exist, a read-only one
                print(_("Error: {error}", error=_("cannot write or read {path}: {reason}", path=exc.filename,
                                                  reason=_os_reason(exc))), file=sys.stderr)
                return 2
            raise
