#!/usr/bin/env python3
"""The month-end batch as auditors run it: a broken contract fails alone, a killed batch
resumes to the same bytes, shards merged equal one run, the manifest tells the truth."""
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

def outputs(folder):
    """The names in an output folder but the lock files every writer leaves (.slaudit*.lock)."""
    return [n for n in os.listdir(folder) if not (n.startswith(".slaudit") and n.endswith(".lock"))]


SLAUDIT = os.path.abspath(sys.argv.pop(1))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "scripts", "gen-portfolio.py")


def run(*args, env=None):
    p = subprocess.run([SLAUDIT, *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def batch_args(pf, out, *more):
    return ["batch", "--period", "2026-10", "--contracts", os.path.join(pf, "contracts"),
            "--history", os.path.join(pf, "history"), "--out", out, *more]


def files_of(folder):
    """name -> bytes of every file in a folder (not below it)."""
    out = {}
    for name in sorted(outputs(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out[name] = f.read()
    return out


def manifest_of(folder, name="manifest.json"):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return json.load(f)


class Batch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="slaudit-batch-")
        # 50 contracts of varied size; the first run of it is the reference for the others.
        cls.pf = os.path.join(cls.tmp, "pf")
        subprocess.run([sys.executable, GEN, cls.pf, "50"], check=True)
        cls.clean = os.path.join(cls.tmp, "clean")
        code, out, err = run(*batch_args(cls.pf, cls.clean, "--jobs", "2"))
        assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def copy_portfolio(self, name):
        dest = os.path.join(self.tmp, name)
        shutil.copytree(self.pf, dest)
        return dest

    def test_a_clean_run_writes_every_report_the_manifest_and_the_portfolio(self):
        files = files_of(self.clean)
        for k in range(1, 51):
            for ext in ("json", "xlsx", "pdf"):
                self.assertIn(f"PF-{k:04d}-2026-10.{ext}", files)
        self.assertEqual(len(files), 150 + 4)  # the reports, manifest.json, the portfolio's json, xlsx and pdf
        m = manifest_of(self.clean)
        self.assertEqual([c["status"] for c in m["contracts"]], ["ok"] * 50)
        self.assertEqual(m["shard"], {"index": 0, "count": 1})
        # Every digest in the manifest is the file's.
        for c in m["contracts"]:
            for o in c["outputs"]:
                self.assertEqual(hashlib.sha256(files[o["path"]]).hexdigest(), o["sha256"], o["path"])
            roots = {"contracts": os.path.join(self.pf, "contracts"), "history": os.path.join(self.pf, "history")}
            names = [i["path"] for i in c["inputs"]]
            self.assertIn("calendars/cn-2026.ics", names)  # what the contract imports is an input too
            self.assertIn(f"{c['summary']['id']}/2026-10/incidents.csv", names)
            for i in c["inputs"]:
                with open(os.path.join(roots[i["root"]], i["path"]), "rb") as f:
                    self.assertEqual(hashlib.sha256(f.read()).hexdigest(), i["sha256"])
        # The portfolio's money is the sum of the contracts' JSON, to the fen.
        portfolio = json.loads(files["portfolio-2026-10.json"])
        total = 0
        for k in range(1, 51):
            r = json.loads(files[f"PF-{k:04d}-2026-10.json"])
            total += round(float(r["money"]["provider_total"]) * 100)
        self.assertEqual(portfolio["totals"][0]["provider_total"], f"{total // 100}.{total % 100:02d}")
        self.assertEqual(sum(p["contracts"] for p in portfolio["by_provider"]), 50)
        self.assertEqual(sum(p["contracts"] for p in portfolio["by_customer"]), 50)

    def test_a_workbook_past_a_sheets_last_row_is_said_in_the_manifest(self):
        # SLAUDIT_SHEET_ROWS stands for Excel's 1,048,576 rows (docs/development.md).
        out = os.path.join(self.tmp, "rows")
        small = dict(os.environ, SLAUDIT_SHEET_ROWS="8")
        code, stdout, err = run(*batch_args(self.pf, out, "--format", "json,xlsx", "--no-ledger"), env=small)
        self.assertEqual(code, 4, err)
        entries = manifest_of(out)["contracts"]
        warned = [e for e in entries if e.get("warnings")]
        self.assertTrue(warned)
        for e in warned:
            cid = e["summary"]["id"]
            self.assertEqual(e["status"], "ok")
            self.assertEqual([o["path"] for o in e["outputs"]], [f"{cid}-2026-10.json"])
            self.assertEqual(e["warnings"], [f"{cid}-2026-10.xlsx: warning: the workbook is not written: the month has "
                                             "more records than an Excel sheet holds (1,048,576 rows); every figure "
                                             "is in the JSON report\n"])
            self.assertIn(os.path.join(out, f"{cid}-2026-10.xlsx") + ": warning: the workbook is not written", err)
            self.assertFalse(os.path.exists(os.path.join(out, f"{cid}-2026-10.xlsx")))
        # The rerun keeps the contracts and their warnings, and says them again.
        code, stdout, err2 = run(*batch_args(self.pf, out, "--format", "json,xlsx", "--no-ledger"), env=small)
        self.assertEqual(code, 4)
        self.assertIn("0 run, 50 unchanged", stdout)
        self.assertEqual(err2, err)

    def test_reports_a_rerun_does_not_write_again_are_moved_aside(self):
        pf = os.path.join(self.tmp, "aside")
        subprocess.run([sys.executable, GEN, pf, "3"], check=True)
        out = os.path.join(pf, "out")
        code, _, err = run(*batch_args(pf, out, "--format", "json,pdf", "--no-ledger"))
        self.assertEqual(code, 0, err)
        first = {e["file"]: e["outputs"] for e in manifest_of(out)["contracts"]}
        # A contract gone from the portfolio, and the PDF no longer asked for.
        gone = os.path.join(pf, "contracts", "contract-0002.sla")
        kept = gone + ".kept"
        os.rename(gone, kept)
        code, _, err = run(*batch_args(pf, out, "--format", "json", "--no-ledger"))
        self.assertEqual(code, 0, err)
        m = manifest_of(out)
        self.assertEqual(sorted(outputs(out)), ["PF-0001-2026-10.json", "PF-0003-2026-10.json", "manifest.json",
                                                "portfolio-2026-10.json", "portfolio-2026-10.pdf",
                                                "portfolio-2026-10.xlsx", "superseded"])
        self.assertEqual(m["removed"], [{"file": "contract-0002.sla", "superseded": [
            {"path": "superseded/" + o["path"], "sha256": o["sha256"], "was": o["path"]}
            for o in first["contract-0002.sla"]]}])
        for e in m["contracts"]:
            pdf = [o for o in first[e["file"]] if o["path"].endswith(".pdf")]
            self.assertEqual(e["superseded"], [{"path": "superseded/" + o["path"], "sha256": o["sha256"],
                                                "was": o["path"]} for o in pdf])
        for moved in [s for e in m["contracts"] for s in e["superseded"]] + m["removed"][0]["superseded"]:
            with open(os.path.join(out, moved["path"]), "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(), moved["sha256"])
        # A run killed after moving a report aside, before its manifest said so: the next
        # run lists the report where it is (here PF-0001's JSON, moved by hand as it would be).
        os.rename(os.path.join(out, "PF-0001-2026-10.json"), os.path.join(out, "superseded", "PF-0001-2026-10.json"))
        os.rename(os.path.join(pf, "contracts", "contract-0001.sla"), os.path.join(pf, "contracts", "c1.kept"))
        code, _, err = run(*batch_args(pf, out, "--format", "json", "--no-ledger"))
        self.assertEqual(code, 0, err)
        removed = {r["file"]: [s["was"] for s in r["superseded"]] for r in manifest_of(out)["removed"]}
        self.assertEqual(removed["contract-0001.sla"], ["PF-0001-2026-10.pdf", "PF-0001-2026-10.json"])
        os.rename(os.path.join(pf, "contracts", "c1.kept"), os.path.join(pf, "contracts", "contract-0001.sla"))
        # Back as before: the reports stand again, the copies they replace go.
        os.rename(kept, gone)
        code, _, err = run(*batch_args(pf, out, "--format", "json,pdf", "--no-ledger"))
        self.assertEqual(code, 0, err)
        m = manifest_of(out)
        self.assertNotIn("removed", m)
        self.assertFalse(os.path.exists(os.path.join(out, "superseded")))
        self.assertEqual({e["file"]: e["outputs"] for e in m["contracts"]}, first)

    def test_one_broken_contract_fails_alone(self):
        pf = self.copy_portfolio("broken")
        path = os.path.join(pf, "contracts", "contract-0007.sla")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("restore within 2h", "restore within 2 fortnights"))
        out = os.path.join(self.tmp, "broken-out")
        code, stdout, err = run(*batch_args(pf, out, "--jobs", "2"))
        self.assertEqual(code, 3, err)
        files = files_of(out)
        self.assertEqual(sum(n.endswith(".pdf") and n.startswith("PF-") for n in files), 49)
        self.assertEqual(sum(n.endswith(".xlsx") and n.startswith("PF-") for n in files), 49)
        self.assertNotIn("PF-0007-2026-10.json", files)
        self.assertIn("1 of 50 contracts failed", err)
        self.assertRegex(err, r"contract-0007\.sla:\d+:\d+: error")
        entry = [c for c in manifest_of(out)["contracts"] if c["file"] == "contract-0007.sla"][0]
        self.assertEqual(entry["status"], "failed")
        self.assertRegex(entry["error"], r"contract-0007\.sla:\d+:\d+: error")
        self.assertEqual(entry["outputs"], [])
        portfolio = json.loads(files["portfolio-2026-10.json"])
        self.assertEqual(portfolio["contracts_failed"], 1)
        # The other 49 reports are the clean run's, byte for byte.
        for name, body in files.items():
            if name.startswith("PF-"):
                self.assertEqual(body, files_of(self.clean)[name], name)

    def test_a_bad_history_row_fails_that_contract_with_its_place(self):
        pf = self.copy_portfolio("bad-row")
        with open(os.path.join(pf, "history", "PF-0003", "2026-10", "alarms.csv"), "a", encoding="utf-8") as f:
            f.write("2026-10-32,10,0,0\r\n")
        out = os.path.join(self.tmp, "bad-row-out")
        code, stdout, err = run(*batch_args(pf, out, "--jobs", "2"))
        self.assertEqual(code, 3, err)
        self.assertRegex(err, r"PF-0003/2026-10/alarms\.csv:33:1: ")
        self.assertIn("failed    contract-0003.sla", stdout)  # one plain line per contract off a terminal

    def test_a_killed_batch_resumes_to_the_same_bytes(self):
        out = os.path.join(self.tmp, "killed")
        p = subprocess.Popen([SLAUDIT, *batch_args(self.pf, out, "--jobs", "1")], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            done = [n for n in outputs(out) if n.endswith(".pdf")] if os.path.isdir(out) else []
            if len(done) >= 20:
                break
            time.sleep(0.005)
        p.send_signal(signal.SIGKILL)
        p.wait()
        self.assertLess(len([n for n in outputs(out) if n.endswith(".pdf")]), 50, "the batch ended before the kill")
        code, stdout, err = run(*batch_args(self.pf, out, "--jobs", "2"))
        self.assertEqual(code, 0, err)
        statuses = [c["status"] for c in manifest_of(out)["contracts"]]
        self.assertGreater(statuses.count("skipped-unchanged"), 0, stdout)  # the manifest's checkpoint was used
        self.assertGreater(statuses.count("ok"), 0)
        got, want = files_of(out), files_of(self.clean)
        self.assertEqual(sorted(got), sorted(want))  # no temporary file left behind
        for name in want:
            if name != "manifest.json":
                self.assertEqual(got[name], want[name], name)
        # The manifests differ only in what each run did.
        m = manifest_of(out)
        for c in m["contracts"]:
            c["status"] = "ok"
        self.assertEqual(m, manifest_of(self.clean))
        # And a third run has nothing to do (--wait, like --jobs, changes no report's bytes).
        code, stdout, _ = run(*batch_args(self.pf, out, "--jobs", "2", "--wait"))
        self.assertIn("50 contracts: 0 run, 50 unchanged, 0 failed", stdout)
        # The same options written --name=value are the same settings.
        code, stdout, _ = run("batch", "--period=2026-10", "--contracts=" + os.path.join(self.pf, "contracts"),
                              "--history=" + os.path.join(self.pf, "history"), "--out=" + out)
        self.assertIn("50 contracts: 0 run, 50 unchanged, 0 failed", stdout)

    def test_changed_inputs_or_outputs_are_redone_and_nothing_else(self):
        pf = self.copy_portfolio("changed")
        out = os.path.join(self.tmp, "changed-out")
        self.assertEqual(run(*batch_args(pf, out))[0], 0)
        with open(os.path.join(pf, "history", "PF-0011", "2026-10", "tickets.csv"), "a", encoding="utf-8") as f:
            f.write("T9999999,2026-10-20 10:00:00,2026-10-20 16:00:00,\r\n")
        with open(os.path.join(out, "PF-0020-2026-10.pdf"), "ab") as f:
            f.write(b"tampered")
        os.remove(os.path.join(out, "PF-0030-2026-10.xlsx"))
        with open(os.path.join(pf, "history", "PF-0040", "2026-10", "extensions.csv"), "w", encoding="utf-8") as f:
            f.write("service,start,end\r\n")  # a file that was not there: an input too
        code, stdout, err = run(*batch_args(pf, out))
        self.assertEqual(code, 0, err)
        self.assertIn("50 contracts: 4 run, 46 unchanged, 0 failed", stdout)
        redone = sorted(c["file"] for c in manifest_of(out)["contracts"] if c["status"] == "ok")
        self.assertEqual(redone, ["contract-0011.sla", "contract-0020.sla", "contract-0030.sla", "contract-0040.sla"])
        self.assertEqual(files_of(out)["PF-0020-2026-10.pdf"], files_of(self.clean)["PF-0020-2026-10.pdf"])
        self.assertNotEqual(files_of(out)["PF-0011-2026-10.json"], files_of(self.clean)["PF-0011-2026-10.json"])
        # Other settings (another language) reuse nothing.
        code, stdout, err = run(*batch_args(pf, out, "--lang", "en"))
        self.assertIn("50 contracts: 50 run, 0 unchanged", stdout)

    def test_a_manifest_set_out_by_another_tool_is_still_the_earlier_run(self):
        # The batch reads its earlier manifest in place, entry by entry, in the layout it
        # writes; one a tool reformatted (valid JSON) is read whole instead: same reuse, and
        # the reports of a contract removed since are still moved aside.
        pf = self.copy_portfolio("reformatted")
        out = os.path.join(self.tmp, "reformatted-out")
        self.assertEqual(run(*batch_args(pf, out))[0], 0)
        m = manifest_of(out)
        with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(m, f, indent=1, ensure_ascii=True)
        os.remove(os.path.join(pf, "contracts", "contract-0007.sla"))
        code, stdout, err = run(*batch_args(pf, out))
        self.assertEqual(code, 0, err)
        self.assertEqual(err, "")
        self.assertIn("49 contracts: 0 run, 49 unchanged, 0 failed", stdout)
        self.assertEqual([r["file"] for r in manifest_of(out)["removed"]], ["contract-0007.sla"])
        self.assertTrue(os.path.exists(os.path.join(out, "superseded", "PF-0007-2026-10.json")))
        # Not JSON at all: said, and every contract run again.
        with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
            f.write('{"manifest_format": 2, "contracts": [\n')
        code, stdout, err = run(*batch_args(pf, out))
        self.assertEqual(code, 0, err)
        self.assertIn("manifest.json: warning: not read (", err)
        self.assertIn("; every contract is run again", err)
        self.assertIn("49 contracts: 49 run, 0 unchanged, 0 failed", stdout)

    def test_an_output_folder_swapped_for_a_link_mid_run_still_gets_every_file(self):
        # --out is opened once and written through that descriptor: renamed while the batch
        # runs, with a link to another folder planted at its name, nothing goes there.
        out = os.path.join(self.tmp, "swapped-out")
        moved = os.path.join(self.tmp, "swapped-out.moved")
        elsewhere = os.path.join(self.tmp, "elsewhere")
        os.mkdir(elsewhere)
        p = subprocess.Popen([SLAUDIT, *batch_args(self.pf, out, "--jobs", "1", "--no-ledger", "--quiet")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        first = os.path.join(out, "PF-0001-2026-10.json")
        deadline = time.time() + 60
        while not os.path.exists(first) and p.poll() is None and time.time() < deadline:
            time.sleep(0.005)
        os.rename(out, moved)
        os.symlink(elsewhere, out)
        running = p.poll() is None
        stdout, err = p.communicate(timeout=300)
        self.assertTrue(running, "the batch ended before the folder was swapped: the test proves nothing")
        self.assertEqual(p.returncode, 0, err)
        self.assertEqual(os.listdir(elsewhere), [])
        self.assertEqual(files_of(moved).keys() - {".slaudit.lock"}, files_of(self.clean).keys() - {".slaudit.lock"})
        for name, data in files_of(self.clean).items():
            if name not in (".slaudit.lock", "manifest.json"):
                self.assertEqual(files_of(moved)[name], data, name)

    def test_shards_run_as_separate_processes_merge_to_the_single_run(self):
        out = os.path.join(self.tmp, "sharded")
        procs = [subprocess.Popen([SLAUDIT, *batch_args(self.pf, out, "--shard", f"{i}/3", "--jobs", "1")],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL) for i in range(2)]
        # The third shard takes its index from a Kubernetes Indexed Job's environment.
        env = dict(os.environ, JOB_COMPLETION_INDEX="2", JOB_COMPLETIONS="3")
        procs.append(subprocess.Popen([SLAUDIT, *batch_args(self.pf, out, "--jobs", "1")], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL))
        sizes = []
        for p in procs:
            stdout, stderr = p.communicate()
            self.assertEqual(p.returncode, 0, stderr)
        for i in range(3):
            m = manifest_of(out, f"manifest.shard-{i}-of-3.json")
            self.assertEqual(m["shard"], {"index": i, "count": 3})
            self.assertEqual(m["portfolio"], [])
            sizes.append(len(m["contracts"]))
        self.assertEqual(sum(sizes), 50)
        self.assertTrue(all(s > 5 for s in sizes), sizes)  # the hash spreads them
        code, stdout, err = run("merge", out)
        self.assertEqual(code, 0, err)
        got, want = files_of(out), files_of(self.clean)
        for name in want:
            self.assertEqual(got[name], want[name], name)  # the merged manifest and portfolio too
        # A shard manifest set out by another tool (valid JSON, another layout) merges the same.
        shard_1 = os.path.join(out, "manifest.shard-1-of-3.json")
        with open(shard_1, encoding="utf-8") as f:
            data = json.load(f)
        with open(shard_1, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=True)
        code, stdout, err = run("merge", out)
        self.assertEqual(code, 0, err)
        got = files_of(out)
        for name in want:
            self.assertEqual(got[name], want[name], name)
        # A shard still writing the folder (it holds the folder's lock, shared): merge says so
        # and merges nothing, or with --wait merges once it is done.
        lock = os.open(os.path.join(out, ".slaudit.lock"), os.O_RDWR)
        fcntl.flock(lock, fcntl.LOCK_SH)
        os.remove(os.path.join(out, "manifest.json"))
        code, _, err = run("merge", out)
        self.assertEqual(code, 2)
        self.assertIn("is writing this folder; wait for it to finish, or give --wait to wait for it; nothing was "
                      "merged (merge once every shard has finished)", err)
        self.assertFalse(os.path.exists(os.path.join(out, "manifest.json")))
        waiting = subprocess.Popen([SLAUDIT, "merge", "--wait", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL)
        time.sleep(1)
        self.assertIsNone(waiting.poll())
        os.close(lock)
        stdout, stderr = waiting.communicate(timeout=60)
        self.assertEqual(waiting.returncode, 0, stderr)
        self.assertEqual(files_of(out)["manifest.json"], want["manifest.json"])
        # Slurm's array variables name the shard as well; a missing shard is refused at merge.
        out2 = os.path.join(self.tmp, "slurm")
        env = dict(os.environ, SLURM_ARRAY_TASK_ID="5", SLURM_ARRAY_TASK_MIN="4", SLURM_ARRAY_TASK_COUNT="2")
        code, _, err = run(*batch_args(self.pf, out2, "--jobs", "1"), env=env)
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.exists(os.path.join(out2, "manifest.shard-1-of-2.json")))
        code, _, err = run("merge", out2)
        self.assertEqual(code, 2)
        self.assertIn("shard 0 of 2 is missing", err)

    def test_usage_and_output_errors(self):
        blocker = os.path.join(self.tmp, "a-file")
        with open(blocker, "w") as f:
            f.write("x")
        code, _, err = run(*batch_args(self.pf, os.path.join(blocker, "out")))
        self.assertEqual(code, 4)
        self.assertIn("cannot create the output folder", err)
        self.assertFalse(os.path.isdir(os.path.join(blocker, "out")))
        code, _, err = run(*batch_args(self.pf, os.path.join(self.tmp, "x"), "--shard", "3/3"))
        self.assertEqual(code, 2)
        self.assertIn("--shard 3/3", err)
        code, _, err = run(*batch_args(self.pf, os.path.join(self.tmp, "x"), "--jobs", "0"))
        self.assertEqual(code, 2)
        code, _, err = run("batch", "--period", "2026-10", "--contracts", "/nonexistent", "--history", self.pf, "--out",
                           os.path.join(self.tmp, "x"))
        self.assertEqual(code, 2)
        self.assertIn("/nonexistent: error: not a folder of contracts", err)
        env = dict(os.environ, JOB_COMPLETION_INDEX="1")
        code, _, err = run(*batch_args(self.pf, os.path.join(self.tmp, "x")), env=env)
        self.assertEqual(code, 2)
        self.assertIn("JOB_COMPLETIONS", err)

    def test_two_contracts_with_one_id_and_a_missing_history_folder(self):
        pf = self.copy_portfolio("dup")
        shutil.copy(os.path.join(pf, "contracts", "contract-0002.sla"), os.path.join(pf, "contracts", "zz-copy.sla"))
        shutil.rmtree(os.path.join(pf, "history", "PF-0009"))
        out = os.path.join(self.tmp, "dup-out")
        code, _, err = run(*batch_args(pf, out, "--quiet"))
        self.assertEqual(code, 3)
        self.assertIn('zz-copy.sla: error: contract id "PF-0002" is also the id of contract-0002.sla', err)
        self.assertIn("no history folder for PF-0009 2026-10; looked for:", err)
        # A month folder deleted: the contract fails naming the months that are there.
        shutil.rmtree(os.path.join(pf, "history", "PF-0011", "2026-10"))
        os.makedirs(os.path.join(pf, "history", "PF-0011", "2026-09"))
        out = os.path.join(self.tmp, "dup-out-2")
        code, _, err = run(*batch_args(pf, out, "--quiet"))
        self.assertEqual(code, 3)
        self.assertIn("no history folder for PF-0011 2026-10; looked for:", err)
        self.assertIn("PF-0011 holds the months 2026-09, not 2026-10)", err)
        self.assertNotIn("PF-0011-2026-10.json", files_of(out))
        self.assertIn("PF-0002-2026-10.pdf", files_of(out))  # the first keeps its reports
        self.assertEqual(files_of(out)["PF-0002-2026-10.pdf"], files_of(self.clean)["PF-0002-2026-10.pdf"])

    def test_the_portfolio_workbook_totals_are_formulas_with_the_engines_values(self):
        import openpyxl
        path = os.path.join(self.clean, "portfolio-2026-10.xlsx")
        formulas = openpyxl.load_workbook(path)
        values = openpyxl.load_workbook(path, data_only=True)
        portfolio = json.loads(files_of(self.clean)["portfolio-2026-10.json"])
        self.assertEqual(formulas.sheetnames, ["合同", "服务可用率", "按服务方", "按客户方"])
        ws, vs = formulas["按服务方"], values["按服务方"]
        for row, want in enumerate(portfolio["by_provider"], start=2):
            self.assertEqual(ws.cell(row, 1).value, want["provider"])
            self.assertTrue(str(ws.cell(row, 5).value).startswith("=ROUND(SUMIFS("), ws.cell(row, 5).value)
            self.assertEqual(vs.cell(row, 3).value, want["contracts"])
            self.assertEqual(f"{vs.cell(row, 5).value:.2f}", want["provider_total"])
        contracts = formulas["合同"]
        self.assertEqual(contracts.max_row, 51)
        self.assertEqual(contracts.freeze_panes, "A2")

    def test_the_auditor_script_baseline_still_runs_on_the_portfolio(self):
        # scripts/bench-vs-script times the batch against it: it must keep reading the
        # portfolio the generator writes, and write its workbook and summary per contract.
        out = os.path.join(self.tmp, "auditor-script")
        script = os.path.join(ROOT, "scripts", "auditor-script.py")
        p = subprocess.run([sys.executable, script, os.path.join(self.pf, "contracts"), os.path.join(self.pf, "history"),
                            "2026-10", out, "2"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 0, p.stderr)
        ids = sorted(e["summary"]["id"] for e in manifest_of(self.clean)["contracts"] if e.get("summary"))
        self.assertEqual(sorted(outputs(out)), sorted(f"{i}-2026-10.{x}" for i in ids for x in ("json", "xlsx")))
        for i in ids:
            with open(os.path.join(out, f"{i}-2026-10.json"), encoding="utf-8") as f:
                summary = json.load(f)
            self.assertEqual(summary["contract"], i)
            self.assertEqual(sorted(summary["availability"]), ["core", "office"])

    def test_the_portfolio_pdf_lists_every_contract_and_the_totals(self):
        portfolio = json.loads(files_of(self.clean)["portfolio-2026-10.json"])
        text = subprocess.run(["pdftotext", "-layout", os.path.join(self.clean, "portfolio-2026-10.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn("月末批量汇总", text)
        for c in portfolio["contracts"]:
            self.assertIn(c["contract_id"], text)
        total = portfolio["totals"][0]["provider_total"]
        units, cents = total.split(".")
        self.assertIn(f"¥{int(units):,}.{cents}", text)
        for p in portfolio["by_provider"]:
            self.assertIn(p["provider"].split()[0], text)


if __name__ == "__main__":
    unittest.main(verbosity=1)
