#!/usr/bin/env python3
"""`slaudit lsp` driven over stdio as an editor drives it, from recorded sessions
(fixtures/lsp/*.jsonl). Each line of a session is one step:

  {"send": MESSAGE}                   a message to the server, framed with Content-Length
  {"open": PATH, "replace": [[A, B]]} didOpen of PATH (below the work folder), its text with
                                      each A replaced by B; "text": T gives the text instead
  {"change": PATH, "replace": [...]}  didChange: the whole new text (textDocumentSync 1)
  {"expect": MESSAGE}                 the next message from the server holds MESSAGE (objects
                                      compared key by key, lists item by item)
  {"exit": CODE}                      the server's exit code, once its input is closed
  {"raw": TEXT}                       bytes sent as they are (a broken frame)

In messages, "$ROOT" is the work folder's file: URI, "$ROOT_PATH" its path, and a position written as
{"find": TEXT, "in": PATH, "plus": N} is where TEXT first occurs in the document as the
server holds it, N characters on, in the session's encoding (UTF-16 unless it asked for UTF-8).

Usage: lsp_test.py SLAUDIT WORKDIR (from the source folder)."""
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from report_checks import Checks

SLAUDIT, WORK = sys.argv[1], Path(sys.argv[2])
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
WORK = WORK.resolve()
shutil.copytree("fixtures/contracts", WORK / "contracts")
ROOT = "file://" + quote(str(WORK))
check = Checks(SLAUDIT)


def substitute(value, docs, utf8):
    if isinstance(value, str):
        return value.replace("$ROOT_PATH", str(WORK)).replace("$ROOT", ROOT)
    if isinstance(value, list):
        return [substitute(v, docs, utf8) for v in value]
    if isinstance(value, dict):
        if set(value) >= {"find", "in"}:
            text = docs[value["in"]]
            at = text.index(value["find"])
            line = text.count("\n", 0, at)
            start = text.rfind("\n", 0, at) + 1
            before = text[start:at]
            count = len(before.encode("utf-8")) if utf8 else len(before.encode("utf-16-le")) // 2
            return {"line": line, "character": count + value.get("plus", 0)}
        return {k: substitute(v, docs, utf8) for k, v in value.items()}
    return value


def holds(actual, expected, where="message"):
    """Why `actual` does not hold `expected`, or None."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: {json.dumps(actual, ensure_ascii=False)[:200]} is not an object"
        for k, v in expected.items():
            if k not in actual:
                return f"{where}: no {k} in {json.dumps(actual, ensure_ascii=False)[:300]}"
            why = holds(actual[k], v, f"{where}.{k}")
            if why:
                return why
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{where}: {json.dumps(actual, ensure_ascii=False)[:400]} is not {len(expected)} items"
        for k, (a, e) in enumerate(zip(actual, expected)):
            why = holds(a, e, f"{where}[{k}]")
            if why:
                return why
        return None
    return None if actual == expected else f"{where}: {json.dumps(actual, ensure_ascii=False)[:300]} ≠ {json.dumps(expected, ensure_ascii=False)[:300]}"


def run(session):
    name = session.stem
    p = subprocess.Popen([SLAUDIT, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    docs, versions, utf8 = {}, {}, False

    def send(message):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        p.stdin.flush()

    def receive():
        length = None
        while True:
            line = p.stdout.readline()
            if not line:
                return None
            line = line.decode("ascii").strip()
            if not line:
                break
            key, _, value = line.partition(":")
            if key == "Content-Length":
                length = int(value)
        return json.loads(p.stdout.read(length).decode("utf-8"))

    for n, line in enumerate(session.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("//"):
            continue
        step = json.loads(line)
        at = f"{name}:{n}"
        if "send" in step:
            message = substitute(step["send"], docs, utf8)
            if message.get("method") == "initialize":
                utf8 = "utf-8" in message["params"].get("capabilities", {}).get("general", {}).get("positionEncodings", [])
            send(message)
        elif "open" in step or "change" in step:
            path = step.get("open") or step["change"]
            text = step["text"] if "text" in step else docs.get(path) or (WORK / path).read_text(encoding="utf-8")
            if "open" in step and "text" not in step:
                text = (WORK / path).read_text(encoding="utf-8")
            for a, b in step.get("replace", []):
                check(a in text, f"{at}: {a!r} is not in {path}")
                text = text.replace(a, b, 1)
            docs[path] = text
            versions[path] = versions.get(path, 0) + 1
            uri = f"{ROOT}/{quote(path)}"
            if "open" in step:
                send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": {"textDocument": {"uri": uri, "languageId": "sla", "version": versions[path], "text": text}}})
            else:
                send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                      "params": {"textDocument": {"uri": uri, "version": versions[path]}, "contentChanges": [{"text": text}]}})
        elif "raw" in step:
            p.stdin.write(step["raw"].encode("utf-8"))
            p.stdin.flush()
        elif "expect" in step:
            got = receive()
            expected = substitute(step["expect"], docs, utf8)
            if got is None:
                check(False, f"{at}: the server sent nothing more (stderr: {p.stderr.read().decode()[:300]})")
                break
            why = holds(got, expected)
            check(why is None, f"{at}: {why}")
        elif "exit" in step:
            p.stdin.close()
            code = p.wait(timeout=60)
            check(code == step["exit"], f"{at}: exit {code}, not {step['exit']}")
    if p.poll() is None:
        p.kill()
        p.wait()


sessions = sorted(Path("fixtures/lsp").glob("*.jsonl"))
check(len(sessions) >= 3, f"only {len(sessions)} sessions")
for s in sessions:
    run(s)
check.finish("lsp")
