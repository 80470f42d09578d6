#!/usr/bin/env python3
"""`check --format sarif` as Microsoft's SARIF Multitool validates it (`validate`, npm
@microsoft/sarif-multitool-linux, installed by scripts/setup): the invalid fixtures on relative
paths, on absolute paths, and from a folder whose name has a space and Chinese in it. No
result of the validator at level error; its only warning allowed is SARIF2005 (no
informationUri), and only when the build was given none (-DSLAUDIT_INFORMATION_URI); with
`--information-uri` (as the GitHub Action passes its repository), no result at all.

Usage: sarif_test.py SLAUDIT MULTITOOL WORKDIR (from the source folder)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from report_checks import Checks

SLAUDIT, MULTITOOL, WORK = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if not os.access(MULTITOOL, os.X_OK):
    raise SystemExit(f"the SARIF Multitool is not at {MULTITOOL}: scripts/setup installs it from npm "
                     "(@microsoft/sarif-multitool-linux); run it, then the tests again")
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
check = Checks(SLAUDIT)
# The Multitool is a .NET program: without ICU it needs the invariant culture.
ENV = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")

invalid = sorted(str(p) for p in Path("fixtures/invalid").glob("*.sla"))


def sarif_of(name, files, cwd=None, options=()):
    p = subprocess.run([SLAUDIT, "check", "--format", "sarif", *options, *files], capture_output=True, text=True, cwd=cwd)
    check(p.returncode == 1 and p.stdout, f"{name}: check (errors: exit 1) exited {p.returncode}: {p.stderr[:300]}")
    path = WORK / f"{name}.sarif"
    path.write_text(p.stdout, encoding="utf-8")
    return path, json.loads(p.stdout)


def validate(name, path, doc):
    """The validator's results on `path`: none at level error, and at most SARIF2005."""
    out = WORK / f"{name}.validation.sarif"
    p = subprocess.run([str(MULTITOOL), "validate", str(path), "-o", str(out)], capture_output=True, text=True,
                       env=ENV, timeout=600)
    check(p.returncode == 0 and out.exists(), f"{name}: the validator exited {p.returncode}: {p.stdout[-600:]}{p.stderr[-600:]}")
    if not out.exists():
        return
    results = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0].get("results", [])
    allowed = set() if doc["runs"][0]["tool"]["driver"].get("informationUri") else {"SARIF2005"}
    for r in results:
        check(r["ruleId"] in allowed and r.get("level", "warning") != "error",
              f"{name}: {r['ruleId']} ({r.get('level', 'warning')}): {json.dumps(r['message'], ensure_ascii=False)[:300]}")
    return results


# 1. Relative paths, as a CI step runs it from the repository's root.
path, doc = sarif_of("relative", invalid)
results = doc["runs"][0]["results"]
check(len(results) >= len(invalid), f"relative: {len(results)} results for {len(invalid)} files")
uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in results for loc in r["locations"]}
check(all(not u.startswith("/") and "://" not in u for u in uris), f"relative: URIs not relative: {sorted(uris)[:5]}")
validate("relative", path, doc)

# 2. Absolute paths: file: URIs naming the same files.
path, doc = sarif_of("absolute", [str(Path(f).resolve()) for f in invalid])
uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"] for loc in r["locations"]}
check(all(u.startswith("file:///") for u in uris), f"absolute: URIs not file: {sorted(uris)[:5]}")
check(all(Path(unquote(urlparse(u).path)).is_file() for u in uris), f"absolute: a URI names no file: {sorted(uris)[:5]}")
validate("absolute", path, doc)

# 3. A folder with a space and Chinese in its name, absolute: percent-encoded as UTF-8.
odd = WORK / "合同 目录"
odd.mkdir()
shutil.copy("fixtures/invalid/unknown-timezone.sla", odd / "时区.sla")
path, doc = sarif_of("odd-path", [str(odd / "时区.sla")])
uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
check(" " not in uri and "%20" in uri and "%E5%90%88" in uri, f"odd path: {uri}")
check(unquote(urlparse(uri).path) == str(odd / "时区.sla"), f"odd path: {uri} is not {odd / '时区.sla'}")
validate("odd-path", path, doc)

# 4. With where to learn about the tool (as the GitHub Action gives its repository): no
#    result at all, the warning SARIF2005 included.
path, doc = sarif_of("information-uri", invalid, options=("--information-uri", "https://example.org/slaudit"))
check(doc["runs"][0]["tool"]["driver"]["informationUri"] == "https://example.org/slaudit", "informationUri not written")
results = validate("information-uri", path, doc)
check(results == [], f"information-uri: the validator still reports {len(results or [])} results")

check.finish("sarif")
