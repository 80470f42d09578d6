#!/usr/bin/env python3
"""Writes N varied, valid SLA contracts (deterministic for a given seed) for benchmarks.

usage: gen-contracts.py OUT_DIR [N] [SEED]
Each contract varies its zone, fee basis, calendars, levels, severities, escalation matrix,
services and penalty kinds, so the benchmark exercises the whole front end.
"""
import os
import random
import sys

ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London"]


def contract(i, rnd):
    levels = rnd.randint(1, 4)
    severities = rnd.randint(1, 4)
    services = rnd.randint(1, 6)
    cal = rnd.random() < 0.5 and levels > 2  # the calendar serves levels 3 and 4
    out = [f"# generated contract {i}", "sla 1", "", f'contract "GEN-{i:05d}" {{',
           f'  title "生成的合同 {i}"', '  customer "甲方公司"', '  provider "乙方公司"',
           "  term 2026-01-01 .. 2026-12-31", f'  timezone "{rnd.choice(ZONES)}"',
           f"  fee {rnd.randint(50, 900) * 1200}.00 CNY per {rnd.choice(['month', 'year'])}",
           f"  rounding {rnd.choice(['half_up', 'half_even'])} 0.01", ""]
    if cal:
        out += ["  calendar business {", "    hours mon-fri 09:00-12:00, 13:00-18:00"]
        out += [f'    holiday 2026-{m:02d}-{d:02d} "假日"' for m, d in sorted({(rnd.randint(1, 12), rnd.randint(1, 28)) for _ in range(rnd.randint(1, 12))} - {(2, 14)})]
        out += ['    workday 2026-02-14 "调休"', "  }"]
    for l in range(1, levels + 1):
        cov = "business" if cal and l > 2 else "7x24"
        out += [f'  level {l} "等级{l}" clause "2.4" {{', f"    coverage {cov}", "    remote onsite", "  }"]
    for s in range(1, severities + 1):
        out += [f'  severity {s} "问题{s}" clause "4.1" "4.2" {{', f"    respond within {15 * s}min",
                f"    restore within {2 * s}h", "  }"]
    out += ["  escalation {", "    matrix {"]
    out += [f"      severity {s}: " + " ".join(str(min(4, s + l - 1)) for l in range(1, levels + 1)) for s in range(1, severities + 1)]
    out += ["    }"]
    for h in range(1, 5):
        out += [f"    handling {h} {{", f'      after {5 * h}min notify "部门经理", "运维主管经理"',
                f'      after {30 * h}min notify "公司总经理"', "    }"]
    out += ["  }", "  maintenance {", "    window sun 02:00-04:00", "    notice 3d", "  }",
            "  exclude causes third_party, customer, force_majeure", '  pause clocks in "awaiting_customer"']
    for v in range(services):
        out += [f'  service "svc{v}" "服务{v}" {{', f"    level {rnd.randint(1, levels)}",
                f"    availability >= {rnd.choice(['99.9', '99.5', '99.95', '99'])}% per month clause \"4.4\"", "  }"]
    out += ['  tickets clause "4.3" {', "    respond within 2h", "  }",
            "  monitoring {", "    early_detection >= 95%", "    accuracy >= 98%", "  }",
            '  penalty "可用性" clause "5.1" {', "    on availability of each service",
            "    below 99.9% credit 2% of fee", "    below 99% credit 5% of fee", "    below 95% credit 10% of fee", "  }",
            '  penalty "响应超时" clause "5.2" {', "    per breach of respond 200.00 CNY", "  }",
            '  penalty "工单" clause "5.3" {', "    on ticket_breaches", "    count 1..3 credit 100.00 CNY",
            "    count 4.. credit 500.00 CNY", "  }",
            '  penalty "逾期付款" clause "5.4" payer customer {', "    0.5% of overdue per day", "  }",
            '  cap 30% of fee per month clause "5.5"', "}", ""]
    return "\n".join(out)


def main():
    out_dir = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2026)
    os.makedirs(out_dir, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out_dir, f"gen-{i:05d}.sla"), "w", encoding="utf-8") as f:
            f.write(contract(i, rnd))


if __name__ == "__main__":
    main()
