"""One translation system (issue 10, item 4): every message in the code has a Vietnamese and an
English translation in the catalogs, and every page, walked in both languages, shows the user only
their language, no raw component code standing alone, no file path and no docs/ reference."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from chiso import i18n, navigation, paths
from task_fixtures import empty_store

ROOT = paths.ROOT
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SOURCES = [ROOT / "app.py", *sorted((ROOT / "chiso").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")),
           *sorted((ROOT / "etl").rglob("*.py"))]


def code_messages() -> dict[str, str]:
    """msgid -> where it is used, extracted the way `pybabel extract` does."""
    found = {}
    for path in SOURCES:
        with open(path, "rb") as fh:
            for lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                for msgid in (message if isinstance(message, tuple) else (message,)):
                    if msgid:
                        found.setdefault(msgid, f"{path.relative_to(ROOT)}:{lineno}")
    return found


def catalog(lang: str):
    with i18n.po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_message_in_the_code_is_translated(lang):
    cat = catalog(lang)
    translated = {}
    for m in cat:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for msgid in ids:
            translated[msgid] = all(s and s.strip() for s in strings)
    missing = {msgid: where for msgid, where in code_messages().items() if not translated.get(msgid)}
    assert not missing, f"{len(missing)} messages without a {lang} translation: " + "; ".join(
        f"{where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda kv: kv[1])[:40])


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_each_message_is_in_the_catalog_once(lang):
    """.po files merge as a union in git (.gitattributes): a msgid two branches both added would stand
    twice, and only one of two differing wordings would reach the user. Read the raw entries."""
    text = i18n.po_path(lang).read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid "(.+)"$', text, re.MULTILINE)
    repeated = sorted({m for m in msgids if msgids.count(m) > 1})
    assert not repeated, f"repeated in {lang}: {repeated[:20]}"


# --- every page, both languages ---------------------------------------------------------------

# Words that only Vietnamese interface text has (proper names carry diacritics too, so diacritics alone
# prove nothing); and English words no Vietnamese sentence contains.
VIETNAMESE_WORDS = re.compile(r"\b(của|và|chưa|không|các|được|những|theo|với|trong|nhiệm vụ|số liệu|thứ hạng|"
                              r"đăng nhập|tải|xem|chọn)\b", re.IGNORECASE)
ENGLISH_WORDS = re.compile(r"\b(the|and|of|is|with|for|from|no|not|this|each|every|per|file|sign in)\b",
                           re.IGNORECASE)
COMPONENT_CODE = re.compile(r"\b[A-Z]{1,3}\d{1,2}(?:_[A-Z]+)+\b")
PATH = re.compile(r"(?:/[A-Za-z_][\w.-]*){2,}|\b[\w-]+\.(?:py|duckdb|csv|toml|md)\b|\bdocs/")
# What follows these is quoted data (a source's own words, a province's Vietnamese name), not interface text.
QUOTED = re.compile(r"(Nguồn|Source|Sources differ|Các nguồn khác nhau)\s*:.*", re.DOTALL)

# Pages whose bodies other engineers are converting today (their own issues): walked, and reported,
# but a leak there is theirs to fix; the frame's part of them (sidebar) is checked like any page.
NOT_YET_CONVERTED: dict[str, str] = {
}


def visible_texts(at: AppTest) -> list[str]:
    """Interface text a user reads: headings, paragraphs, notices, labels; table headers (not cells,
    which are data), widget labels and their option labels."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [f"{m.label}" for m in at.metric]
    out += [" | ".join(map(str, d.value.columns)) for d in at.dataframe]
    for kind in ("selectbox", "radio", "multiselect", "text_input", "checkbox", "button", "number_input"):
        for w in getattr(at, kind):
            out.append(str(w.label))
    return [t for t in out if t and t.strip()]


def leaks(texts: list[str], lang: str) -> list[str]:
    found = []
    for text in texts:
        if text.startswith("<style") or "Ngôn ngữ / Language" in text:
            continue
        shown = QUOTED.sub("", text)
        if lang == "en" and VIETNAMESE_WORDS.search(shown):
            found.append(f"Vietnamese in English: {text[:160]!r}")
        if lang == "vi" and ENGLISH_WORDS.search(re.sub(r"\b(PAR INDEX|SIPAS|PAPI|PCI|SSO|PNG|SVG|CSV|ZIP|XLSX|PPTX)\b",
                                                        "", shown)):
            found.append(f"English in Vietnamese: {text[:160]!r}")
        for code in COMPONENT_CODE.findall(shown):
            if not re.search(re.escape(code) + r"\s*[·:—-]\s*\S", shown):
                found.append(f"raw component code {code}: {text[:160]!r}")
        if PATH.search(shown):
            found.append(f"file path or docs/ reference: {text[:160]!r}")
    return found


PAGES = [Path(p.file).name for p in navigation.PAGES]


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_only_the_users_language(built_db, page, lang, request):
    if page in NOT_YET_CONVERTED:
        request.applymarker(pytest.mark.xfail(reason=NOT_YET_CONVERTED[page], strict=False))
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=90)
    at.query_params.update({"lang": lang, "province": "42", "year": "2022", "index": "PAPI"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    found = leaks(visible_texts(at), lang)
    assert not found, "\n".join(found[:20])


def _help_texts(parser, where="python -m chiso"):
    """(where, text) of every help a user of `--help` reads: options, subcommands, section titles."""
    import argparse
    yield where + " [positional]", parser._positionals.title
    yield where + " [options]", parser._optionals.title
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{where} {choice.dest}", choice.help
            for name, child in action.choices.items():
                yield from _help_texts(child, f"{where} {name}")
        else:
            yield f"{where} {'/'.join(action.option_strings) or action.dest}", action.help


def test_every_subcommands_help_speaks_the_users_language():
    """`python -m chiso deck --help` showed --db in English among Vietnamese options: every help text
    of every subcommand (argparse's own words too) goes through the catalogs, so it differs by language."""
    from chiso import cli
    texts = {}
    for lang in i18n.LANGS:
        with i18n.use(lang):
            texts[lang] = dict(_help_texts(cli._parser()))
    assert texts["vi"].keys() == texts["en"].keys()
    missing = [w for w, t in texts["vi"].items() if not t]
    assert not missing, f"options with no help: {missing}"
    same = [w for w in texts["vi"] if texts["vi"][w] == texts["en"][w]]
    assert not same, f"help not translated (the same in vi and en): {same}"
    assert texts["vi"]["python -m chiso deck --db"].startswith("tệp DuckDB")
    # nor does a Vietnamese help gloss itself in English: "dựng cơ sở dữ liệu … (build the database)"
    glossed = [w for w, t in texts["vi"].items() if any(t.endswith(f"({e})") or f"({e}" in t for e in
                                                      (texts["en"][w].split(":")[0].split(",")[0],))]
    assert not glossed, glossed


def test_help_is_printed_in_chiso_lang(monkeypatch, capsys):
    from chiso.cli import main
    for lang, usage, db in (("vi", "cách dùng:", "tệp DuckDB"), ("en", "usage:", "DuckDB file")):
        monkeypatch.setenv("CHISO_LANG", lang)
        with pytest.raises(SystemExit):
            main(["deck", "--help"])
        out = capsys.readouterr().out
        assert out.startswith(usage) and db in out, out


@pytest.mark.parametrize("argv, vi, en", [
    (["weak"], "lỗi: thiếu các tham số bắt buộc: --province, --year",
     "error: the following arguments are required: --province, --year"),
    (["weak", "--province", "42", "--year", "2022", "--bogus"], "lỗi: tham số không nhận ra: --bogus",
     "error: unrecognized arguments: --bogus"),
    (["weak", "--province", "42", "--year", "2022", "--index", "NOPE"],
     "lỗi: tham số --index: 'NOPE' không phải một chỉ số: PAPI,",
     "error: argument --index: 'NOPE' is not an index: PAPI,"),
    (["weak", "--province", "42", "--year", "hai nghìn"], "tham số --year: giá trị không hợp lệ",
     "argument --year: invalid int value"),
    # a missing subcommand is named by its choices, not by the attribute argparse stores it in
    (["tasks"], "lỗi: thiếu các tham số bắt buộc: {import,export,list}\n",
     "error: the following arguments are required: {import,export,list}\n"),
])
def test_argparse_errors_are_printed_in_chiso_lang(monkeypatch, capsys, argv, vi, en):
    """A mistyped command answers in the CLI's language, like its --help: argparse's own error
    messages go through chiso's catalogs, and argparse is left as it was for other callers."""
    import argparse
    import gettext

    from chiso.cli import main
    for lang, expected in (("vi", vi), ("en", en)):
        monkeypatch.setenv("CHISO_LANG", lang)
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and expected in err, err
        assert err.startswith("cách dùng:" if lang == "vi" else "usage:"), err
    assert argparse._ is gettext.gettext


def test_english_counts_agree_with_their_number():
    """"1 open tasks cover it" (Điểm yếu), "1 tasks (1 open)" (the deck), "… and 1 more weak components":
    texts with a count are plurals, worded once in Vietnamese (which has one form) and twice in English."""
    from chiso.deck import texts
    with i18n.use("en"):
        assert texts.n_tasks(1, 1) == "1 task (1 open)" and texts.n_tasks(2, 1) == "2 tasks (1 open)"
        assert texts.more_rows(1).startswith("… and 1 more weak component (")
        assert texts.more_task_lines(1, 1).startswith("… and 1 more line (tasks not above: 1;")
        assert texts.more_task_lines(2, 0).startswith("… and 2 more lines, for other components")
    with i18n.use("vi"):
        assert texts.n_tasks(1, 1) == "1 nhiệm vụ (1 đang mở)" and texts.more_rows(2).startswith("… và 2 nội dung yếu khác")


def test_a_deck_asked_without_lang_is_written_in_the_clis_language(monkeypatch, tmp_path, built_db, capsys):
    """CHISO_LANG=en answered in English but wrote the deck in Vietnamese: --lang defaulted to vi.
    Its report said "5.4 giây" (a decimal point in Vietnamese) and "1 charts" in English."""
    from types import SimpleNamespace

    from chiso import deck
    from chiso.cli import main
    asked = []

    def fake_deck(code, year, out, db=None, lang="vi", tasks=None):
        asked.append(lang)
        return SimpleNamespace(path=out, slides=9, images=1, seconds=5.4)
    monkeypatch.setattr(deck, "build_deck", fake_deck)
    monkeypatch.setattr(deck, "tasks_from_store", lambda *a, **k: __import__("pandas").DataFrame({"task_id": []}))
    for env, flag, expected in (("en", [], "en"), ("vi", [], "vi"), ("en", ["--lang", "vi"], "vi"), (None, [], "vi")):
        if env:
            monkeypatch.setenv("CHISO_LANG", env)
        else:
            monkeypatch.delenv("CHISO_LANG", raising=False)
        assert main(["deck", "--db", str(built_db), "--province", "42", "--year", "2024",
                     "--out", str(tmp_path / "d.pptx"), *flag]) == 0
        assert asked[-1] == expected, (env, flag, asked)
        said = capsys.readouterr().out
        assert (": 9 slides, 1 chart, 0 tasks read, 5.4 s" if expected == "en" else  # the run's language
                ": 9 slide, 1 biểu đồ, 0 nhiệm vụ đã đọc, 5,4 giây") in said, said


def test_the_clis_answers_speak_chiso_lang(monkeypatch, tmp_path, capsys, built_db):
    """`chiso tasks`, `chiso users` and `chiso results` printed Vietnamese under CHISO_LANG=en (only
    their --help was translated): what they say is now in the run's language, province names included
    (`users list` named them in Vietnamese to an English reader); data stays as written."""
    import io

    from chiso.cli import main
    examples = Path(__file__).resolve().parent.parent / "data" / "examples"
    users = tmp_path / "users.toml"
    said = {}
    for lang in ("en", "vi"):
        store = str(tmp_path / f"tasks_{lang}.duckdb")
        monkeypatch.setenv("CHISO_LANG", lang)
        monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-rat-dai-2026\n"))
        assert main(["users", "add", f"qt_{lang}", "--role", "province_admin", "--province", "Hà Tĩnh",
                     "--password-stdin", "--file", str(users)]) == 0
        assert main(["users", "list", "--file", str(users)]) == 0
        assert main(["tasks", "import", str(examples / "tasks_example.csv"), "--province", "Hà Tĩnh",
                     "--store", store, "--db", str(built_db)]) == 0
        assert main(["tasks", "list", "--province", "Hà Tĩnh", "--store", store]) == 0
        assert main(["results", "list", "--db", str(built_db)]) == 0
        said[lang] = capsys.readouterr().out
    en, vi = said["en"], said["vi"]
    assert "Created account 'qt_en' (Manages the province's tasks, plans and accounts, Ha Tinh)" in en, en
    # the accounts list names the province as the run's language does
    assert any(line.startswith("qt_en ") and line.split()[2:] == ["Ha", "Tinh"] for line in en.splitlines()), en
    assert any(line.startswith("qt_vi ") and line.split()[2:] == ["Hà", "Tĩnh"] for line in vi.splitlines()), vi
    assert "Username             Role (--role)     Province" in en and "Tên đăng nhập        Vai trò (--role)" in vi
    assert "1 account" in en and "Imported into" in en and "No result has been entered yet." in en, en
    assert "Lead: " in en and "| Deadline: " in en and "12 tasks (Ha Tinh;" in en, en
    for word in ("Đã tạo", "tài khoản", "Đã nhập", "QUÁ HẠN", "Chủ trì", "Chưa có kết quả", "Chưa thực hiện"):
        assert word not in en, (word, en)
    assert "Đã tạo tài khoản 'qt_vi' (Quản trị nhiệm vụ" in vi and "2 tài khoản" in vi, vi
    assert "Chủ trì: " in vi and "12 nhiệm vụ (Hà Tĩnh;" in vi and "Chưa có kết quả nào được nhập." in vi, vi


def test_chiso_weak_heads_its_table_in_chiso_lang(monkeypatch, tmp_path, capsys, built_db):
    """`chiso weak` headed its table with the CSV's column names ("indicator_code", "open_tasks",
    "gap_to_best") in both languages; the table to read now says what Điểm yếu says. The CSV is unchanged."""
    from chiso.cli import main
    said = {}
    for lang in ("en", "vi"):
        monkeypatch.setenv("CHISO_LANG", lang)
        assert main(["weak", "--province", "Hà Tĩnh", "--year", "2022", "--index", "PAPI", "--db", str(built_db),
                     "--store", empty_store(tmp_path)]) == 0
        said[lang] = capsys.readouterr().out.splitlines()[0].split()
    assert said["vi"][:4] == ["Chỉ", "số", "Mã", "Tên"] and "Phân" in said["vi"], said["vi"]
    assert said["en"][:3] == ["Index", "Code", "Component"] and "Percentile" in said["en"], said["en"]
    assert not {"indicator_code", "open_tasks", "gap_to_best"} & set(said["en"] + said["vi"])
    assert main(["weak", "--province", "Hà Tĩnh", "--year", "2022", "--index", "PAPI", "--db", str(built_db),
                 "--store", empty_store(tmp_path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("index_code,indicator_code,name_vi,value,max_value,rank,")


def test_chiso_build_reports_in_chiso_lang(monkeypatch, tmp_path, capsys):
    """`chiso build` printed its progress and report in Vietnamese under CHISO_LANG=en, and each
    disagreement's rule in both languages to everyone: now the run's language, numbers as it writes them."""
    from chiso.cli import main
    said = {}
    for lang in ("en", "vi"):
        monkeypatch.setenv("CHISO_LANG", lang)
        assert main(["build", "--db", str(tmp_path / f"{lang}.duckdb")]) == 0
        said[lang] = capsys.readouterr().out
    en, vi = said["en"], said["vi"]
    for phrase in ("Reading the published files ...", "Read 8 source files:", "values, 63 provinces with a total [full]",
                   "; without a total: 2 provinces (Bac Giang, ", "Sources that disagree: 10", "Database: ",
                   "PCI 2011 province 02 (Ha Giang) TOTAL rank: 41 (published) | 40 (computed by chiso) -> chose 41 "
                   "(published rank kept)", "-> chose 84.48 (higher authority: provincial > press)"):
        assert phrase in en, (phrase, en)
    for word in ("Đọc", "đọc", "dòng", "giá trị", "tỉnh", "chọn", "Thời gian", "Cơ sở dữ liệu", "đầy đủ", "Bắc Giang",
                 "công bố", "(tính)", "thẩm quyền", "quyết định"):
        assert word not in en, (word, en)
    for phrase in ("Đọc các tệp số liệu đã công bố ...", "Đã đọc 8 tệp nguồn:", "63 tỉnh có tổng điểm [đầy đủ]",
                   "thiếu tổng điểm: 2 tỉnh (Bắc Giang, ", "Cơ sở dữ liệu: ",
                   "PCI 2011 tỉnh 02 (Hà Giang) TOTAL thứ hạng: 41 (công bố) | 40 (tính) -> chọn 41 (xếp hạng công bố được giữ)",
                   "-> chọn 84,48 (nguồn có thẩm quyền cao hơn: provincial > press)"):
        assert phrase in vi, (phrase, vi)
    for word in ("higher authority", "(published)", "(computed", "84.48"):
        assert word not in vi, (word, vi)
    seconds = next(line for line in vi.splitlines() if line.startswith("Thời gian: "))
    assert "," in seconds and "." not in seconds, seconds  # 3,8 s, as Vietnamese write it


def test_every_list_names_its_placeholder():
    """Streamlit's lists show "Choose an option" (English, untranslatable) while a user clears one to
    type a search: every selectbox and multiselect of chiso says its own placeholder, in the run's words."""
    import ast

    root = Path(__file__).resolve().parent.parent
    silent = []
    for path in sorted([*(root / "chiso").rglob("*.py"), *(root / "pages").glob("*.py"), root / "app.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("selectbox", "multiselect")
                    and "placeholder" not in {k.arg for k in node.keywords}):
                silent.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not silent, silent


def test_a_refused_task_list_is_explained_in_the_clis_language(monkeypatch, tmp_path, capsys):
    """A task list with faults was refused in Vietnamese under CHISO_LANG=en ("4 lỗi, chưa nhập nhiệm
    vụ nào …", "thiếu giá trị bắt buộc"): each fault is now said in the run's language."""
    from chiso.cli import main
    bad = tmp_path / "bad.csv"
    bad.write_text("Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn\nLàm việc A,,31/13/2026\n", encoding="utf-8")
    said = {}
    for lang in ("en", "vi"):
        monkeypatch.setenv("CHISO_LANG", lang)
        assert main(["tasks", "import", str(bad), "--province", "70", "--store", str(tmp_path / "t.duckdb")]) != 0
        said[lang] = capsys.readouterr()
        said[lang] = said[lang].out + said[lang].err
    assert "2 faults, no task imported; fix them and import the whole file again:" in said["en"], said["en"]
    assert "row 2, column Đơn vị chủ trì: required value missing" in said["en"], said["en"]
    assert "invalid deadline (dd/mm/yyyy, 'Quý III/2024', 'tháng 9/2024' or 'Thường xuyên'): '31/13/2026'" in said["en"]
    assert "2 lỗi, chưa nhập nhiệm vụ nào; sửa rồi nhập lại cả tệp:" in said["vi"], said["vi"]
    assert "dòng 2, cột Đơn vị chủ trì: thiếu giá trị bắt buộc" in said["vi"], said["vi"]


def test_account_and_permission_refusals_speak_the_clis_language(monkeypatch, tmp_path, capsys):
    """`chiso users add` refused a short password, and the store a viewer's edit, in Vietnamese only."""
    import io

    from chiso import accounts, auth
    from chiso.cli import main
    from chiso.errors import ChisoError
    from chiso.i18n import use
    users = tmp_path / "users.toml"
    said = {}
    for lang in ("en", "vi"):
        monkeypatch.setenv("CHISO_LANG", lang)
        monkeypatch.setattr("sys.stdin", io.StringIO("ngan\n"))
        assert main(["users", "add", "qt", "--role", "province_admin", "--province", "Hà Tĩnh",
                     "--password-stdin", "--file", str(users)]) != 0
        captured = capsys.readouterr()
        said[lang] = captured.out + captured.err
    assert f"a password needs at least {accounts.MIN_PASSWORD_LENGTH} characters" in said["en"], said["en"]
    assert f"mật khẩu cần ít nhất {accounts.MIN_PASSWORD_LENGTH} ký tự" in said["vi"], said["vi"]
    viewer = auth.User("xem", auth.VIEWER, "42")
    with pytest.raises(ChisoError) as refused:
        auth.require_admin(viewer, "42", "import tasks")
    with use("en"):
        assert str(refused.value) == "Account 'xem' has no province admin rights to import tasks."
    with use("vi"), pytest.raises(ChisoError) as refused:
        auth.require_admin(viewer, "42", "import tasks")
    assert str(refused.value) == "Tài khoản 'xem' không có quyền quản trị của tỉnh để nhập nhiệm vụ."
    # another province's tasks are refused by the province's name, not its code (which no official reads)
    # (raised in one language and shown in the other: the name follows the language it is shown in)
    with use("vi"), pytest.raises(ChisoError) as refused:
        auth.require_read(viewer, "40")
    with use("en"):
        assert str(refused.value) == "Account 'xem' may not see the tasks of Nghe An.", str(refused.value)
    with use("vi"):
        assert str(refused.value) == "Tài khoản 'xem' không được xem nhiệm vụ của Nghệ An.", str(refused.value)


def test_an_unknown_province_is_said_in_the_clis_language(monkeypatch, capsys, built_db):
    """"không nhận ra tỉnh/thành phố 'Atlantis' (unknown province)" in both languages at once, whatever
    CHISO_LANG said: the message was written in Vietnamese with an English gloss, not a msgid."""
    from chiso.cli import main
    for lang, expected in (("vi", "Lỗi: không có tỉnh/thành phố nào tên 'Atlantis'"),
                           ("en", "Error: no province is called 'Atlantis'")):
        monkeypatch.setenv("CHISO_LANG", lang)
        assert main(["deck", "--province", "Atlantis", "--year", "2024", "--db", str(built_db)]) == 2
        err = capsys.readouterr().err
        assert expected in err and ("unknown province" not in err if lang == "vi" else "tỉnh" not in err), err
