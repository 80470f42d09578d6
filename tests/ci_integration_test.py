#!/usr/bin/env python3
"""slaudit where SLA files are kept: Debian's pre-commit running this repository's hooks
(.pre-commit-hooks.yaml) on a sample repository, a git commit stopped by them; the GitHub
Action's steps (action.yml) run as a runner runs them, on the same sample; the GitLab CI
template's script (ci/slaudit.gitlab-ci.yml). The sample holds a good contract, a bad one and
one out of canonical layout.

Usage: ci_integration_test.py SLAUDIT WORKDIR (from the source folder)."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from report_checks import Checks

SLAUDIT, WORK = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
SOURCE = Path.cwd()
if not shutil.which("pre-commit"):
    raise SystemExit("pre-commit is not installed: scripts/setup installs Debian's (package pre-commit)")
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
WORK = WORK.resolve()
check = Checks(str(SLAUDIT))
# slaudit on PATH, as the hooks (language: system) expect; git and pre-commit kept apart.
ENV = dict(os.environ, PATH=f"{SLAUDIT.parent}:{os.environ['PATH']}", PRE_COMMIT_HOME=str(WORK / "pre-commit-home"),
           GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=str(WORK / "gitconfig"), GIT_CONFIG_NOSYSTEM="1")
(WORK / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[safe]\n\tdirectory = *\n")

GOOD = SOURCE / "fixtures/scenarios/base-7x24.sla"
BAD = SOURCE / "fixtures/invalid/unknown-timezone.sla"
MESSY = SOURCE / "fixtures/format/messy.sla"


def sh(*args, cwd, env=ENV, stdin=None):
    return subprocess.run(list(map(str, args)), cwd=cwd, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL if stdin is None else stdin)


def git(*args, cwd):
    p = sh("git", *args, cwd=cwd)
    if p.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {p.stdout}{p.stderr}")
    return p.stdout.strip()


def sample(name, files):
    """A git repository holding `files` (name → source file), committed."""
    repo = WORK / name
    repo.mkdir()
    git("init", "-q", cwd=repo)
    for target, src in files.items():
        (repo / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, repo / target)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "sample", cwd=repo)
    return repo


# ---- 1. pre-commit, with the hooks of this working tree (a repository of its own holding
#         .pre-commit-hooks.yaml, as pre-commit clones it).
hooks = WORK / "hooks-repo"
hooks.mkdir()
git("init", "-q", cwd=hooks)
shutil.copy(SOURCE / ".pre-commit-hooks.yaml", hooks)
git("add", "-A", cwd=hooks)
git("commit", "-q", "-m", "hooks", cwd=hooks)
rev = git("rev-parse", "HEAD", cwd=hooks)
defined = [h["id"] for h in yaml.safe_load((SOURCE / ".pre-commit-hooks.yaml").read_text())]
check(defined == ["slaudit-check", "slaudit-fmt", "slaudit-fmt-check"], f"hooks: {defined}")

repo = sample("pre-commit-sample", {"contracts/good.sla": GOOD})
(repo / ".pre-commit-config.yaml").write_text(
    f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: slaudit-check\n      - id: slaudit-fmt\n")
git("add", ".pre-commit-config.yaml", cwd=repo)
git("commit", "-q", "-m", "hooks", cwd=repo)

p = sh("pre-commit", "run", "--all-files", cwd=repo)
check(p.returncode == 0 and "slaudit check" in p.stdout and "Passed" in p.stdout,
      f"pre-commit on the good contract: exit {p.returncode}\n{p.stdout}{p.stderr}")

# A bad contract: the check hook fails, naming file:line:col and the code.
shutil.copy(BAD, repo / "contracts/bad.sla")
git("add", "contracts/bad.sla", cwd=repo)
p = sh("pre-commit", "run", "--files", "contracts/bad.sla", cwd=repo)
check(p.returncode == 1 and "contracts/bad.sla:9:12: error[E0306]: unknown time zone 'Asia/Shanghia'" in p.stdout,
      f"pre-commit on the bad contract: exit {p.returncode}\n{p.stdout}{p.stderr}")

# Installed as the git hook, it stops the commit: HEAD does not move.
p = sh("pre-commit", "install", cwd=repo)
check(p.returncode == 0, f"pre-commit install: {p.stdout}{p.stderr}")
head = git("rev-parse", "HEAD", cwd=repo)
p = sh("git", "commit", "-q", "-m", "a bad contract", cwd=repo)
check(p.returncode != 0 and "E0306" in p.stdout + p.stderr, f"the commit of a bad contract: exit {p.returncode}\n{p.stdout}{p.stderr}")
check(git("rev-parse", "HEAD", cwd=repo) == head, "the commit of a bad contract went in")
git("rm", "-q", "--cached", "contracts/bad.sla", cwd=repo)
(repo / "contracts/bad.sla").unlink()

# A contract out of canonical layout: the fmt hook rewrites it and fails once; then it passes,
# and the file is fmt's result.
shutil.copy(MESSY, repo / "contracts/messy.sla")
git("add", "contracts/messy.sla", cwd=repo)
p = sh("pre-commit", "run", "--files", "contracts/messy.sla", cwd=repo)
check(p.returncode == 1 and "files were modified by this hook" in p.stdout, f"fmt hook, first run: exit {p.returncode}\n{p.stdout}")
formatted = sh(SLAUDIT, "fmt", "--stdout", MESSY, cwd=SOURCE).stdout
check((repo / "contracts/messy.sla").read_text(encoding="utf-8") == formatted, "the fmt hook did not leave fmt's result")
git("add", "contracts/messy.sla", cwd=repo)
p = sh("git", "commit", "-q", "-m", "a formatted contract", cwd=repo)
check(p.returncode == 0, f"the commit of a formatted contract: exit {p.returncode}\n{p.stdout}{p.stderr}")


# ---- 2. The GitHub Action: its steps as a runner runs them (inputs and github.action_path
#         substituted, `bash --noprofile --norc -eo pipefail`), with a given binary, so the
#         build step is skipped as its `if` says. The upload step is GitHub's own action.
action = yaml.safe_load((SOURCE / "action.yml").read_text())
inputs = action["inputs"]
steps = action["runs"]["steps"]
check(action["runs"]["using"] == "composite", "the action is not composite")
upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
check(len(upload) == 1 and upload[0]["with"]["sarif_file"] == "${{ steps.check.outputs.sarif }}", f"upload step: {upload}")
for s in steps:
    for ref in re.findall(r"inputs\.([a-z-]+)", json.dumps(s)):
        check(ref in inputs, f"step {s.get('name')} uses input {ref}, which action.yml does not declare")


def run_action(repo, **given):
    """The action's run steps in `repo`; its exit, what it printed, and its outputs."""
    values = {k: str(v.get("default", "")) for k, v in inputs.items()}
    values.update({k.replace("_", "-"): str(v) for k, v in given.items()})
    outputs_file = WORK / f"{repo.name}.github-output"
    outputs_file.write_text("")
    printed, code = "", 0
    for s in steps:
        if "run" not in s:
            continue
        condition = s.get("if", "")
        if condition == "inputs.slaudit == ''" and values["slaudit"]:
            continue
        check(condition in ("", "inputs.slaudit == ''"), f"step {s['name']}: a condition this test cannot judge: {condition}")
        env = dict(ENV, GITHUB_ACTION_PATH=str(SOURCE), GITHUB_OUTPUT=str(outputs_file),
                   GITHUB_SERVER_URL="https://github.com", GITHUB_ACTION_REPOSITORY="example/slaudit")
        for k, v in s.get("env", {}).items():
            env[k] = re.sub(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}", lambda m: values[m.group(1)], str(v))
        script = WORK / "step.sh"
        script.write_text(s["run"])
        p = sh("bash", "--noprofile", "--norc", "-eo", "pipefail", script, cwd=repo, env=env)
        printed += p.stdout + p.stderr
        code = p.returncode
        if code != 0:
            break
    outputs = dict(line.split("=", 1) for line in outputs_file.read_text().splitlines() if "=" in line)
    return code, printed, outputs


good = sample("action-good", {"contracts/good.sla": GOOD})
code, printed, outputs = run_action(good, slaudit=SLAUDIT, paths="contracts")
check(code == 0 and "::error" not in printed, f"action on a good repository: exit {code}\n{printed}")
sarif = good / "slaudit.sarif"
check(outputs.get("sarif") == "slaudit.sarif" and sarif.exists() and json.loads(sarif.read_text())["runs"][0]["results"] == [],
      f"action: SARIF of a good repository: {outputs}")

bad = sample("action-bad", {"contracts/good.sla": GOOD, "contracts/bad.sla": BAD, "contracts/messy.sla": MESSY})
code, printed, outputs = run_action(bad, slaudit=SLAUDIT, paths="contracts")
check(code == 1, f"action on a bad repository: exit {code}\n{printed}")
check("::error file=contracts/bad.sla,line=9,col=12,endColumn=27,title=E0306::unknown time zone 'Asia/Shanghia'" in printed,
      f"action: no annotation of the bad contract:\n{printed}")
check("::error file=contracts/messy.sla,title=slaudit fmt::not in canonical layout" in printed,
      f"action: no fmt annotation of the messy contract:\n{printed}")
check("::warning file=contracts/messy.sla" in printed, f"action: the messy contract's warning is not annotated:\n{printed}")
doc = json.loads((bad / "slaudit.sarif").read_text())
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
check(uris == {"contracts/bad.sla", "contracts/messy.sla"}, f"action: SARIF locations {uris}")
check(doc["runs"][0]["tool"]["driver"].get("informationUri") == "https://github.com/example/slaudit",
      f"action: the SARIF does not name the action's repository: {doc['runs'][0]['tool']['driver']}")
# strict: the messy contract's warning fails the good-but-messy repository too; without fmt
# and strict, only the bad contract fails.
code, printed, _ = run_action(bad, slaudit=SLAUDIT, paths="contracts/messy.sla", fmt="false", sarif="")
check(code == 0, f"action: a warning alone, not strict: exit {code}\n{printed}")
code, printed, _ = run_action(bad, slaudit=SLAUDIT, paths="contracts/messy.sla", fmt="false", sarif="", strict="true")
check(code == 1, f"action: a warning alone, strict: exit {code}\n{printed}")
code, printed, _ = run_action(bad, slaudit=SLAUDIT, paths="contracts/none.sla", fmt="false", sarif="")
check(code == 2, f"action: a path that is not there: exit {code}\n{printed}")


# ---- 3. The GitLab CI template's script, with a given binary.
template = yaml.safe_load((SOURCE / "ci/slaudit.gitlab-ci.yml").read_text())
job = template["slaudit-check"]
check(set(job["artifacts"]["paths"]) == {"slaudit.sarif", "slaudit.json"}, f"gitlab: artifacts {job['artifacts']}")


def run_gitlab(repo, **variables):
    env = dict(ENV, **{k: str(v) for k, v in template["variables"].items()}, CI_PROJECT_DIR=str(repo))
    env.update({k: str(v) for k, v in variables.items()})
    script = WORK / "gitlab.sh"
    script.write_text("\n".join(job["script"]))
    return sh("bash", "--noprofile", "--norc", script, cwd=repo, env=env)


p = run_gitlab(good, SLAUDIT_BIN=SLAUDIT, SLAUDIT_PATHS="contracts")
check(p.returncode == 0 and json.loads((good / "slaudit.json").read_text()) == [], f"gitlab, good: exit {p.returncode}\n{p.stdout}{p.stderr}")
p = run_gitlab(bad, SLAUDIT_BIN=SLAUDIT, SLAUDIT_PATHS="contracts")
check(p.returncode == 1 and "contracts/bad.sla:9:12: error[E0306]" in p.stdout and "contracts/messy.sla" in p.stdout,
      f"gitlab, bad: exit {p.returncode}\n{p.stdout}{p.stderr}")
check(any(d["code"] == "E0306" for d in json.loads((bad / "slaudit.json").read_text())), "gitlab: the JSON artifact")

check.finish("ci integration")
