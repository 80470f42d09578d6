#!/usr/bin/env python3
"""The ledger on PostgreSQL beside SQLite: the same months closed into both, by shards running at
the same time and merged; reviews from both compared byte for byte; two runs of different months
at once; a run killed inside its transaction; export and import both ways; verify finding an
edit; an old ledger migrated on both; credentials, sslmode, and the least-privilege roles of
docs/ledger-roles.sql.

A real server: Debian's PostgreSQL, started by tests/pg_server.py in a temporary folder (an
unprivileged user, a Unix socket). Where it cannot be started the test fails and says why.

usage: ledger_postgres_test.py SLAUDIT (run from the project root)
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_server  # noqa: E402

SLAUDIT = os.path.abspath(sys.argv.pop(1))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "scripts", "gen-portfolio.py")
MONTHS = ["2026-10", "2026-11", "2026-12"]
SERVER = None


def setUpModule():
    global SERVER
    try:
        SERVER = pg_server.Server().start()
    except pg_server.Unavailable as e:
        # Said loudly, and a failure: these checks never pass without a server.
        raise RuntimeError(f"ledger_postgres: PostgreSQL cannot be started here, so the PostgreSQL ledger is "
                           f"untested: {e}") from None


def tearDownModule():
    if SERVER:
        SERVER.stop()


def run(*args, env=None):
    p = subprocess.run([SLAUDIT, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       env=env or SERVER.env())
    return p.returncode, p.stdout, p.stderr


def batch_args(pf, month, ledger, *more, out="out"):
    """A month's batch; another `out` folder recomputes every contract (a rerun of the month)."""
    return ["batch", "--period", month, "--contracts", os.path.join(pf, "contracts"), "--history",
            os.path.join(pf, "history"), "--out", os.path.join(pf, out, month), "--format", "json",
            "--ledger", ledger, "--jobs", "1", *more]


def start(*args, env=None):
    return subprocess.Popen([SLAUDIT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, env=env or SERVER.env())


def finish(p):
    out, err = p.communicate(timeout=600)
    return p.returncode, out, err


def close_month_with_shards(pf, month, ledger, shards=2, env=None):
    """The month's shards at the same time, then merge into the ledger."""
    procs = [start(*batch_args(pf, month, ledger, "--shard", f"{k}/{shards}"), env=env) for k in range(shards)]
    for k, p in enumerate(procs):
        code, out, err = finish(p)
        if code != 0:
            raise AssertionError(f"shard {k}/{shards} of {month} into {ledger}: exit {code}\n{err}")
    code, out, err = run("merge", "--ledger", ledger, os.path.join(pf, "out", month), env=env)
    if code != 0:
        raise AssertionError(f"merge of {month} into {ledger}: exit {code}\n{err}")


def verify(tc, ledger):
    code, out, err = run("ledger", "verify", ledger)
    tc.assertEqual(code, 0, out + err)
    head = re.search(r"intact; the chain ends at run (\d+), sha256 ([0-9a-f]{64})", out)
    tc.assertTrue(head, out)
    return out, head.group(2)


def review(tc, ledger, out_dir, *what):
    code, out, err = run("report", *what, "--out", out_dir, "--ledger", ledger)
    tc.assertEqual(code, 0, err)
    return {name: read(os.path.join(out_dir, name)) for name in sorted(os.listdir(out_dir))}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def xlsx_cells(data):
    """Every cell of every sheet of an xlsx (the XML text of its sheets, cell by cell)."""
    import io
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: re.findall(r"<c [^>]*>.*?</c>", z.read(n).decode()) for n in z.namelist()
                if n.startswith("xl/worksheets/")}


RECORDED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


class PostgresLedger(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="slaudit-ledger-pg-")
        cls.pf = os.path.join(cls.tmp, "pf")
        subprocess.run([sys.executable, GEN, cls.pf, "12", "-", "2026", ",".join(MONTHS)], check=True)
        cls.sqlite = os.path.join(cls.tmp, "ledger.sqlite")
        cls.pg = SERVER.create_database("closed")
        # The quarter closed into both stores, each month by two shards at the same time.
        for ledger, name in ((cls.sqlite, "pf-sqlite"), (cls.pg, "pf-pg")):
            pf = cls.portfolio(name)
            for month in MONTHS:
                close_month_with_shards(pf, month, ledger)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def portfolio(cls, name):
        dest = os.path.join(cls.tmp, name)
        if not os.path.exists(dest):
            shutil.copytree(cls.pf, dest, ignore=shutil.ignore_patterns("out"))
        return dest

    # 1. The quarter closed into both stores by shards at the same time; the reviews compared.
    def test_1_three_months_closed_by_shards_into_both_give_the_same_review(self):
        heads = {}
        for ledger in (self.sqlite, self.pg):
            out, heads[ledger] = verify(self, ledger)
            self.assertIn("3 runs, 3 sealed, 36 contract-months of figures", out)
        for fmt in ("--quarter", "--year"):
            what = (fmt, "2026Q4" if fmt == "--quarter" else "2026")
            a = review(self, self.sqlite, os.path.join(self.tmp, "review-sqlite" + fmt), *what)
            b = review(self, self.pg, os.path.join(self.tmp, "review-pg" + fmt), *what)
            self.assertEqual(sorted(a), sorted(b))
            for name in a:
                if name.endswith(".xlsx"):
                    # The same cells, but for when each run was recorded (the runs' sheet).
                    ca, cb = xlsx_cells(a[name]), xlsx_cells(b[name])
                    self.assertEqual(sorted(ca), sorted(cb))
                    for sheet in ca:
                        self.assertEqual([RECORDED_AT.sub("T", c) for c in ca[sheet]],
                                         [RECORDED_AT.sub("T", c) for c in cb[sheet]], sheet)
                else:
                    self.assertEqual(a[name], b[name], f"{name} differs between SQLite and PostgreSQL")
        # The capped contracts' December took October's and November's credits from each store.
        dec = read(os.path.join(self.tmp, "pf-pg", "out", "2026-12", "PF-0004-2026-12.json"))
        dec_sqlite = read(os.path.join(self.tmp, "pf-sqlite", "out", "2026-12", "PF-0004-2026-12.json"))
        self.assertEqual(dec, dec_sqlite)
        self.assertIn(b'"earlier_year_credits"', dec)
        self.assertEqual(SERVER.psql("SELECT count(*), count(DISTINCT run_id) FROM contract_periods", "closed"), "36|3")

    # 2. Two runs of different months at the same time, into one database: nothing lost.
    def test_2_two_months_rerun_at_the_same_time_lose_nothing(self):
        for kind in ("sqlite", "postgres"):
            pf = self.portfolio("pf-two-" + kind)
            ledger = os.path.join(pf, "ledger.sqlite") if kind == "sqlite" else SERVER.create_database("two")
            for month in MONTHS[:2]:
                code, out, err = run(*batch_args(pf, month, ledger))
                self.assertEqual(code, 0, err)
            # Both months again at once, every contract recomputed (new --out folders): two writers.
            procs = [start(*batch_args(pf, month, ledger, "--jobs", "2", out="again")) for month in MONTHS[:2]]
            for p in procs:
                code, out, err = finish(p)
                self.assertEqual(code, 0, err)
            out, _ = verify(self, ledger)
            self.assertIn("4 runs, 4 sealed, 24 contract-months of figures", out, kind)
            if kind == "postgres":
                self.assertEqual(SERVER.psql("SELECT count(*) FROM run_contracts WHERE run_id > 2", "two"), "24")
                self.assertEqual(SERVER.psql("SELECT count(*) FROM earlier_figures", "two"), "24")
                self.assertEqual(SERVER.psql("SELECT string_agg(DISTINCT run_id::text, ',' ORDER BY run_id::text) "
                                             "FROM contract_periods", "two"), "3,4")

    # 3. A run killed inside its transaction leaves nothing half-recorded; a killed shard, nothing.
    def test_3_a_run_killed_midway_leaves_nothing_half_recorded(self):
        pf = self.portfolio("pf-killed")
        ledger = SERVER.create_database("killed")
        code, out, err = run(*batch_args(pf, "2026-10", ledger))
        self.assertEqual(code, 0, err)
        before = SERVER.psql("SELECT contract_id, run_id, figures_sha256 FROM contract_periods ORDER BY 1", "killed")
        # Another session holds penalty_lines: the rerun's transaction, having kept the month's
        # earlier figures and begun replacing them, waits there; it is killed while it waits.
        locker = subprocess.Popen(["psql", "-X", "-q", "-d", "killed"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=SERVER.env(PGAPPNAME="slaudit-test-locker"))
        locker.stdin.write("BEGIN; LOCK TABLE penalty_lines IN SHARE MODE; SELECT pg_sleep(120);\n")
        locker.stdin.flush()
        for _ in range(200):
            if SERVER.psql("SELECT count(*) FROM pg_locks WHERE relation = 'penalty_lines'::regclass "
                           "AND mode = 'ShareLock' AND granted", "killed") == "1":
                break
            time.sleep(0.05)
        p = start(*batch_args(pf, "2026-10", ledger, out="killed"))
        waited = False
        for _ in range(600):
            if SERVER.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'slaudit' AND "
                           "wait_event_type = 'Lock'", "killed") == "1":
                waited = True
                break
            time.sleep(0.05)
        self.assertTrue(waited, "the rerun never waited on the lock")
        written = SERVER.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'slaudit' AND "
                              "backend_xid IS NOT NULL", "killed")
        self.assertEqual(written, "1", "the rerun had written nothing yet")
        p.send_signal(signal.SIGKILL)
        p.communicate()
        # The lock goes with the other session; the killed run's server process then finds its
        # client gone and rolls its transaction back.
        SERVER.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                    "'slaudit-test-locker'", "killed")
        locker.kill()
        locker.communicate()
        for _ in range(400):
            if SERVER.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'slaudit'",
                           "killed") == "0":
                break
            time.sleep(0.05)
        else:
            self.fail("the killed run's session is still open: its transaction has not ended")
        self.assertEqual(SERVER.psql("SELECT contract_id, run_id, figures_sha256 FROM contract_periods ORDER BY 1",
                                     "killed"), before)
        self.assertEqual(SERVER.psql("SELECT count(*) FROM earlier_figures", "killed"), "0")
        code, out, err = run("ledger", "verify", ledger)
        self.assertEqual(code, 0, out + err)
        self.assertIn("run 2 (2026-10, batch, recorded", out)
        self.assertIn("never finished (killed or failed midway)", out)
        # Run again, the month is whole.
        code, out, err = run(*batch_args(pf, "2026-10", ledger, out="again"))
        self.assertEqual(code, 0, err)
        verify(self, ledger)

        # A shard killed midway: it wrote only its own file; merge refuses and the database is
        # untouched. (A larger portfolio, so that the shard is still at work when it is killed.)
        big = os.path.join(self.tmp, "pf-big")
        subprocess.run([sys.executable, GEN, big, "120", "-", "2026", "2026-10"], check=True)
        big_ledger = SERVER.create_database("big")
        out_dir = os.path.join(big, "out", "2026-10")
        shard_file = os.path.join(out_dir, "ledger.shard-0-of-2.sqlite")
        p = start(*batch_args(big, "2026-10", big_ledger, "--shard", "0/2"))
        for _ in range(2000):
            if os.path.exists(shard_file) or p.poll() is not None:
                break
            time.sleep(0.005)
        p.send_signal(signal.SIGKILL)
        p.communicate()
        self.assertEqual(p.returncode, -signal.SIGKILL, "the shard finished before it was killed")
        code, out, err = run(*batch_args(big, "2026-10", big_ledger, "--shard", "1/2"))
        self.assertEqual(code, 0, err)
        code, out, err = run("merge", "--ledger", big_ledger, out_dir)
        self.assertNotEqual(code, 0, out)
        self.assertIn("shard", err)
        self.assertEqual(SERVER.psql("SELECT count(*) FROM runs", "big"), "0")
        code, out, err = run(*batch_args(big, "2026-10", big_ledger, "--shard", "0/2"))
        self.assertEqual(code, 0, err)
        code, out, err = run("merge", "--ledger", big_ledger, out_dir)
        self.assertEqual(code, 0, err)
        self.assertIn("120 contracts", out)
        verify(self, big_ledger)

    # 4. A year moved across, both ways: the same chain, the same review, byte for byte.
    def test_4_export_and_import_both_ways(self):
        _, head = verify(self, self.sqlite)
        moved = SERVER.create_database("moved")
        code, out, err = run("ledger", "import", moved, "--from", self.sqlite)
        self.assertEqual(code, 0, err)
        self.assertIn(f"3 runs, 36 contract-months of figures copied and verified; the chain ends at run 3, "
                      f"sha256 {head}", out)
        self.assertEqual(verify(self, moved)[1], head)
        back = os.path.join(self.tmp, "back.sqlite")
        code, out, err = run("ledger", "export", moved, "--to", back)
        self.assertEqual(code, 0, err)
        self.assertEqual(verify(self, back)[1], head)
        original = review(self, self.sqlite, os.path.join(self.tmp, "year-original"), "--year", "2026")
        self.assertEqual(review(self, moved, os.path.join(self.tmp, "year-moved"), "--year", "2026"), original)
        self.assertEqual(review(self, back, os.path.join(self.tmp, "year-back"), "--year", "2026"), original)
        # A run recorded after the move is numbered after the moved ones.
        pf = self.portfolio("pf-after-move")
        code, out, err = run(*batch_args(pf, "2026-12", moved, out="after"))
        self.assertEqual(code, 0, err)
        self.assertIn("(run 4)", out)
        # Into a ledger that holds runs: refused, nothing written.
        code, out, err = run("ledger", "import", moved, "--from", back)
        self.assertEqual(code, 1, err)
        self.assertIn("already holds 4 runs", err)
        self.assertEqual(SERVER.psql("SELECT count(*) FROM runs", "moved"), "4")
        # Into a place that cannot be written: refused, and said so.
        blocker = os.path.join(self.tmp, "a-file")
        open(blocker, "w").close()
        code, out, err = run("ledger", "export", moved, "--to", os.path.join(blocker, "copy.sqlite"))
        self.assertEqual(code, 2, err)
        self.assertIn("cannot open the ledger to copy into", err)

    # 5. An edit in the database is found, and the ledger is not used.
    def test_5_verify_finds_an_edit_on_both(self):
        for kind in ("sqlite", "postgres"):
            ledger = os.path.join(self.tmp, "edited.sqlite") if kind == "sqlite" else SERVER.create_database("edited")
            code, out, err = run("ledger", "import", ledger, "--from", self.sqlite)
            self.assertEqual(code, 0, err)
            first = "SELECT contract_id, period, seq FROM penalty_lines ORDER BY contract_id, period, seq LIMIT 1"
            sql = f"UPDATE penalty_lines SET amount_minor = amount_minor + 1 WHERE (contract_id, period, seq) = ({first})"
            if kind == "sqlite":
                import sqlite3
                db = sqlite3.connect(ledger)
                cid, period, _ = db.execute(first).fetchone()
                self.assertEqual(db.execute(sql).rowcount, 1)
                db.commit()
                db.close()
            else:
                cid, period, _ = SERVER.psql(first, "edited").split("|")
                SERVER.psql(sql, "edited")
            code, out, err = run("ledger", "verify", ledger)
            self.assertEqual(code, 1, out + err)
            self.assertIn(f"the figures of {cid} for {period} are not what it recorded", out, kind)
            code, out, err = run("report", "--quarter", "2026Q4", "--out", os.path.join(self.tmp, "edited-" + kind),
                                 "--ledger", ledger)
            self.assertNotEqual(code, 0)
            self.assertIn("changed or damaged after it was written", err)

    # 6. A ledger of schema 1, in each store, migrates to the same chain.
    def test_6_an_old_ledger_migrates_on_both(self):
        old_file = os.path.join(self.tmp, "schema-1.sqlite")
        shutil.copy(os.path.join(ROOT, "fixtures", "ledger", "schema-1.sqlite"), old_file)
        old_db = SERVER.create_database("schema1")
        SERVER.psql_file(os.path.join(ROOT, "fixtures", "ledger", "schema-1-postgres.sql"), "schema1")
        heads = []
        for ledger in (old_file, old_db):
            code, out, err = run("ledger", "verify", ledger)
            self.assertEqual(code, 0, out + err)
            self.assertIn("not checked: a ledger of schema 1 holds no seals", out)
            code, out, err = run("ledger", "migrate", ledger)
            self.assertEqual(code, 0, err)
            self.assertIn("ledger schema 4, 3 runs, 8 contract-months of figures, intact", out)
            out, head = verify(self, ledger)
            self.assertIn("were recorded before runs were sealed", out)
            heads.append(head)
        self.assertEqual(heads[0], heads[1])
        self.assertEqual(SERVER.psql("SELECT schema_version FROM slaudit_ledger", "schema1"), "4")

    # 7. Credentials only from the environment, a password file or a service file; sslmode.
    def test_7_credentials_and_sslmode(self):
        ledger = SERVER.create_database("creds")
        code, out, err = run("ledger", "migrate", ledger)
        self.assertEqual(code, 0, err)
        # A password in the connection: refused, and never printed.
        secret = f"postgresql://{pg_server.ADMIN}:hunter2@/creds"
        for code_wanted, args in ((2, ("ledger", "verify", secret)),
                                  (3, ("report", "--quarter", "2026Q4", "--out", self.tmp + "/x", "--ledger", secret)),
                                  (2, ("ledger", "verify", "postgresql:///creds?password=hunter2"))):
            code, out, err = run(*args)
            self.assertEqual(code, code_wanted, err)
            self.assertIn("PGPASSWORD, a password file", err)
            self.assertNotIn("hunter2", out + err)
            self.assertIn("***", err)
        # No password anywhere: the server refuses, and the message says where one goes.
        env = SERVER.env()
        del env["PGPASSFILE"]
        env["PGPASSFILE"] = os.path.join(self.tmp, "no-pgpass")
        code, out, err = run("ledger", "verify", ledger, env=env)
        self.assertEqual(code, 2)
        self.assertIn("cannot connect", err)
        self.assertIn("PGPASSFILE", err)
        # PGPASSWORD, then a service file naming host, port, user and database.
        env["PGPASSWORD"] = SERVER.password
        code, out, err = run("ledger", "verify", ledger, env=env)
        self.assertEqual(code, 0, err)
        services = os.path.join(self.tmp, "pg_service.conf")
        with open(services, "w") as f:
            f.write(f"[team]\nhost={SERVER.socket_dir}\nport={SERVER.port}\nuser={pg_server.ADMIN}\ndbname=creds\n")
        code, out, err = run("ledger", "verify", "postgres:team", env=SERVER.env(PGSERVICEFILE=services, PGUSER=""))
        self.assertEqual(code, 0, err)
        self.assertIn("postgres:team: 0 runs", out)
        # sslmode is libpq's: over TCP to this server (which has no SSL), require fails, disable works.
        tcp = f"postgresql://127.0.0.1:{SERVER.port}/creds"
        code, out, err = run("ledger", "verify", tcp + "?sslmode=require")
        self.assertEqual(code, 2)
        self.assertIn("SSL", err)
        code, out, err = run("ledger", "verify", tcp, env=SERVER.env(PGSSLMODE="require"))
        self.assertEqual(code, 2)
        self.assertIn("SSL", err)
        code, out, err = run("ledger", "verify", tcp + "?sslmode=disable")
        self.assertEqual(code, 0, err)
        # A database that is not UTF-8 is refused.
        SERVER.psql("CREATE DATABASE latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
        code, out, err = run("ledger", "migrate", "postgresql:///latin")
        self.assertEqual(code, 2)
        self.assertIn("not UTF8", err)
        # A database holding other tables named like the ledger's is not taken for one.
        SERVER.create_database("stranger")
        SERVER.psql("CREATE TABLE runs (x int)", "stranger")
        code, out, err = run("ledger", "migrate", "postgresql:///stranger")
        self.assertEqual(code, 2)
        self.assertIn("not a slaudit ledger", err)

    # 8. The roles of docs/ledger-roles.sql: the batch records, the review only reads.
    def test_8_least_privilege_roles(self):
        ledger = SERVER.create_database("team")
        code, out, err = run("ledger", "migrate", ledger)
        self.assertEqual(code, 0, err)
        SERVER.psql_file(os.path.join(ROOT, "docs", "ledger-roles.sql"), "team")
        for role in ("slaudit_batch", "slaudit_review"):
            SERVER.psql(f"ALTER ROLE {role} PASSWORD '{role}-pw'")
            SERVER.set_password(role, f"{role}-pw")
        as_batch, as_review = SERVER.env("slaudit_batch"), SERVER.env("slaudit_review")
        pf = self.portfolio("pf-team")
        for month in MONTHS[:2]:
            close_month_with_shards(pf, month, ledger, env=as_batch)
        # A rerun replaces a month (delete, insert, the kept earlier figures) as the batch role.
        code, out, err = run(*batch_args(pf, MONTHS[0], ledger, out="rerun"), env=as_batch)
        self.assertEqual(code, 0, err)
        code, out, err = run("ledger", "verify", ledger, env=as_review)
        self.assertEqual(code, 0, out + err)
        code, out, err = run("report", "--quarter", "2026Q4", "--out", os.path.join(self.tmp, "team-review"),
                             "--ledger", ledger, env=as_review)
        self.assertEqual(code, 0, err)
        code, out, err = run("diff", "--ledger", ledger, "--contract", "PF-0001", "--period", MONTHS[0],
                             env=as_review)
        self.assertEqual(code, 0, err)
        # The review role cannot record, and says why; the batch role cannot create tables.
        runs = SERVER.psql("SELECT count(*) FROM runs", "team")
        code, out, err = run(*batch_args(pf, MONTHS[2], ledger), env=as_review)
        self.assertNotEqual(code, 0)
        self.assertIn("permission denied", err)
        self.assertIn("lacks a privilege", err)
        self.assertEqual(SERVER.psql("SELECT count(*) FROM runs", "team"), runs)
        empty = SERVER.create_database("empty")
        SERVER.psql("GRANT CONNECT ON DATABASE empty TO slaudit_batch")
        code, out, err = run("ledger", "migrate", empty, env=as_batch)
        self.assertEqual(code, 2)
        self.assertIn("permission denied", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
