#!/usr/bin/env python3
"""Writes a deterministic synthetic history for benchmarks.

usage: gen-history.py OUT_DIR N_INCIDENTS [SEED]
Incidents of fixtures/scenarios/base-full.sla's services in October 2026 (Asia/Shanghai):
mostly short provider outages, some degraded or third-party, some open, ~10% with a pause
and two escalation notifications, plus tickets, daily transactions and alarms.
"""
import os
import random
import sys
from datetime import datetime, timedelta

out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2026)
os.makedirs(out, exist_ok=True)
start = datetime(2026, 10, 1)
fmt = "%Y-%m-%d %H:%M:%S"
with open(os.path.join(out, "incidents.csv"), "w", encoding="utf-8", newline="") as inc, \
     open(os.path.join(out, "pauses.csv"), "w", encoding="utf-8", newline="") as pau, \
     open(os.path.join(out, "escalations.csv"), "w", encoding="utf-8", newline="") as esc:
    inc.write("id,service,severity,occurred,responded,restored,closed,impact,cause,description\r\n")
    pau.write("incident,state,start,end\r\n")
    esc.write("incident,role,notified\r\n")
    for i in range(n):
        occurred = start + timedelta(seconds=rnd.randrange(31 * 86400 - 7200))
        responded = occurred + timedelta(seconds=rnd.randrange(60, 3600))
        restored = responded + timedelta(seconds=rnd.randrange(60, 4 * 3600))
        service = "core" if rnd.random() < 0.7 else "office"
        impact = rnd.choices(["outage", "degraded", "terminal"], [8, 1, 1])[0]
        cause = rnd.choices(["provider", "third_party", "customer"], [8, 1, 1])[0]
        open_ = rnd.random() < 0.01
        inc.write(f"INC{i:07d},{service},1,{occurred.strftime(fmt)},{responded.strftime(fmt)},"
                  f"{'' if open_ else restored.strftime(fmt)},{'' if open_ else (restored + timedelta(hours=1)).strftime(fmt)},"
                  f"{impact},{cause},\"synthetic, incident {i}\"\r\n")
        if rnd.random() < 0.1:
            p0 = occurred + timedelta(seconds=rnd.randrange(60, 600))
            pau.write(f"INC{i:07d},awaiting_customer,{p0.strftime(fmt)},{(p0 + timedelta(minutes=20)).strftime(fmt)}\r\n")
            esc.write(f"INC{i:07d},部门经理,{(occurred + timedelta(minutes=4)).strftime(fmt)}\r\n")
            esc.write(f"INC{i:07d},运维主管经理,{(occurred + timedelta(minutes=8)).strftime(fmt)}\r\n")
with open(os.path.join(out, "tickets.csv"), "w", encoding="utf-8", newline="") as t:
    t.write("id,opened,responded,resolved\r\n")
    for i in range(n // 10):
        o = start + timedelta(seconds=rnd.randrange(30 * 86400))
        r = o + timedelta(seconds=rnd.randrange(60, 5 * 3600))
        t.write(f"T{i:07d},{o.strftime(fmt)},{r.strftime(fmt)},{(r + timedelta(hours=2)).strftime(fmt)}\r\n")
with open(os.path.join(out, "transactions.csv"), "w", encoding="utf-8", newline="") as t:
    t.write("service,date,total,failed,failed_third_party\r\n")
    for d in range(31):
        t.write(f"core,2026-10-{d + 1:02d},{rnd.randrange(90000, 110000)},{(f := rnd.randrange(10, 50))},{rnd.randrange(0, 10)}\r\n")
with open(os.path.join(out, "alarms.csv"), "w", encoding="utf-8", newline="") as t:
    t.write("date,total,missed,false_alarms\r\n")
    for d in range(31):
        t.write(f"2026-10-{d + 1:02d},{rnd.randrange(50, 100)},{rnd.randrange(0, 3)},{rnd.randrange(0, 2)}\r\n")
