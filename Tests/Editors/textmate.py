"""A small TextMate tokenizer and a reference lexer of the .smap language.

Used by test_grammar.py to check editors/vscode/syntaxes/smap.tmLanguage.json
against the repository's maps.

The tokenizer follows what VS Code's tokenizer (vscode-textmate) does with the
rules the grammar uses: it tokenizes line by line with a "\\n" appended to each
line, keeps a stack of open begin/end rules across lines, and at each position
takes the rule whose regex matches earliest; among rules that match at the
same position the first in order wins, and the end pattern of the open rule
comes before its patterns. It knows the keys `match`, `begin`, `end`, `name`,
`contentName`, `captures`, `beginCaptures`, `endCaptures`, `patterns`,
`include` (`#name` and `$self`) and refuses any other key, so a grammar that
starts to rely on something it does not model fails instead of passing
unchecked.

Two regex engines can run it:

- `RegexEngine`, Python's `regex` module (always available), as a stand-in
  for Oniguruma. What differs: some syntax exists in one only (`(?P=name)`
  and `(?V1)` set operations in `regex`; `\\h` as a hex digit and `\\N` as
  "not a newline" in Oniguruma, which is why the grammar never uses them);
  `\\d`, `\\w`, `\\s` and `\\b` follow Unicode in both but not with exactly
  the same tables (the grammar spells its classes out with `\\p{…}` and
  `[0-9]`); variable-length look-behind is accepted by both (Oniguruma since
  6.9.x; the grammar's look-behinds are one character wide anyway); `$`
  matches before the final "\\n" in both, which is the only newline a line
  holds; `\\G` and `\\A` are not modelled (the grammar uses neither).
- `OnigEngine`, the real Oniguruma (libonig.so.5, Debian's `libonig5`)
  through ctypes, with the options VS Code's vscode-oniguruma uses
  (ONIG_OPTION_CAPTURE_GROUP, UTF-8, the default syntax). Positions are
  converted between UTF-8 bytes and characters.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import unicodedata
from dataclasses import dataclass, field

import regex

# ---------------------------------------------------------------------------
# Regex engines
# ---------------------------------------------------------------------------


class GrammarError(Exception):
    pass


@dataclass
class Match:
    start: int
    end: int
    groups: list  # index -> (start, end) or None; index 0 is the whole match


class RegexEngine:
    name = "regex"

    def __init__(self):
        self._cache = {}

    def compile(self, pattern: str):
        if pattern not in self._cache:
            try:
                self._cache[pattern] = regex.compile(pattern, regex.VERSION0)
            except regex.error as e:
                raise GrammarError(f"regex does not compile {pattern!r}: {e}") from e
        return self._cache[pattern]

    def search(self, compiled, text: str, pos: int):
        m = compiled.search(text, pos)
        if m is None:
            return None
        groups = [m.span(i) if m.span(i) != (-1, -1) else None for i in range(compiled.groups + 1)]
        return Match(m.start(), m.end(), groups)


ONIG_OPTION_NONE = 0
ONIG_OPTION_CAPTURE_GROUP = 1 << 8
ONIG_MISMATCH = -1


class _OnigRegion(ctypes.Structure):
    _fields_ = [("allocated", ctypes.c_int), ("num_regs", ctypes.c_int),
                ("beg", ctypes.POINTER(ctypes.c_int)), ("end", ctypes.POINTER(ctypes.c_int)),
                ("history_root", ctypes.c_void_p)]


class _OnigErrorInfo(ctypes.Structure):
    _fields_ = [("enc", ctypes.c_void_p), ("par", ctypes.c_void_p), ("par_end", ctypes.c_void_p)]


def load_oniguruma():
    """The Oniguruma library, or None when it is not installed."""
    for name in ("libonig.so.5", ctypes.util.find_library("onig")):
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


class OnigEngine:
    name = "oniguruma"

    def __init__(self, lib):
        self.lib = lib
        lib.onig_new.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_char_p,
                                 ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
                                 ctypes.POINTER(_OnigErrorInfo)]
        lib.onig_new.restype = ctypes.c_int
        lib.onig_search.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                    ctypes.c_void_p, ctypes.POINTER(_OnigRegion), ctypes.c_uint]
        lib.onig_search.restype = ctypes.c_int
        lib.onig_region_new.restype = ctypes.POINTER(_OnigRegion)
        lib.onig_number_of_captures.argtypes = [ctypes.c_void_p]
        lib.onig_number_of_captures.restype = ctypes.c_int
        lib.onig_error_code_to_str.restype = ctypes.c_int
        self.encoding = ctypes.addressof(ctypes.c_byte.in_dll(lib, "OnigEncodingUTF8"))
        self.syntax = ctypes.c_void_p.in_dll(lib, "OnigDefaultSyntax").value
        encodings = (ctypes.c_void_p * 1)(self.encoding)
        if hasattr(lib, "onig_initialize"):
            lib.onig_initialize(encodings, 1)
        self.region = lib.onig_region_new()
        self._cache = {}
        self._line = None

    def version(self) -> str:
        self.lib.onig_version.restype = ctypes.c_char_p
        return self.lib.onig_version().decode()

    def compile(self, pattern: str):
        if pattern in self._cache:
            return self._cache[pattern]
        data = pattern.encode("utf-8")
        buf = ctypes.create_string_buffer(data, len(data))
        reg = ctypes.c_void_p()
        info = _OnigErrorInfo()
        rc = self.lib.onig_new(ctypes.byref(reg), buf, ctypes.c_char_p(ctypes.addressof(buf) + len(data)),
                               ONIG_OPTION_CAPTURE_GROUP, self.encoding, self.syntax, ctypes.byref(info))
        if rc != 0:
            message = ctypes.create_string_buffer(256)
            self.lib.onig_error_code_to_str(message, rc, ctypes.byref(info))
            raise GrammarError(f"Oniguruma does not compile {pattern!r}: {message.value.decode()}")
        compiled = (reg, self.lib.onig_number_of_captures(reg))
        self._cache[pattern] = compiled
        return compiled

    def _prepare(self, text: str):
        if self._line is None or self._line[0] != text:
            data = text.encode("utf-8")
            buf = ctypes.create_string_buffer(data, len(data) + 1)
            char_to_byte = []
            byte_to_char = {}
            offset = 0
            for i, ch in enumerate(text):
                char_to_byte.append(offset)
                byte_to_char[offset] = i
                offset += len(ch.encode("utf-8"))
            char_to_byte.append(offset)
            byte_to_char[offset] = len(text)
            self._line = (text, buf, len(data), char_to_byte, byte_to_char)
        return self._line

    def search(self, compiled, text: str, pos: int):
        reg, captures = compiled
        _, buf, size, char_to_byte, byte_to_char = self._prepare(text)
        base = ctypes.addressof(buf)
        rc = self.lib.onig_search(reg, base, base + size, base + char_to_byte[pos], base + size,
                                  self.region, ONIG_OPTION_NONE)
        if rc == ONIG_MISMATCH:
            return None
        if rc < 0:
            raise GrammarError(f"Oniguruma search failed with code {rc}")
        region = self.region.contents
        groups = []
        for i in range(captures + 1):
            b, e = region.beg[i], region.end[i]
            groups.append(None if b < 0 else (byte_to_char[b], byte_to_char[e]))
        return Match(groups[0][0], groups[0][1], groups)


# ---------------------------------------------------------------------------
# Grammar and tokenizer
# ---------------------------------------------------------------------------

RULE_KEYS = {"match", "begin", "end", "name", "contentName", "captures", "beginCaptures",
             "endCaptures", "patterns", "include", "comment"}
CAPTURE_KEYS = {"name"}
GRAMMAR_KEYS = {"$schema", "name", "scopeName", "fileTypes", "patterns", "repository"}


@dataclass
class MatchRule:
    key: str
    regex: object
    source: str
    name: list
    captures: dict


@dataclass
class BeginEndRule:
    key: str
    begin: object
    begin_source: str
    end: object
    end_source: str
    name: list
    content_name: list
    begin_captures: dict
    end_captures: dict
    raw_patterns: list
    patterns: list = None


@dataclass
class Frame:
    rule: BeginEndRule | None
    outer: list   # scopes outside the rule
    scopes: list  # scopes of the rule's begin and end (outer + name)
    content: list  # scopes inside the rule (outer + name + contentName)


def _scopes(name):
    return name.split() if name else []


class Grammar:
    def __init__(self, data: dict, engine):
        self.engine = engine
        self.data = data
        unknown = set(data) - GRAMMAR_KEYS
        if unknown:
            raise GrammarError(f"unknown top-level keys {sorted(unknown)}")
        self.scope_name = data["scopeName"]
        self.repository = data.get("repository", {})
        self._compiled = {}
        self.root_patterns = self._expand(data["patterns"], "$self", set())
        # Compile every rule of the repository, used or not.
        for key, raw in self.repository.items():
            self._rule(raw, f"#{key}")

    def _captures(self, raw, where):
        out = {}
        for k, v in (raw or {}).items():
            if not k.isdigit():
                raise GrammarError(f"{where}: capture key {k!r} is not a number")
            unknown = set(v) - CAPTURE_KEYS
            if unknown:
                raise GrammarError(f"{where}: capture {k} uses {sorted(unknown)} (not modelled)")
            out[int(k)] = _scopes(v.get("name"))
        return out

    def _rule(self, raw: dict, where: str):
        """The concrete rule for `raw` (a MatchRule, a BeginEndRule or None for a container)."""
        if id(raw) in self._compiled:
            return self._compiled[id(raw)]
        unknown = set(raw) - RULE_KEYS
        if unknown:
            raise GrammarError(f"{where}: unknown keys {sorted(unknown)}")
        rule = None
        if "match" in raw:
            if "begin" in raw or "end" in raw:
                raise GrammarError(f"{where}: both match and begin/end")
            rule = MatchRule(where, self.engine.compile(raw["match"]), raw["match"], _scopes(raw.get("name")),
                             self._captures(raw.get("captures"), where))
        elif "begin" in raw:
            if "end" not in raw:
                raise GrammarError(f"{where}: begin without end")
            captures = self._captures(raw.get("captures"), where)
            rule = BeginEndRule(where, self.engine.compile(raw["begin"]), raw["begin"],
                                self.engine.compile(raw["end"]), raw["end"],
                                _scopes(raw.get("name")), _scopes(raw.get("contentName")),
                                self._captures(raw.get("beginCaptures"), where) or captures,
                                self._captures(raw.get("endCaptures"), where) or captures,
                                raw.get("patterns", []))
        elif "end" in raw:
            raise GrammarError(f"{where}: end without begin")
        self._compiled[id(raw)] = rule
        if rule is None and "patterns" not in raw and "include" not in raw:
            raise GrammarError(f"{where}: a rule with neither match, begin nor patterns")
        return rule

    def _expand(self, patterns: list, where: str, seen: set) -> list:
        out = []
        for i, raw in enumerate(patterns):
            here = f"{where}/patterns[{i}]"
            if "include" in raw:
                if set(raw) - {"include", "comment"}:
                    raise GrammarError(f"{here}: include with other keys")
                target = raw["include"]
                if target == "$self" or target == "$base":
                    if "$self" in seen:
                        continue
                    out += self._expand(self.data["patterns"], "$self", seen | {"$self"})
                elif target.startswith("#"):
                    key = target[1:]
                    if key not in self.repository:
                        raise GrammarError(f"{here}: include of unknown repository rule {target}")
                    if target in seen:
                        continue
                    out += self._expand([self.repository[key]], target, seen | {target})
                else:
                    raise GrammarError(f"{here}: include of another grammar ({target}) is not modelled")
                continue
            rule = self._rule(raw, here)
            if rule is None:
                out += self._expand(raw.get("patterns", []), here, seen)
            else:
                out.append(rule)
        return out

    def patterns_of(self, rule: BeginEndRule) -> list:
        if rule.patterns is None:
            rule.patterns = self._expand(rule.raw_patterns, rule.key, set())
        return rule.patterns

    def initial_stack(self):
        root = [self.scope_name]
        return [Frame(None, root, root, root)]

    def tokenize_line(self, line: str, stack: list):
        """Scopes of every character of `line` (without its line break); updates `stack`."""
        text = line + "\n"
        n = len(line)
        scopes = [None] * n
        pos = 0

        def fill(start, end, value):
            for i in range(max(start, 0), min(end, n)):
                scopes[i] = value

        def fill_captures(m, base, captures):
            fill(m.start, m.end, base)
            for index in sorted(captures):
                if index >= len(m.groups) or m.groups[index] is None or not captures[index]:
                    continue
                gs, ge = m.groups[index]
                for i in range(max(gs, 0), min(ge, n)):
                    scopes[i] = scopes[i] + captures[index]

        steps = 0
        while pos <= n:
            steps += 1
            if steps > 10 * (n + 10):
                raise GrammarError(f"endless loop at column {pos} of {line!r}")
            frame = stack[-1]
            best = None
            candidates = []
            if frame.rule is not None:
                candidates.append(("end", frame.rule, frame.rule.end))
            patterns = self.root_patterns if frame.rule is None else self.patterns_of(frame.rule)
            for rule in patterns:
                candidates.append(("match" if isinstance(rule, MatchRule) else "begin", rule,
                                   rule.regex if isinstance(rule, MatchRule) else rule.begin))
            for kind, rule, rx in candidates:
                m = self.engine.search(rx, text, pos)
                if m is not None and (best is None or m.start < best[2].start):
                    best = (kind, rule, m)
                    if m.start == pos:
                        break
            if best is None:
                break
            kind, rule, m = best
            fill(pos, m.start, frame.content)
            if kind == "end":
                fill_captures(m, frame.scopes, rule.end_captures)
                stack.pop()
            elif kind == "match":
                if m.end == m.start:
                    raise GrammarError(f"{rule.key}: matches the empty string at column {m.start} of {line!r}")
                fill_captures(m, frame.content + rule.name, rule.captures)
            else:
                if m.end == m.start:
                    raise GrammarError(f"{rule.key}: begins with an empty match at column {m.start} of {line!r}")
                outer = frame.content
                fill_captures(m, outer + rule.name, rule.begin_captures)
                stack.append(Frame(rule, outer, outer + rule.name, outer + rule.name + rule.content_name))
            pos = m.end
        fill(pos, n, stack[-1].content)
        return scopes

    def tokenize(self, lines):
        stack = self.initial_stack()
        out = [self.tokenize_line(line, stack) for line in lines]
        return out, stack


# ---------------------------------------------------------------------------
# Reference lexer: where the compiler's lexer (Sources/…/Lexer.swift) puts
# keywords, comments, strings and the rest, in characters of the decoded text.
# ---------------------------------------------------------------------------

_ALPHA = regex.compile(r"\p{Alphabetic}")


def is_identifier_start(ch: str) -> bool:
    if ch < "\x80":
        return ch.isascii() and (ch.isalpha() or ch == "_")
    return bool(_ALPHA.match(ch))


def is_identifier_continue(ch: str) -> bool:
    if ch < "\x80":
        return ch.isalnum() or ch == "_"
    return bool(_ALPHA.match(ch)) or unicodedata.category(ch) in ("Nd", "Mn", "Mc")


@dataclass
class Token:
    kind: str  # comment string mstring keyword ident int duration bad-duration punct arrow lookalike unexpected
    start: int
    end: int
    text: str = ""


@dataclass
class Lexed:
    tokens: list = field(default_factory=list)
    escapes: list = field(default_factory=list)   # (valid, start, end)
    after_opening: list = field(default_factory=list)  # (start, end) text after an opening """
    unterminated_multiline: bool = False


def lex(text: str, keywords: set) -> Lexed:
    out = Lexed()
    n = len(text)
    i = 0

    def escape(i):
        """An escape at text[i] == '\\': (valid, end)."""
        j = i + 1
        if j >= n or text[j] == "\n":
            return False, j
        c = text[j]
        j += 1
        if c in '"\\nt':
            return True, j
        if c == "u":
            if j >= n or text[j] != "{":
                return False, j
            k = j + 1
            digits = 0
            value = 0
            while k < n and digits <= 8 and text[k] in "0123456789abcdefABCDEF":
                value = value * 16 + int(text[k], 16)
                digits += 1
                k += 1
            if 1 <= digits <= 8 and k < n and text[k] == "}" and 0 < value <= 0x10FFFF \
                    and not 0xD800 <= value <= 0xDFFF:
                return True, k + 1
            if k < n and text[k] == "}":
                k += 1
            return False, k
        return False, j

    while i < n:
        c = text[i]
        if c in " \t\r\f\v\n":
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.tokens.append(Token("comment", i, j))
            i = j
        elif c == '"' and text.startswith('"""', i):
            start = i
            k = i + 3
            while k < n and text[k] in " \t\r":
                k += 1
            line_end = text.find("\n", k)
            line_end = n if line_end < 0 else line_end
            if k < line_end:
                out.after_opening.append((k, line_end))
            pos = line_end + 1
            closed = None
            while pos <= n and line_end < n:
                e = text.find("\n", pos)
                e = n if e < 0 else e
                k = pos
                while k < e and text[k] in " \t":
                    k += 1
                if text.startswith('"""', k) and k + 3 <= e:
                    closed = k + 3
                    break
                j = pos
                while j < e:
                    if text[j] == "\\":
                        valid, end = escape(j)
                        out.escapes.append((valid, j, end))
                        j = end
                    else:
                        j += 1
                if e >= n:
                    break
                pos = e + 1
                line_end = e
            if closed is None:
                out.unterminated_multiline = True
                out.tokens.append(Token("mstring", start, n))
                i = n
            else:
                out.tokens.append(Token("mstring", start, closed))
                i = closed
        elif c == '"':
            start = i
            j = i + 1
            while True:
                if j >= n or text[j] == "\n":
                    break
                if text[j] == '"':
                    j += 1
                    break
                if text[j] == "\\":
                    valid, end = escape(j)
                    out.escapes.append((valid, j, end))
                    j = end
                    continue
                j += 1
            out.tokens.append(Token("string", start, j))
            i = j
        elif c in "{}[],:":
            out.tokens.append(Token("punct", i, i + 1, c))
            i += 1
        elif c == "-" and text.startswith("->", i):
            out.tokens.append(Token("arrow", i, i + 2))
            i += 2
        elif "0" <= c <= "9":
            j = i
            while j < n and "0" <= text[j] <= "9":
                j += 1
            digits_end = j
            if j < n and is_identifier_start(text[j]):
                k = j
                while k < n and is_identifier_continue(text[k]):
                    k += 1
                kind = "duration" if text[j:k] in ("h", "d", "w") else "bad-duration"
                out.tokens.append(Token(kind, i, k, text[i:k]))
                i = k
            else:
                out.tokens.append(Token("int", i, digits_end, text[i:digits_end]))
                i = digits_end
        elif text.startswith("=>", i) or c == "\u2192" or (c in "\u2013\u2014" and text.startswith(">", i + 1)):
            length = 1 if c == "\u2192" else 2
            out.tokens.append(Token("lookalike", i, i + length))
            i += length
        elif is_identifier_start(c):
            j = i + 1
            while j < n and is_identifier_continue(text[j]):
                j += 1
            word = text[i:j]
            out.tokens.append(Token("keyword" if word in keywords else "ident", i, j, word))
            i = j
        else:
            start = i
            i += 1
            while i < n and text[i] not in ' \t\n\r\0"#{}[],' and not is_identifier_start(text[i]) \
                    and not text.startswith("->", i):
                i += 1
            out.tokens.append(Token("unexpected", start, i))
    return out


# ---------------------------------------------------------------------------
# Keywords of the compiler
# ---------------------------------------------------------------------------

def swift_keywords(token_swift: str) -> list:
    """The cases of `enum Keyword` in the compiler's Token.swift."""
    m = re.search(r"enum Keyword\b[^{]*\{(.*?)\n\s*(?:///|var|public|static|func)", token_swift, re.S)
    if not m:
        raise ValueError("no `enum Keyword` found")
    words = []
    for line in m.group(1).splitlines():
        line = line.split("//")[0].strip()
        if line.startswith("case "):
            words += [w.strip().strip("`") for w in line[5:].split(",") if w.strip()]
    return words
