#!/usr/bin/env python3
"""The legal team's question, checked by hand: what would ACME's draft 未履行服务 tiers (15%
below 99.9%, 25% below 99.5%; fixtures/whatif/acme-bank-draft-tiers.sla) have cost over July to
September 2026, against the clause in force (10% and 20%; acme-bank.sla)?

  core's share is 100% of the fee, 150000.00.
  July:      U = 5400 + 3000 + 5400 = 13800 s of 2678400: 99.4847% — below 99.5%:
             A 20% = 30000.00, B 25% = 37500.00.
  August:    U = 1800 s of 2678400: 99.9327% — below 99.95% only: A = B = 5% = 7500.00;
             INC-4's late answer under 补充协议1: 响应超时 2000.00 under both.
  September: U = 3600 s of 2592000: 99.8611% — below 99.9%: A 10% = 15000.00, B 15% = 22500.00.
  Provider, all months: A 54500.00, B 69500.00, B − A = +15000.00.

The workbook's differences and totals are formulas: LibreOffice recalculates them and they
must come out as slaudit cached them.

Usage: whatif_test.py SLAUDIT WORKDIR (from the source folder)."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

from report_checks import Checks, recalculate

SLAUDIT, WORK = sys.argv[1], Path(sys.argv[2])
check = Checks(SLAUDIT)
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)

A = "fixtures/contracts/customers/acme-bank.sla"
B = "fixtures/whatif/acme-bank-draft-tiers.sla"
p = check.run("whatif", "--contract", A, "--contract", B, "--history", "fixtures/whatif/history", "--period", "2026-07",
              "--through", "2026-09", "--out", str(WORK / "out"), "--lang", "en")
text = p.stdout

doc = json.loads(next((WORK / "out").glob("whatif-*.json")).read_text(encoding="utf-8"))
check(doc["schema"] == "slaudit-whatif/1" and doc["a"]["id"] == "ACME-BANK-OPS-2026" and doc["b"]["id"] == "ACME-BANK-DRAFT-2026",
      f"the document's head: {doc['schema']} {doc['a']} {doc['b']}")
EXPECTED = {
    "2026-07": {("未履行服务", "core"): ("30000.00", "37500.00", "7500.00")},
    "2026-08": {("未履行服务", "core"): ("7500.00", "7500.00", "0.00"),
                ("响应超时", "all services"): ("2000.00", "2000.00", "0.00")},
    "2026-09": {("未履行服务", "core"): ("15000.00", "22500.00", "7500.00")},
}
TOTALS = {"2026-07": ("30000.00", "37500.00"), "2026-08": ("9500.00", "9500.00"), "2026-09": ("15000.00", "22500.00")}
check([m["period"] for m in doc["months"]] == list(EXPECTED), f"months: {[m['period'] for m in doc['months']]}")
for m in doc["months"]:
    got = {(l["penalty"], l["subject"]): (l["a"], l["b"], l["difference"]) for l in m["lines"]}
    check(got == EXPECTED.get(m["period"]), f"{m['period']} lines: {got}")
    check((m["provider_a"], m["provider_b"]) == TOTALS.get(m["period"]), f"{m['period']} totals: {m['provider_a']} {m['provider_b']}")
    core = [s for s in m["services"] if s["service"] == "core"]
    check(core and core[0]["a_verdict"] == core[0]["b_verdict"] == "breached", f"{m['period']} core verdicts: {core}")
check((doc["provider_a"], doc["provider_b"], doc["provider_difference"]) == ("54500.00", "69500.00", "15000.00"),
      f"the range's totals: {doc['provider_a']} {doc['provider_b']} {doc['provider_difference']}")
check("provider, all months" in text and "54500.00" in text and "69500.00" in text and "+15000.00" in text,
      f"the text's last line:\n{text}")
check("A and B: amendment \"补充协议1\" takes effect on 2026-07-15" in text, f"July's finding, said once for both:\n{text}")

# The workbook: the cached values, then LibreOffice's recalculation of every formula.
book_path = next((WORK / "out").glob("whatif-*.xlsx"))
recalculate([book_path], WORK / "recalc", WORK / "lo-profile")
cached = openpyxl.load_workbook(book_path, data_only=True)
recalced = openpyxl.load_workbook(WORK / "recalc" / book_path.name, data_only=True)
formulas = openpyxl.load_workbook(book_path)
ws_f = formulas.worksheets[0]
n_formulas = 0
for row in ws_f.iter_rows():
    for cell in row:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            n_formulas += 1
            a = cached.worksheets[0][cell.coordinate].value
            b = recalced.worksheets[0][cell.coordinate].value
            check(a is not None and b is not None and abs(a - b) < 0.005, f"{cell.coordinate} {cell.value}: cached {a}, recalculated {b}")
check(n_formulas >= 3 * 2 + 4 + 3, f"only {n_formulas} formulas: the differences and totals must be live")
ws = recalced.worksheets[0]
rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
last = [r for r in rows if r[1] == "Provider, all months"]
check(last and (last[0][5], last[0][6], last[0][7]) == (54500, 69500, 15000), f"the workbook's range total: {last}")

# Usage: one contract only.
p = subprocess.run([SLAUDIT, "whatif", "--contract", A, "--history", "fixtures/whatif/history", "--period", "2026-07"],
                   capture_output=True, text=True)
check(p.returncode == 2 and "give two contracts" in p.stderr, f"one contract: exit {p.returncode} {p.stderr}")
p = subprocess.run([SLAUDIT, "whatif", "--contract", A, "--contract", B, "--history", "fixtures/whatif/history",
                    "--period", "2026-09", "--through", "2026-07"], capture_output=True, text=True)
check(p.returncode == 2 and "before --period" in p.stderr, f"a range backwards: exit {p.returncode} {p.stderr}")

check.finish("whatif")
