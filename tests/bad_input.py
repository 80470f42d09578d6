#!/usr/bin/env python3
"""Runs one case of the bad-input corpus (fixtures/bad-input/CASE/) as a new user would, and
compares what slaudit says and its exit code with the case's `expected` file.

A case folder holds:
  args       the command line after `slaudit`, split as a shell would (no expansion)
  setup      optional: a bash script run first in the work folder (FIFOs, symlinks, big or
             binary files that are made rather than stored)
  expected   "exit N", then "--- stdout" and "--- stderr" with what slaudit printed; the
             work folder's absolute path is shown as <work>
  anything else: files and folders laid over a copy of fixtures/bad-input/_base/

The work folder is a fresh copy, and beside it `outside/` holds a file no run may touch.
After the run, nothing in the work folder may have changed except below out/ and the ledger
beside it: a bad input never writes where it was not asked to.

usage: bad_input.py SLAUDIT CASE_DIR [--update]
"""
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SPECIAL = {"args", "setup", "expected", "README.md"}


def snapshot(root):
    """Every entry below root: a file's digest, a link's target, a folder; FIFOs by kind."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                seen[rel] = "link " + os.readlink(path)
            elif os.path.isdir(path):
                seen[rel] = "folder"
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    seen[rel] = hashlib.sha256(f.read()).hexdigest()
            else:
                seen[rel] = "special"
    return seen


def may_change(rel):
    return rel == "out" or rel.startswith("out/") or rel.startswith("ledger.sqlite")


def main():
    slaudit, case = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv[3:]
    base = os.path.join(os.path.dirname(case), "_base")
    with tempfile.TemporaryDirectory(prefix="slaudit-bad-input-") as tmp:
        work, outside = os.path.join(tmp, "work"), os.path.join(tmp, "outside")
        shutil.copytree(base, work, symlinks=True)
        os.makedirs(outside)
        with open(os.path.join(outside, "victim.txt"), "w") as f:
            f.write("nothing may write here\n")
        for name in sorted(os.listdir(case)):
            if name in SPECIAL:
                continue
            src, dst = os.path.join(case, name), os.path.join(work, name)
            if os.path.isdir(src):
                shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dst)
        env = dict(os.environ, SLAUDIT=slaudit, LC_ALL="C.UTF-8", TZ="UTC")
        setup = os.path.join(case, "setup")
        if os.path.exists(setup):
            subprocess.run(["bash", "-euo", "pipefail", setup], cwd=work, env=env, check=True)
        with open(os.path.join(case, "args")) as f:
            args = shlex.split(f.read())
        before, before_outside = snapshot(work), snapshot(outside)
        try:
            p = subprocess.run([slaudit, *args], cwd=work, env=env, capture_output=True, timeout=60,
                               stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            sys.exit(f"{case}: slaudit {' '.join(args)} did not finish within 60 s")
        def text(b):
            t = b.decode("utf-8", "backslashreplace").replace(work, "<work>")
            return re.sub(r" in \d+:\d\d\n", " in <elapsed>\n", t)  # the batch's wall time
        actual = f"exit {p.returncode}\n--- stdout\n{text(p.stdout)}--- stderr\n{text(p.stderr)}"
        after, after_outside = snapshot(work), snapshot(outside)
        problems = []
        if p.returncode < 0:
            problems.append(f"slaudit was killed by signal {-p.returncode}")
        if after_outside != before_outside:
            problems.append("a file outside the work folder changed: " + repr(after_outside))
        for rel in sorted(set(before) | set(after)):
            if before.get(rel) != after.get(rel) and not may_change(rel):
                problems.append(f"{rel} changed ({before.get(rel)} -> {after.get(rel)}); only out/ may")
        expected_path = os.path.join(case, "expected")
        if update:
            with open(expected_path, "w") as f:
                f.write(actual)
        else:
            with open(expected_path) as f:
                expected = f.read()
            if actual != expected:
                problems.append(f"output differs from {expected_path}:\n--- expected\n{expected}--- actual\n{actual}"
                                "(scripts/update-goldens rewrites it; review the diff)")
        if problems:
            sys.exit(f"{os.path.basename(case)}: slaudit {' '.join(args)}\n" + "\n".join(problems))


if __name__ == "__main__":
    main()
