"""slaudit defines no function of libc or of another library.

A definition in the executable of a name that a shared library also defines replaces the
library's own for every library in the process (the dynamic linker binds to the first it
finds). So:
- the executable exports no C name of its own: every unmangled name in its dynamic symbol
  table is a library's (versioned, as glibc's copy-relocated data are) or undefined;
- nothing linked into it defines a name that libc, libm, zlib, minizip or libdeflate export;
- slaudit's own libraries (not third_party/) define no C name at all: their code is C++ in
  namespaces, and a C name there could only be a stand-in for some library's;
- libxlsxwriter is our pinned build (third_party/libxlsxwriter), linked statically: the
  system's shared one is not loaded beside it.

usage: symbols_test.py SLAUDIT ARCHIVE...   (ARCHIVE: slaudit's own static libraries)
"""
import glob
import subprocess
import sys

from report_checks import Checks


def symbols(path, *options):
    """(kind, name) of the symbols nm lists for `path` with `options`."""
    p = subprocess.run(["nm", *options, path], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"nm {' '.join(options)} {path}: {p.stderr}")
    found = []
    for line in p.stdout.splitlines():
        cols = line.split()
        if len(cols) >= 3:
            found.append((cols[-2], cols[-1]))
    return found


def library_path(soname):
    hits = sorted(glob.glob(f"/usr/lib/x86_64-linux-gnu/{soname}") + glob.glob(f"/lib/x86_64-linux-gnu/{soname}")
                  + glob.glob(f"/usr/lib/*/{soname}") + glob.glob(f"/lib/*/{soname}"))
    if not hits:
        raise SystemExit(f"{soname} not found: it is installed wherever slaudit builds")
    return hits[0]


def main():
    slaudit, archives = sys.argv[1], sys.argv[2:]
    check = Checks(slaudit)

    # 1. What the executable exports.
    exported = [(k, n) for k, n in symbols(slaudit, "-D", "--defined-only")]
    linker_made = {"__bss_start", "_edata", "_end", "_IO_stdin_used", "__data_start", "data_start"}
    own_c = [n for k, n in exported if not n.startswith("_Z") and "@" not in n and n not in linker_made]
    check(not own_c, f"the executable exports C names of its own: {own_c}")

    # 2. No libc, libm, zlib, minizip or libdeflate name defined anywhere in it.
    theirs = set()
    for soname in ["libc.so.6", "libm.so.6", "libz.so.1", "libminizip.so.1", "libdeflate.so.0"]:
        theirs |= {n.split("@")[0] for k, n in symbols(library_path(soname), "-D", "--defined-only")
                   if k in "TtWwiDdBbRrVv"}
    check(len(theirs) > 2000, f"too few library names read ({len(theirs)}): the check would see nothing")
    defined = {n for k, n in symbols(slaudit, "--defined-only") if k in "TtWwi"}
    clash = sorted(defined & theirs)
    check(not clash, f"the executable defines names of libc or a compression library: {clash[:40]}")

    # 3. slaudit's own libraries define no C function or variable.
    for archive in archives:
        c_names = sorted({n for k, n in symbols(archive, "--defined-only", "-g")
                          if k in "TDBRW" and not n.startswith("_Z")})
        check(not c_names, f"{archive} defines C names: {c_names[:40]}")

    # 4. libxlsxwriter is the pinned static build, not the system's shared one.
    needed = subprocess.run(["readelf", "-d", slaudit], capture_output=True, text=True).stdout
    check("libxlsxwriter" not in needed, "the executable loads the shared libxlsxwriter")
    check("lxw_set_tmpfile_opener" in defined,
          "the executable lacks our libxlsxwriter's lxw_set_tmpfile_opener (patch 0002)")

    check.finish("symbols")


if __name__ == "__main__":
    main()
