// Starts `slaudit lsp` for .sla files (docs/editors.md): everything but the highlighting
// comes from the server.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("slaudit").get("path") || "slaudit";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient("slaudit", "slaudit", { run: server, debug: server },
                              { documentSelector: [{ scheme: "file", language: "sla" }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
