"""What the report tests (xlsx_test.py, pdf_test.py) share: running slaudit and counting checks."""
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
