#!/usr/bin/env python3
"""What an auditor would otherwise script for month-end: Python with openpyxl, no slaudit.
The baseline scripts/bench-vs-script times slaudit batch against. It is not a second engine
and its figures are not checked: it does a simpler version of part of the work.

usage: auditor-script.py CONTRACTS_DIR HISTORY_DIR PERIOD OUT_DIR [JOBS]

For every contract of a portfolio from scripts/gen-portfolio.py (each .sla file), it reads the
terms it needs with regular expressions (fee, the respond and restore targets of each
severity, the availability target and fee share of each service, the penalty amounts, the
monthly cap), reads HISTORY_DIR/<id>/<PERIOD>/incidents.csv, and computes:
  - each incident's respond and restore clock in wall-clock time (7x24: no business hours,
    holidays or pauses), breached or not;
  - each service's availability over the whole month (overlapping outages counted once;
    no maintenance, no service calendar), outages of the customer's cause left out;
  - the penalties: availability tiers and fee share, a fixed amount per late response, an
    amount per started hour a restore is late, the monthly cap;
and writes OUT_DIR/<id>-<PERIOD>.xlsx (summary, clocks, penalties) and a JSON summary.
It leaves out what slaudit also does: business calendars and holidays, pauses, escalation
steps, tickets, transaction and monitoring rates, maintenance, the PDF, formulas, the
manifest and the ledger. JOBS processes (default 2) share the contracts.
"""
import csv
import json
import multiprocessing
import os
import re
import sys
from datetime import datetime, timedelta

from openpyxl import Workbook

UNIT = {"s": 1, "min": 60, "h": 3600, "d": 86400}


def seconds(text):
    m = re.fullmatch(r"(\d+)(s|min|h|d)", text)
    return int(m.group(1)) * UNIT[m.group(2)]


def terms(sla):
    """The few terms the script uses, read from the contract's text."""
    t = {"id": re.search(r'contract "([^"]+)"', sla).group(1),
         "fee": float(re.search(r"fee ([\d.]+) ", sla).group(1)),
         "targets": {}, "services": {}}
    for sev, body in re.findall(r"severity (\d+) [^{]*\{([^}]*)\}", sla):
        r = re.search(r"respond within (\S+)", body)
        s = re.search(r"restore within (\S+)", body)
        t["targets"][sev] = (seconds(r.group(1)) if r else None, seconds(s.group(1)) if s else None)
    for sid, body in re.findall(r'service "([^"]+)" "[^"]*" \{([^}]*)\}', sla):
        a = re.search(r"availability >= ([\d.]+)%", body)
        share = re.search(r"fee_share (\d+)% of fee", body)
        t["services"][sid] = (float(a.group(1)) if a else None, int(share.group(1)) if share else 0)
    per_breach = re.search(r"per breach of respond ([\d.]+)", sla)
    late = re.search(r"late restore ([\d.]+) CNY per started (\S+)", sla)
    cap = re.search(r"cap (\d+)% of fee per month", sla)
    t["per_breach"] = float(per_breach.group(1)) if per_breach else 0.0
    t["late_restore"] = (float(late.group(1)), seconds(late.group(2))) if late else (0.0, 3600)
    t["cap"] = t["fee"] * int(cap.group(1)) / 100 if cap else None
    return t


def month_bounds(period):
    start = datetime.strptime(period + "-01", "%Y-%m-%d")
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def parse(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S") if text else None


def one(args):
    sla_path, history_dir, period, out_dir = args
    with open(sla_path, encoding="utf-8") as f:
        t = terms(f.read())
    start, end = month_bounds(period)
    month_s = (end - start).total_seconds()
    clocks, outages = [], {}
    with open(os.path.join(history_dir, t["id"], period, "incidents.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            occurred = parse(row["occurred"])
            responded, restored, closed = parse(row["responded"]), parse(row["restored"]), parse(row["closed"])
            respond_s, restore_s = t["targets"].get(row["severity"], (None, None))
            for kind, target, stop in (("respond", respond_s, responded), ("restore", restore_s, restored)):
                if target is None:
                    continue
                elapsed = ((stop or end) - occurred).total_seconds()
                clocks.append((row["id"], row["service"], int(row["severity"]), kind, occurred, stop,
                               int(elapsed), target, "breached" if elapsed > target else "met"))
            if row["cause"] != "customer":
                down_to = restored or closed or end
                outages.setdefault(row["service"], []).append((max(occurred, start), min(down_to, end)))
    services = []
    for sid, (target, share) in t["services"].items():
        down, frontier = 0.0, None
        for a, b in sorted(outages.get(sid, [])):
            if frontier is not None and a < frontier:
                a = frontier
            if b > a:
                down += (b - a).total_seconds()
            frontier = b if frontier is None else max(frontier, b)
        pct = 100.0 * (month_s - down) / month_s
        services.append((sid, month_s, down, pct, target, share))
    penalties = []
    for sid, _, _, pct, target, share in services:
        if target is None:
            continue
        if pct < 99.5:
            penalties.append(("availability " + sid, t["fee"] * 0.10))
        elif pct < target:
            penalties.append(("availability " + sid, t["fee"] * 0.05))
        if pct < target and share:
            penalties.append(("fee share " + sid, t["fee"] * share / 100 * 0.20))
    for c in clocks:
        if c[8] != "breached":
            continue
        if c[3] == "respond":
            penalties.append(("late response " + c[0], t["per_breach"]))
        else:
            amount, unit = t["late_restore"]
            over = c[6] - c[7]
            penalties.append(("late restore " + c[0], amount * -(-over // unit)))
    total = round(sum(p[1] for p in penalties), 2)
    if t["cap"] is not None:
        total = min(total, t["cap"])

    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["contract", t["id"]])
    ws.append(["period", period])
    ws.append(["service", "S (s)", "U (s)", "availability %", "target %"])
    for sid, s, u, pct, target, _ in services:
        ws.append([sid, s, u, round(pct, 4), target])
    ws.append(["clocks breached", sum(1 for c in clocks if c[8] == "breached")])
    ws.append(["penalties total", total])
    cs = wb.create_sheet("Clocks")
    cs.append(["incident", "service", "severity", "clock", "start", "stop", "elapsed (s)", "target (s)", "verdict"])
    for c in clocks:
        cs.append(list(c))
    ps = wb.create_sheet("Penalties")
    ps.append(["line", "amount"])
    for p in penalties:
        ps.append(list(p))
    stem = os.path.join(out_dir, t["id"] + "-" + period)
    wb.save(stem + ".xlsx")
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump({"contract": t["id"], "period": period,
                   "availability": {s[0]: round(s[3], 4) for s in services},
                   "clocks": len(clocks), "breached": sum(1 for c in clocks if c[8] == "breached"),
                   "penalties": total}, f, ensure_ascii=False, indent=2)
    return t["id"]


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    contracts, history, period, out = sys.argv[1:5]
    jobs = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    os.makedirs(out, exist_ok=True)
    work = [(os.path.join(contracts, n), history, period, out) for n in sorted(os.listdir(contracts)) if n.endswith(".sla")]
    with multiprocessing.Pool(jobs) as pool:
        done = pool.map(one, work, chunksize=1)
    print(f"{len(done)} contracts")


if __name__ == "__main__":
    main()
