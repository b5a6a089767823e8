#!/usr/bin/env python3
"""A stand-in for `smap lsp` used by test_editor_docs.py: just enough of a
language server to show that an editor configured as docs/editors.md says
starts it, opens the document with the language id `smap` and shows its
diagnostics.

It logs every message it receives (one JSON object a line) to the file named
by FAKE_SMAP_LOG, and for every opened or changed document publishes one
error at the first line that contains BROKEN (none when no line does).
"""

import json
import os
import sys


def log(entry):
    path = os.environ.get("FAKE_SMAP_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.decode("ascii").strip()
        if not line:
            break
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length).decode("utf-8"))


def send(message):
    data = json.dumps(message).encode("utf-8")
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
    sys.stdout.buffer.flush()


def publish(uri, text):
    diagnostics = []
    for number, line in enumerate(text.split("\n")):
        if "BROKEN" in line:
            column = line.index("BROKEN")
            diagnostics.append({"range": {"start": {"line": number, "character": column},
                                          "end": {"line": number, "character": column + 6}},
                                "severity": 1, "code": "E999", "source": "smap",
                                "message": "fake diagnostic"})
            break
    send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
          "params": {"uri": uri, "diagnostics": diagnostics}})


def main():
    if sys.argv[1:] != ["lsp"]:
        print("usage: smap lsp", file=sys.stderr)
        sys.exit(2)
    log({"argv": sys.argv[1:], "cwd": os.getcwd()})
    while True:
        message = read_message(sys.stdin.buffer)
        if message is None:
            return
        method = message.get("method")
        params = message.get("params") or {}
        log({"method": method, "params": params if method != "initialize" else {
            "rootUri": params.get("rootUri")}})
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": message["id"],
                  "result": {"capabilities": {"textDocumentSync": 1},
                             "serverInfo": {"name": "fake smap", "version": "0"}}})
        elif method == "textDocument/didOpen":
            doc = params["textDocument"]
            publish(doc["uri"], doc["text"])
        elif method == "textDocument/didChange":
            publish(params["textDocument"]["uri"], params["contentChanges"][-1]["text"])
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif method == "exit":
            return
        elif "id" in message and method is not None:
            send({"jsonrpc": "2.0", "id": message["id"], "result": None})


if __name__ == "__main__":
    main()
