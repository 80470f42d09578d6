// The grammar has one source, editors/sla.tmLanguage.json; the package carries a copy.
"use strict";
const fs = require("fs");
const path = require("path");
fs.mkdirSync(path.join(__dirname, "syntaxes"), { recursive: true });
fs.copyFileSync(path.join(__dirname, "..", "sla.tmLanguage.json"), path.join(__dirname, "syntaxes", "sla.tmLanguage.json"));
