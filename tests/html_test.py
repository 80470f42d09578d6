#!/usr/bin/env python3
"""`--format html` as a reviewer opens it: headless Chromium (Debian's) loads each page with
no network, prints it to PDF and takes screenshots at desktop and phone width; the page's
text is read back (the DOM Chromium built) and compared with the JSON of the same run; the
page holds no script and fetches nothing; hostile text in a contract stays text; a batch's
portfolio page links every contract's page.

Usage: html_test.py SLAUDIT WORKDIR (from the source folder)."""
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from report_checks import Checks

SLAUDIT, WORK = sys.argv[1], Path(sys.argv[2])
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    raise SystemExit("chromium is not installed: scripts/setup installs Debian's (package chromium)")
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
WORK = WORK.resolve()
check = Checks(SLAUDIT)


def chromium(*args):
    """Headless Chromium with no network at all (every host resolves nowhere)."""
    p = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={WORK / 'chromium-profile'}", *args],
                       capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    return p


class Page(HTMLParser):
    """The page's elements: ids, links, external references, scripts, and the text."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.external, self.tags, self.text = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for k in ("src", "href", "srcset", "data", "action"):
            v = a.get(k) or ""
            if re.match(r"^(https?:|//|file:)", v):
                self.external.append(f"{tag} {k}={v}")
        if tag == "link" or (tag == "img" and not (a.get("src") or "").startswith("data:")):
            self.external.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def read_page(path):
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def dom_text(path):
    """The text of the page as Chromium built it."""
    p = chromium("--dump-dom", path.as_uri())
    check(p.returncode == 0 and "<body" in p.stdout, f"{path.name}: chromium --dump-dom failed: {p.stderr[-300:]}")
    parsed = Page()
    parsed.feed(p.stdout)
    return " ".join(" ".join(parsed.text).split())


def month(contract, history, period, lang, out):
    check.run("run", "--contract", str(contract), "--history", str(history), "--period", period, "--out", str(out),
              "--format", "html,json,pdf", "--lang", lang)
    return next(out.glob("*.html")), json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))


SCENARIO = Path("fixtures/scenarios/18-money-cap-cuts-two-lines")
CONTRACT = Path("fixtures/scenarios/base-money.sla")
for lang in ("zh", "en"):
    out = WORK / f"money-{lang}"
    page, doc = month(CONTRACT, SCENARIO / "history", "2026-10", lang, out)
    parsed = read_page(page)
    # Self-contained: no script, nothing fetched.
    check("script" not in parsed.tags and not parsed.external, f"{page.name}: scripts or external references: {parsed.external}")
    check("url(" not in page.read_text(encoding="utf-8"), f"{page.name}: the style fetches something")
    check(len(parsed.ids) == len(set(parsed.ids)), f"{page.name}: an id given twice")
    for link in parsed.links:
        check(not link.startswith("#") or link[1:] in parsed.ids, f"{page.name}: link {link} leads nowhere")
    text = dom_text(page)
    # The figures as the JSON has them, and each line's clause and contract line.
    money = doc["money"]
    total = money["provider_total"]
    shown_total = ("¥" if lang == "zh" else "¥") + f"{float(total):,.2f}"
    check(shown_total in text, f"{page.name}: provider total {shown_total} not on the page")
    for line in money["lines"]:
        check(line["penalty"] in text, f"{page.name}: penalty {line['penalty']} not on the page")
        clause_text = ", ".join(line["clauses"])
        check(clause_text and clause_text in text, f"{page.name}: clause {clause_text} of {line['penalty']} not on the page")
        where = f"第 {line['line']} 行" if lang == "zh" else f"line {line['line']}"
        check(line["line"] > 0 and where in text, f"{page.name}: the contract line of {line['penalty']} ({where}) not on the page")
    for a in doc["availability"]:
        check(a["percent"] + "%" in text, f"{page.name}: availability {a['percent']} of {a['service']} not on the page")
    for c in doc["clocks"]:
        if c["verdict"] == "breached":
            check(c["incident"] in text, f"{page.name}: breached clock of {c['incident']} not on the page")
    for f in doc["inputs"]:
        check(f["sha256"] in text, f"{page.name}: the digest of {f['file']} not on the page")
    check(("不完整" if lang == "zh" else "incomplete") in text, f"{page.name}: the completeness statement is missing")
    # The timeline: one bar per counted interval, titled with its record.
    svg = page.read_text(encoding="utf-8")
    bars = 0
    for a in doc["availability"]:
        for d in a["downtime"]:
            bars += 1
            check(f"<title>{d['record']} " in svg, f"{page.name}: no timeline bar for {d['record']}")
    check(bars == 3, f"{page.name}: {bars} downtime intervals in the JSON, the scenario has 3")
    # Desktop and phone screenshots, and print.
    for name, size in (("desktop", "1280,2400"), ("phone", "390,3000")):
        png = out / f"{name}.png"
        p = chromium(f"--screenshot={png}", f"--window-size={size}", page.as_uri())
        check(p.returncode == 0 and png.exists() and png.stat().st_size > 20000, f"{page.name}: {name} screenshot: {p.stderr[-300:]}")
    pdf = out / "print.pdf"
    p = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    check(p.returncode == 0 and pdf.exists(), f"{page.name}: print to PDF failed: {p.stderr[-300:]}")
    if pdf.exists():
        printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
        check(1 <= pages <= 6 and shown_total in printed, f"{page.name}: printed {pages} pages; total in print: {shown_total in printed}")

# Hostile text in the contract stays text: a title with markup and quotes.
hostile = WORK / "hostile.sla"
hostile.write_text(CONTRACT.read_text(encoding="utf-8").replace('title "', 'title "<b>bold</b> & <script>x()</script> \\"q\\" ', 1),
                   encoding="utf-8")
page, _ = month(hostile, SCENARIO / "history", "2026-10", "en", WORK / "hostile")
parsed = read_page(page)
check("script" not in parsed.tags and "b" not in parsed.tags, f"hostile: markup from the contract became elements: {set(parsed.tags)}")
check("<b>bold</b> & <script>x()</script>" in dom_text(page), "hostile: the title is not shown as text")

# A batch: the portfolio page lists every contract and links its page, which is there.
portfolio = WORK / "portfolio"
subprocess.run([sys.executable, "scripts/gen-portfolio.py", str(portfolio), "5", "-", "2026", "2026-10"], check=True,
               capture_output=True)
out = WORK / "batch"
p = subprocess.run([SLAUDIT, "batch", "--period", "2026-10", "--contracts", str(portfolio / "contracts"), "--history",
                    str(portfolio / "history"), "--out", str(out), "--format", "json,html", "--no-ledger", "--quiet"],
                   capture_output=True, text=True)
check(p.returncode == 0, f"batch: exit {p.returncode} {p.stderr[-400:]}")
index = out / "portfolio-2026-10.html"
check(index.exists(), "batch: no portfolio-2026-10.html")
if index.exists():
    parsed = read_page(index)
    pages = [link for link in parsed.links if link.endswith(".html")]
    check(len(pages) == 5 and all((out / link).exists() for link in pages), f"batch: links {pages}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"] for c in manifest["contracts"] for o in c["outputs"]}
    check(set(pages) <= listed, f"batch: pages not in the manifest: {set(pages) - listed}")
    text = dom_text(index)
    for c in manifest["contracts"]:
        check(c["summary"]["id"] in text, f"batch: {c['summary']['id']} not on the portfolio page")
    png = out / "index.png"
    p = chromium(f"--screenshot={png}", "--window-size=1100,900", index.as_uri())
    check(p.returncode == 0 and png.exists(), f"batch: portfolio page screenshot: {p.stderr[-300:]}")

check.finish("html")
