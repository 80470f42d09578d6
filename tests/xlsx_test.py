#!/usr/bin/python3
"""The workbook as an auditor uses it, read by real readers.

usage: xlsx_test.py SLAUDIT WORK_DIR   (run from the source folder)

For every hand-computed scenario, in Chinese and in English:
- LibreOffice recalculates the workbook (forced: by default it shows the cached values) and
  every formula cell equals the value slaudit cached, which is the engine's;
- the recalculated money equals the JSON to the minor unit, availability and rates equal
  the exact ratios, verdict formulas give the engine's verdicts;
- no text is a missing template key.
Then: a changed input (the monthly cap) changes the recalculated totals (the formulas are
live); two runs give the same bytes; hostile text comes out as inert strings.
"""
import os
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl

from report_checks import Checks, recalculate

SLAUDIT, WORK = sys.argv[1], Path(sys.argv[2])
check = Checks(SLAUDIT)
run = check.run


def scenarios():
    for d in sorted(Path("fixtures/scenarios").iterdir()):
        if not d.is_dir():
            continue
        spec = {"contract": "contract.sla"}  # as scenario_test reads it
        for line in (d / "expected").read_text(encoding="utf-8").splitlines():
            words = line.split()
            if words and words[0] in ("contract", "period", "earlier", "skip_bad_rows"):
                spec[words[0]] = words[1] if len(words) > 1 else True
        yield d, spec


def same(a, b):
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if float(a).is_integer() and float(b).is_integer():
            return a == b  # counts and minor units: exact
        return abs(a - b) <= 1e-12 * max(1.0, abs(a))
    return a == b


def minor(text, digits):
    return int(Decimal(text) * (10 ** digits))


import json  # noqa: E402

WORDS = {
    "zh": {"met": "达标", "breached": "未达标", "not measurable": "不可计量", "no target": "无目标", "pending": "待定",
           "penalties": "违约金", "services": "服务", "metrics": "指标", "summary": "汇总", "incidents": "事件"},
    "en": {"met": "met", "breached": "breached", "not measurable": "not measurable", "no target": "no target",
           "pending": "pending", "penalties": "Penalties", "services": "Services", "metrics": "Metrics",
           "summary": "Summary", "incidents": "Incidents"},
}


def find_row(ws, column, value, start=1):
    for r in range(start, ws.max_row + 1):
        if ws.cell(row=r, column=column).value == value:
            return r
    return None


def compare_with_json(book, recalculated, result, lang, name):
    w = WORDS[lang]
    money = result["money"]
    digits = 0 if money["currency"] in ("JPY", "KRW") else 2
    pen = recalculated[w["penalties"]]
    header = find_row(pen, 1, "序号" if lang == "zh" else "Line")
    check(header is not None, f"{name}: no line header on the penalties sheet")
    for k, line in enumerate(money["lines"]):
        r = header + 1 + k
        check(pen.cell(row=r, column=10).value == minor(line["rounded"], digits),
              f"{name}: line {k + 1} rounded {pen.cell(row=r, column=10).value} != {line['rounded']}")
        # What the caps start from: a decision's amount, else the rounded one.
        decided = minor(line.get("decided", line["rounded"]), digits)
        check(pen.cell(row=r, column=11).value == decided,
              f"{name}: line {k + 1} decided {pen.cell(row=r, column=11).value} != {decided}")
        check(pen.cell(row=r, column=12).value == line["amount_minor"],
              f"{name}: line {k + 1} amount {pen.cell(row=r, column=12).value} != {line['amount_minor']}")
        check(pen.cell(row=r, column=13).value == minor(line["cap_cut"], digits),
              f"{name}: line {k + 1} cap cut {pen.cell(row=r, column=13).value} != {line['cap_cut']}")
    totals = {}
    for r in range(header + 1, pen.max_row + 1):
        label = pen.cell(row=r, column=1).value
        if isinstance(label, str):
            totals[label] = pen.cell(row=r, column=10).value
    labels = {"zh": ("服务方违约金（封顶前）", "服务方违约金合计", "客户方逾期付款违约金合计"),
              "en": ("Provider credits before caps", "Provider credits total", "Customer late-payment total")}[lang]
    check(totals.get(labels[0]) == minor(money["provider_before_caps"], digits), f"{name}: before caps {totals}")
    check(totals.get(labels[1]) == money["provider_total_minor"], f"{name}: provider total {totals} vs {money['provider_total_minor']}")
    check(totals.get(labels[2]) == money["customer_total_minor"], f"{name}: customer total {totals}")

    svc = recalculated[w["services"]]
    for k, a in enumerate(result["availability"]):
        r = 2 + k
        check(svc.cell(row=r, column=1).value == a["service"], f"{name}: service row {r}")
        value = svc.cell(row=r, column=6).value
        den = a["S_s"] - a["M_s"]
        if den > 0:
            check(isinstance(value, (int, float)) and abs(value - (den - a["U_s"]) / den) < 1e-12,
                  f"{name}: availability of {a['service']} {value}")
        else:
            check(value in (None, ""), f"{name}: availability of {a['service']} should be empty, is {value}")
        verdict = a["target"]["verdict"]
        check(svc.cell(row=r, column=8).value == w[verdict],
              f"{name}: verdict of {a['service']} {svc.cell(row=r, column=8).value} != {verdict}")

    met = recalculated[w["metrics"]]
    for k, rate in enumerate(result["rates"]):
        r = 2 + k
        value = met.cell(row=r, column=5).value
        if rate["denominator"] > 0:
            check(abs(value - rate["numerator"] / rate["denominator"]) < 1e-12, f"{name}: rate {rate['metric']} {value}")
        check(met.cell(row=r, column=7).value == w[rate["target"]["verdict"]],
              f"{name}: rate verdict {rate['metric']} {met.cell(row=r, column=7).value}")

    # Every finding on the Inputs sheet, in the report's language.
    inputs = book["输入" if lang == "zh" else "Inputs"]
    head = find_row(inputs, 1, "数据质量说明" if lang == "zh" else "Data-quality findings")
    if result["findings"]:
        listed = [inputs.cell(row=r, column=4).value for r in range(head + 2, inputs.max_row + 1)] if head else []
        check(len([x for x in listed if x]) == len(result["findings"]),
              f"{name}: {len(result['findings'])} findings, the Inputs sheet lists {listed}")
        if lang == "zh":
            check(not any("row skipped" in x or "closed record" in x for x in listed if x), f"{name}: English findings")
    else:
        check(head is None, f"{name}: a findings table without findings")

    summary = recalculated[w["summary"]]
    provider_label = "服务方应付违约金" if lang == "zh" else "Credits owed by the provider"
    r = find_row(summary, 1, provider_label)
    check(r is not None and abs(summary.cell(row=r, column=2).value - money["provider_total_minor"] / 10 ** digits) < 1e-9,
          f"{name}: summary provider total")


def formulas_equal_cached(original, cached, recalculated, name):
    for ws in original.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    want = cached[ws.title][c.coordinate].value
                    got = recalculated[ws.title][c.coordinate].value
                    check(same(want, got), f"{name}: {ws.title}!{c.coordinate} {c.value}: cached {want!r}, recalculated {got!r}")
                if isinstance(c.value, str):
                    check(not re.fullmatch(r"\[[a-z_.]+\]", c.value), f"{name}: {ws.title}!{c.coordinate} is a missing text {c.value}")


def main():
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    made = []
    for d, spec in scenarios():
        for lang in ("zh", "en"):
            out = WORK / lang / d.name
            args = ["run", "--contract", str((d / spec["contract"]).resolve()), "--history", str(d / "history"),
                    "--period", spec["period"], "--out", str(out), "--format", "json,xlsx", "--lang", lang]
            if "earlier" in spec:
                args += ["--earlier-credits", str(Decimal(spec["earlier"]) / 100)]
            if "skip_bad_rows" in spec:
                args += ["--skip-bad-rows"]
            run(*args)
            xlsx = next(out.glob("*.xlsx"))
            made.append((lang, d.name, xlsx, next(out.glob("*.json"))))

    # A changed input must change the recalculated figures: the formulas are live.
    base = next(x for x in made if x[0] == "zh" and x[1].startswith("18-"))
    stale = WORK / "live" / "cap-changed.xlsx"
    stale.parent.mkdir(parents=True)
    book = openpyxl.load_workbook(base[2])
    book["违约金"]["D2"] = 2000000  # monthly cap 20,000.00 instead of 30,000.00
    book.save(stale)
    # A decision's amount is a cell too: the line, the caps and the totals follow it.
    decided = next(x for x in made if x[0] == "zh" and x[1].startswith("30-"))
    redecided = WORK / "live" / "decision-changed.xlsx"
    book = openpyxl.load_workbook(decided[2])
    sheet = book["裁定"]
    row = find_row(sheet, 2, "penalty:未履行服务")
    check(row is not None and sheet.cell(row=row, column=9).value == 600000, "no decided amount for 未履行服务")
    sheet.cell(row=row, column=9).value = 700000  # 7,000.00 instead of 6,000.00
    book.save(redecided)

    # Different names per language folder: LibreOffice writes every output into one folder.
    inputs = []
    for lang, name, xlsx, _ in made:
        copy = WORK / "in" / f"{lang}-{name}.xlsx"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(xlsx, copy)
        inputs.append(copy)
    recalculate(inputs + [stale, redecided], WORK / "recalc", WORK / "lo-profile")

    for lang, name, xlsx, json_path in made:
        label = f"{lang}/{name}"
        original = openpyxl.load_workbook(xlsx)
        cached = openpyxl.load_workbook(xlsx, data_only=True)
        recalculated = openpyxl.load_workbook(WORK / "recalc" / f"{lang}-{name}.xlsx", data_only=True)
        formulas_equal_cached(original, cached, recalculated, label)
        compare_with_json(original, recalculated, json.loads(json_path.read_text(encoding="utf-8")), lang, label)

    live = openpyxl.load_workbook(WORK / "recalc" / "cap-changed.xlsx", data_only=True)["违约金"]
    totals = {live.cell(row=r, column=1).value: live.cell(row=r, column=10).value for r in range(1, live.max_row + 1)}
    check(totals.get("服务方违约金合计") == 2000000 and totals.get("服务方违约金（封顶前）") == 3340000,
          f"live formulas: a 20,000.00 cap should total 2000000 of 3340000, got {totals}")
    live = openpyxl.load_workbook(WORK / "recalc" / "decision-changed.xlsx", data_only=True)["违约金"]
    totals = {live.cell(row=r, column=1).value: live.cell(row=r, column=10).value for r in range(1, live.max_row + 1)}
    check(totals.get("服务方违约金合计") == 1720000 and totals.get("服务方违约金（封顶前）") == 1720000,
          f"live formulas: 未履行服务 decided at 7,000.00 should total 1720000, got {totals}")

    # The same inputs give the same bytes; SOURCE_DATE_EPOCH sets the document date.
    d = Path("fixtures/scenarios/18-money-cap-cuts-two-lines")
    common = ["run", "--contract", "fixtures/scenarios/base-money.sla", "--history", str(d / "history"),
              "--period", "2026-10", "--format", "xlsx"]
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    run(*common, "--out", str(WORK / "again-1"), env=env)
    run(*common, "--out", str(WORK / "again-2"), env=env)
    a, b = (WORK / f"again-{k}" / "SCN-MONEY-2026-10.xlsx" for k in (1, 2))
    check(a.read_bytes() == b.read_bytes(), "two runs gave different workbooks")
    # Every part deflated at the fastest level (reports/xlsx_book.cpp, through the options of our
    # build of libxlsxwriter): minizip marks it in the entry's flags (bits 1 and 2 both set).
    parts = zipfile.ZipFile(a).infolist()
    check(all(p.compress_type == zipfile.ZIP_DEFLATED and p.flag_bits & 6 == 6 for p in parts),
          f"workbook parts not deflated at level 1: {[(p.filename, p.flag_bits) for p in parts]}")
    core = zipfile.ZipFile(a).read("docProps/core.xml").decode()
    check("2026-10-31T16:00:00Z" in core, f"the document date is not the period's end: {core}")
    env["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01T00:00:00Z
    run(*common, "--out", str(WORK / "again-3"), env=env)
    core = zipfile.ZipFile(WORK / "again-3" / "SCN-MONEY-2026-10.xlsx").read("docProps/core.xml").decode()
    check("2026-01-01T00:00:00Z" in core, f"SOURCE_DATE_EPOCH was not used: {core}")
    # Parts past SLAUDIT_XLSX_MEMORY_BYTES go to temporary files and their zip entries are
    # deflated as they come (reports/xlsx_temp_files.cpp, reports/deflate.cpp): the same parts.
    env["SLAUDIT_XLSX_MEMORY_BYTES"] = "1024"
    run(*common, "--out", str(WORK / "again-4"), env=env)
    whole = zipfile.ZipFile(WORK / "again-3" / "SCN-MONEY-2026-10.xlsx")
    tight = zipfile.ZipFile(WORK / "again-4" / "SCN-MONEY-2026-10.xlsx")
    check(max(p.file_size for p in whole.infolist()) > 4 * 1024, "no part large enough to leave memory")
    check(tight.testzip() is None, "a workbook written through temporary files is corrupt")
    check(tight.namelist() == whole.namelist() and all(tight.read(n) == whole.read(n) for n in whole.namelist()),
          "a workbook written through temporary files differs from one written in memory")
    # A part that cannot leave memory (no such TMPDIR) fails the workbook, loudly and whole:
    # libxlsxwriter does not check those writes itself.
    env["TMPDIR"] = str(WORK / "no-such-folder")
    out = WORK / "again-5"
    p = subprocess.run([SLAUDIT, *common, "--out", str(out)], capture_output=True, text=True, env=env)
    check(p.returncode == 4 and "no-such-folder (TMPDIR)" in p.stderr and "SLAUDIT_XLSX_MEMORY_BYTES" in p.stderr,
          f"a lost temporary part was not reported: exit {p.returncode}: {p.stderr}")
    left = [f for f in out.iterdir() if f.name != ".slaudit.lock"] if out.exists() else []  # the lock file stays
    check(not left, f"files left behind: {left}")

    hostile()
    check.finish(f"xlsx over {len(made)} workbooks")


def hostile():
    """Text from the inputs stays text: formulas, DDE-like prefixes, huge and control-laden text."""
    h = WORK / "hostile" / "history"
    h.mkdir(parents=True)
    long_text = "长" * 40000
    rows = [
        ("=HYPERLINK(\"http://example.invalid\",\"click\")", "=HYPERLINK(\"http://example.invalid\",\"x\")"),
        ("@SUM(1)", "@SUM(1)+1"),
        ("+1+1", "-2+3"),
        ("TAB", "\tleading tab"),
        ("CTRL", "bell\x07 and vertical tab\x0b end"),
        ("LONG", long_text),
    ]
    with open(h / "incidents.csv", "w", encoding="utf-8", newline="") as f:
        f.write("id,service,severity,occurred,responded,restored,closed,description\r\n")
        for k, (ident, text) in enumerate(rows):
            quoted = '"' + text.replace('"', '""') + '"'
            ident_q = '"' + ident.replace('"', '""') + '"'
            f.write(f"{ident_q},core,1,2026-10-0{k + 2} 08:00,2026-10-0{k + 2} 08:10,2026-10-0{k + 2} 08:30,"
                    f"2026-10-0{k + 2} 09:00,{quoted}\r\n")
    out = WORK / "hostile" / "out"
    run("run", "--contract", "fixtures/scenarios/base-money.sla", "--history", str(h), "--period", "2026-10",
        "--out", str(out), "--format", "xlsx")
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    ws = book["事件"]
    seen = {}
    for row in ws.iter_rows(min_row=2):
        ident, description = row[0], row[14]
        if ident.value is None:
            break
        check(ident.data_type == "s", f"hostile id {ident.value!r} is not a string cell ({ident.data_type})")
        if description.value is not None:
            check(description.data_type == "s", f"hostile description of {ident.value!r} is not a string cell")
        seen[ident.value] = description.value
    for ident, text in rows:
        got = seen.get(ident)
        check(got is not None, f"hostile row {ident!r} missing from the incidents sheet")
        if got is None:
            continue
        if ident == "LONG":
            check(len(got) <= 32767 and got.startswith("长" * 1000) and "40000" in got,
                  f"a 40,000-character text should be cut with a note, got {len(got)} characters ending {got[-40:]!r}")
        elif ident == "CTRL":
            check("\x07" not in got and "\x0b" not in got and "\ufffd" in got and "2" in got,
                  f"control characters should be replaced with a note: {got!r}")
        else:
            check(got == text.strip(" \t") or got == text, f"text changed: {text!r} -> {got!r}")
    # Nothing in the file is a formula but the workbook's own (none of them mention the inputs).
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.data_type == "f":
                    check("HYPERLINK" not in str(c.value) and "@SUM" not in str(c.value),
                          f"{sheet.title}!{c.coordinate} became a formula: {c.value}")


if __name__ == "__main__":
    main()
