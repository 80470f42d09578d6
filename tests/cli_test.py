#!/usr/bin/env python3
"""The CLI as CI pipelines use it: exit codes, fmt, and machine formats read by real readers."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

def outputs(folder):
    """The names in an output folder but the lock files every writer leaves (.slaudit*.lock)."""
    return [n for n in os.listdir(folder) if not (n.startswith(".slaudit") and n.endswith(".lock"))]


SLAUDIT = os.path.abspath(sys.argv.pop(1))
FIXTURES = "fixtures"


def run(*args, cwd=None, env=None):
    p = subprocess.run([SLAUDIT, *args], capture_output=True, text=True, cwd=cwd, env=env)
    return p.returncode, p.stdout, p.stderr


class ExitCodes(unittest.TestCase):
    def test_clean_fixtures_exit_0(self):
        code, out, _ = run("check", *sorted(f"{FIXTURES}/contracts/{f}" for f in os.listdir(f"{FIXTURES}/contracts") if f.endswith(".sla")))
        self.assertEqual(code, 0, out)
        # The seed's 43.8 min against 99.9%, in yyyy-ops.sla and in the standard terms.
        self.assertIn("checked 5 files: 0 errors, 2 warnings", out)

    def test_a_folder_means_every_sla_file_below_it(self):
        code, out, _ = run("check", f"{FIXTURES}/contracts")
        self.assertEqual(code, 0, out)
        # customers/ too: both override the core service, so the terms' warning is not theirs.
        self.assertIn("checked 7 files: 0 errors, 2 warnings", out)
        code, out, _ = run("fmt", "--check", f"{FIXTURES}/contracts")
        self.assertEqual((code, out), (0, ""))

    def test_a_byte_order_mark_is_accepted(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bom.sla")
            shutil.copy(f"{FIXTURES}/contracts/berlin-dst.sla", path)
            with open(path, "rb") as f:
                body = f.read()
            with open(path, "wb") as f:
                f.write(b"\xef\xbb\xbf" + body.replace(b"\n", b"\r\n"))
            code, out, _ = run("check", path)
            self.assertEqual((code, out.splitlines()[-1]), (0, "checked 1 file: 0 errors, 0 warnings"), out)

    def test_a_hostile_file_stops_after_100_errors_quickly(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "many.sla")
            with open(path, "w") as f:
                f.write('sla 1\ncontract "X" {\n' + "x;" * 200000 + "\n}\n")
            code, out, _ = run("check", path)
            self.assertEqual(code, 1)
            self.assertIn("error[E0110]: too many errors", out)
            self.assertLess(len(out), 100000)  # long lines are shown as a window around the caret

    def test_errors_exit_1(self):
        self.assertEqual(run("check", f"{FIXTURES}/invalid/unknown-severity.sla")[0], 1)

    def test_warnings_exit_0_unless_strict(self):
        f = f"{FIXTURES}/invalid/availability-vs-downtime.sla"
        self.assertEqual(run("check", f)[0], 0)
        self.assertEqual(run("check", "--strict", f)[0], 1)

    def test_unreadable_file_exit_2(self):
        code, _, err = run("check", "no/such/file.sla")
        self.assertEqual(code, 2)
        self.assertIn("no/such/file.sla: error: cannot read the file", err)

    def test_usage_exit_2(self):
        self.assertEqual(run("check")[0], 2)
        self.assertEqual(run("check", "--format", "xml", "a.sla")[0], 2)
        self.assertEqual(run("frobnicate")[0], 2)
        self.assertEqual(run()[0], 2)


class CommandLine(unittest.TestCase):
    """The options of every command come from one table (cli/command_line.cpp)."""
    COMMANDS = {"check": ("check",), "fmt": ("fmt",), "run": ("run",), "explain": ("explain",),
                "batch": ("batch",), "merge": ("merge",), "report": ("report",),
                "ledger verify": ("ledger", "verify")}

    def test_every_command_has_help_with_its_usage_and_options(self):
        for name, words in self.COMMANDS.items():
            for flag in ("--help", "-h"):
                code, out, err = run(*words, flag)
                self.assertEqual((code, err), (0, ""), name)
                self.assertIn("usage: slaudit " + name, out)
                self.assertIn("-h,--help", out)
        # Every option a command reads is listed in its help, with what its value is.
        code, out, _ = run("run", "--help")
        for option in ("--contract FILE.sla", "--history DIR", "--period 2026-10", "--out DIR", "--format LIST",
                       "--encoding NAME", "--time-format COLUMN=PATTERN", "--skip-bad-rows", "--earlier-credits AMOUNT"):
            self.assertIn(option, out)
        code, out, _ = run("--help")
        for name in self.COMMANDS:
            self.assertIn("\n  " + name + " ", out)

    def test_help_comes_before_the_required_options(self):
        code, out, err = run("batch", "--period", "2026-10", "--help")
        self.assertEqual((code, err), (0, ""))
        self.assertIn("--contracts DIR REQUIRED", out)

    def test_an_option_with_equals_is_the_same_option(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            contract, history = "fixtures/scenarios/base-7x24.sla", "fixtures/scenarios/01-overlapping-outages/history"
            spaced = run("run", "--contract", contract, "--history", history, "--period", "2026-10", "--out", a,
                         "--format", "json", "--lang", "en")
            joined = run("run", f"--contract={contract}", f"--history={history}", "--period=2026-10", f"--out={b}",
                         "--format=json", "--lang=en")
            self.assertEqual((spaced[0], joined[0]), (0, 0), spaced[2] + joined[2])
            self.assertEqual(outputs(a), ["SCN-7X24-2026-10.json"])
            with open(os.path.join(a, "SCN-7X24-2026-10.json"), "rb") as x, \
                    open(os.path.join(b, "SCN-7X24-2026-10.json"), "rb") as y:
                self.assertEqual(x.read(), y.read())
        code, out, err = run("check", "--format=json", "fixtures/contracts/office-7x8.sla")
        self.assertEqual(code, 0, err)
        self.assertIsInstance(json.loads(out), (list, dict))

    def test_an_unknown_option_is_named_with_the_nearest_one(self):
        code, _, err = run("check", "--strikt", "fixtures/contracts/office-7x8.sla")
        self.assertEqual(code, 2)
        self.assertIn("slaudit check: unknown option '--strikt'; did you mean '--strict'?", err)
        self.assertIn("usage: slaudit check [OPTIONS] FILE|DIR...", err)
        code, _, err = run("report", "--quater=2026Q4", "--out", "x")
        self.assertEqual(code, 2)
        self.assertIn("unknown option '--quater'; did you mean '--quarter'?", err)
        code, _, err = run("ledger", "verify", "--formt", "json", "x.sqlite")
        self.assertIn("did you mean '--format'?", err)
        code, _, err = run("explian")
        self.assertEqual(code, 2)
        self.assertIn("unknown command 'explian'; did you mean 'explain'?", err)

    def test_an_option_without_its_value(self):
        code, _, err = run("check", "fixtures/contracts/office-7x8.sla", "--format")
        self.assertEqual(code, 2)
        self.assertIn("slaudit check: --format needs a value", err)
        code, _, err = run("run", "--contract", "x.sla", "--history", "h", "--period=", "--out", "o")
        self.assertEqual(code, 2)
        self.assertIn("slaudit run: --period needs a value", err)
        # After "--" every argument is a file, even one that looks like an option.
        code, _, err = run("check", "--", "--not-an-option.sla")
        self.assertEqual(code, 2)
        self.assertIn("--not-an-option.sla: error: cannot read the file", err)


class Readme(unittest.TestCase):
    def test_the_readme_example_contract_checks_clean(self):
        text = open("README.md", encoding="utf-8").read()
        start = text.index("\nsla 1\n") + 1
        example = text[start:text.index("```", start)]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "example.sla")
            with open(path, "w", encoding="utf-8") as f:
                f.write(example)
            code, out, _ = run("check", path)
            self.assertEqual((code, out.splitlines()[-1]), (0, "checked 1 file: 0 errors, 0 warnings"), out)


class MachineFormats(unittest.TestCase):
    def setUp(self):
        self.invalid = sorted(f"{FIXTURES}/invalid/{f}" for f in os.listdir(f"{FIXTURES}/invalid") if f.endswith(".sla"))

    def text_count(self):
        _, out, _ = run("check", *self.invalid)
        return sum(1 for l in out.splitlines() if ": error[" in l or ": warning[" in l)

    def test_json_is_one_object_per_diagnostic(self):
        code, out, _ = run("check", "--format", "json", *self.invalid)
        self.assertEqual(code, 1)
        diags = json.loads(out)
        self.assertEqual(len(diags), self.text_count())
        first = next(d for d in diags if d["file"].endswith("unknown-severity.sla"))
        self.assertEqual((first["line"], first["column"], first["code"], first["severity"]), (23, 16, "E0203", "error"))
        self.assertEqual(first["message"], "unknown severity '5'")
        for d in diags:
            self.assertEqual(set(d), {"file", "line", "column", "end_line", "end_column", "severity", "code", "message", "notes"})

    def test_json_of_a_clean_file_is_an_empty_array(self):
        code, out, _ = run("check", "--format", "json", f"{FIXTURES}/contracts/berlin-dst.sla")
        self.assertEqual((code, json.loads(out)), (0, []))

    def test_sarif_2_1_0(self):
        code, out, _ = run("check", "--format", "sarif", *self.invalid)
        self.assertEqual(code, 1)
        log = json.loads(out)
        self.assertEqual(log["version"], "2.1.0")
        run0 = log["runs"][0]
        rules = run0["tool"]["driver"]["rules"]
        self.assertEqual(len(run0["results"]), self.text_count())
        for r in run0["results"]:
            self.assertEqual(rules[r["ruleIndex"]]["id"], r["ruleId"])
            self.assertIn(r["level"], ("error", "warning"))
            region = r["locations"][0]["physicalLocation"]["region"]
            self.assertGreaterEqual(region["startLine"], 1)
            self.assertGreaterEqual(region["startColumn"], 1)

    def test_github_annotations(self):
        _, out, _ = run("check", "--format", "github", f"{FIXTURES}/invalid/unknown-severity.sla")
        self.assertEqual(out.splitlines()[0].split("::")[1],
                         "error file=fixtures/invalid/unknown-severity.sla,line=23,col=16,endColumn=17,title=E0203")


class Mutations(unittest.TestCase):
    """What a reviewer does to a contract: each mistake must be reported at its own line."""

    def setUp(self):
        # A scratch folder with the calendars the fixtures import; the source tree stays as it is.
        self.dir = tempfile.mkdtemp()
        os.symlink(os.path.abspath(f"{FIXTURES}/contracts/calendars"), os.path.join(self.dir, "calendars"))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def errors_at(self, text):
        path = os.path.join(self.dir, "mutated.sla")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        code, out, _ = run("check", "--format", "json", path)
        return code, {d["line"] for d in json.loads(out) if d["severity"] == "error"}

    def test_every_mutation_of_every_fixture_is_reported_at_its_line(self):
        misses, tried = [], 0
        for name in sorted(os.listdir(f"{FIXTURES}/contracts")):
            if not name.endswith(".sla"):
                continue
            lines = open(f"{FIXTURES}/contracts/{name}", encoding="utf-8").read().split("\n")
            for i, line in enumerate(lines):
                code_part = line.split("#")[0]
                mutants = []
                for brace in "{}":
                    if brace in code_part:
                        mutants.append(("deleted " + brace, i, line.replace(brace, "", 1)))
                if code_part.strip() and code_part.strip() not in "{}":
                    mutants.append(("stray token", i, code_part.rstrip() + " stray"))
                if "%" in code_part:
                    mutants.append(("150%", i, re.sub(r"\d+(\.\d+)?%", "150%", line, count=1)))
                for what, at, new in mutants:
                    tried += 1
                    code, err_lines = self.errors_at("\n".join(lines[:at] + [new] + lines[at + 1:]))
                    if code != 1 or at + 1 not in err_lines:
                        misses.append((name, at + 1, what, code, sorted(err_lines)))
                if line.strip().startswith("service "):
                    end = next(j for j in range(i, len(lines)) if lines[j].strip() == "}")
                    tried += 1
                    code, err_lines = self.errors_at("\n".join(lines[:end + 1] + lines[i:end + 1] + lines[end + 1:]))
                    if code != 1 or end + 2 not in err_lines:
                        misses.append((name, end + 2, "duplicated service", code, sorted(err_lines)))
        self.assertGreater(tried, 300)
        self.assertEqual(misses, [])


class Run(unittest.TestCase):
    def setUp(self):
        self.out = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.out, ignore_errors=True)

    def run_scenario(self, *extra, history="fixtures/scenarios/01-overlapping-outages/history"):
        return run("run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history", history,
                   "--period", "2026-10", "--out", self.out, *extra)

    def test_writes_json_that_a_reader_parses_with_the_figures(self):
        code, out, err = self.run_scenario()
        self.assertEqual(code, 0, err)
        path = os.path.join(self.out, "SCN-7X24-2026-10.json")
        self.assertIn("wrote " + path, out)
        doc = json.load(open(path, encoding="utf-8"))
        self.assertEqual(list(doc), ["schema", "tool", "contract", "period", "inputs", "completeness", "availability", "clocks", "tickets", "escalations", "rates", "money", "decisions", "findings"])
        a = doc["availability"][0]
        self.assertEqual((a["S_s"], a["U_s"], a["percent"], a["target"]["verdict"]), (2678400, 3000, "99.8879", "breached"))
        self.assertEqual(len(doc["clocks"]), 6)

    def test_a_workbook_past_a_sheets_last_row_is_left_out_and_the_rest_written(self):
        # SLAUDIT_SHEET_ROWS=5 stands for Excel's 1,048,576 rows: the scenario's 6 clocks and
        # its downtime pass a five-row sheet as a month of 540,000 incidents passes Excel's.
        small = dict(os.environ, SLAUDIT_SHEET_ROWS="5")
        xlsx = os.path.join(self.out, "SCN-7X24-2026-10.xlsx")
        code, out, err = self.run_scenario("--format", "json,xlsx")
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.exists(xlsx))  # a workbook of an earlier run, which must go
        code, out, err = run("run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                             "fixtures/scenarios/01-overlapping-outages/history", "--period", "2026-10", "--out",
                             self.out, "--format", "json,xlsx", env=small)
        self.assertEqual(code, 4)
        self.assertEqual(err, xlsx + ": warning: the workbook is not written: the month has more records than an "
                              "Excel sheet holds (1,048,576 rows); every figure is in the JSON report\n")
        self.assertEqual(sorted(outputs(self.out)), ["SCN-7X24-2026-10.json"])
        with open(os.path.join(self.out, "SCN-7X24-2026-10.json"), encoding="utf-8") as f:
            self.assertEqual(len(json.load(f)["clocks"]), 6)
        # The workbook alone asked for: nothing to write instead, so the run fails and says why.
        shutil.rmtree(self.out)
        code, out, err = run("run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                             "fixtures/scenarios/01-overlapping-outages/history", "--period", "2026-10", "--out",
                             self.out, "--format", "xlsx", env=small)
        self.assertEqual(code, 4)
        self.assertIn("cannot write the xlsx report: the month has more records than an Excel sheet holds "
                      "(1,048,576 rows); ask for the JSON or the PDF (--format json,pdf)", err)
        self.assertEqual(outputs(self.out), [])

    def test_two_runs_give_the_same_bytes(self):
        self.run_scenario()
        first = open(os.path.join(self.out, "SCN-7X24-2026-10.json"), "rb").read()
        self.run_scenario()
        self.assertEqual(open(os.path.join(self.out, "SCN-7X24-2026-10.json"), "rb").read(), first)

    def test_a_bad_history_row_is_exit_3_at_file_row_column_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as h:
            with open(os.path.join(h, "incidents.csv"), "w") as f:
                f.write("id,service,severity,occurred\nI-1,core,1,2026-10-03 10:00\nI-2,core,1,2026-10-32 10:00\n")
            code, _, err = self.run_scenario(history=h)
            self.assertEqual(code, 3)
            self.assertIn(h + "/incidents.csv:3:4: occurred: '2026-10-32 10:00' is not a real date and time", err)
            self.assertEqual(outputs(self.out), [])
            code, _, err = self.run_scenario("--skip-bad-rows", history=h)
            self.assertEqual(code, 0, err)

    def test_a_broken_contract_is_exit_3(self):
        code, _, err = run("run", "--contract", "fixtures/invalid/unknown-severity.sla", "--history", ".",
                           "--period", "2026-10", "--out", self.out)
        self.assertEqual(code, 3)
        self.assertIn("error[E0203]", err)

    def test_usage_errors_are_exit_2(self):
        self.assertEqual(self.run_scenario("--period", "2026-13")[0], 2)
        self.assertEqual(self.run_scenario("--format", "docx")[0], 2)
        self.assertEqual(self.run_scenario("--bogus", "x")[0], 2)
        self.assertEqual(run("run", "--contract", "x.sla")[0], 2)

    def test_an_unwritable_output_folder_is_exit_4(self):
        blocker = os.path.join(self.out, "file")
        open(blocker, "w").close()
        code, _, err = run("run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                           "fixtures/scenarios/01-overlapping-outages/history", "--period", "2026-10",
                           "--out", os.path.join(blocker, "sub"))
        self.assertEqual(code, 4, err)
        self.assertIn("cannot create the output folder", err)

    def test_a_report_that_cannot_be_written_leaves_no_file(self):
        # The workbook's name is taken by a folder: the rename fails after the file was written.
        # The JSON written before it is removed too: a contract's reports are all there or none.
        os.mkdir(os.path.join(self.out, "SCN-7X24-2026-10.xlsx"))
        code, _, err = run("run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                           "fixtures/scenarios/01-overlapping-outages/history", "--period", "2026-10",
                           "--out", self.out)
        self.assertEqual(code, 4, err)
        self.assertIn("SCN-7X24-2026-10.xlsx: error: cannot write the xlsx report", err)
        left = sorted(outputs(self.out))
        self.assertEqual(left, ["SCN-7X24-2026-10.xlsx"], left)  # no temporary file, the folder kept
        self.assertEqual(os.listdir(os.path.join(self.out, "SCN-7X24-2026-10.xlsx")), [])

    def test_a_failed_report_takes_the_older_reports_of_every_format_with_it(self):
        # An earlier run's three reports, then a run whose PDF cannot be written: none of the
        # older ones may stay beside the new ones' absence, reading as current.
        args = ["run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                "fixtures/scenarios/01-overlapping-outages/history", "--period", "2026-10", "--out", self.out]
        self.assertEqual(run(*args)[0], 0)
        self.assertEqual(sorted(outputs(self.out)), ["SCN-7X24-2026-10.json", "SCN-7X24-2026-10.pdf",
                                                        "SCN-7X24-2026-10.xlsx"])
        env = dict(os.environ, SLAUDIT_FONT="/nonexistent/font.ttf")
        p = subprocess.run([SLAUDIT, *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertIn("cannot write the pdf report", p.stderr)
        self.assertEqual(outputs(self.out), [])

    def test_a_missing_or_wrong_font_is_a_clear_error_and_no_file(self):
        for font, words in [("/nonexistent/font.ttf", "install fonts-wqy-microhei"),
                            (__file__, "not a TrueType font")]:
            env = dict(os.environ, SLAUDIT_FONT=font)
            p = subprocess.run([SLAUDIT, "run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                                "fixtures/scenarios/01-overlapping-outages/history", "--period", "2026-10",
                                "--out", self.out, "--format", "pdf"], capture_output=True, text=True, env=env)
            self.assertEqual(p.returncode, 4, p.stderr)
            self.assertIn("cannot write the pdf report", p.stderr)
            self.assertIn(words, p.stderr)
            self.assertNotIn("CRITICAL", p.stderr)  # no library log lines around our message
            self.assertEqual(outputs(self.out), [])

    def test_language_and_template_overrides(self):
        templates = os.path.join(self.out, "texts")
        os.mkdir(templates)
        with open(os.path.join(templates, "en.txt"), "w", encoding="utf-8") as f:
            f.write("# ours\nsheet.summary = Overview\n")
        code, _, err = self.run_scenario("--lang", "en", "--templates", templates)
        self.assertEqual(code, 0, err)
        import openpyxl
        book = openpyxl.load_workbook(os.path.join(self.out, "SCN-7X24-2026-10.xlsx"))
        self.assertEqual(book.sheetnames[:2], ["Overview", "Services"])  # overridden, and the rest built in
        with open(os.path.join(templates, "en.txt"), "w", encoding="utf-8") as f:
            f.write("sheet.summary = Overview\nsheet.sumary = typo\n")
        code, _, err = self.run_scenario("--lang", "en", "--templates", templates)
        self.assertEqual(code, 3, err)
        self.assertIn("en.txt:2: unknown key 'sheet.sumary'", err)
        self.assertEqual(self.run_scenario("--lang", "fr")[0], 2)

    def test_a_history_the_tool_did_not_see_is_exit_2_never_a_clean_report(self):
        incidents = "id,service,severity,occurred,restored\nI-1,core,1,2026-10-03 10:00,2026-10-03 11:00\n"
        cases = {
            "misnamed": ({"incident.csv": incidents}, "incident.csv: not a file slaudit reads; did you mean incidents.csv?"),
            "xlsx": ({"incidents.csv": incidents, "tickets.xlsx": "PK"}, "tickets.xlsx: not a file slaudit reads; did "
                     "you mean tickets.csv? (export it as CSV)"),
            "empty": ({}, "the history folder is empty"),
            "no-incidents": ({"pauses.csv": "incident,state,start\n"}, "no incidents.csv in the history folder (it holds pauses.csv)"),
            "month-folder": ({"2026-09/incidents.csv": incidents}, "2026-09/: a folder (a month's folder"),
        }
        for name, (files, message) in cases.items():
            with self.subTest(name), tempfile.TemporaryDirectory() as h:
                for f, text in files.items():
                    os.makedirs(os.path.dirname(os.path.join(h, f)), exist_ok=True)
                    with open(os.path.join(h, f), "w") as out:
                        out.write(text)
                code, _, err = self.run_scenario(history=h)
                self.assertEqual(code, 2, err)
                self.assertIn(h + ": error: ", err)
                self.assertIn(message, err)
                self.assertNotIn("usage:", err)
                self.assertEqual(outputs(self.out), [])
        code, _, err = self.run_scenario(history=os.path.join(self.out, "nope"))
        self.assertEqual(code, 2)
        self.assertIn("nope: error: no such folder", err)
        code, _, err = run("run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                           "fixtures/scenarios/01-overlapping-outages/history", "--period", "2027-02", "--out", self.out)
        self.assertEqual(code, 2)
        self.assertIn("error: 2027-02 is outside the term of SCN-7X24 (2026-01-01 .. 2026-12-31)", err)
        self.assertEqual(outputs(self.out), [])

    def test_every_report_states_its_completeness(self):
        with tempfile.TemporaryDirectory() as h:
            # A month without incidents, stated by the header: complete.
            with open(os.path.join(h, "incidents.csv"), "w") as f:
                f.write("id,service,severity,occurred\n")
            code, out, err = self.run_scenario("--lang", "en", history=h)
            self.assertEqual(code, 0, err)
            self.assertIn("  inputs: complete\n", out)
            doc = json.load(open(os.path.join(self.out, "SCN-7X24-2026-10.json"), encoding="utf-8"))
            self.assertEqual((doc["completeness"]["verdict"], doc["completeness"]["line"]), ("complete", "complete"))
            self.assertEqual([f["file"] for f in doc["completeness"]["files"] if f["read"]], ["incidents.csv"])
            # Every incident in another month: loud, in every report.
            with open(os.path.join(h, "incidents.csv"), "w") as f:
                f.write("id,service,severity,occurred,responded,restored,closed\n"
                        "I-1,core,1,2026-09-03 10:00,2026-09-03 10:10,2026-09-03 11:00,2026-09-03 12:00\n"
                        "I-2,core,1,2026-11-03 10:00,2026-11-03 10:10,2026-11-03 11:00,2026-11-03 12:00\n")
            code, out, err = self.run_scenario("--lang", "en", history=h)
            self.assertEqual(code, 0, err)
            line = "incomplete: all 2 rows of incidents.csv lie outside the period"
            self.assertIn("  inputs: " + line, out)
            doc = json.load(open(os.path.join(self.out, "SCN-7X24-2026-10.json"), encoding="utf-8"))
            self.assertEqual((doc["completeness"]["verdict"], doc["completeness"]["line"]), ("incomplete", line))
            self.assertTrue(any("lie outside 2026-10: is this the history of another month?" in f["message"]
                                for f in doc["findings"]))
            pdf = subprocess.run(["pdftotext", os.path.join(self.out, "SCN-7X24-2026-10.pdf"), "-"],
                                 capture_output=True, text=True, check=True).stdout
            self.assertIn("incomplete: all 2 rows of incidents.csv lie outside the period", " ".join(pdf.split()))
            book = subprocess.run(["/usr/bin/python3", "-c", "import openpyxl,sys; ws = openpyxl.load_workbook(sys.argv[1])"
                                   "['Summary']; print(ws['A2'].value); print(ws['B2'].value)",
                                   os.path.join(self.out, "SCN-7X24-2026-10.xlsx")],
                                  capture_output=True, text=True, check=True).stdout
            self.assertEqual(book.splitlines(), ["Inputs", line.replace("the period", "the period (the history of "
                                                                        "another month?)")])

    def test_a_windows_1252_export_is_read_and_an_ambiguous_one_refused(self):
        def descriptions():
            doc = json.load(open(os.path.join(self.out, "SCN-7X24-2026-10.json"), encoding="utf-8"))
            return doc["inputs"][0]["encoding"], [d["record"] for d in doc["availability"][0]["downtime"]]
        for encoding in ([], ["--encoding", "windows-1252"], ["--encoding", "latin1"]):
            code, _, err = self.run_scenario("--format", "json,xlsx", *encoding,
                                             history="fixtures/encodings/windows-1252")
            self.assertEqual(code, 0, err)
            self.assertEqual(descriptions(), ("Windows-1252", ["W-1", "W-2"]))
            book = subprocess.run(["/usr/bin/python3", "-c", "import openpyxl,sys\nwb = openpyxl.load_workbook(sys.argv[1])"
                                   "\nprint([c.value for ws in wb for r in ws.iter_rows() for c in r if isinstance(c.value, str)"
                                   " and 'ller' in c.value])", os.path.join(self.out, "SCN-7X24-2026-10.xlsx")],
                                  capture_output=True, text=True, check=True).stdout
            self.assertIn("Müller (Café Straße) meldet Ausfall", book)
        shutil.rmtree(self.out)
        os.makedirs(self.out)
        code, _, err = self.run_scenario(history="fixtures/encodings/ambiguous")
        self.assertEqual(code, 3)
        self.assertIn("fixtures/encodings/ambiguous/incidents.csv:2:87: cannot tell the encoding (valid as "
                      "windows-1252 and gb18030); pass --encoding", err)
        self.assertEqual(outputs(self.out), [])
        code, _, err = self.run_scenario("--format", "xlsx", "--encoding", "windows-1252",
                                         history="fixtures/encodings/ambiguous")
        self.assertEqual(code, 0, err)
        code, _, err = self.run_scenario("--encoding", "ebcdic")
        self.assertEqual(code, 2)
        self.assertIn("windows-1252 (latin1)", err)

    def test_the_real_servicenow_sample_runs(self):
        code, out, err = run("run", "--contract", "fixtures/realworld/servicenow.sla", "--history",
                             "fixtures/realworld/servicenow-2016-02", "--period", "2016-03", "--out", self.out,
                             "--profile", "servicenow-eventlog")
        self.assertEqual(code, 0, err)
        doc = json.load(open(os.path.join(self.out, "SNOW-SAMPLE-2016-2016-03.json"), encoding="utf-8"))
        # The figures docs/history.md gives, each checked there against the log's rows.
        self.assertIn("availability 0.0000%", out)
        self.assertIn("breached: 663 of 1538 clocks", out)
        self.assertIn("findings: 35", out)
        self.assertEqual(doc["availability"][0]["U_s"], doc["availability"][0]["S_s"])
        self.assertEqual(doc["availability"][0]["open_incidents"], ["INC0000341"])
        code, out, err = run("run", "--contract", "fixtures/realworld/servicenow.sla", "--history",
                             "fixtures/realworld/servicenow-2016-02", "--period", "2016-02", "--out", self.out,
                             "--profile", "servicenow-eventlog")
        self.assertEqual(code, 0, err)
        self.assertIn("availability 97.6303%", out)
        self.assertIn("breached: 104 of 414 clocks", out)
        self.assertIn("findings: 6", out)
        doc = json.load(open(os.path.join(self.out, "SNOW-SAMPLE-2016-2016-02.json"), encoding="utf-8"))
        a = doc["availability"][0]
        self.assertEqual((a["S_s"], a["U_s"]), (29 * 86400 + 3600, 59460))
        self.assertEqual(sum(x["counted_s"] for x in a["downtime"] if x["record"] == "INC0000062"), 30120)  # 07:29-15:51
        raised = [c for c in doc["clocks"] if c["incident"] == "INC0000062" and c["kind"] == "respond"][0]
        self.assertEqual((raised["severity"], raised["first_severity"]), (2, 3))  # 3 - Moderate → 2 - High at 07:29


class Explain(unittest.TestCase):
    args = ["explain", "--contract", "fixtures/scenarios/base-money.sla", "--history",
            "fixtures/scenarios/18-money-cap-cuts-two-lines/history", "--period", "2026-10"]

    def test_one_incident(self):
        code, out, _ = run(*self.args, "--incident", "A-2")
        self.assertEqual(code, 0)
        self.assertIn("A-2 respond: 2026-10-06 08:00:00 → 2026-10-06 08:40:00, 2400 s on 7x24 against 1800 s", out)
        self.assertIn("respond breaches in 2026-10: 3 (A-1, A-2, A-3)", out)  # the penalty it is part of
        self.assertNotIn("A-3 restore", out)

    def test_one_penalty(self):
        code, out, _ = run(*self.args, "--penalty", "恢复超时")
        self.assertEqual(code, 0)
        self.assertIn("2 started units of 3600 s × 200.00 CNY = 400.00", out)
        self.assertNotIn("未履行服务", out)
        self.assertNotIn("Clocks", out)

    def test_an_unknown_incident_penalty_or_service_is_exit_2_with_the_nearest_names(self):
        code, out, err = run(*self.args, "--incident", "A-9")
        self.assertEqual((code, out), (2, ""))
        self.assertIn("slaudit explain: no incident or ticket 'A-9' in fixtures/scenarios/18-money-cap-cuts-two-lines/"
                      "history for 2026-10; nearest: A-1, A-2, A-3", err)
        code, out, err = run(*self.args, "--penalty", "响应")
        self.assertEqual((code, out), (2, ""))
        self.assertIn("no penalty '响应' in fixtures/scenarios/base-money.sla; nearest: 响应超时", err)
        code, _, err = run(*self.args, "--service", "cor")
        self.assertEqual(code, 2)
        self.assertIn("--service 'cor': SCN-MONEY has no such service; nearest: core", err)

    def test_one_incident_shows_the_availability_it_drives(self):
        code, out, _ = run("explain", "--contract", "fixtures/scenarios/base-7x24.sla", "--history",
                           "fixtures/scenarios/01-overlapping-outages/history", "--period", "2026-10",
                           "--incident", "INC-2")
        self.assertEqual(code, 0)
        self.assertIn("Availability of core", out)
        self.assertIn("  S = 2678400 s", out)
        self.assertIn("  U = 3000 s", out)
        self.assertIn("(S − U − M) / (S − M) = (2678400 − 3000 − 0)", out)

    def test_escalation_steps_cite_their_clauses(self):
        with tempfile.TemporaryDirectory() as out:
            code, _, err = run("run", "--contract", "fixtures/scenarios/base-full.sla", "--history",
                               "fixtures/scenarios/15-escalation/history", "--period", "2026-10", "--out", out,
                               "--format", "json")
            self.assertEqual(code, 0, err)
            doc = json.load(open(os.path.join(out, "SCN-FULL-2026-10.json"), encoding="utf-8"))
            self.assertTrue(doc["escalations"])
            self.assertEqual({tuple(e["clauses"]) for e in doc["escalations"]}, {("2.6",)})

    def test_explain_takes_no_out(self):
        self.assertEqual(run(*self.args, "--out", "x")[0], 2)


class Fmt(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.file = os.path.join(self.dir, "messy.sla")
        shutil.copy(f"{FIXTURES}/format/messy.sla", self.file)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_check_lists_files_that_would_change_and_writes_nothing(self):
        before = open(self.file, encoding="utf-8").read()
        code, out, _ = run("fmt", "--check", self.file)
        self.assertEqual((code, out), (1, self.file + "\n"))
        self.assertEqual(open(self.file, encoding="utf-8").read(), before)

    def test_fmt_rewrites_in_place_then_is_clean(self):
        self.assertEqual(run("fmt", self.file)[0], 0)
        self.assertEqual(open(self.file, encoding="utf-8").read(),
                         open(f"{FIXTURES}/format/messy.formatted", encoding="utf-8").read())
        self.assertEqual(run("fmt", "--check", self.file)[:2], (0, ""))
        self.assertEqual(os.listdir(self.dir), ["messy.sla"])  # no temporary file left behind

    def test_fmt_refuses_a_file_with_syntax_errors(self):
        broken = os.path.join(self.dir, "broken.sla")
        shutil.copy(f"{FIXTURES}/invalid/stray-token.sla", broken)
        before = open(broken, encoding="utf-8").read()
        code, _, err = run("fmt", broken)
        self.assertEqual(code, 1)
        self.assertIn("not formatted: fix the syntax errors first", err)
        self.assertEqual(open(broken, encoding="utf-8").read(), before)

    def test_fmt_of_fixture_contracts_changes_nothing(self):
        files = sorted(f"{FIXTURES}/contracts/{f}" for f in os.listdir(f"{FIXTURES}/contracts") if f.endswith(".sla"))
        self.assertEqual(run("fmt", "--check", *files)[:2], (0, ""))


if __name__ == "__main__":
    unittest.main(verbosity=1)
