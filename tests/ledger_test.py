#!/usr/bin/env python3
"""The ledger of runs, checked with Python's own sqlite3 and against the monthly JSON reports:
yearly caps across the months of a contract year, reruns replacing a month while the run history
stays, the quarterly review equal to the sum of the monthly JSONs, shards recorded by merge,
and the ledger's schema and errors.

usage: ledger_test.py SLAUDIT (run from the project root)
"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal

SLAUDIT = os.path.abspath(sys.argv.pop(1))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "scripts", "gen-portfolio.py")
MONTHS = ["2026-10", "2026-11", "2026-12"]
CAPPED = ["PF-0004", "PF-0008", "PF-0012"]  # every fourth generated contract has a yearly cap


def run(*args):
    p = subprocess.run([SLAUDIT, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def batch(pf, month, ledger, *more):
    return run("batch", "--period", month, "--contracts", os.path.join(pf, "contracts"), "--history",
               os.path.join(pf, "history"), "--out", os.path.join(pf, "out", month), "--format", "json",
               "--ledger", ledger, "--jobs", "2", *more)


def contract_json(pf, month, cid):
    with open(os.path.join(pf, "out", month, f"{cid}-{month}.json"), encoding="utf-8") as f:
        return json.load(f)


def minor(text):
    return int(Decimal(text) * 100)


def floor_percent(num, den):
    """The reports' availability text: four decimals, rounded down."""
    q = num * 1000000 // den
    return f"{q // 10000}.{q % 10000:04d}"


def row_text(row):
    """A row as the ledger's digests read it (docs/ledger.md, "How the ledger proves itself")."""
    out = b""
    for v in row:
        if v is None:
            out += b"n;"
        elif isinstance(v, int):
            out += b"i%d;" % v
        else:
            data = v.encode("utf-8")
            out += b"t%d:" % len(data) + data + b";"
    return out + b"\n"


FIGURES = [
    "SELECT contract_id, period, run_id, file, title, customer, provider, currency, minor_digits, breached, "
    "breaches_services, breaches_clocks, breaches_escalations, breaches_rates, provider_before_caps_minor, "
    "provider_total_minor, customer_total_minor, yearly_cap_minor, earlier_year_credits_minor, inputs_sha256 "
    "FROM contract_periods WHERE contract_id = ?1 AND period = ?2",
    "SELECT seq, service, s, m, u, numerator, denominator, target_pct, verdict FROM services "
    "WHERE contract_id = ?1 AND period = ?2 ORDER BY seq",
    "SELECT seq, penalty, subject, clauses, payer, rounded_minor, cap_cut_minor, amount_minor, formula "
    "FROM penalty_lines WHERE contract_id = ?1 AND period = ?2 ORDER BY seq",
    "SELECT seq, metric, service, numerator, denominator, target_pct, verdict FROM rates "
    "WHERE contract_id = ?1 AND period = ?2 ORDER BY seq",
    "SELECT root, path, sha256 FROM inputs WHERE contract_id = ?1 AND period = ?2 ORDER BY root, path",
]
RUN = [
    "SELECT run_id, period, recorded_at, source, out_dir, tool_version, settings, contracts, failed, finished, seal, "
    "sealed_at_upgrade FROM runs WHERE run_id = ?1",
    "SELECT file, contract_id, status, error, currency, provider_total_minor, customer_total_minor, figures_sha256 "
    "FROM run_contracts WHERE run_id = ?1 ORDER BY file",
]


# Parts added after months were sealed (schema 3): named, and only when the month has rows.
LATER_FIGURES = [
    ("decisions", "SELECT seq, source_row, target, decision, value, approver, approved, reason, changes FROM decisions "
                  "WHERE contract_id = ?1 AND period = ?2 ORDER BY seq"),
    ("undecided_totals", "SELECT provider_before_caps_minor, provider_total_minor, customer_total_minor "
                         "FROM undecided_totals WHERE contract_id = ?1 AND period = ?2"),
]


def figures_digest(db, cid, period):
    text = b"slaudit ledger figures 1\n"
    for sql in FIGURES:
        text += b"-\n" + b"".join(row_text(r) for r in db.execute(sql, (cid, period)))
    for table, sql in LATER_FIGURES:
        rows = b"".join(row_text(r) for r in db.execute(sql, (cid, period)))
        if rows:
            text += b"+" + table.encode() + b"\n" + rows
    return hashlib.sha256(text).hexdigest()


def run_digest(db, run_id, previous):
    text = b"slaudit ledger run 1\n" + previous.encode() + b"\n"
    for sql in RUN:
        text += b"-\n" + b"".join(row_text(r) for r in db.execute(sql, (run_id,)))
    return hashlib.sha256(text).hexdigest()


class Ledger(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="slaudit-ledger-")
        cls.pf = os.path.join(cls.tmp, "pf")
        subprocess.run([sys.executable, GEN, cls.pf, "12", "-", "2026", ",".join(MONTHS)], check=True)
        cls.ledger = os.path.join(cls.pf, "ledger.sqlite")
        for month in MONTHS:
            code, out, err = batch(cls.pf, month, cls.ledger)
            assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def copy(self, name):
        dest = os.path.join(self.tmp, name)
        shutil.copytree(self.pf, dest, ignore=shutil.ignore_patterns("out", "ledger.sqlite*"))
        return dest

    def test_a_yearly_cap_counts_the_earlier_months_of_the_contract_year(self):
        # PF-0012: fee 100,000.00 a month, monthly cap 30% = 30,000.00, yearly cap 45% of one
        # month's fee = 45,000.00, contract year from 2026-10-01. Its many incidents owe more
        # than the monthly cap every month: October 30,000.00; November only the 15,000.00
        # the year has left; December nothing.
        totals = [contract_json(self.pf, m, "PF-0012")["money"] for m in MONTHS]
        self.assertEqual([t["yearly_cap"] for t in totals], ["45000.00"] * 3)
        self.assertEqual([t["earlier_year_credits"] for t in totals], ["0.00", "30000.00", "45000.00"])
        self.assertEqual([t["provider_total"] for t in totals], ["30000.00", "15000.00", "0.00"])
        # Every capped contract: each month's earlier credits are the sum of the months before
        # (from their own JSON reports), and the year never pays more than the cap.
        for cid in CAPPED:
            earlier = 0
            for month in MONTHS:
                money = contract_json(self.pf, month, cid)["money"]
                self.assertEqual(minor(money["earlier_year_credits"]), earlier, (cid, month))
                earlier += money["provider_total_minor"]
            self.assertLessEqual(earlier, minor(money["yearly_cap"]), cid)
        # The ledger holds what the JSON says, to the fen, line by line; the manifest keeps
        # only the totals (its size must not grow with the incidents).
        db = sqlite3.connect(self.ledger)
        for month in MONTHS:
            want = contract_json(self.pf, month, "PF-0012")["money"]["lines"]
            got = db.execute("SELECT penalty, subject, payer, amount_minor, cap_cut_minor, formula FROM penalty_lines "
                             "WHERE contract_id = 'PF-0012' AND period = ? ORDER BY seq", (month,)).fetchall()
            self.assertEqual(got, [(l["penalty"], l["subject"], l["payer"], l["amount_minor"], minor(l["cap_cut"]),
                                    l["formula"]) for l in want])
            with open(os.path.join(self.pf, "out", month, "manifest.json"), encoding="utf-8") as f:
                self.assertNotIn("penalty_lines", f.read())
        self.assertEqual(db.execute("SELECT count(*), sum(finished) FROM runs").fetchone(), (3, 3))
        for cid in ["PF-0001", "PF-0012"]:
            for month in MONTHS:
                row = db.execute("SELECT provider_total_minor, earlier_year_credits_minor FROM contract_periods "
                                 "WHERE contract_id = ? AND period = ?", (cid, month)).fetchone()
                money = contract_json(self.pf, month, cid)["money"]
                self.assertEqual(row, (money["provider_total_minor"], minor(money["earlier_year_credits"])))
        db.close()

    def test_a_month_run_before_its_earlier_months_fails_and_names_them(self):
        pf = self.copy("early")
        code, out, err = batch(pf, "2026-12", os.path.join(pf, "ledger.sqlite"))
        self.assertEqual(code, 3, err)
        for cid in CAPPED:
            self.assertIn(f"{cid} has a yearly cap, and its contract year began 2026-10", err)
        self.assertIn("has no figures for 2026-10, 2026-11", err)
        self.assertIn("run 2026-10, 2026-11 first with the same ledger", err)
        written = sorted(os.listdir(os.path.join(pf, "out", "2026-12")))
        self.assertEqual(len([n for n in written if n.startswith("PF-")]), 9)  # the other nine
        for cid in CAPPED:
            self.assertNotIn(f"{cid}-2026-12.json", written)
        # The failed run is in the history, with its failures; no figures of the capped three.
        db = sqlite3.connect(os.path.join(pf, "ledger.sqlite"))
        self.assertEqual(db.execute("SELECT contracts, failed FROM runs").fetchall(), [(12, 3)])
        self.assertEqual(db.execute("SELECT count(*) FROM contract_periods WHERE contract_id IN (?,?,?)",
                                    CAPPED).fetchone(), (0,))
        db.close()

    def test_a_rerun_replaces_the_months_figures_and_keeps_the_run_history(self):
        pf = self.copy("rerun")
        ledger = os.path.join(pf, "ledger.sqlite")
        for month in MONTHS:
            self.assertEqual(batch(pf, month, ledger)[0], 0)
        # November of PF-0012 turns out quiet: its history is corrected and the month rerun.
        for name in ["incidents.csv", "pauses.csv", "escalations.csv"]:
            path = os.path.join(pf, "history", "PF-0012", "2026-11", name)
            with open(path, encoding="utf-8") as f:
                header = f.readline()
            with open(path, "w", encoding="utf-8") as f:
                f.write(header)
        code, out, err = batch(pf, "2026-11", ledger)
        self.assertEqual(code, 0, err)
        self.assertIn("1 run, 11 unchanged", out)
        november = contract_json(pf, "2026-11", "PF-0012")["money"]
        db = sqlite3.connect(ledger)
        self.assertEqual(db.execute("SELECT count(*) FROM runs").fetchone(), (4,))
        self.assertEqual(db.execute("SELECT run_id, provider_total_minor FROM contract_periods "
                                    "WHERE contract_id = 'PF-0012' AND period = '2026-11'").fetchone(),
                         (4, november["provider_total_minor"]))
        self.assertEqual(db.execute("SELECT count(*) FROM contract_periods").fetchone(), (36,))
        # December of PF-0012 depends on November: rerunning December redoes it, and only it.
        code, out, err = batch(pf, "2026-12", ledger)
        self.assertEqual(code, 0, err)
        self.assertIn("1 run, 11 unchanged", out)
        self.assertIn("ok        PF-0012", out)
        december = contract_json(pf, "2026-12", "PF-0012")["money"]
        self.assertEqual(minor(december["earlier_year_credits"]), 3000000 + november["provider_total_minor"])
        self.assertEqual(db.execute("SELECT count(*), sum(failed) FROM runs").fetchone(), (5, 0))
        self.assertEqual(db.execute("SELECT count(*) FROM run_contracts").fetchone(), (60,))
        db.close()
        # Another ledger lacks the figures: nothing is skipped, every contract is recorded there.
        other = os.path.join(pf, "other.sqlite")
        code, out, err = batch(pf, "2026-10", other)
        self.assertEqual(code, 0, err)
        self.assertIn("12 run, 0 unchanged", out)
        self.assertEqual(sqlite3.connect(other).execute("SELECT count(*) FROM contract_periods").fetchone(), (12,))

    def test_the_quarterly_review_equals_the_sum_of_the_monthly_jsons(self):
        out_dir = os.path.join(self.tmp, "review")
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", self.ledger, "--out", out_dir)
        self.assertEqual(code, 0, err)
        with open(os.path.join(out_dir, "review-2026Q4.json"), encoding="utf-8") as f:
            review = json.load(f)
        self.assertEqual(review["months"], MONTHS)
        self.assertEqual(len(review["contracts"]), 12)
        grand = 0
        for c in review["contracts"]:
            monthly = [contract_json(self.pf, m, c["contract_id"]) for m in MONTHS]
            provider = sum(j["money"]["provider_total_minor"] for j in monthly)
            grand += provider
            self.assertEqual(minor(c["provider_total"]), provider, c["contract_id"])
            self.assertEqual(minor(c["customer_total"]), sum(j["money"]["customer_total_minor"] for j in monthly))
            # Penalties added up per clause and month: the lines' count and money, to the fen.
            want = {}
            for month, j in zip(MONTHS, monthly):
                for l in j["money"]["lines"]:
                    key = (month, l["penalty"], ", ".join(l["clauses"]), l["payer"])
                    n, before, cut, owed = want.get(key, (0, 0, 0, 0))
                    want[key] = (n + 1, before + minor(l["rounded"]), cut + minor(l["cap_cut"]), owed + l["amount_minor"])
            got = {(p["period"], p["penalty"], p["clauses"], p["payer"]):
                   (p["lines"], minor(p["before_caps"]), minor(p["cap_cut"]), minor(p["amount"])) for p in c["penalties"]}
            self.assertEqual(got, want, c["contract_id"])
            self.assertEqual(c["missing_months"], [])
            # The rate metrics of each month (transaction success, early detection, accuracy).
            for month, j in zip(c["months"], monthly):
                self.assertEqual([(x["metric"], x["percent"], x["verdict"]) for x in month["rates"]],
                                 [(x["metric"], x["percent"] or "", x["target"]["verdict"]) for x in j["rates"]])
            for s in c["services"]:
                rows = [next(a for a in j["availability"] if a["service"] == s["id"]) for j in monthly]
                S, M, U = (sum(a[k] for a in rows) for k in ("S_s", "M_s", "U_s"))
                self.assertEqual((s["S"], s["M"], s["U"]), (S, M, U))
                self.assertEqual(s["availability_pct"], floor_percent(S - M - U, S - M))
                self.assertEqual([m["availability_pct"] for m in s["months"]], [a["percent"] for a in rows])
        self.assertEqual(minor(review["totals"][0]["provider_total"]), grand)
        # The workbook: the period totals are SUM formulas whose cached values are the JSON's.
        probe = subprocess.run([sys.executable, "-c", """
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=13)]
cached = openpyxl.load_workbook(sys.argv[1], data_only=True).worksheets[0]
print(json.dumps([[r[0], r[8], cached.cell(row=k + 2, column=9).value] for k, r in enumerate(rows)]))
print(json.dumps([ws.title for ws in wb.worksheets], ensure_ascii=False))
print(len(wb.worksheets[1]._charts))
""", os.path.join(out_dir, "review-2026Q4.xlsx")], capture_output=True, text=True)
        self.assertEqual(probe.returncode, 0, probe.stderr)
        lines = probe.stdout.splitlines()
        by_id = {c["contract_id"]: c for c in review["contracts"]}
        for k, (cid, formula, value) in enumerate(json.loads(lines[0])):
            self.assertEqual(formula, f"=ROUND(SUM(F{k + 2}:H{k + 2}),2)")
            self.assertEqual(round(Decimal(str(value)) * 100), minor(by_id[cid]["provider_total"]))
        self.assertEqual(json.loads(lines[1]), ["概览", "可用率趋势", "违约金明细", "运行记录"])
        self.assertEqual(lines[2], "1")
        # LibreOffice recalculates every formula to the value slaudit cached.
        import openpyxl
        from pathlib import Path
        from report_checks import recalculate
        book = Path(out_dir) / "review-2026Q4.xlsx"
        recalculate([book], Path(self.tmp) / "recalc", Path(self.tmp) / "lo-profile")
        formulas = openpyxl.load_workbook(book)
        cached = openpyxl.load_workbook(book, data_only=True)
        redone = openpyxl.load_workbook(Path(self.tmp) / "recalc" / book.name, data_only=True)
        checked = 0
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        want = cached[ws.title][cell.coordinate].value
                        got = redone[ws.title][cell.coordinate].value
                        self.assertAlmostEqual(got, want, places=9, msg=f"{ws.title}!{cell.coordinate} {cell.value}")
                        checked += 1
        self.assertGreater(checked, 12 * 2 + 20)  # two totals per contract, a ratio per service
        # Each month's availability shows as a percentage, breached months too (red).
        trend = formulas.worksheets[1]
        months = [c for row in trend.iter_rows(min_row=2, min_col=4, max_col=6) for c in row if c.value is not None]
        self.assertTrue(months and all(c.number_format == "0.0000%" for c in months),
                        {c.coordinate: c.number_format for c in months if c.number_format != "0.0000%"})
        # The PDF: every contract has its section, with its quarter's money.
        text = subprocess.run(["pdftotext", "-layout", os.path.join(out_dir, "review-2026Q4.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        for cid, c in by_id.items():
            self.assertIn(cid, text)
        self.assertIn("¥45,000.00", text)  # PF-0012: 30,000.00 + 15,000.00 + 0.00
        # Chinese line breaking: no line starts with closing punctuation (the review's note
        # once left a lone "。" on a line of its own).
        raw = subprocess.run(["pdftotext", os.path.join(out_dir, "review-2026Q4.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        self.assertEqual([l for l in raw.splitlines() if l[:1] in set("。，、；：！？）」』】》")], [])
        # The same ledger gives the same bytes.
        again = os.path.join(self.tmp, "review-again")
        self.assertEqual(run("report", "--quarter", "2026Q4", "--ledger", self.ledger, "--out", again)[0], 0)
        for name in os.listdir(out_dir):
            with open(os.path.join(out_dir, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_decisions_are_kept_sealed_and_reviewed(self):
        # Scenario 30: five decisions; the month owes 16,200.00, 30,000.00 without them.
        d30 = os.path.join(ROOT, "fixtures", "scenarios", "30-decisions")
        ledger = os.path.join(self.tmp, "decisions.sqlite")
        code, out, err = run("run", "--contract", os.path.join(d30, "contract.sla"), "--history",
                             os.path.join(d30, "history"), "--period", "2026-10", "--out",
                             os.path.join(self.tmp, "decisions-out"), "--format", "json", "--ledger", ledger)
        self.assertEqual(code, 0, err)
        db = sqlite3.connect(ledger)
        rows = db.execute("SELECT source_row, target, decision, value, approver, approved, reason, changes "
                          "FROM decisions WHERE contract_id = 'SCN-MONEY' AND period = '2026-10' ORDER BY seq").fetchall()
        self.assertEqual([r[:4] for r in rows], [
            (2, "incident:A-1", "impact", "degraded"), (3, "incident:A-1:restore", "reduce", "1h"),
            (4, "incident:A-2:respond", "waive", ""), (5, "incident:A-3", "cause", "customer"),
            (6, "penalty:未履行服务", "reduce", "6000.00")])
        self.assertEqual(rows[2][4:7], ("王法务 (客户方)", "2026-11-03", "响应超时系客户值班电话转接故障所致"))
        self.assertEqual(rows[2][7], "the respond clock of A-2: breached, 2400 s → waived, 2400 s")
        self.assertEqual(db.execute("SELECT provider_before_caps_minor, provider_total_minor, customer_total_minor "
                                    "FROM undecided_totals").fetchall(), [(3340000, 3000000, 0)])
        self.assertEqual(db.execute("SELECT provider_total_minor FROM contract_periods").fetchall(), [(1620000,)])
        # The month's digest covers its decisions, as docs/ledger.md says (recomputed here).
        stored = db.execute("SELECT figures_sha256 FROM contract_periods").fetchone()[0]
        self.assertEqual(figures_digest(db, "SCN-MONEY", "2026-10"), stored)
        db.close()
        self.assertEqual(self.verify(ledger)[0], 0)
        # A decision edited in the ledger breaks the seal.
        edited = os.path.join(self.tmp, "decision-edited.sqlite")
        shutil.copy(ledger, edited)
        db = sqlite3.connect(edited)
        db.execute("UPDATE decisions SET approver = '张三' WHERE source_row = 4")
        db.commit()
        db.close()
        code, out, err = self.verify(edited)
        self.assertEqual(code, 1)
        self.assertIn("the figures of SCN-MONEY for 2026-10 are not what it recorded", out)
        # The quarter's review lists them, and the total without them.
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", ledger, "--out",
                             os.path.join(self.tmp, "decisions-review"), "--format", "json,xlsx,pdf")
        self.assertEqual(code, 0, err)
        with open(os.path.join(self.tmp, "decisions-review", "review-2026Q4.json"), encoding="utf-8") as f:
            review = json.load(f)
        c = review["contracts"][0]
        self.assertEqual(c["provider_total"], "16200.00")
        self.assertEqual(c["provider_total_without_decisions"], "30000.00")
        self.assertEqual([(d["period"], d["row"], d["decision"]) for d in c["decisions"]],
                         [("2026-10", 2, "impact"), ("2026-10", 3, "reduce"), ("2026-10", 4, "waive"),
                          ("2026-10", 5, "cause"), ("2026-10", 6, "reduce")])
        # Before the caps is what the decisions left: 未履行服务 6,000.00, not the rounded 8,000.00.
        before = {p["penalty"]: p["before_caps"] for p in c["penalties"]}
        self.assertEqual(before["未履行服务"], "6000.00")
        pdf = subprocess.run(["pdftotext", os.path.join(self.tmp, "decisions-review", "review-2026Q4.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        self.assertIn("未计裁定 ¥30,000.00，计入裁定后 ¥16,200.00", pdf)
        self.assertIn("响应超时系客户值班电话转接", pdf)

    def test_a_year_review_and_one_contract(self):
        out_dir = os.path.join(self.tmp, "year")
        code, out, err = run("report", "--year", "2026", "--ledger", self.ledger, "--out", out_dir,
                             "--contract", "PF-0012", "--lang", "en", "--format", "json,pdf")
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(os.listdir(out_dir)), ["review-2026.json", "review-2026.pdf"])
        with open(os.path.join(out_dir, "review-2026.json"), encoding="utf-8") as f:
            review = json.load(f)
        self.assertEqual([c["contract_id"] for c in review["contracts"]], ["PF-0012"])
        self.assertEqual(review["contracts"][0]["missing_months"], [f"2026-{m:02d}" for m in range(1, 10)])
        self.assertEqual(review["contracts"][0]["provider_total"], "45000.00")
        text = subprocess.run(["pdftotext", "-layout", os.path.join(out_dir, "review-2026.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn("Months missing from the ledger", text)
        self.assertNotIn("No penalty", text)  # PF-0012 has penalties in the months known
        # A contract with no penalty in the months the ledger holds: not "no penalty" for a
        # year of which nine months are unknown.
        quiet = os.path.join(self.tmp, "year-quiet")
        self.assertEqual(run("report", "--year", "2026", "--ledger", self.ledger, "--out", quiet, "--lang", "en",
                             "--format", "json")[0], 0)
        with open(os.path.join(quiet, "review-2026.json"), encoding="utf-8") as f:
            none = [c["contract_id"] for c in json.load(f)["contracts"] if not c["penalties"]]
        self.assertTrue(none, "the portfolio has a contract without penalties in the fourth quarter")
        self.assertEqual(run("report", "--year", "2026", "--ledger", self.ledger, "--out", quiet, "--lang", "en",
                             "--format", "pdf", "--contract", none[0])[0], 0)
        text = " ".join(subprocess.run(["pdftotext", os.path.join(quiet, "review-2026.pdf"), "-"],
                                       capture_output=True, text=True, check=True).stdout.split())
        self.assertIn("No penalty in the months the ledger holds. The months listed as missing or withdrawn are not "
                      "known: they may hold penalties.", text)
        self.assertNotIn("No penalty in this period", text)

    def test_run_and_explain_take_the_earlier_months_from_the_ledger(self):
        pf = self.copy("single")
        ledger = os.path.join(pf, "ledger.sqlite")
        shutil.copy(self.ledger, ledger)
        contract = os.path.join(pf, "contracts", "contract-0012.sla")
        history = os.path.join(pf, "history", "PF-0012", "2026-12")
        code, out, err = run("run", "--contract", contract, "--history", history, "--period", "2026-12",
                             "--out", os.path.join(pf, "one"), "--format", "json", "--ledger", ledger)
        self.assertEqual(code, 0, err)
        self.assertIn(f"ledger {ledger} (run 4)", out)
        with open(os.path.join(pf, "one", "PF-0012-2026-12.json"), encoding="utf-8") as f:
            money = json.load(f)["money"]
        self.assertEqual((money["earlier_year_credits"], money["provider_total"]), ("45000.00", "0.00"))
        db = sqlite3.connect(ledger)
        self.assertEqual(db.execute("SELECT source, contracts, finished FROM runs WHERE run_id = 4").fetchone(),
                         ("run", 1, 1))
        self.assertEqual(db.execute("SELECT run_id FROM contract_periods WHERE contract_id = 'PF-0012' "
                                    "AND period = '2026-12'").fetchone(), (4,))
        db.close()
        code, out, err = run("explain", "--contract", contract, "--history", history, "--period", "2026-12",
                             "--ledger", ledger, "--penalty", "响应超时")
        self.assertEqual(code, 0, err)
        self.assertIn("yearly cap", out)
        # Without the earlier months, run refuses rather than count the month alone.
        code, out, err = run("run", "--contract", contract, "--history", history, "--period", "2026-12",
                             "--out", os.path.join(pf, "two"), "--ledger", os.path.join(pf, "empty.sqlite"))
        self.assertEqual(code, 3)
        self.assertIn("has no figures for 2026-10, 2026-11", err)
        self.assertFalse(os.path.exists(os.path.join(pf, "two")))
        code, out, err = run("run", "--contract", contract, "--history", history, "--period", "2026-12",
                             "--out", os.path.join(pf, "two"), "--ledger", ledger, "--earlier-credits", "5")
        self.assertEqual(code, 2)

    def test_without_a_ledger_the_earlier_months_are_stated_or_the_month_stops(self):
        # PF-0012's contract year began 2026-10: December has two earlier months.
        pf = self.copy("no-ledger")
        contract = os.path.join(pf, "contracts", "contract-0012.sla")
        history = os.path.join(pf, "history", "PF-0012", "2026-12")
        one = ["run", "--contract", contract, "--history", history, "--period", "2026-12", "--out"]
        code, out, err = run(*one, os.path.join(pf, "none"))
        self.assertEqual(code, 2, err)
        self.assertIn("PF-0012 has a yearly cap, and the provider's credits in the earlier months of its contract "
                      "year (2026-10 to 2026-11) are unknown", err)
        self.assertIn("--ledger FILE", err)
        self.assertIn("--earlier-credits AMOUNT", err)
        self.assertRegex(err, r"contract-0012\.sla:\d+: error: ")
        self.assertFalse(os.path.exists(os.path.join(pf, "none")))
        # Stated by hand: applied, and every report says whose figure it is.
        code, out, err = run(*one, os.path.join(pf, "stated"), "--earlier-credits", "40000.00", "--lang", "en")
        self.assertEqual(code, 0, err)
        with open(os.path.join(pf, "stated", "PF-0012-2026-12.json"), encoding="utf-8") as f:
            money = json.load(f)["money"]
        self.assertEqual((money["earlier_year_credits"], money["earlier_year_source"], money["earlier_months"]),
                         ("40000.00", "user", ["2026-10", "2026-11"]))
        self.assertLessEqual(minor(money["provider_total"]), 500000)
        self.assertTrue(any("as stated by the user" in c for c in money["caps"]), money["caps"])
        pdf = subprocess.run(["pdftotext", "-layout", os.path.join(pf, "stated", "PF-0012-2026-12.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        self.assertIn("as stated by the user", pdf)
        # The contract year's first month needs no earlier months.
        code, out, err = run("run", "--contract", contract, "--history", os.path.join(pf, "history", "PF-0012",
                             "2026-10"), "--period", "2026-10", "--out", os.path.join(pf, "first"), "--format", "json")
        self.assertEqual(code, 0, err)
        with open(os.path.join(pf, "first", "PF-0012-2026-10.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["money"]["earlier_year_source"], "none")
        # A batch without a ledger: the capped contracts fail, the others are written.
        code, out, err = run("batch", "--period", "2026-12", "--contracts", os.path.join(pf, "contracts"),
                             "--history", os.path.join(pf, "history"), "--out", os.path.join(pf, "b"), "--format",
                             "json", "--no-ledger", "--jobs", "2")
        self.assertEqual(code, 3, err)
        for cid in CAPPED:
            self.assertIn(f"{cid} has a yearly cap, and the provider's credits in the earlier months", err)
            self.assertFalse(os.path.exists(os.path.join(pf, "b", f"{cid}-2026-12.json")))
        self.assertTrue(os.path.exists(os.path.join(pf, "b", "PF-0001-2026-12.json")))

    def test_two_batches_write_one_ledger_at_once(self):
        # One writer at a time: the second waits for the first's transaction, nothing is lost.
        pf = self.copy("concurrent")
        ledger = os.path.join(pf, "ledger.sqlite")
        procs = [subprocess.Popen([SLAUDIT, "batch", "--period", month, "--contracts", os.path.join(pf, "contracts"),
                                   "--history", os.path.join(pf, "history"), "--out", os.path.join(pf, "out", month),
                                   "--format", "json", "--ledger", ledger, "--jobs", "1", "--quiet"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
                 for month in ["2026-10", "2026-11"]]
        for p in procs:
            out, err = p.communicate(timeout=300)
            # November's capped contracts may not find October yet: they fail alone, clearly.
            self.assertIn(p.returncode, (0, 3), err)
            for line in err.splitlines():
                if "error" in line:
                    self.assertIn("has a yearly cap", line)
        db = sqlite3.connect(ledger)
        self.assertEqual(db.execute("SELECT count(*), sum(finished) FROM runs").fetchone(), (2, 2))
        self.assertEqual(db.execute("SELECT count(*) FROM contract_periods WHERE period = '2026-10'").fetchone(), (12,))
        failed = db.execute("SELECT failed FROM runs WHERE period = '2026-11'").fetchone()[0]
        self.assertEqual(db.execute("SELECT count(*) FROM contract_periods WHERE period = '2026-11'").fetchone(),
                         (12 - failed,))
        db.close()

    def test_shards_are_recorded_by_merge(self):
        pf = self.copy("shards")
        ledger = os.path.join(pf, "ledger.sqlite")
        out_dir = os.path.join(pf, "out", "2026-10")
        for k in range(2):
            code, out, err = batch(pf, "2026-10", ledger, "--shard", f"{k}/2")
            self.assertEqual(code, 0, err)
            # A shard records into a ledger of its own, beside its manifest.
            self.assertIn(f"ledger.shard-{k}-of-2.sqlite (run 1; merge records it in {ledger})", out)
        self.assertFalse(os.path.exists(ledger) and sqlite3.connect(ledger).execute(
            "SELECT count(*) FROM contract_periods").fetchone()[0])
        code, out, err = run("merge", "--ledger", ledger, out_dir)
        self.assertEqual(code, 0, err)
        self.assertIn(f"ledger {ledger} (run 1)", out)
        db = sqlite3.connect(ledger)
        self.assertEqual(db.execute("SELECT source, contracts, failed, finished FROM runs").fetchall(),
                         [("merge", 12, 0, 1)])
        self.assertEqual(db.execute("SELECT count(*) FROM run_contracts WHERE run_id = 1").fetchone(), (12,))
        self.assertEqual(db.execute("SELECT count(DISTINCT run_id) FROM contract_periods").fetchone(), (1,))
        lines = db.execute("SELECT count(*) FROM penalty_lines").fetchone()[0]
        self.assertEqual(lines, sum(len(contract_json(pf, "2026-10", f"PF-{k:04d}")["money"]["lines"])
                                    for k in range(1, 13)))
        mine = db.execute("SELECT contract_id, provider_total_minor FROM contract_periods ORDER BY 1").fetchall()
        theirs = sqlite3.connect(self.ledger).execute(
            "SELECT contract_id, provider_total_minor FROM contract_periods WHERE period = '2026-10' ORDER BY 1").fetchall()
        self.assertEqual(mine, theirs)
        db.close()

    def test_the_schema_and_the_errors(self):
        db = sqlite3.connect(self.ledger)
        self.assertEqual(db.execute("PRAGMA user_version").fetchone(), (4,))
        self.assertEqual(db.execute("PRAGMA application_id").fetchone(), (0x534C414C,))
        self.assertEqual(db.execute("PRAGMA journal_mode").fetchone(), ("wal",))
        db.close()
        pf = self.copy("errors")
        # Another program's database is never written into.
        foreign = os.path.join(pf, "foreign.sqlite")
        other = sqlite3.connect(foreign)
        other.execute("CREATE TABLE notes (x)")
        other.commit()
        other.close()
        code, out, err = batch(pf, "2026-10", foreign)
        self.assertEqual(code, 4)
        self.assertIn("foreign.sqlite: error: cannot open the ledger: a SQLite database, but not a slaudit ledger", err)
        code, out, err = batch(pf, "2026-10", os.path.join(pf, "history"))
        self.assertEqual(code, 4)
        self.assertIn("history: error: cannot open the ledger: a folder, not a ledger file", err)
        text = os.path.join(pf, "notes.txt")
        with open(text, "w") as f:
            f.write("not a database\n")
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", text, "--out", os.path.join(pf, "r"))
        self.assertEqual(code, 3)
        self.assertIn("notes.txt: error: cannot open the ledger: not a SQLite database: file is not a database", err)
        # A ledger of a newer schema is refused, not damaged.
        newer = os.path.join(pf, "newer.sqlite")
        shutil.copy(self.ledger, newer)
        db = sqlite3.connect(newer)
        db.execute("PRAGMA user_version = 99")
        db.commit()
        db.close()
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", newer, "--out", os.path.join(pf, "r"))
        self.assertEqual(code, 3)
        self.assertIn("written by a newer slaudit (ledger schema 99; this build knows up to 4)", err)
        # A contract whose currency changed within the quarter has no total: refused, not summed.
        changed = os.path.join(pf, "changed.sqlite")
        shutil.copy(self.ledger, changed)
        sla = os.path.join(pf, "contracts", "contract-0001.sla")
        with open(sla, encoding="utf-8") as f:
            text = f.read()
        with open(sla, "w", encoding="utf-8") as f:
            f.write(text.replace(" CNY", " USD"))
        self.assertEqual(batch(pf, "2026-12", changed)[0], 0)
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", changed, "--out", os.path.join(pf, "r"))
        self.assertEqual(code, 3)
        self.assertIn("PF-0001 is in CNY before 2026-12 and in USD from then: its months cannot be added up", err)
        self.assertFalse(os.path.exists(os.path.join(pf, "r")))
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", os.path.join(pf, "none.sqlite"),
                             "--out", os.path.join(pf, "r"))
        self.assertEqual(code, 3)
        self.assertIn("none.sqlite: error: cannot open the ledger: no ledger there", err)
        self.assertFalse(os.path.exists(os.path.join(pf, "none.sqlite")))
        code, out, err = run("report", "--quarter", "2026Q3", "--ledger", self.ledger, "--out", os.path.join(pf, "r"))
        self.assertEqual(code, 3)
        self.assertIn("no figures recorded for 2026Q3", err)
        self.assertEqual(run("report", "--quarter", "2026-10", "--out", "x")[0], 2)
        self.assertEqual(run("report", "--year", "2026")[0], 2)
        code, out, err = batch(pf, "2026-10", foreign, "--no-ledger")
        self.assertEqual(code, 2)
        self.assertIn("--ledger and --no-ledger: give one", err)

    def test_a_failed_rerun_withdraws_the_month(self):
        pf = self.copy("failed-rerun")
        ledger = os.path.join(pf, "ledger.sqlite")
        for month in MONTHS:
            self.assertEqual(batch(pf, month, ledger)[0], 0)
        out = os.path.join(pf, "out", "2026-11")
        with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
            earlier = {e["file"]: e for e in json.load(f)["contracts"]}["contract-0012.sla"]["outputs"]
        self.assertEqual([o["path"] for o in earlier], ["PF-0012-2026-11.json"])
        # November of PF-0012 is rerun with a contract that no longer loads.
        sla = os.path.join(pf, "contracts", "contract-0012.sla")
        with open(sla, encoding="utf-8") as f:
            good = f.read()
        with open(sla, "w", encoding="utf-8") as f:
            f.write(good + "garbage\n")
        code, stdout, err = batch(pf, "2026-11", ledger)
        self.assertEqual(code, 3)
        self.assertIn("its reports of the earlier run were moved to " + out + "/superseded/ (the manifest lists "
                      "them): they are not this month's figures", err)
        # Nothing beside the new manifest looks current: the report is moved aside, listed.
        self.assertFalse(os.path.exists(os.path.join(out, "PF-0012-2026-11.json")))
        with open(os.path.join(out, "superseded", "PF-0012-2026-11.json"), "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), earlier[0]["sha256"])
        with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
            entry = {e["file"]: e for e in json.load(f)["contracts"]}["contract-0012.sla"]
        self.assertEqual(entry["status"], "failed")
        self.assertEqual(entry["outputs"], [])
        self.assertEqual(entry["superseded"], [{"path": "superseded/PF-0012-2026-11.json",
                                                "sha256": earlier[0]["sha256"], "was": "PF-0012-2026-11.json"}])
        # The ledger withdraws the month: marked, kept out of the review's totals, said so.
        db = sqlite3.connect(ledger)
        self.assertEqual(db.execute("SELECT run_id, superseded_by FROM contract_periods WHERE contract_id = 'PF-0012' "
                                    "ORDER BY period").fetchall(), [(1, None), (2, 4), (3, None)])
        db.close()
        self.assertEqual(self.verify(ledger)[0], 0)
        review = os.path.join(pf, "review")
        self.assertEqual(run("report", "--quarter", "2026Q4", "--ledger", ledger, "--out", review, "--format",
                             "json", "--contract", "PF-0012")[0], 0)
        with open(os.path.join(review, "review-2026Q4.json"), encoding="utf-8") as f:
            (c,) = json.load(f)["contracts"]
        self.assertEqual((c["missing_months"], c["superseded_months"]), ([], ["2026-11"]))
        totals = [contract_json(self.pf, m, "PF-0012")["money"]["provider_total_minor"] for m in MONTHS]
        self.assertEqual(minor(c["provider_total"]), totals[0] + totals[2])
        # December's yearly cap needs November: withdrawn, it is not counted as nothing.
        with open(sla, "w", encoding="utf-8") as f:
            f.write(good)
        code, stdout, err = batch(pf, "2026-12", ledger)
        self.assertEqual(code, 3)
        self.assertIn("PF-0012 has a yearly cap, and its contract year began 2026-10; the ledger's figures for 2026-11 "
                      "were superseded by a rerun that failed for this contract\n  the cap needs the credits of every "
                      "earlier month of the year: run 2026-11 first", err)
        # November run again: its reports stand, the copies moved aside go, the chain holds.
        code, stdout, err = batch(pf, "2026-11", ledger)
        self.assertEqual(code, 0, err)
        self.assertFalse(os.path.exists(os.path.join(out, "superseded")))
        with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
            entry = {e["file"]: e for e in json.load(f)["contracts"]}["contract-0012.sla"]
        self.assertNotIn("superseded", entry)
        self.assertEqual(entry["outputs"], earlier)  # the same inputs give the same bytes
        self.assertEqual(self.verify(ledger)[0], 0)
        # A withdrawn month's mark cannot be taken off by hand.
        self.assertEqual(batch(pf, "2026-12", ledger)[0], 0)
        with open(sla, "w", encoding="utf-8") as f:
            f.write(good + "garbage\n")
        self.assertEqual(batch(pf, "2026-12", ledger)[0], 3)
        db = sqlite3.connect(ledger)
        db.execute("UPDATE contract_periods SET superseded_by = NULL WHERE contract_id = 'PF-0012'")
        db.commit()
        db.close()
        code, stdout, err = self.verify(ledger)
        self.assertEqual(code, 1)
        self.assertRegex(stdout, r"error: run \d+ \(2026-12, batch, recorded [^)]*\): the figures of PF-0012 for 2026-12 "
                                 r"were superseded by run \d+, whose rerun of it failed, but the mark was removed")

    def verify(self, ledger):
        return run("ledger", "verify", ledger)

    def tampered(self, name, *sql):
        path = os.path.join(self.tmp, name + ".sqlite")
        shutil.copy(self.ledger, path)
        db = sqlite3.connect(path)
        for statement in sql:
            db.execute(statement)
        db.commit()
        db.close()
        return path

    def test_the_ledger_proves_itself(self):
        # Three batches, three runs sealed in a chain; 12 contracts × 3 months of figures.
        code, out, err = self.verify(self.ledger)
        self.assertEqual(code, 0, out + err)
        self.assertIn(": 3 runs, 3 sealed, 36 contract-months of figures\n", out)
        self.assertRegex(out, r": intact; the chain ends at run 3, sha256 [0-9a-f]{64}\n")
        db = sqlite3.connect(self.ledger)
        self.assertEqual(db.execute("SELECT run_id, seal FROM runs ORDER BY run_id").fetchall(), [(1, 1), (2, 2), (3, 3)])
        self.assertEqual(db.execute("SELECT count(*) FROM contract_periods WHERE length(figures_sha256) = 64").fetchone(),
                         (36,))
        db.close()

    def test_one_penalty_edited_is_found_and_the_ledger_is_not_used(self):
        # The review of the quarter would have said 29,000.00 beside a month total of 24,000.00.
        path = self.tampered("edited", "UPDATE penalty_lines SET amount_minor = amount_minor + 500000 "
                                       "WHERE contract_id = 'PF-0012' AND period = '2026-11' AND seq = 0")
        code, out, err = self.verify(path)
        self.assertEqual(code, 1, out + err)
        run2 = "run 2 (2026-11, batch, recorded "
        self.assertIn(f"edited.sqlite: error: {run2}", out)
        self.assertIn("): the figures of PF-0012 for 2026-11 are not what it recorded\n", out)
        self.assertIn("edited.sqlite: not usable: the first bad run is run 2; restore the ledger from a backup", out)
        # Every command that would use it stops, saying how to recover; nothing is written.
        review = os.path.join(self.tmp, "edited-review")
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", path, "--out", review)
        self.assertEqual(code, 3)
        self.assertIn("edited.sqlite: error: cannot open the ledger: it was changed or damaged after it was written: "
                      + run2, err)
        self.assertIn(f"see every problem with `slaudit ledger verify {path}`, then restore the ledger from a backup, "
                      "or give --ledger NEW", err)
        self.assertFalse(os.path.exists(review))
        pf = self.copy("edited")
        code, out, err = batch(pf, "2026-12", path)
        self.assertEqual(code, 4)
        self.assertIn("cannot open the ledger: it was changed or damaged after it was written", err)
        self.assertFalse(os.path.exists(os.path.join(pf, "out", "2026-12", "manifest.json")))
        # A digest recomputed beside the edited figures does not cover the edit: the run that
        # recorded them vouches for the digest it wrote, and its seal for what it vouches.
        path = self.tampered("redigested", "UPDATE penalty_lines SET amount_minor = 0 WHERE contract_id = 'PF-0012' "
                                           "AND period = '2026-11'")
        db = sqlite3.connect(path)
        db.execute("UPDATE contract_periods SET figures_sha256 = ? WHERE contract_id = 'PF-0012' AND period = '2026-11'",
                   (figures_digest(db, "PF-0012", "2026-11"),))
        db.commit()
        db.close()
        code, out, err = self.verify(path)
        self.assertEqual(code, 1)
        self.assertIn(f"error: {run2}", out)
        self.assertIn("): its statuses do not vouch for the figures of PF-0012 for 2026-11 that the ledger holds\n", out)

    def test_the_digests_are_as_docs_ledger_md_describes(self):
        # An independent reading of the digests: any tool can check a ledger without slaudit.
        db = sqlite3.connect(self.ledger)
        for cid, period, digest in db.execute("SELECT contract_id, period, figures_sha256 FROM contract_periods"):
            self.assertEqual(figures_digest(db, cid, period), digest, (cid, period))
        previous = ""
        for run_id, digest in db.execute("SELECT run_id, run_sha256 FROM runs ORDER BY seal").fetchall():
            self.assertEqual(run_digest(db, run_id, previous), digest, run_id)
            previous = digest
        db.close()

    def test_one_byte_changed_in_the_file_is_found(self):
        path = os.path.join(self.tmp, "byte.sqlite")
        self.assertFalse(os.path.exists(self.ledger + "-wal"), "the last connection folds the WAL in")
        with open(self.ledger, "rb") as f:
            data = bytearray(f.read())
        title = "（1号）".encode("utf-8")  # in the title of PF-0001, a text no index holds
        at = data.find(title)
        self.assertGreater(at, 0)
        data[at + len("（".encode("utf-8"))] = ord("7")
        with open(path, "wb") as f:
            f.write(data)
        code, out, err = self.verify(path)
        self.assertEqual(code, 1, out + err)
        self.assertRegex(out, r"error: run \d \(2026-1\d, batch, recorded [^)]*\): the figures of PF-0001 for 2026-1\d "
                              r"are not what it recorded\n")

    def test_a_run_deleted_or_rewritten_breaks_the_chain(self):
        path = self.tampered("deleted", "DELETE FROM run_contracts WHERE run_id = 2",
                             "DELETE FROM contract_periods WHERE run_id = 2", "DELETE FROM runs WHERE run_id = 2")
        code, out, err = self.verify(path)
        self.assertEqual(code, 1)
        self.assertIn("error: run 3 (2026-12, batch, recorded ", out)
        self.assertIn("is sealed in place 3 of the chain, but place 2 is missing: a run was deleted", out)
        path = self.tampered("rewritten", "UPDATE runs SET recorded_at = '2026-11-01T00:00:00Z' WHERE run_id = 2")
        code, out, err = self.verify(path)
        self.assertEqual(code, 1)
        self.assertIn("error: run 2 (2026-11, batch, recorded 2026-11-01T00:00:00Z) was changed after it was sealed", out)
        self.assertIn("the first bad run is run 2;", out)
        # A run's status edited: the run says PF-0003 failed, yet its figures stand.
        path = self.tampered("status", "UPDATE run_contracts SET status = 'failed' WHERE run_id = 3 "
                                       "AND contract_id = 'PF-0003'")
        code, out, err = self.verify(path)
        self.assertEqual(code, 1)
        self.assertIn("run 3 (2026-12, batch, recorded ", out)
        self.assertIn("was changed after it was sealed", out)

    def test_a_ledger_of_schema_1_is_sealed_as_it_is_when_upgraded(self):
        path = os.path.join(self.tmp, "schema-1.sqlite")
        shutil.copy(os.path.join(ROOT, "fixtures", "ledger", "schema-1.sqlite"), path)
        code, out, err = self.verify(path)
        self.assertEqual(code, 0, out + err)
        self.assertIn("not checked: a ledger of schema 1 holds no seals", out)
        # Reading it with this build upgrades it: runs 1 to 3, four contracts, two months.
        code, out, err = run("report", "--quarter", "2026Q4", "--ledger", path, "--out",
                             os.path.join(self.tmp, "schema-1-review"), "--format", "json")
        self.assertEqual(code, 0, err)
        code, out, err = self.verify(path)
        self.assertEqual(code, 0, out + err)
        self.assertIn(": 3 runs, 3 sealed, 8 contract-months of figures\n", out)
        self.assertIn("note: runs 1 to 3 were recorded before runs were sealed; they were sealed as they were when "
                      "the ledger was upgraded to schema 2", out)
        db = sqlite3.connect(path)
        self.assertEqual(db.execute("PRAGMA user_version").fetchone(), (4,))
        # Run 3 skipped every contract as unchanged: it vouches for no figures of its own.
        self.assertEqual(db.execute("SELECT count(*) FROM run_contracts WHERE figures_sha256 IS NOT NULL").fetchone(),
                         (8,))
        db.close()
        # And it is guarded from then on like any other.
        db = sqlite3.connect(path)
        db.execute("UPDATE contract_periods SET provider_total_minor = 1 WHERE contract_id = 'PF-0001' "
                   "AND period = '2026-11'")
        db.commit()
        db.close()
        code, out, err = self.verify(path)
        self.assertEqual(code, 1)
        self.assertIn("run 2 (2026-11, batch, recorded 2026-12-06T03:06:02Z): the figures of PF-0001 for 2026-11 are "
                      "not what it recorded", out)

    def test_verify_refuses_what_is_not_a_ledger(self):
        self.assertEqual(run("ledger")[0], 2)
        self.assertEqual(run("ledger", "check", self.ledger)[0], 2)
        code, out, err = run("ledger", "verify", os.path.join(self.tmp, "none.sqlite"))
        self.assertEqual(code, 2)
        self.assertIn("none.sqlite: error: cannot read the ledger: no ledger there", err)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "none.sqlite")))
        code, out, err = run("ledger", "verify", GEN)
        self.assertEqual(code, 2)
        self.assertIn("gen-portfolio.py: error: cannot read the ledger: not a SQLite database", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
