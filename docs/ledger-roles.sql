-- The least privileges of a team ledger on PostgreSQL (docs/ledger.md, "A team ledger on
-- PostgreSQL"). Run by the ledger database's owner, in that database, after
-- `slaudit ledger migrate postgresql:///DATABASE` (as the owner) created the tables:
--
--   psql -d slaudit_ledger -v ON_ERROR_STOP=1 -f docs/ledger-roles.sql
--
-- Then give each role its password (\password slaudit_batch) and keep it in the machines'
-- ~/.pgpass, a service file or a Kubernetes Secret, never in a command line.
-- tests/ledger_postgres_test.py runs this file and checks what each role can and cannot do.

-- The month-end batch (and merge): records runs and figures; reads the earlier months.
CREATE ROLE slaudit_batch LOGIN;
-- Reviews, `ledger verify`, `diff --ledger`: reads only.
CREATE ROLE slaudit_review LOGIN;

GRANT CONNECT ON DATABASE :"DBNAME" TO slaudit_batch, slaudit_review;
GRANT USAGE ON SCHEMA public TO slaudit_batch, slaudit_review;

-- Reading: every table, both roles.
GRANT SELECT ON slaudit_ledger, runs, run_contracts, contract_periods, services, penalty_lines, rates, inputs,
  decisions, undecided_totals, earlier_figures TO slaudit_batch, slaudit_review;

-- Recording a run: its row (numbered by the identity's sequence), then finished and sealed.
GRANT INSERT, UPDATE ON runs TO slaudit_batch;
GRANT USAGE ON SEQUENCE runs_run_id_seq TO slaudit_batch;
-- Each contract's status in the run (written again when a checkpoint repeats it).
GRANT INSERT, UPDATE ON run_contracts TO slaudit_batch;
-- A month's figures: a rerun deletes the month's row (its parts go with it) and writes it anew;
-- its digest and a failed rerun's mark are updates.
GRANT INSERT, UPDATE, DELETE ON contract_periods TO slaudit_batch;
GRANT INSERT ON services, penalty_lines, rates, inputs, decisions, undecided_totals TO slaudit_batch;
-- The figures a rerun replaces, kept (written again when a checkpoint repeats them).
GRANT INSERT, UPDATE ON earlier_figures TO slaudit_batch;
-- Nothing else: no role but the owner creates or alters tables, and no one deletes a run.
