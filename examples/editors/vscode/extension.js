// Starts `claimql lsp` for .cq files through Microsoft's LSP client library
// (vscode-languageclient, installed by `npm install` in this folder).
const { workspace } = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const config = workspace.getConfiguration("claimql");
  const command = config.get("path") || "claimql";
  const serverOptions = { command, args: ["lsp"] };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "claimql" }],
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/*.{cq,jsonl}") },
  };
  client = new LanguageClient("claimql", "ClaimQL", serverOptions, clientOptions);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
