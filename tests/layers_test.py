"""The stages include only what is below them (docs/architecture.md).

Each folder of the pipeline is a stage; a stage's files may include the headers of its own
folder and of the stages below it, never of a stage above or beside it, so that data flows
one way. And the syntax tree stays in the engine's front door: outside grammar/ and the
engine's front door, no stage includes the AST or the parser (engine/validate.hpp and
engine/validator.hpp are the validator's own, shared by its validate*.cpp; engine/compose.*
merges a contract with the terms it extends before the validator reads it; the way in is
engine/load.hpp). The command line, at the top, may use the parser for `fmt`, and the
language server (lsp/) for the names an editor shows and the formatter.

usage: layers_test.py SOURCE_DIR
"""
import re
import sys
from pathlib import Path

# Each stage and the stages it may include (besides itself).
BELOW = {
    "grammar": set(),
    "engine": {"grammar"},
    "history": {"engine", "grammar"},
    "reports": {"engine", "grammar"},
    "io": {"reports", "engine", "grammar"},
    "ledger": {"history", "engine", "grammar"},
    "batch": {"ledger", "io", "reports", "history", "engine", "grammar"},
    "lsp": {"io", "engine", "grammar"},
    "cli": {"lsp", "batch", "ledger", "io", "reports", "history", "engine", "grammar"},
}
# Headers that carry the syntax tree, and who may include them.
TREE_HEADERS = {"grammar/ast.hpp", "grammar/ast_adapted.hpp", "grammar/parser.hpp", "grammar/driver.hpp",
                "grammar/formatter.hpp", "engine/validate.hpp"}
TREE_USERS = {"grammar", "lsp", "cli"}
# The front door's own files: engine/validate.hpp, engine/validator.hpp, engine/validate*.cpp,
# and engine/compose.* (extends and override, resolved on the syntax tree).
def is_validator_file(name):
    return name.startswith("engine/validat") or name.startswith("engine/compose.")

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([^"]+)"', re.M)


def main():
    root = Path(sys.argv[1])
    failures = []
    checked = 0
    for stage, allowed in BELOW.items():
        for path in sorted((root / stage).glob("*.[ch]pp")):
            name = f"{stage}/{path.name}"
            for folder, header in INCLUDE.findall(path.read_text(encoding="utf-8")):
                checked += 1
                included = f"{folder}/{header}"
                if folder != stage and folder not in allowed and folder in BELOW:
                    failures.append(f"{name} includes {included}: {folder}/ is not below {stage}/")
                if included in TREE_HEADERS and stage not in TREE_USERS and not is_validator_file(name):
                    failures.append(f"{name} includes {included}: the syntax tree stays behind engine/load.hpp")
    if checked < 200:
        failures.append(f"only {checked} includes read under {root}: the check would see nothing")
    if failures:
        print(f"{len(failures)} includes against the direction of the stages:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print(f"layers: {checked} includes, each from a stage to one below it")


if __name__ == "__main__":
    main()
