"""The editor set-ups of docs/editors.md, tested as a user would use them.

Each configuration block of the page is marked `<!-- editors-test: NAME -->`.
The tests take the blocks from the page, check that each parses, and run the
Neovim and Emacs ones headless against fake_smap.py, a stand-in for
`smap lsp` put on the PATH as `smap`: the editor must recognise the .smap
file, start `smap lsp`, open the document with the language id `smap` and
show the diagnostic the server sends, at its line. The Kate highlighting
definition is loaded by KSyntaxHighlighting's own command line tool.

Editors are Debian packages (neovim, emacs-nox with elpa-eglot on Emacs 28,
libkf5syntaxhighlighting-tools): a test whose editor is missing is skipped,
or fails with SMAP_REQUIRE_TOOLS=1. SMAP_NVIM=/path/to/nvim tests another
Neovim than the one on the PATH (Debian 12's 0.7 cannot run the
configuration for 0.8 and newer; that test only parses it there).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "editors.md"
FAKE_SERVER = Path(__file__).resolve().parent / "fake_smap.py"
REQUIRE_TOOLS = os.environ.get("SMAP_REQUIRE_TOOLS") == "1"


def compiler_keywords() -> set:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from textmate import swift_keywords
    sources = [p for p in (ROOT / "Sources").rglob("Token.swift") if "enum Keyword" in p.read_text(encoding="utf-8")]
    assert sources, "no Sources/**/Token.swift with `enum Keyword`"
    return set(swift_keywords(sources[0].read_text(encoding="utf-8")))


def blocks() -> dict:
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"<!-- editors-test: ([\w.-]+) -->\n```(\w+)\n(.*?)```", text, re.S)
    out = {}
    for name, lang, body in found:
        assert name not in out, f"two blocks named {name}"
        out[name] = (lang, body)
    return out


BLOCKS = blocks()


def block(name: str) -> str:
    return BLOCKS[name][1]


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        message = f"{program} is not installed"
        if REQUIRE_TOOLS:
            pytest.fail(message)
        pytest.skip(message)
    return path


MAP = """map "Karta" { version "1" }
# a comment
lane soc "BROKEN title" { color "#b71c1c" }
step a "A \\" # x" in soc { start actualise within 5d number 4 info \"\"\"
    text \\u{E5} # no comment
    \"\"\" }
step b "B" in soc { end }
a -> b
"""


@pytest.fixture
def workspace(tmp_path):
    """A git repository with a map, and a PATH whose `smap` is the fake server."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    smap = bin_dir / "smap"
    smap.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_SERVER}" "$@"\n')
    smap.chmod(0o755)
    project = tmp_path / "karta"
    project.mkdir()
    (project / ".git").mkdir()  # enough for the configurations that look for a repository
    (project / "karta.smap").write_text(MAP, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "FAKE_SMAP_LOG": str(tmp_path / "server.jsonl"),
        "CHECK_OUT": str(tmp_path / "result.json"),
        "LANG": "C.UTF-8",
    }
    return {"root": tmp_path, "project": project, "env": env}


def server_log(ws) -> list:
    path = Path(ws["env"]["FAKE_SMAP_LOG"])
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def assert_server_saw_the_map(ws):
    log = server_log(ws)
    assert log and log[0]["argv"] == ["lsp"], log
    methods = [entry.get("method") for entry in log[1:]]
    assert methods[:2] == ["initialize", "initialized"], methods
    [opened] = [e["params"]["textDocument"] for e in log if e.get("method") == "textDocument/didOpen"]
    assert opened["languageId"] == "smap"
    assert opened["uri"].endswith("/karta/karta.smap")
    assert opened["text"] == MAP


def run(args, ws, timeout=60):
    result = subprocess.run(args, cwd=ws["project"], env=ws["env"], capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    return result


def test_every_editor_has_a_tested_block():
    assert set(BLOCKS) == {"vscode-settings", "neovim", "neovim-0.7", "vim-syntax", "helix", "emacs",
                           "kate-syntax", "kate-lsp"}
    for name in ("neovim", "neovim-0.7", "helix", "emacs", "kate-lsp", "vscode-settings"):
        assert '"smap"' in block(name) and '"lsp"' in block(name), name


def test_vscode_settings():
    settings = json.loads(block("vscode-settings"))
    assert settings["glspc.server.command"] == "smap"
    assert settings["glspc.server.commandArguments"] == ["lsp"]
    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    assert settings["glspc.server.languageId"] == [package["contributes"]["languages"][0]["id"]]


def test_helix_languages_toml():
    config = tomllib.loads(block("helix"))
    [language] = config["language"]
    assert language["name"] == "smap" and language["file-types"] == ["smap"]
    assert language["comment-token"] == "#"
    assert language["language-servers"] == ["smap"]
    assert config["language-server"]["smap"] == {"command": "smap", "args": ["lsp"]}


def test_kate_lsp_settings():
    settings = json.loads(block("kate-lsp"))
    server = settings["servers"]["smap"]
    assert server["command"] == ["smap", "lsp"]
    name = ET.fromstring(block("kate-syntax").split("\n", 2)[2]).get("name")
    assert re.search(server["highlightingModeRegex"], name)


def test_kate_highlighting_definition(workspace):
    xml = block("kate-syntax")
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    assert root.get("extensions") == "*.smap"
    words = {item.text for item in root.iter("item")}
    assert words == compiler_keywords()
    tool = need("kate-syntax-highlighter")
    folder = Path(workspace["env"]["XDG_DATA_HOME"]) / "org.kde.syntax-highlighting" / "syntax"
    folder.mkdir(parents=True)
    (folder / "smap.xml").write_text(xml, encoding="utf-8")
    listed = run([tool, "--list"], workspace)
    assert "smap" in listed.stdout.split(), listed.stdout[-500:]
    result = run([tool, "-f", "ansi", "--syntax-trace", "format", "karta.smap"], workspace)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    formats = set(re.findall(r"[A-Z][a-z]+(?: Text)?", re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)))
    assert {"Declaration", "Keyword", "Flag", "Comment", "String", "Escape", "Number", "Operator"} <= formats


NVIM_CHECK = """
local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local out = { filetype = vim.bo.filetype, commentstring = vim.bo.commentstring, diagnostics = {}, syntax = {} }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, message = d.message })
end
for lnum = 1, vim.fn.line("$") do
  local names = {}
  for col = 1, #vim.fn.getline(lnum) do
    table.insert(names, vim.fn.synIDattr(vim.fn.synID(lnum, col, 1), "name"))
  end
  table.insert(out.syntax, names)
end
vim.fn.writefile({ vim.fn.json_encode(out) }, vim.env.CHECK_OUT)
vim.cmd("qa!")
"""


def nvim_version(nvim) -> tuple:
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return tuple(int(x) for x in re.search(r"v(\d+)\.(\d+)", first).groups())


def need_nvim() -> str:
    """SMAP_NVIM names a Neovim to test with (for another version than the one on the PATH)."""
    return os.environ.get("SMAP_NVIM") or need("nvim")


def run_nvim(ws, config_name):
    nvim = need_nvim()
    config = ws["root"] / "init.lua"
    config.write_text(block(config_name), encoding="utf-8")
    syntax = Path(ws["env"]["XDG_CONFIG_HOME"]) / "nvim" / "syntax" / "smap.vim"
    syntax.parent.mkdir(parents=True)
    syntax.write_text(block("vim-syntax"), encoding="utf-8")
    check = ws["root"] / "check.lua"
    check.write_text(NVIM_CHECK, encoding="utf-8")
    result = run([nvim, "--headless", "-i", "NONE", "-n", "-u", str(config), "karta.smap",
                  "-c", f"luafile {check}"], ws)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    return json.loads(Path(ws["env"]["CHECK_OUT"]).read_text())


def assert_nvim_result(ws, out):
    assert out["filetype"] == "smap"
    assert out["commentstring"] == "# %s"
    assert out["diagnostics"] == [{"lnum": 2, "col": 10, "message": "fake diagnostic"}]
    assert_server_saw_the_map(ws)


def syntax_at(out, line, text, occurrence=0):
    source = MAP.split("\n")[line - 1]
    col = -1
    for _ in range(occurrence + 1):
        col = source.index(text, col + 1)
    return set(out["syntax"][line - 1][col:col + len(text)])


def test_neovim_0_7_configuration(workspace):
    out = run_nvim(workspace, "neovim-0.7")
    assert_nvim_result(workspace, out)
    # The syntax file colours the map.
    assert syntax_at(out, 1, "map") == {"smapDeclaration"}
    assert syntax_at(out, 2, "# a comment") == {"smapComment"}
    assert syntax_at(out, 3, '"BROKEN title"') == {"smapString"}
    assert syntax_at(out, 4, '\\"') == {"smapEscape"}
    assert syntax_at(out, 4, "# x") == {"smapString"}
    assert syntax_at(out, 4, "within") == {"smapKeyword"}
    assert syntax_at(out, 4, "start") == {"smapFlag"}
    assert syntax_at(out, 4, "5d") == {"smapDuration"}
    assert syntax_at(out, 5, "# no comment") == {"smapText"}
    assert syntax_at(out, 5, "\\u{E5}") == {"smapEscape"}
    assert syntax_at(out, 8, "->") == {"smapArrow"}


def test_neovim_configuration(workspace):
    nvim = need_nvim()
    if nvim_version(nvim) < (0, 8):
        # Too old to run it (Debian 12 has 0.7): check that it is valid Lua at least.
        source = workspace["root"] / "new.lua"
        source.write_text(block("neovim"), encoding="utf-8")
        result = run([nvim, "--headless", "-i", "NONE", "-n", "-u", "NONE", "-c",
                      f"lua assert(loadfile('{source}'))", "-c", "qa!"], workspace)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        pytest.skip(f"Neovim {'.'.join(map(str, nvim_version(nvim)))} has no vim.lsp.start; only parsed")
    assert_nvim_result(workspace, run_nvim(workspace, "neovim"))


EMACS_CHECK = """
(require 'json)
(find-file (expand-file-name "karta.smap" default-directory))
(let ((deadline (+ (float-time) 30)))
  (while (and (< (float-time) deadline) (null (flymake-diagnostics)))
    (run-hooks 'post-command-hook)
    (accept-process-output nil 0.1)))
(font-lock-ensure)
(defun check-face-at (text)
  (goto-char (point-min))
  (search-forward text)
  (format "%s" (get-text-property (- (point) 1) 'face)))
(let ((result `((mode . ,(symbol-name major-mode))
                (comment . ,comment-start)
                (lines . ,(vconcat (mapcar (lambda (d) (line-number-at-pos (flymake-diagnostic-beg d)))
                                           (flymake-diagnostics))))
                (faces . ,(vconcat (mapcar #'check-face-at
                                           '("map" "# a" "\\"BROK" "within" "5d" "step a" "start")))))))
  (with-temp-file (getenv "CHECK_OUT") (insert (json-encode result))))
(kill-emacs 0)
"""


def test_emacs_configuration(workspace):
    emacs = need("emacs")
    has_eglot = run([emacs, "--batch", "--eval", "(package-initialize)", "--eval",
                     "(princ (if (locate-library \"eglot\") \"yes\" \"no\"))"], workspace)
    if has_eglot.stdout.strip() != "yes":
        message = "Emacs has no Eglot (Debian 12: the elpa-eglot package)"
        if REQUIRE_TOOLS:
            pytest.fail(message)
        pytest.skip(message)
    config = workspace["root"] / "init.el"
    config.write_text(block("emacs"), encoding="utf-8")
    check = workspace["root"] / "check.el"
    check.write_text(EMACS_CHECK, encoding="utf-8")
    # An interactive Emacs activates its packages after the init file; a batch one must be asked to.
    result = run([emacs, "--batch", "--eval", "(package-initialize)", "-l", str(config), "-l", str(check)],
                 workspace)
    assert result.returncode == 0, result.stderr
    out = json.loads(Path(workspace["env"]["CHECK_OUT"]).read_text())
    assert out["mode"] == "smap-mode" and out["comment"] == "# "
    assert out["lines"] == [3]
    assert out["faces"] == ["font-lock-keyword-face", "font-lock-comment-face", "font-lock-string-face",
                            "font-lock-builtin-face", "font-lock-constant-face",
                            "font-lock-function-name-face", "font-lock-constant-face"]
    assert_server_saw_the_map(workspace)
