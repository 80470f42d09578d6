#!/usr/bin/env python3
"""Decisions replayed as a legal reviewer would: the month with all its decisions, without
any, and without each one in turn, each a separate run of slaudit on a copy of the history.
What the decided report says a decision changed, and what it says the month would be
without them, must be what those runs give.

Usage: decisions_test.py SLAUDIT WORKDIR (from the source folder)."""
import csv
import json
import shutil
import sys
from pathlib import Path

from report_checks import Checks

SLAUDIT, WORK = sys.argv[1], Path(sys.argv[2])
check = Checks(SLAUDIT)

SCENARIOS = [("30-decisions", "fixtures/scenarios/30-decisions/contract.sla"),
             ("31-decisions-steps-tickets", "fixtures/scenarios/base-full-penalties.sla")]


def month(contract, history, out):
    check.run("run", "--contract", contract, "--history", str(history), "--period", "2026-10", "--out", str(out),
              "--format", "json")
    return json.loads(next(Path(out).glob("*.json")).read_text(encoding="utf-8"))


def history_with(source, name, rows):
    """A copy of the history folder whose decisions.csv holds `rows` (none: no file)."""
    folder = WORK / name / "history"
    shutil.copytree(source, folder)
    (folder / "decisions.csv").unlink()
    if rows:
        with open(folder / "decisions.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["target", "decision", "value", "approver", "approved", "reason"])
            w.writerows(rows)
    return folder


def clock_of(doc, figure, record, kind):
    for c in doc["tickets" if figure == "ticket" else "clocks"]:
        if c["ticket" if figure == "ticket" else "incident"] == record and c["kind"] == kind:
            return c
    return None


def side_of(doc, change):
    """The figure `change` names, as the run `doc` gives it, in the form of its before/after."""
    figure, record, part = change["figure"], change["record"], change["part"]
    if figure in ("clock", "ticket"):
        c = clock_of(doc, figure, record, part)
        return c and {"verdict": c["verdict"], "elapsed_s": c["elapsed_s"]}
    if figure == "availability":
        a = next(x for x in doc["availability"] if x["service"] == record)
        return {"verdict": a["target"]["verdict"], "numerator_s": a["numerator_s"],
                "denominator_s": a["denominator_s"], "percent": a["percent"]}
    if figure == "escalation":
        e = next((x for x in doc["escalations"] if x["incident"] == record and x["after_s"] == minutes(part) * 60), None)
        return e and {"verdict": e["verdict"]}
    line = next((x for x in doc["money"]["lines"] if x["penalty"] == record and x["subject"] == part), None)
    return line and {"amount": line.get("decided", line["rounded"])}


def minutes(step):
    assert step.endswith("min"), step
    return int(step[:-3])


def main():
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    for name, contract in SCENARIOS:
        source = Path("fixtures/scenarios") / name / "history"
        with open(source / "decisions.csv", encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        decided = month(contract, source, WORK / name / "all")
        bare = month(contract, history_with(source, f"{name}-none", []), WORK / name / "none")
        label = name
        # Without the decisions: the totals and every line the decided report names.
        undecided = decided["money"]["undecided"]
        check(undecided is not None, f"{label}: no totals without the decisions")
        for key in ("provider_before_caps", "provider_total", "customer_total"):
            check(undecided[key] == bare["money"][key], f"{label}: {key} without the decisions {undecided[key]} "
                                                         f"!= {bare['money'][key]} of a run without decisions.csv")
        check(bare["decisions"] == [] and bare["money"]["undecided"] is None, f"{label}: a month without decisions says some")
        for c in decided["money"]["line_changes"]:
            line = next((x for x in bare["money"]["lines"] if x["penalty"] == c["penalty"] and x["subject"] == c["subject"]), None)
            check((line and line["rounded"]) == c["before"], f"{label}: line {c['penalty']} {c['subject']} before {c['before']}")
            line = next((x for x in decided["money"]["lines"] if x["penalty"] == c["penalty"] and x["subject"] == c["subject"]), None)
            check((line and line.get("decided", line["rounded"])) == c["after"], f"{label}: line {c['penalty']} after {c['after']}")
        # Each decision: what it changed is the month without it against the month with all.
        check(len(decided["decisions"]) == len(rows), f"{label}: {len(decided['decisions'])} decisions of {len(rows)}")
        for k, d in enumerate(decided["decisions"]):
            without = month(contract, history_with(source, f"{name}-without-{k}", rows[:k] + rows[k + 1:]),
                            WORK / name / f"without-{k}")
            check(d["changes"], f"{label}: row {d['row']} changed nothing")
            for c in d["changes"]:
                what = f"{label}: row {d['row']} {c['figure']} {c['record']} {c['part']}"
                before, after = side_of(without, c), side_of(decided, c)
                if c["figure"] == "line":
                    # A line's decision is the only one on it: before is what the terms give.
                    line = next(x for x in without["money"]["lines"] if x["penalty"] == c["record"] and x["subject"] == c["part"])
                    before = {"amount": line["rounded"]}
                check(before == c["before"], f"{what}: before {c['before']}, a run without it gives {before}")
                check(after == c["after"], f"{what}: after {c['after']}, the decided run gives {after}")
    check.finish("decisions")


main()
