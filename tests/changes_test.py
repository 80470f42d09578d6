#!/usr/bin/env python3
"""Contracts that change, as an auditor meets them: a month rerun after one history row was
corrected, a contract whose fee was changed, the resolved contract of `check --resolved`
replayed in place of the one that extends its terms — each compared with `slaudit diff`; and
the same correction as two runs of the month in the ledger (`diff --ledger`).

Usage: changes_test.py SLAUDIT WORKDIR (from the source folder)."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from report_checks import Checks

SLAUDIT, WORK = sys.argv[1], Path(sys.argv[2])
check = Checks(SLAUDIT)
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)

CONTRACTS = Path("fixtures/contracts")
HISTORY = Path("fixtures/scenarios/34-amendment-mid-month/history")


def slaudit(*args):
    return subprocess.run([SLAUDIT, *args], capture_output=True, text=True)


def month(contract, history, name):
    out = WORK / name
    check.run("run", "--contract", str(contract), "--history", str(history), "--period", "2026-07", "--out", str(out),
              "--format", "json")
    return next(out.glob("*.json"))


def diff(a, b):
    p = slaudit("diff", "--format", "json", str(a), str(b))
    return p.returncode, json.loads(p.stdout) if p.stdout else None, p.stderr


def find(doc, section, key, field):
    for c in doc["changes"]:
        if c["section"] == section and c["key"] == key and c["field"] == field:
            return c
    return None


# A copy of the contracts folder (terms, customers, calendars) and of the history, to change.
contracts = WORK / "contracts"
shutil.copytree(CONTRACTS, contracts)
history = WORK / "history"
shutil.copytree(HISTORY, history)
acme = contracts / "customers" / "acme-bank.sla"

before = month(acme, history, "before")

# 1. The same run twice: nothing changed, exit 0.
code, doc, err = diff(before, before)
check(code == 0 and doc and doc["changed"] is False and doc["changes"] == [], f"same run: exit {code}, {doc} {err}")

# 2. One history row corrected: INC-2 restored at 10:30, not 11:30 (hand-computed).
#    U = 5400 + 3000 + 1800 = 10200 s: 2668200 / 2678400 = 99.6191% — no longer below 99.5%,
#    still below 99.9%: 未履行服务 falls from 20% to 10% of core's 150000.00 = 15000.00.
#    INC-2's restore (补充协议1: 1 h) took 1800 s: met, not breached.
rows = (history / "incidents.csv").read_text(encoding="utf-8")
(history / "incidents.csv").write_text(rows.replace("2026-07-20 10:20,2026-07-20 11:30", "2026-07-20 10:20,2026-07-20 10:30"),
                                       encoding="utf-8")
after = month(acme, history, "after-row")
code, doc, err = diff(before, after)
check(code == 1 and doc and doc["changed"], f"row changed: exit {code} {err}")
check([i["file"] for i in doc["inputs"]] == ["incidents.csv"], f"the changed input: {doc['inputs']}")
restore = find(doc, "clocks", "INC-2 restore", "verdict")
check(restore and (restore["before"], restore["after"]) == ("breached", "met"), f"INC-2 restore verdict: {restore}")
check(restore and restore["because"] == "incidents.csv row 4 (the file changed)", f"INC-2 restore because: {restore}")
elapsed = find(doc, "clocks", "INC-2 restore", "elapsed_s")
check(elapsed and (elapsed["before"], elapsed["after"]) == ("5400", "1800"), f"INC-2 restore elapsed: {elapsed}")
u = find(doc, "availability", "core", "U_s")
check(u and (u["before"], u["after"]) == ("13800", "10200") and u["because"] == "its downtime, below", f"core U: {u}")
pct = find(doc, "availability", "core", "percent")
check(pct and (pct["before"], pct["after"]) == ("99.4847", "99.6191"), f"core percent: {pct}")
line = find(doc, "money", "未履行服务 core", "amount")
check(line and (line["before"], line["after"]) == ("30000.00", "15000.00"), f"未履行服务 amount: {line}")
rule = find(doc, "money", "未履行服务 core", "rule")
check(rule and rule["after"] == "below 99.9% credit 10% of share", f"未履行服务 rule: {rule}")
check(line and line["because"] == "its inputs: availability of core 99.4847%; fee share of core 150000.00 CNY → "
                                  "availability of core 99.6191%; fee share of core 150000.00 CNY", f"未履行服务 because: {line}")
total = find(doc, "totals", "provider_total", "amount")
check(total and (total["before"], total["after"]) == ("30000.00", "15000.00"), f"provider total: {total}")
# Nothing else: INC-1 and INC-3 did not change.
check(not [c for c in doc["changes"] if c["key"].startswith(("INC-1", "INC-3"))], f"untouched clocks listed: {doc['changes']}")
text = slaudit("diff", str(before), str(after))
check(text.returncode == 1 and "  INC-2 restore  stop  2026-07-20T03:30:00Z → 2026-07-20T02:30:00Z  "
                               "[incidents.csv row 4 (the file changed)]\n  INC-2 restore  elapsed_s  5400 → 1800\n"
                               "  INC-2 restore  verdict  breached → met\n" in text.stdout,
      f"diff as text (a record's reason said once):\n{text.stdout}{text.stderr}")

# 3. The contract changed: ACME's fee raised to 160000.00. The line follows the share: 20% of
#    160000.00 = 32000.00; the changed input is the contract file.
(history / "incidents.csv").write_text(rows, encoding="utf-8")
acme.write_text(acme.read_text(encoding="utf-8").replace("override fee 150000.00 CNY", "override fee 160000.00 CNY"),
                encoding="utf-8")
raised = month(acme, history, "after-fee")
code, doc, err = diff(before, raised)
check(code == 1, f"fee raised: exit {code} {err}")
check([i["file"] for i in doc["inputs"]] == [str(acme)], f"the changed input: {doc['inputs']}")
line = find(doc, "money", "未履行服务 core", "amount")
check(line and (line["before"], line["after"]) == ("30000.00", "32000.00")
      and line["because"] == "its inputs: availability of core 99.4847%; fee share of core 150000.00 CNY → "
                             "availability of core 99.4847%; fee share of core 160000.00 CNY "
                             "(the contract or a file it reads changed)", f"未履行服务 after the fee: {line}")
check(not [c for c in doc["changes"] if c["section"] in ("clocks", "availability")], f"figures the fee cannot move: {doc['changes']}")

# 4. The resolved contract, saved beside the one that extends the terms, is the same contract:
#    every figure equal (the contract's files differ, not its figures).
acme.write_text(CONTRACTS.joinpath("customers", "acme-bank.sla").read_text(encoding="utf-8"), encoding="utf-8")
resolved = slaudit("check", "--resolved", str(acme))
check(resolved.returncode == 0 and "amendment \"补充协议1\" effective 2026-07-15" in resolved.stdout, f"resolved: {resolved.stderr}")
flat = contracts / "customers" / "acme-bank-resolved.sla"
flat.write_text(resolved.stdout, encoding="utf-8")
code, doc, err = diff(month(acme, history, "composed"), month(flat, history, "resolved"))
check(code == 0 and doc["changes"] == [], f"resolved contract replays differently: exit {code} {doc and doc['changes']} {err}")
check(doc and any(i["file"] == str(flat) for i in doc["inputs"]), f"the contract file is named as changed: {doc and doc['inputs']}")

# 5. Two runs of the month in the ledger: the rerun after the correction keeps what it
#    replaced, and `diff --ledger` compares them (the ledger keeps no clocks: their breaches
#    are compared as counts). The same hand computation as in 2.
import sqlite3  # noqa: E402  (only this part needs it)
ledger = WORK / "ledger.sqlite"
(history / "incidents.csv").write_text(rows, encoding="utf-8")
check.run("run", "--contract", str(acme), "--history", str(history), "--period", "2026-07", "--out", str(WORK / "l1"),
          "--format", "json", "--ledger", str(ledger))
(history / "incidents.csv").write_text(rows.replace("2026-07-20 10:20,2026-07-20 11:30", "2026-07-20 10:20,2026-07-20 10:30"),
                                       encoding="utf-8")
check.run("run", "--contract", str(acme), "--history", str(history), "--period", "2026-07", "--out", str(WORK / "l2"),
          "--format", "json", "--ledger", str(ledger))
p = slaudit("diff", "--format", "json", "--ledger", str(ledger), "--contract", "ACME-BANK-OPS-2026", "--period", "2026-07")
doc = json.loads(p.stdout) if p.stdout else None
check(p.returncode == 1 and doc, f"ledger diff: exit {p.returncode} {p.stderr}")
if doc:
    check(doc["notes"] and doc["notes"][0].startswith("run 1 (recorded ") and "against run 2" in doc["notes"][0],
          f"which runs: {doc['notes']}")
    line = find(doc, "money", "未履行服务 core", "amount")
    check(line and (line["before"], line["after"]) == ("30000.00", "15000.00"), f"ledger: 未履行服务 amount: {line}")
    u = find(doc, "availability", "core", "U_s")
    check(u and (u["before"], u["after"]) == ("13800", "10200") and u["because"].startswith("the history changed: "),
          f"ledger: core U: {u}")
    clocks = find(doc, "breaches", "clocks", "count")
    check(clocks and (clocks["before"], clocks["after"]) == ("2", "1"), f"ledger: clocks breached: {clocks}")
    check([i["file"] for i in doc["inputs"]] == [str(history / "incidents.csv")], f"ledger: inputs: {doc['inputs']}")
same = slaudit("diff", "--format", "json", "--ledger", str(ledger), "--contract", "ACME-BANK-OPS-2026", "--period",
               "2026-07", "--run", "1", "--run", "2")
check(same.returncode == 1 and json.loads(same.stdout)["changes"] == doc["changes"], f"--run 1 --run 2: {same.stderr}")
p = slaudit("diff", "--ledger", str(ledger), "--contract", "ACME-BANK-OPS-2026", "--period", "2026-07", "--run", "7")
check(p.returncode == 2 and "run 7 keeps no figures" in p.stderr and "runs that do: 1, 2 (in use)" in p.stderr,
      f"an unknown run: exit {p.returncode} {p.stderr}")
p = slaudit("diff", "--ledger", str(ledger), "--contract", "ACME-BANK-OPS-2026", "--period", "2026-08")
check(p.returncode == 2 and "no figures" in p.stderr, f"a month not in the ledger: exit {p.returncode} {p.stderr}")
# The figures kept are guarded as the ones in use: a changed byte is found, and so is a
# text rewritten with a digest to match (its run vouched for another).
p = slaudit("ledger", "verify", str(ledger))
check(p.returncode == 0 and "intact" in p.stdout, f"verify after the rerun: {p.stdout}{p.stderr}")
db = sqlite3.connect(ledger)
db.execute("UPDATE earlier_figures SET figures = replace(figures, 'i3000000;', 'i3100000;')")
db.commit()
p = slaudit("ledger", "verify", str(ledger))
check(p.returncode == 1 and "the replaced figures of ACME-BANK-OPS-2026 for 2026-07 are not what it recorded" in p.stdout,
      f"a kept figure changed: exit {p.returncode} {p.stdout}")
import hashlib  # noqa: E402
text = db.execute("SELECT figures FROM earlier_figures").fetchone()[0]
db.execute("UPDATE earlier_figures SET figures_sha256 = ?", (hashlib.sha256(text.encode()).hexdigest(),))
db.commit()
db.close()
p = slaudit("ledger", "verify", str(ledger))
check(p.returncode == 1 and "its statuses do not vouch for the replaced figures of ACME-BANK-OPS-2026" in p.stdout,
      f"a kept figure changed with its digest: exit {p.returncode} {p.stdout}")

# 6. Not a results document: exit 2, saying what to give.
manifest = WORK / "not-results.json"
manifest.write_text('{"schema": "slaudit-manifest/1"}', encoding="utf-8")
p = slaudit("diff", str(before), str(manifest))
check(p.returncode == 2 and "not a slaudit results document" in p.stderr and str(manifest) in p.stderr,
      f"a manifest given: exit {p.returncode} {p.stderr}")
p = slaudit("diff", str(before))
check(p.returncode == 2, f"one file given: exit {p.returncode}")

check.finish("changes")
