#!/usr/bin/env python3
"""The VS Code extension (editors/vscode) packaged with vsce as a publisher would
(`vsce package`, from npm: scripts/setup installs it into build-tools/vsce, and the
extension's dependencies from its lock file), and the package read back: the manifest, the
language and its grammar (a copy of editors/sla.tmLanguage.json, byte for byte), the client
that starts `slaudit lsp`, and the language client library it needs.

Usage: vscode_extension_test.py VSCE WORKDIR (from the source folder)."""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from report_checks import Checks

VSCE, WORK = Path(sys.argv[1]), Path(sys.argv[2])
EXT = Path("editors/vscode")
for need, what in ((VSCE, "vsce"), (EXT / "node_modules/vscode-languageclient", "the extension's dependencies")):
    if not need.exists():
        raise SystemExit(f"{what} not installed ({need} is missing): scripts/setup installs it from npm; run it, "
                         "then the tests again")
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
check = Checks(str(VSCE))

vsix = WORK / "slaudit-sla.vsix"
p = subprocess.run([str(VSCE.resolve()), "package", "--allow-missing-repository", "--out", str(vsix.resolve())],
                   cwd=EXT, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
check(p.returncode == 0 and vsix.exists(), f"vsce package: exit {p.returncode}\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
if vsix.exists():
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
        check(manifest["main"] == "./extension.js" and "extension/extension.js" in names, f"main: {manifest['main']}")
        langs = manifest["contributes"]["languages"]
        check(langs[0]["id"] == "sla" and ".sla" in langs[0]["extensions"], f"languages: {langs}")
        grammar = manifest["contributes"]["grammars"][0]
        packed = "extension/" + grammar["path"].removeprefix("./")
        check(packed in names and z.read(packed) == Path("editors/sla.tmLanguage.json").read_bytes(),
              f"the packaged grammar {packed} is not editors/sla.tmLanguage.json")
        check(json.loads(z.read(packed))["scopeName"] == grammar["scopeName"] == "source.sla", "grammar scope name")
        config = "extension/" + langs[0]["configuration"].removeprefix("./")
        check(config in names and json.loads(z.read(config))["comments"]["lineComment"] == "#", "language configuration")
        client = z.read("extension/extension.js").decode()
        check('args: ["lsp"]' in client and 'require("vscode-languageclient/node")' in client,
              "extension.js does not start `slaudit lsp` through vscode-languageclient")
        check("extension/node_modules/vscode-languageclient/lib/node/main.js" in names,
              "vscode-languageclient is not in the package")
        check(not any(n.startswith("extension/node_modules/@vscode/vsce") for n in names), "vsce itself was packaged")
        check(manifest["contributes"]["configuration"]["properties"]["slaudit.path"]["default"] == "slaudit",
              "the slaudit.path setting")
check.finish("vscode extension")
