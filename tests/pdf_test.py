#!/usr/bin/python3
"""The PDF filing copy, read by real readers (poppler's pdftotext and pdffonts, qpdf).

usage: pdf_test.py SLAUDIT WORK_DIR   (run from the source folder)

- the Chinese and English texts are found on the pages they belong to;
- the font is an embedded subset with a ToUnicode map (emb yes, sub yes, uni yes);
- qpdf finds no damage; two runs give the same bytes; SOURCE_DATE_EPOCH sets the dates;
- a long history breaks its tables across pages with the header repeated, and numbers
  every page "第 N 页 / 共 M 页" or "Page N of M".
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from report_checks import Checks

SLAUDIT, WORK = sys.argv[1], Path(sys.argv[2])
check = Checks(SLAUDIT)
run = check.run


def pages_of(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    out = []
    for n in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        out.append(text)
    return out


def column_text(pdf, x, width):
    """The text of every page between x and x + width points (pdftotext crops at 72 dpi,
    a pixel a point): a table column's cells whole, however they wrap."""
    out = subprocess.run(["pdftotext", "-r", "72", "-x", str(int(x)), "-y", "0", "-W", str(int(width)), "-H", "842",
                          str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return squeeze(out)


def squeeze(s):
    return re.sub(r"\s+", "", s)


def report(name, contract, history, lang, out, period="2026-10"):
    run("run", "--contract", contract, "--history", history, "--period", period, "--out", str(out),
        "--format", "pdf", "--lang", lang)
    return next(Path(out).glob("*.pdf"))


def pdfa_checks(pdf, data, label):
    """The PDF/A-2b markers: version 1.7, XMP with pdfaid part 2 conformance B and the Info
    dictionary's title and dates, an sRGB output intent."""
    check(data.startswith(b"%PDF-1.7"), f"{label}: not PDF 1.7: {data[:8]}")
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
    check("<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B</pdfaid:conformance>" in meta,
          f"{label}: no PDF/A-2b identification in the XMP")
    info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True, check=True).stdout
    created = re.search(r"^CreationDate:\s+(\S+)", info, re.M).group(1)
    title = re.search(r"^Title:\s+(.*)$", info, re.M).group(1)
    check(f"<xmp:CreateDate>{created}</xmp:CreateDate>" in meta, f"{label}: XMP date is not the Info's {created}")
    check(f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in meta, f"{label}: XMP title is not the Info's")
    check(re.search(rb"/S\s*/GTS_PDFA1", data) and b"/OutputIntents" in data and b"/DestOutputProfile" in data,
          f"{label}: no sRGB output intent")


def structure_checks(pdf, data, lang, label, with_text=False):
    """A tagged PDF: marked, its language set, and a logical structure poppler reads back
    (headings, paragraphs, tables of rows and cells, in reading order), with the running heads
    and page numbers left out as artifacts."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    check(re.search(r"^Tagged:\s+yes", info, re.M), f"{label}: not tagged")
    check(re.search(rb"/Lang\s*\(" + (b"zh-CN" if lang == "zh" else b"en") + rb"\)", data), f"{label}: no /Lang")
    check(re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", data), f"{label}: no MarkInfo")
    # The roles (-struct); the text of each element only where asked (-struct-text: poppler
    # reads a page's content again for every element, seconds for a report of a few pages).
    tree = subprocess.run(["pdfinfo", "-struct-text" if with_text else "-struct", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    check(tree.startswith("Document"), f"{label}: the structure does not start with the Document")
    roles = {line.split()[0] for line in tree.splitlines() if line.strip() and not line.strip().startswith('"')}
    for role in ["H1", "P", "Table", "TR", "TH", "TD"]:
        check(role in roles, f"{label}: no {role} element")
    if with_text:
        page_word = "页" if lang == "zh" else "Page "
        check(page_word not in tree or lang == "zh" and "第" not in tree, f"{label}: a page number in the structure")
    return tree


def common_checks(pdf, lang, label):
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    check(len(fonts) >= 1, f"{label}: no fonts")
    for line in fonts:
        cols = line.split()
        check(cols[-5:-2] == ["yes", "yes", "yes"], f"{label}: font not embedded/subset/unicode: {line}")
    q = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    check(q.returncode == 0, f"{label}: qpdf --check: {q.stdout}{q.stderr}")
    # Every Flate stream at the fastest level (reports/deflate.hpp): libdeflate's, the font's
    # CIDSet included (PoDoFo deflates it itself). The zlib header's FLEVEL bits are 0.
    data = Path(pdf).read_bytes()
    heads = [data[m.end():m.end() + 2] for m in re.finditer(rb"(?<!end)stream\r?\n", data)]
    heads = [h for h in heads if h != b"<?"]  # the XMP metadata, plain as PDF/A wants it
    check(heads and all(h[0] == 0x78 and h[1] >> 6 == 0 for h in heads),
          f"{label}: streams not deflated at level 1: {sorted(set(h.hex() for h in heads))}")
    pdfa_checks(pdf, data, label)
    structure_checks(pdf, data, lang, label)
    pages = pages_of(pdf)
    total = len(pages)
    for n, text in enumerate(pages, 1):
        want = f"第{n}页/共{total}页" if lang == "zh" else f"Page{n}of{total}"
        check(want in squeeze(text), f"{label}: page {n} lacks its number {want}")
    return pages


def main():
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    d18 = "fixtures/scenarios/18-money-cap-cuts-two-lines/history"
    zh = report("18", "fixtures/scenarios/base-money.sla", d18, "zh", WORK / "zh")
    pages = common_checks(zh, "zh", "zh/18")
    first, everything, last = squeeze(pages[0]), squeeze("".join(pages)), squeeze(pages[-1])
    # The report's date in the contract's zone: a Shanghai October closes on 1 November.
    for s in ["服务水平合规报告", "SCN-MONEY", "2026年10月", "¥30,000.00", "存在未达标项", "Scenariocustomer",
              "报告日期2026-11-01"]:
        check(s in first, f"zh/18: cover lacks {s}")
    # Durations as a reader says them, not in seconds.
    for s in ["40分30分", "4小时2小时"]:
        check(s in everything, f"zh/18: the breaches lack {s}")
    check("计时（秒）" not in everything, "zh/18: a duration headed in seconds")
    for s in ["服务可用率与指标", "99.2607%", "违约金计算", "可用性未达标", "月度上限封顶：扣减¥3,000.00，计¥12,000.00", "低于99.5%时，扣月服务费的10%",
              "¥33,400.00", "incidents.csv"]:
        check(s in everything, f"zh/18: report lacks {s}")
    for s in ["双方确认", "姓名", "职务", "签字", "盖章", "日期"]:
        check(s in last, f"zh/18: last page lacks {s}")
    # The structure in reading order: the title, a heading, then its table, row by row.
    tree = structure_checks(zh, zh.read_bytes(), "zh", "zh/18", with_text=True)
    compact = squeeze(re.sub(r"\((block|inline)\)", "", tree))
    for s in ['H1"服务水平合规报告"', 'H1"违约金计算"', 'TRTH"事件"TH"时钟"', 'TD"A-1"TD"响应"']:
        check(s in compact, f"zh/18: the structure lacks {s}")
    check(compact.index('H1"超时的事件与工单"') < compact.index('TD"A-1"'), "zh/18: the table before its heading")
    check("SCN-MONEY  2026年10月" not in tree, "zh/18: the running head is in the structure")

    en = report("18", "fixtures/scenarios/base-money.sla", d18, "en", WORK / "en")
    pages = common_checks(en, "en", "en/18")
    first, everything = squeeze(pages[0]), squeeze("".join(pages))
    for s in ["Servicelevelcompliancereport", "October2026", "¥30,000.00", "targetsbreached"]:
        check(s in first, f"en/18: cover lacks {s}")
    for s in ["Penaltycalculation", "Signatures", "Availabilityagainsttarget", "40min30min", "4h2h", "Name", "Title"]:
        check(s in everything, f"en/18: report lacks {s}")

    for name, contract in [("14-ticket-response", "base-full.sla"), ("15-escalation", "base-full.sla"),
                           ("16-rates", "base-full.sla"), ("11-7x8-weekend-holiday-makeup", "../contracts/office-7x8.sla"),
                           ("03-maintenance-notice", "base-7x24.sla"), ("05-exclusions", "base-7x24.sla")]:
        scenario = Path("fixtures/scenarios") / name
        spec = dict(line.split(None, 1) for line in (scenario / "expected").read_text(encoding="utf-8").splitlines()
                    if line.startswith(("contract ", "period ")))
        pdf = report(name, str((scenario / spec["contract"].strip()).resolve()), str(scenario / "history"), "zh",
                     WORK / name, spec["period"].strip())
        text = squeeze("".join(common_checks(pdf, "zh", name)))
        if name == "03-maintenance-notice":
            # Maintenance that counted as downtime, in its own section, each with its reason.
            section = text[text.index("计入停机的维护"):text.index("不计入可用率的事件")]
            for s in ["M-2", "30分", "M-3", "20分", "维护未经客户批准"]:
                check(s in section, f"{name}: the unplanned maintenance lacks {s}")
            check("M-1" not in section and "M-4" not in section, f"{name}: planned maintenance listed as unplanned")
        if name == "05-exclusions":
            section = text[text.index("不计入可用率的事件"):text.index("升级通知问题")]
            for s in ["X-1", "第三方", "X-2", "客户方", "X-3", "部分功能降级"]:
                check(s in section, f"{name}: the exclusions lack {s}")
        if name == "16-rates":
            # The rates' working in the report's language, not in the history's column names.
            check("(告警总数−漏报数)/告警总数=(100−5)/100=95/100=95.0000%" in text, f"{name}: the rate's working")
            check("total−missed" not in text, f"{name}: the working in English")
        if name == "14-ticket-response":
            check("3小时30分2小时" in text, f"{name}: the ticket's duration")
            # Each breached record with its description, then the clock's note.
            check("printer" in text and "noresponserecorded" in text, f"{name}: the descriptions")
            check("工单T-3：记录已关闭但无响应时间，按超时计" in text, f"{name}: the finding in Chinese")
            check("onaclosedrecord" not in text, f"{name}: an English finding in the Chinese report")
            # base-full has no clause the customer pays and no cap: no lines for them.
            for s in ["客户方逾期付款违约金合计", "服务方违约金（封顶前）"]:
                check(s not in text, f"{name}: prints {s} for a clause the contract does not have")

    # Decisions: the cover says how many and what the month owes without them; the waived
    # breach stays in the trail, marked; the decided line names its decision's row and
    # approver; the Decisions section lists each with the figures it changed, before → after.
    d30 = Path("fixtures/scenarios/30-decisions")
    for lang in ("zh", "en"):
        pdf = report("30", str(d30 / "contract.sla"), str(d30 / "history"), lang, WORK / f"30-{lang}")
        pages = common_checks(pdf, lang, f"{lang}/30")
        first, text = squeeze(pages[0]), squeeze("".join(pages))
        if lang == "zh":
            check("已计入5项裁定（见“裁定”）；未计裁定时服务方违约金¥30,000.00" in first, "zh/30: the cover's decisions")
            check("¥16,200.00" in first, "zh/30: the cover's decided total")
            breaches = text[text.index("超时的事件与工单"):text.index("计入停机的维护")]
            check("A-2" in breaches and "已豁免" in breaches, "zh/30: the waived breach is not in the trail, marked")
            check("减免至¥6,000.00（decisions.csv第6行，王法务(客户方)于2026-11-05批准）" in text, "zh/30: the decided line")
            section = text[text.index("裁定（豁免、减免与改定）"):text.index("输入文件与版本")]
            for want in ["incident:A-2:respond", "服务方违约金：未计裁定¥30,000.00，计入裁定后¥16,200.00（封顶后）",
                         "响应超时（全部服务）：¥15,000.00→¥5,000.00"]:
                check(want in section, f"zh/30: the decisions section lacks {want}")
            # The table's columns (render_decisions: from x = 50, widths 24 86 56 76 110 143).
            changes, reasons, approvers = column_text(pdf, 50 + 352, 143), column_text(pdf, 50 + 242, 110), column_text(pdf, 50 + 166, 76)
            for want in ["事件A-2响应计时：未达标，40分→已豁免，40分", "事件A-1恢复计时：未达标，4小时→未达标，3小时",
                         "core可用率：99.0927%未达标→99.6303%未达标", "core可用率：99.5295%未达标→99.6303%未达标",
                         "未履行服务（core）：¥8,000.00→¥6,000.00"]:
                check(want in changes, f"zh/30: the figures changed lack {want}")
            check("响应超时系客户值班电话转接故障所致" in reasons, "zh/30: a reason")
            check("李经理(服务方)2026-11-04" in approvers, "zh/30: an approver and date")
            excluded = text[text.index("不计入可用率的事件"):text.index("升级通知问题")]
            check(excluded.count("（经裁定改定）") == 2, "zh/30: the reclassified exclusions are not marked")
        else:
            check("5decisionsapplied(seeDecisions);withoutthemtheproviderowes¥30,000.00" in first, "en/30: the cover")
            changes, kinds = column_text(pdf, 50 + 352, 143), column_text(pdf, 50 + 110, 56)
            for want in ["incidentA-2respondclock:breached,40min→waived,40min", "未履行服务(core):¥8,000.00→¥6,000.00"]:
                check(want in changes, f"en/30: the figures changed lack {want}")
            check("reclassifycausecustomer" in kinds, f"en/30: the decision column: {kinds}")

    # The output intent's ICC profile, read by Little CMS (transicc): sRGB to its own sRGB is
    # the identity, to a fraction of a level.
    if shutil.which("transicc"):
        data = zh.read_bytes()
        m = re.search(rb"/N 3\b[^>]*>>\s*stream\r?\n", data)
        check(m is not None, "zh/18: no ICC profile stream")
        if m:
            import zlib
            raw = data[m.end():data.index(b"endstream", m.end())]
            icc = WORK / "srgb.icc"
            icc.write_bytes(zlib.decompress(raw))
            out = subprocess.run(["transicc", "-i", str(icc), "-o", "*sRGB", "-t", "1", "-n"],
                                 input="255 128 0\n10 200 90\n", capture_output=True, text=True).stdout
            values = [float(v) for v in out.split()[-6:]]
            want = [255, 128, 0, 10, 200, 90]
            check(all(abs(a - b) < 0.5 for a, b in zip(values, want)), f"zh/18: the ICC profile is not sRGB: {values}")
    else:
        check(False, "transicc (liblcms2-utils) is not installed: scripts/setup installs it")

    # The inputs with their rows outside the period and skipped: scenario 24 skips two rows,
    # each a finding with its file and row.
    skipped = WORK / "skipped"
    run("run", "--contract", "fixtures/scenarios/base-7x24.sla", "--history", "fixtures/scenarios/24-skip-bad-rows/history",
        "--period", "2026-10", "--out", str(skipped), "--format", "pdf", "--skip-bad-rows")
    pages = common_checks(next(skipped.glob("*.pdf")), "zh", "skipped")
    text = squeeze("".join(pages))
    for s in ["期外记录", "跳过的行", "incidents.csvUTF-8235402", "incidents.csv:3", "incidents.csv:5"]:
        check(s in text, f"skipped: the inputs lack {s}")
    # The findings in the report's language (the row's own error stays as the reader wrote it).
    check("incidents.csv:3该行有误，已跳过：" in text, "skipped: the finding is not in Chinese")
    check("rowskipped" not in text, "skipped: an English finding in the Chinese report")

    # A description is cut at 80 characters, with "…", on one line of the trail.
    long_history = WORK / "long-description"
    shutil.copytree("fixtures/scenarios/14-ticket-response/history", long_history)
    tickets = (long_history / "tickets.csv").read_text(encoding="utf-8")
    long_text = "打印机" * 30 + "END"  # 93 characters
    (long_history / "tickets.csv").write_text(tickets.replace(",printer", f',"{long_text[:40]}\n{long_text[40:]}"'),
                                             encoding="utf-8")
    pdf = report("long", "fixtures/scenarios/base-full.sla", str(long_history), "zh", WORK / "long")
    common_checks(pdf, "zh", "long")
    # Read in reading order (not -layout, which interleaves the wrapped cell with its row).
    text = squeeze(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    # 80 characters: the first 40, the line break as a blank, 39 more; then "…".
    check(("打印机" * 26 + "打…") in text and "END" not in text, "long: the description is not cut at 80 characters")

    # A long month: tables continue over pages with their header repeated.
    big = WORK / "big-history"
    subprocess.run(["/usr/bin/python3", "scripts/gen-history.py", str(big), "1000", "7"], check=True)
    pdf = report("big", "fixtures/scenarios/base-full.sla", str(big), "zh", WORK / "big")
    pages = common_checks(pdf, "zh", "big")
    check(len(pages) >= 5, f"big: only {len(pages)} pages")
    continued = [n for n, text in enumerate(pages, 1) if "INC0" in text]
    check(len(continued) >= 3, f"big: the breaches table spans {len(continued)} pages")
    for n in continued:
        # Each page of a continued table starts it again with its header: breaches, maintenance
        # counted as downtime or records left out, escalations.
        check(re.search(r"事件\s+时钟\s+开始|服务\s+记录|事件\s+升级时限", pages[n - 1]) is not None,
              f"big: page {n} lacks the repeated table header")
    # Tagged, every table cell a TD element (about 100 bytes each, uncompressed objects:
    # 25,000 cells make 2.8 MB of the 3.1 MB; untagged the file was 0.27 MB).
    size = pdf.stat().st_size
    check(size < 4_000_000, f"big: {size} bytes")

    # Same bytes twice; the document date from SOURCE_DATE_EPOCH.
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    a = report("18", "fixtures/scenarios/base-money.sla", d18, "zh", WORK / "again-1")
    b = report("18", "fixtures/scenarios/base-money.sla", d18, "zh", WORK / "again-2")
    check(a.read_bytes() == b.read_bytes(), "two runs gave different PDFs")
    check(b"/CreationDate(D:20261031160000Z)" in a.read_bytes(), "the PDF date is not the period's end")
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    p = subprocess.run([SLAUDIT, "run", "--contract", "fixtures/scenarios/base-money.sla", "--history", d18, "--period",
                        "2026-10", "--out", str(WORK / "again-3"), "--format", "pdf"], env=env, capture_output=True)
    check(p.returncode == 0, "SOURCE_DATE_EPOCH run failed")
    c = next((WORK / "again-3").glob("*.pdf")).read_bytes()
    check(b"/CreationDate(D:20260101000000Z)" in c, "SOURCE_DATE_EPOCH was not used in the PDF")

    hostile()
    check.finish("pdf")


def hostile():
    """Ids and notes with formulas, control characters and a 40,000-character text lay out."""
    h = WORK / "hostile" / "history"
    h.mkdir(parents=True)
    with open(h / "incidents.csv", "w", encoding="utf-8", newline="") as f:
        f.write("id,service,severity,occurred,responded,restored,closed,description\r\n")
        ids = ['"=HYPERLINK(""http://example.invalid"")"', "@SUM(1)", '"bell\x07 tab\x0b"', "长" * 20000]
        for k, ident in enumerate(ids):
            f.write(f"{ident},core,1,2026-10-0{k + 2} 08:00,2026-10-0{k + 2} 08:40,2026-10-0{k + 2} 12:00,"
                    f"2026-10-0{k + 2} 13:00,{'x' * 40000}\r\n")
    pdf = report("hostile", "fixtures/scenarios/base-money.sla", str(h), "zh", WORK / "hostile" / "out")
    pages = common_checks(pdf, "zh", "hostile")
    text = squeeze("".join(pages))
    check('=HYPERLINK("http://example.invalid")' in text, "hostile: the formula-like id is not shown as text")
    check("长" * 100 in text, "hostile: the long id is not wrapped onto the pages")
    # A table row taller than a page continues on the next pages under the repeated header:
    # the 20,000-character id (about 45 pages in its column, twice: two breached clocks).
    continued = sum(1 for page in pages if re.search(r"事件\s+时钟\s+开始", page))
    check(continued >= 60, f"hostile: the breaches table spans {continued} pages; a long row was cut")


if __name__ == "__main__":
    main()
