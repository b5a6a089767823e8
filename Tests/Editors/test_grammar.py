"""Tests of the editor support in editors/vscode/: the TextMate grammar, the
language configuration, the extension manifest and the .vsix that
scripts/build-vsix makes.

Run with `python3 -m pytest Tests/Editors -q`. The grammar is checked by
tokenizing every .smap file of the repository with the tokenizer in
textmate.py and comparing the scopes with where the reference lexer (a Python
copy of the compiler's lexer rules) puts keywords, comments, strings and the
rest. The tokenizer runs with Python's `regex` module and, where Debian's
libonig5 is installed, with the real Oniguruma as well (the engine VS Code
uses). With SMAP_REQUIRE_TOOLS=1 a missing Oniguruma is a failure, not a skip.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textmate  # noqa: E402
from textmate import Grammar, GrammarError, OnigEngine, RegexEngine, lex, swift_keywords  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "editors" / "vscode"
GRAMMAR_PATH = EXT / "syntaxes" / "smap.tmLanguage.json"
BUILD_VSIX = ROOT / "scripts" / "build-vsix"


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


GRAMMAR = load_json(GRAMMAR_PATH)
PACKAGE = load_json(EXT / "package.json")


def compiler_keywords() -> list:
    # Sources/SmapSyntax/Token.swift (Sources/SmapKit/Syntax/ before the modules were split).
    sources = [p for p in (ROOT / "Sources").rglob("Token.swift") if "enum Keyword" in p.read_text(encoding="utf-8")]
    lists = {tuple(swift_keywords(p.read_text(encoding="utf-8"))) for p in sources}
    assert len(lists) == 1, f"expected one list of keywords in Sources/**/Token.swift, found {sources}"
    return list(lists.pop())


KEYWORDS = set(compiler_keywords())


def smap_files() -> list:
    files = []
    for p in sorted(ROOT.rglob("*.smap")):
        rel = p.relative_to(ROOT)
        if any(part.startswith(".") for part in rel.parts):  # .build, .venv-ci, …
            continue
        files.append(p)
    return files


SMAP_FILES = smap_files()


def deliberately_broken(path: Path, text: str) -> bool:
    return path.relative_to(ROOT).parts[:2] == ("Tests", "Corpus") and \
        re.search(r"^\s*# expect: error", text, re.M) is not None


def read_source(path: Path) -> str:
    """The text as an editor shows it: UTF-8 (bad bytes replaced), no BOM."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


# ---------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------

_ONIG_LIB = textmate.load_oniguruma()
REQUIRE_TOOLS = os.environ.get("SMAP_REQUIRE_TOOLS") == "1"


def make_engine(name: str):
    if name == "regex":
        return RegexEngine()
    if _ONIG_LIB is None:
        if REQUIRE_TOOLS:
            pytest.fail("Oniguruma (libonig.so.5, Debian package libonig5) is not installed")
        pytest.skip("Oniguruma (libonig.so.5, Debian package libonig5) is not installed")
    return OnigEngine(_ONIG_LIB)


ENGINES = ["regex", "oniguruma"]
_grammars = {}


def grammar_for(engine_name: str, data=None) -> Grammar:
    if data is not None:
        return Grammar(data, make_engine(engine_name))
    if engine_name not in _grammars:
        _grammars[engine_name] = Grammar(GRAMMAR, make_engine(engine_name))
    return _grammars[engine_name]


# ---------------------------------------------------------------------------
# The check: grammar scopes against the reference lexer
# ---------------------------------------------------------------------------

def has(scopes, prefix):
    """Whether a scope starts with `prefix` (which ends with a dot)."""
    return any(s.startswith(prefix) for s in scopes)


def check_text(grammar: Grammar, text: str, label: str, broken: bool) -> list:
    """Problems found tokenizing `text`, as readable lines (empty: all good)."""
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    scopes, stack = grammar.tokenize(lines)
    starts = []
    offset = 0
    for line in text.split("\n"):
        starts.append(offset)
        offset += len(line) + 1

    problems = []

    def positions(start, end):
        """(line, column) of every character of text[start:end] that the editor shows."""
        import bisect
        li = bisect.bisect_right(starts, start) - 1
        pos = start
        while pos < end and li < len(lines):
            col = pos - starts[li]
            if col < len(lines[li]):
                yield li, col
                pos += 1
            else:
                li += 1
                if li < len(starts):
                    pos = max(pos, starts[li])

    def complain(start, what, li, col):
        problems.append(f"{label}:{li + 1}:{col + 1}: {what} (scopes {' '.join(scopes[li][col])}; "
                        f"line {lines[li]!r})")

    def require(start, end, what, ok):
        for li, col in positions(start, end):
            if not ok(scopes[li][col]):
                complain(start, what, li, col)
                return

    lexed = lex(text, KEYWORDS)
    covered = [False] * len(text)
    for t in lexed.tokens:
        for i in range(t.start, t.end):
            covered[i] = True
        if t.kind == "keyword":
            require(t.start, t.end, f"keyword `{t.text}` is not scoped keyword",
                    lambda s: has(s, "keyword.") and not has(s, "string.") and not has(s, "comment."))
        elif t.kind == "comment":
            require(t.start, t.end, "comment is not scoped comment", lambda s: has(s, "comment."))
        elif t.kind in ("string", "mstring"):
            require(t.start, t.end, "string is not scoped string",
                    lambda s: has(s, "string.") and not has(s, "comment."))
        elif t.kind == "ident":
            require(t.start, t.end, f"name `{t.text}` is scoped keyword, string, comment or invalid",
                    lambda s: not (has(s, "keyword.") or has(s, "string.") or has(s, "comment.")
                                   or has(s, "invalid.")))
        elif t.kind == "int":
            big = int(t.text) > 999_999
            require(t.start, t.end, f"integer {t.text} is not scoped " + ("invalid" if big else "constant.numeric"),
                    (lambda s: has(s, "invalid.")) if big else
                    (lambda s: has(s, "constant.numeric.") and not has(s, "invalid.")))
        elif t.kind == "duration":
            require(t.start, t.end, f"duration {t.text} is not scoped constant.numeric",
                    lambda s: has(s, "constant.numeric.") and not has(s, "invalid."))
        elif t.kind == "bad-duration":
            require(t.start, t.end, f"duration {t.text} with an unknown unit is not scoped invalid",
                    lambda s: has(s, "invalid."))
        elif t.kind == "arrow":
            require(t.start, t.end, "-> is not scoped keyword.operator.arrow",
                    lambda s: has(s, "keyword.operator.arrow.") and not has(s, "string."))
        elif t.kind == "lookalike":
            require(t.start, t.end, "a look-alike arrow is not scoped invalid", lambda s: has(s, "invalid."))
        elif t.kind == "punct":
            require(t.start, t.end, f"`{t.text}` is not scoped punctuation",
                    lambda s: has(s, "punctuation.") and not has(s, "string.") and not has(s, "comment."))
        elif t.kind == "unexpected":
            require(t.start, t.start + 1, "a character the compiler rejects is not scoped invalid",
                    lambda s: has(s, "invalid."))

    escape_chars = set()
    for valid, start, end in lexed.escapes:
        escape_chars.update(range(start, end))
        if valid:
            require(start, end, "escape is not scoped constant.character.escape",
                    lambda s: has(s, "constant.character.escape.") and has(s, "string."))
        else:
            require(start, end, "invalid escape is not scoped invalid",
                    lambda s: has(s, "invalid.") and has(s, "string."))
    garbage = set()
    for start, end in lexed.after_opening:
        garbage.update(range(start, end))
        require(start, end, 'text after an opening """ is not scoped invalid', lambda s: has(s, "invalid."))
    for t in lexed.tokens:
        if t.kind in ("string", "mstring"):
            for i in range(t.start, t.end):
                if i in escape_chars or i in garbage:
                    continue
                for li, col in positions(i, i + 1):
                    s = scopes[li][col]
                    if has(s, "invalid.") or has(s, "constant.character.escape."):
                        complain(i, "plain text of a string is scoped invalid or escape", li, col)
                        break
                else:
                    continue
                break

    # White space between tokens is neither string nor comment.
    for i, ch in enumerate(text):
        if not covered[i] and ch in " \t\f\v":
            for li, col in positions(i, i + 1):
                s = scopes[li][col]
                if has(s, "string.") or has(s, "comment."):
                    complain(i, "white space outside strings and comments is scoped string or comment", li, col)
            if len(problems) > 50:
                break

    open_rules = [f.rule.key for f in stack[1:]]
    if lexed.unterminated_multiline:
        if not open_rules:
            problems.append(f'{label}: the compiler reads an unclosed """ text to the end of the file; '
                            "the grammar closes it")
    elif open_rules and not broken:
        problems.append(f"{label}: rules still open at the end of the file: {open_rules}")
    elif open_rules:
        # A broken file may leave a rule open only where the compiler does too.
        problems.append(f"{label}: rules open at the end of the file where the compiler reads none: {open_rules}")
    return problems


def check_file(grammar: Grammar, path: Path) -> list:
    text = read_source(path)
    return check_text(grammar, text, str(path.relative_to(ROOT)), deliberately_broken(path, text))


# ---------------------------------------------------------------------------
# The grammar file
# ---------------------------------------------------------------------------

def all_rules(node, where="$"):
    """Every rule object of the grammar with where it is."""
    if isinstance(node, dict):
        if where != "$" and any(k in node for k in ("match", "begin", "include", "patterns")):
            yield where, node
        for k, v in node.items():
            if k in ("patterns",):
                for i, r in enumerate(v):
                    yield from all_rules(r, f"{where}/{k}[{i}]")
            elif k == "repository":
                for name, r in v.items():
                    yield from all_rules(r, f"#{name}")


def test_grammar_is_json_with_the_textmate_keys():
    assert GRAMMAR["scopeName"] == "source.smap"
    assert GRAMMAR["name"] == "smap"
    assert isinstance(GRAMMAR["patterns"], list) and GRAMMAR["patterns"]
    assert isinstance(GRAMMAR["repository"], dict) and GRAMMAR["repository"]
    assert "smap" in GRAMMAR.get("fileTypes", [])
    for where, rule in all_rules(GRAMMAR):
        if "begin" in rule:
            assert "end" in rule, f"{where}: begin without end"
        for key in ("name", "contentName"):
            if key in rule:
                for scope in rule[key].split():
                    assert scope.endswith(".smap"), f"{where}: scope {scope} does not end in .smap"
        for key in ("captures", "beginCaptures", "endCaptures"):
            for number, capture in rule.get(key, {}).items():
                assert number.isdigit(), f"{where}: {key} {number}"
                for scope in capture.get("name", "").split():
                    assert scope.endswith(".smap"), f"{where}: scope {scope} does not end in .smap"
    # Every repository rule is used, and every include names one that exists.
    used = {r["include"][1:] for _, r in all_rules(GRAMMAR) if r.get("include", "").startswith("#")}
    assert used == set(GRAMMAR["repository"]), \
        f"unused: {set(GRAMMAR['repository']) - used}, unknown: {used - set(GRAMMAR['repository'])}"


def regexes(grammar):
    for where, rule in all_rules(grammar):
        for key in ("match", "begin", "end"):
            if key in rule:
                yield f"{where}.{key}", rule[key]


@pytest.mark.parametrize("engine_name", ENGINES)
def test_every_regex_compiles(engine_name):
    engine = make_engine(engine_name)
    failures = []
    count = 0
    for where, pattern in regexes(GRAMMAR):
        count += 1
        try:
            engine.compile(pattern)
        except GrammarError as e:
            failures.append(f"{where}: {e}")
    assert count > 20
    assert not failures, "\n".join(failures)


def test_the_oniguruma_binding_is_oniguruma():
    """The binding really runs Oniguruma, which reads some patterns otherwise
    than Python's regex: `(?P=name)` is Python syntax only, and `\\h` is a hex
    digit in Oniguruma only."""
    engine = make_engine("oniguruma")
    RegexEngine().compile(r"(?<n>a)(?P=n)")
    with pytest.raises(GrammarError):
        engine.compile(r"(?<n>a)(?P=n)")
    assert engine.search(engine.compile(r"\h"), "a", 0) is not None
    assert regex.search(r"\h", "a") is None
    # Positions are characters, not UTF-8 bytes.
    m = engine.search(engine.compile(r"(?<![\p{Alphabetic}])(å)"), "xå å", 0)
    assert (m.start, m.end, m.groups[1]) == (3, 4, (3, 4))


def keywords_in_grammar() -> set:
    """Words the grammar's keyword rules list (words inside `(?:a|b|…)` followed by the end of a name)."""
    words = set()
    for where, rule in all_rules(GRAMMAR):
        if where.startswith("#keywords") and "match" in rule:
            inner = re.search(r"\(\?:([a-z|]+)\)", rule["match"])
            words |= set(inner.group(1).split("|"))
    return words


def test_grammar_knows_every_keyword_of_the_compiler():
    assert len(KEYWORDS) >= 30, KEYWORDS
    assert keywords_in_grammar() == KEYWORDS
    # The reserved words of docs/language.md are the same list.
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Reserved words\*\*[^`]*`([^`]*)`", doc, re.S)
    assert block and set(block.group(1).split()) == KEYWORDS


# ---------------------------------------------------------------------------
# Tokenizing the repository's maps
# ---------------------------------------------------------------------------

def test_there_are_maps_to_tokenize():
    rel = {str(p.relative_to(ROOT)) for p in SMAP_FILES}
    assert "maps/stockholmsmodellen.smap" in rel
    assert sum(r.startswith("Tests/Corpus/") for r in rel) > 100
    assert sum(r.startswith("examples/") for r in rel) >= 5


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("path", SMAP_FILES, ids=[str(p.relative_to(ROOT)) for p in SMAP_FILES])
def test_tokenizing_a_map(engine_name, path):
    problems = check_file(grammar_for(engine_name), path)
    assert not problems, "\n".join(problems[:20])


SNIPPETS = {
    "keywords as names are still keywords": 'lane step "x"\nphase in "y"\n',
    "durations": "within 5d within 36h within 2w within 3x within 5dd 4\n",
    "too large": "number 1000000 number 0999999\n",
    "escapes": r'info "a\"b\\c\n\t\u{E5}\u{1F4DD}\u{0}\u{D800}\u{110000}\u{123456789}\q\u x" ' + "\n",
    "unterminated string": 'lane soc "Social\nstep a "A" in soc\n',
    "backslash at the end of a line": 'info "abc\\\nstep a "A" in soc\n',
    "multi-line with text after the opening": 'info """ oops\n  text "q" # no comment\n  """ }\n',
    "unclosed multi-line": 'info """\n  text\n',
    "triple quotes inside a multi-line text": 'info """\n  a """ b # c\n  """ # d\nstep\n',
    "branch labels": 'decision d "D?" in soc {\n  "Ja \\"x\\"" -> a { loop }\n  "Nej"->b\n}\n',
    "look-alike arrows": "a => b \u2192 c \u2013> d \u2014> e - f\n",
    "colours": 'lane soc "S" { color "#b71c1c" }\nphase p "P" { color "#fff" }\n',
    "unicode names": "kartläggning -> steg_4 -> Ärende2 -> _x\n",
    "views": "view v \"V\" {\n  include tag vanlig\n  exclude lane vard, step a\n}\n",
    "rules": 'rule "R" { a before b\n b after a\n a parallel b\n a within 5d after b }\n',
    "flow blocks": 'a -> [b, c,] -> d : "vid behov" { exception consent law OSL "10 kap." }\n',
    "comments everywhere": '# top\nmap "M" { # after brace\n  version "1" # after field\n}\n',
    "hash and quotes in strings": 'lane soc "So # cial" # real\n',
}


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_tokenizing_hard_cases(engine_name, name):
    text = SNIPPETS[name]
    broken = name in ("unterminated string", "backslash at the end of a line", "unclosed multi-line",
                      "multi-line with text after the opening")
    problems = check_text(grammar_for(engine_name), text, name, broken)
    assert not problems, "\n".join(problems)


def scopes_at(engine_name, text, needle, occurrence=0):
    lines = text.split("\n")
    scopes, _ = grammar_for(engine_name).tokenize(lines)
    for li, line in enumerate(lines):
        start = -1
        while True:
            start = line.find(needle, start + 1)
            if start < 0:
                break
            if occurrence == 0:
                return [scopes[li][c] for c in range(start, start + len(needle))]
            occurrence -= 1
    raise AssertionError(f"{needle!r} not in text")


@pytest.mark.parametrize("engine_name", ENGINES)
def test_names_after_declaration_words(engine_name):
    text = ('step mottagning "M" in soc with af {\n  phase utredning\n  law SoL "4 kap. 1 §"\n}\n'
            'decision intyg "I?" in soc { "Ja" -> a }\nlane soc "S"\nphase utredning "U"\n'
            'law SoL "2001:453" "Socialtjänstlag"\nview latt "L" { include lane soc }\n')
    expect = {
        ("mottagning", 0): "entity.name.function.step.smap",
        ("intyg", 0): "entity.name.function.step.smap",
        ("soc", 0): "variable.other.lane.smap",
        ("soc", 2): "entity.name.type.lane.smap",
        ("soc", 3): "variable.other.smap",
        ("utredning", 0): "variable.other.phase.smap",
        ("utredning", 1): "entity.name.type.phase.smap",
        ("SoL", 0): "variable.other.law.smap",
        ("SoL", 1): "entity.name.namespace.law.smap",
        ("latt", 0): "entity.name.type.view.smap",
        ('"Ja"', 0): "string.quoted.double.branch-label.smap",
        ("include", 0): "keyword.other.selector.smap",
    }
    for (needle, occurrence), scope in expect.items():
        chars = scopes_at(engine_name, text, needle, occurrence)
        assert all(scope in s for s in chars), (needle, occurrence, chars)
    colour = scopes_at(engine_name, 'lane a "A" { color "#b71c1c" }', "#b71c1c")
    assert all("constant.other.color.rgb-value.hex.smap" in s and "string.quoted.double.color.smap" in s
               for s in colour)


# ---------------------------------------------------------------------------
# The tests can fail: a broken grammar is caught
# ---------------------------------------------------------------------------

def _without_word(data, word):
    def drop(m):
        words = [w for w in m.group(1).split("|") if w != word]
        return "(?:" + "|".join(words) + ")"
    for rule in data["repository"]["keywords"]["patterns"]:
        rule["match"] = re.sub(r"\(\?:([a-z|]+)\)", drop, rule["match"])


def _comment_stops_at_space(data):
    data["repository"]["comment"]["match"] = "(#)[^ ]*"


def _string_ignores_escapes(data):
    data["repository"]["string"]["patterns"] = []


def _multiline_closes_anywhere(data):
    data["repository"]["multiline-string"]["end"] = '"""'


def _no_multiline(data):
    data["patterns"] = [p for p in data["patterns"] if p["include"] != "#multiline-string"]
    del data["repository"]["multiline-string"]


MUTATIONS = {
    "a keyword left out": (lambda d: _without_word(d, "consent"), "examples/handover.smap"),
    "comments end at a space": (_comment_stops_at_space, "Tests/Corpus/comments.smap"),
    "strings without escapes": (_string_ignores_escapes, "Tests/Corpus/escapes.smap"),
    '""" closes anywhere': (_multiline_closes_anywhere, "triple quotes inside a multi-line text"),
    'no """ strings': (_no_multiline, "maps/stockholmsmodellen.smap"),
    "an unclosed multi-line string closes": (_no_multiline, "Tests/Corpus/unterminated-multiline-string.smap"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_broken_grammar_is_caught(name):
    mutate, where = MUTATIONS[name]
    data = copy.deepcopy(GRAMMAR)
    mutate(data)
    broken_grammar = grammar_for("regex", data)
    if where in SNIPPETS:
        def check(grammar):
            return check_text(grammar, SNIPPETS[where], where, False)
    else:
        def check(grammar):
            return check_file(grammar, ROOT / where)
    assert check(grammar_for("regex")) == [], "the real grammar passes"
    assert check(broken_grammar), f"{name}: the broken grammar passes {where}"


def test_unknown_grammar_keys_are_refused():
    data = copy.deepcopy(GRAMMAR)
    data["repository"]["comment"]["while"] = "x"
    with pytest.raises(GrammarError):
        grammar_for("regex", data)


# ---------------------------------------------------------------------------
# Language configuration and package.json
# ---------------------------------------------------------------------------

def test_package_json_contributes_the_language_and_grammar():
    assert re.fullmatch(r"\d+\.\d+\.\d+", PACKAGE["version"])
    assert PACKAGE["name"] == "smap" and PACKAGE["publisher"]
    assert PACKAGE["engines"]["vscode"].startswith("^")
    contributes = PACKAGE["contributes"]
    [language] = [lang for lang in contributes["languages"] if lang["id"] == "smap"]
    assert ".smap" in language["extensions"]
    assert (EXT / language["configuration"]).is_file()
    [grammar] = contributes["grammars"]
    assert grammar["language"] == "smap"
    assert grammar["scopeName"] == GRAMMAR["scopeName"]
    assert (EXT / grammar["path"]).resolve() == GRAMMAR_PATH.resolve()
    assert "main" not in PACKAGE and "browser" not in PACKAGE, "the extension is declarative: no code"


def test_language_configuration():
    config = load_json(EXT / "language-configuration.json")
    assert config["comments"] == {"lineComment": "#"}
    assert ["{", "}"] in config["brackets"] and ["[", "]"] in config["brackets"]
    pairs = {(p["open"], p["close"]) for p in config["autoClosingPairs"]}
    assert {("{", "}"), ("[", "]"), ('"', '"')} <= pairs
    quote = [p for p in config["autoClosingPairs"] if p["open"] == '"'][0]
    assert "string" in quote.get("notIn", [])
    assert ['"', '"'] in config["surroundingPairs"]
    # Folding: a line that ends with { opens a region, a line that starts with } closes it.
    markers = config["folding"]["markers"]
    start, end = regex.compile(markers["start"]), regex.compile(markers["end"])
    assert start.search('step a "A" in soc {') and start.search("map \"M\" {  # x")
    assert not start.search('lane soc "S" { color "#b71c1c" }')
    assert end.search("}") and end.search("  }") and not end.search('  info "}"')
    word = regex.compile(config["wordPattern"]["pattern"] if isinstance(config["wordPattern"], dict)
                         else config["wordPattern"])
    assert word.fullmatch("kartläggning") and word.fullmatch("steg_4") and word.fullmatch("5d")
    assert not word.fullmatch("a-b")
    for key in ("increaseIndentPattern", "decreaseIndentPattern"):
        regex.compile(config["indentationRules"][key])
    inc = regex.compile(config["indentationRules"]["increaseIndentPattern"])
    dec = regex.compile(config["indentationRules"]["decreaseIndentPattern"])
    assert inc.search('step a "A" in soc {') and inc.search('  info """') and inc.search("  x -> [")
    assert not inc.search('lane a "A" { color "#000000" }') and not inc.search('  info """ x """')
    assert dec.search("  }") and dec.search("]") and dec.search('  """')


# ---------------------------------------------------------------------------
# scripts/build-vsix
# ---------------------------------------------------------------------------

def build_vsix(out: Path) -> Path:
    result = subprocess.run([sys.executable, str(BUILD_VSIX), "--output", str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert str(out.name) in result.stdout
    return out


@pytest.fixture(scope="module")
def vsix(tmp_path_factory):
    return build_vsix(tmp_path_factory.mktemp("vsix") / f"smap-{PACKAGE['version']}.vsix")


NS = {"m": "http://schemas.microsoft.com/developer/vsx-schema/2011"}


def test_vsix_is_a_valid_zip_with_the_vsix_parts(vsix):
    with zipfile.ZipFile(vsix) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert names[:2] == ["[Content_Types].xml", "extension.vsixmanifest"]
        assert names[2:] == sorted(names[2:])
        assert all(n.startswith("extension/") for n in names[2:])
        for required in ("extension/package.json", "extension/language-configuration.json",
                         "extension/syntaxes/smap.tmLanguage.json", "extension/README.md",
                         "extension/CHANGELOG.md"):
            assert required in names
        assert not any(n.endswith(".vsix") or "/." in n for n in names), names
        # Every file's extension has a content type.
        types = ET.fromstring(z.read("[Content_Types].xml"))
        declared = {d.get("Extension").lower() for d in types}
        for n in names[1:]:
            assert Path(n).suffix.lower() in declared, n
        # The packaged files are the folder's files.
        for n in names[2:]:
            assert z.read(n) == (EXT / n[len("extension/"):]).read_bytes(), n
        packaged = json.loads(z.read("extension/package.json"))
        for grammar in packaged["contributes"]["grammars"]:
            assert "extension/" + grammar["path"].removeprefix("./") in names
        for language in packaged["contributes"]["languages"]:
            assert "extension/" + language["configuration"].removeprefix("./") in names


def test_vsix_manifest_matches_package_json(vsix):
    with zipfile.ZipFile(vsix) as z:
        manifest = ET.fromstring(z.read("extension.vsixmanifest"))
    identity = manifest.find("m:Metadata/m:Identity", NS)
    assert identity.get("Version") == PACKAGE["version"]
    assert identity.get("Id") == PACKAGE["name"]
    assert identity.get("Publisher") == PACKAGE["publisher"]
    assert manifest.find("m:Metadata/m:DisplayName", NS).text == PACKAGE["displayName"]
    props = {p.get("Id"): p.get("Value") for p in manifest.find("m:Metadata/m:Properties", NS)}
    assert props["Microsoft.VisualStudio.Code.Engine"] == PACKAGE["engines"]["vscode"]
    target = manifest.find("m:Installation/m:InstallationTarget", NS)
    assert target.get("Id") == "Microsoft.VisualStudio.Code"
    assets = {a.get("Type"): a.get("Path") for a in manifest.find("m:Assets", NS)}
    assert assets["Microsoft.VisualStudio.Code.Manifest"] == "extension/package.json"
    assert assets["Microsoft.VisualStudio.Services.Content.Details"] == "extension/README.md"
    assert assets["Microsoft.VisualStudio.Services.Content.Changelog"] == "extension/CHANGELOG.md"
    # The extension manifest in the package (extension/package.json) names the grammar.
    with zipfile.ZipFile(vsix) as z:
        packaged = json.loads(z.read("extension/package.json"))
    assert [g["path"] for g in packaged["contributes"]["grammars"]] == ["./syntaxes/smap.tmLanguage.json"]
    assert packaged["version"] == identity.get("Version")


def test_vsix_is_deterministic(vsix, tmp_path):
    again = build_vsix(tmp_path / vsix.name)
    assert again.read_bytes() == vsix.read_bytes()
    with zipfile.ZipFile(vsix) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_vsix_default_name_is_ignored_by_git():
    result = subprocess.run(["git", "check-ignore", "-q", f"editors/vscode/smap-{PACKAGE['version']}.vsix"],
                            cwd=ROOT)
    assert result.returncode == 0, "the built .vsix is not in .gitignore"
