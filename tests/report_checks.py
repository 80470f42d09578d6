"""What the report tests share: running slaudit, counting checks, LibreOffice recalculation."""
import shutil
import subprocess
import sys


class Checks:
    """Collects failed checks instead of stopping at the first, and reports them at the end."""

    def __init__(self, slaudit):
        self.slaudit = slaudit
        self.failures = []
        self.count = 0

    def __call__(self, ok, message):
        self.count += 1
        if not ok:
            self.failures.append(message)

    def run(self, *args, env=None):
        """slaudit with `args`; any exit but 0 stops the test with its output."""
        p = subprocess.run([self.slaudit, *args], capture_output=True, text=True, env=env)
        if p.returncode != 0:
            raise SystemExit(f"slaudit {' '.join(args)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
        return p

    def finish(self, what):
        if self.failures:
            print(f"{len(self.failures)} of {self.count} checks failed:")
            for f in self.failures[:60]:
                print("  " + f)
            sys.exit(1)
        print(f"{what}: {self.count} checks passed")


def recalculate(files, out_dir, profile):
    """LibreOffice, headless, with a private profile (a folder) that recalculates every formula
    on load; the recalculated workbooks are written to out_dir under their own names."""
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        '<value>0</value></prop></item>\n</oor:items>\n', encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    p = subprocess.run([soffice, f"-env:UserInstallation=file://{profile.resolve()}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(out_dir), *map(str, files)],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise SystemExit(f"soffice failed: {p.stdout}{p.stderr}")
