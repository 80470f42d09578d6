#!/usr/bin/env node
// The TextMate grammar (editors/sla.tmLanguage.json) as VS Code runs it (vscode-textmate with
// the Oniguruma engine, from npm: scripts/setup installs them into build-tools/textmate),
// over every contract of the fixtures:
//  - every scope the grammar names is seen on some token (no dead pattern);
//  - every keyword of the parser (kw("…") in grammar/parser.cpp) is a keyword, a block
//    keyword or a constant of the grammar, so the two cannot drift apart;
//  - comments, strings, dates, percents, money, durations and names are scoped as such on
//    lines checked by hand.
// Usage: node editor_grammar_test.js MODULES_DIR (from the source folder)
"use strict";
const fs = require("fs");
const path = require("path");
const modules = path.resolve(process.argv[2]);
const tm = require(path.join(modules, "vscode-textmate"));
const onig = require(path.join(modules, "vscode-oniguruma"));

const failures = [];
let checks = 0;
const check = (ok, message) => { checks++; if (!ok) failures.push(message); };

function listFiles(dir) {
  let out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out = out.concat(listFiles(p));
    else if (e.name.endsWith(".sla")) out.push(p);
  }
  return out.sort();
}

function scopeNames(node, out) {
  if (Array.isArray(node)) node.forEach((n) => scopeNames(n, out));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (k === "name" && typeof v === "string" && v.endsWith(".sla")) out.add(v);
      else scopeNames(v, out);
    }
  return out;
}

(async () => {
  const wasm = fs.readFileSync(path.join(modules, "vscode-oniguruma/release/onig.wasm")).buffer;
  await onig.loadWASM(wasm);
  const grammarText = fs.readFileSync("editors/sla.tmLanguage.json", "utf8");
  const grammarJson = JSON.parse(grammarText);
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
      createOnigString: (s) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope) => (scope === "source.sla" ? tm.parseRawGrammar(grammarText, "sla.tmLanguage.json") : null),
  });
  const grammar = await registry.loadGrammar("source.sla");
  check(grammar, "the grammar does not load");

  // Tokens of a text: [text, innermost scope, all scopes].
  function tokenize(text) {
    let state = tm.INITIAL;
    const out = [];
    for (const line of text.split("\n")) {
      const r = grammar.tokenizeLine(line, state);
      for (const t of r.tokens) out.push([line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1], t.scopes]);
      state = r.ruleStack;
    }
    return out;
  }

  // 1. Every scope seen over the fixtures.
  const files = listFiles("fixtures/contracts").concat(listFiles("fixtures/scenarios"), listFiles("fixtures/format"));
  check(files.length >= 15, `only ${files.length} fixture contracts`);
  const seen = new Set();
  for (const f of files) for (const [, , scopes] of tokenize(fs.readFileSync(f, "utf8"))) scopes.forEach((s) => seen.add(s));
  for (const s of scopeNames(grammarJson.repository, new Set())) check(seen.has(s), `scope ${s} is on no token of the fixtures`);

  // 2. The parser's keywords.
  const parser = fs.readFileSync("grammar/parser.cpp", "utf8");
  const keywords = [...new Set([...parser.matchAll(/kw\("([a-z_0-9]+)"\)/g)].map((m) => m[1]))];
  check(keywords.length > 50, `only ${keywords.length} keywords read from grammar/parser.cpp`);
  for (const k of keywords) {
    const [[text, scope]] = tokenize(k);
    check(text === k && /^(keyword\.other|constant\.language)/.test(scope), `keyword ${k} is scoped ${scope}`);
  }

  // 3. Lines checked by hand: the scope each piece gets.
  const cases = [
    ["  # 违约责任 5.2", [["# 违约责任 5.2", "comment.line.number-sign.sla"]]],
    ['  service "core" "核心业务系统" {', [["service", "keyword.other.block.sla"], ['"core"', "entity.name.type.sla"],
      ['"', "string.quoted.double.sla"], ["{", "punctuation.section.block.begin.sla"]]],
    ["  term 2026-01-01 .. 2026-12-31", [["term", "keyword.other.sla"], ["2026-01-01", "constant.numeric.date.sla"],
      ["..", "keyword.operator.sla"]]],
    ["    availability >= 99.9% per month clause \"4.4\"", [["availability", "keyword.other.sla"], [">=", "keyword.operator.sla"],
      ["99.9%", "constant.numeric.percent.sla"], ["month", "constant.language.sla"], ["clause", "keyword.other.sla"]]],
    ["  fee 120000.00 CNY per month", [["120000.00", "constant.numeric.money.sla"], ["CNY", "support.constant.currency.sla"]]],
    ["    respond within 30min", [["30min", "constant.numeric.duration.sla"]]],
    ["    hours mon-fri 09:00-18:00", [["mon", "constant.language.sla"], ["09:00-18:00", "constant.numeric.time.sla"]]],
    ['  amendment "补充协议2" effective 2026-07-22 pro_rata {', [["amendment", "keyword.other.block.sla"],
      ['"补充协议2"', "entity.name.type.sla"], ["effective", "keyword.other.sla"], ["pro_rata", "keyword.other.sla"]]],
    ['    title "a \\" b"  # not a comment inside', [['\\"', "constant.character.escape.sla"],
      ["# not a comment inside", "comment.line.number-sign.sla"]]],
  ];
  for (const [line, expected] of cases) {
    const tokens = tokenize(line);
    for (const [text, scope] of expected) {
      const t = tokens.find(([x, s]) => x === text && s === scope) || tokens.find(([x, , all]) => x === text && all.includes(scope));
      check(t, `${JSON.stringify(line)}: ${JSON.stringify(text)} is not ${scope}: ${JSON.stringify(tokens.map(([x, s]) => [x, s]))}`);
    }
  }

  if (failures.length) {
    console.log(`${failures.length} of ${checks} checks failed:`);
    failures.slice(0, 60).forEach((f) => console.log("  " + f));
    process.exit(1);
  }
  console.log(`editor grammar: ${checks} checks passed (${files.length} fixture contracts, ${seen.size} scopes seen)`);
})().catch((e) => { console.log(e.stack || e); process.exit(1); });
