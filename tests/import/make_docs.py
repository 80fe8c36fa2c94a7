#!/usr/bin/env python3
"""Writes the input documents for redthread's import tests with real writers.

    python3 tests/import/make_docs.py cases OUT    # the feature cases asserted in tests/it/import.rs
    python3 tests/import/make_docs.py sample OUT   # a dozen realistic documents for the browser test

Word files come from python-docx (this interpreter; `pip install python-docx`) and from
LibreOffice Writer, driven over UNO by tests/import/lo_docs.py under Debian's python3 (the
interpreter `python3-uno` belongs to; REDTHREAD_UNO_PYTHON overrides it). LibreOffice reads
HTML written here and saves .docx/.odt/.doc/.pdf, records tracked changes, adds comments and
saves with a password. No XML is written by hand.

Every document gets fixed dates (document properties and file times), so the same run gives
the same import.
"""

import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Cm

HERE = Path(__file__).resolve().parent


# ----------------------------------------------------------------------------- a picture


def png(width=64, height=40, rgb=(180, 30, 40)):
    """A small PNG (a red bar on white), written with zlib: no image library needed."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    rows = b""
    for y in range(height):
        row = b"\x00"
        for x in range(width):
            inside = height // 4 <= y < 3 * height // 4 and 4 <= x < width - 4
            row += bytes(rgb if inside else (255, 255, 255))
        rows += row
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


# ----------------------------------------------------------------------------- a tiny spec
#
# A document is a list of blocks:
#   ("h", level, text)             heading (Word heading style / <hN>)
#   ("boldline", text)             a paragraph that is one bold line (no style)
#   ("p", text)                    paragraph; **bold**, *italic*, [text](url) inside
#   ("typed", ["1. a", "2. b"])    manual numbering typed as text (python-docx only)
#   ("ol", items) / ("ul", items)  items: text or (text, [("ol"|"ul", items)])
#   ("table", rows, merges)        rows of cell texts, first row the header;
#                                  merges: [(row, col, row2, col2)] (row 0 = header)
#   ("img", alt)                   the PNG above
#   ("br", [line, line])           one paragraph with line breaks


def inline_parts(text):
    """Splits **bold**, *italic* and [text](url) into (kind, text, url) parts."""
    import re

    parts = []
    pos = 0
    for m in re.finditer(r"\*\*(.+?)\*\*|\*(.+?)\*|\[(.+?)\]\((.+?)\)", text):
        if m.start() > pos:
            parts.append(("t", text[pos : m.start()], None))
        if m.group(1):
            parts.append(("b", m.group(1), None))
        elif m.group(2):
            parts.append(("i", m.group(2), None))
        else:
            parts.append(("a", m.group(3), m.group(4)))
        pos = m.end()
    if pos < len(text):
        parts.append(("t", text[pos:], None))
    return parts


def html_inline(text):
    out = ""
    for kind, t, url in inline_parts(text):
        t = escape(t, quote=False)
        if kind == "b":
            out += f"<b>{t}</b>"
        elif kind == "i":
            out += f"<i>{t}</i>"
        elif kind == "a":
            out += f'<a href="{escape(url)}">{t}</a>'
        else:
            out += t
    return out


def html_list(kind, items):
    out = f"<{kind}>"
    for item in items:
        if isinstance(item, tuple):
            text, subs = item
            out += "<li>" + html_inline(text) + "".join(html_list(k, i) for k, i in subs) + "</li>"
        else:
            out += "<li>" + html_inline(item) + "</li>"
    return out + f"</{kind}>"


def to_html(title, blocks, png_data):
    body = ""
    for b in blocks:
        kind = b[0]
        if kind == "h":
            body += f"<h{b[1]}>{html_inline(b[2])}</h{b[1]}>\n"
        elif kind == "boldline":
            body += f"<p><b>{html_inline(b[1])}</b></p>\n"
        elif kind == "p":
            body += f"<p>{html_inline(b[1])}</p>\n"
        elif kind in ("ol", "ul"):
            body += html_list(kind, b[1]) + "\n"
        elif kind == "table":
            rows, merges = b[1], b[2]
            covered = set()
            spans = {}
            for r1, c1, r2, c2 in merges:
                spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        if (r, c) != (r1, c1):
                            covered.add((r, c))
            body += '<table border="1">\n'
            for ri, row in enumerate(rows):
                body += "<tr>"
                for ci, cell in enumerate(row):
                    if (ri, ci) in covered:
                        continue
                    tag = "th" if ri == 0 else "td"
                    attrs = ""
                    if (ri, ci) in spans:
                        rs, cs = spans[(ri, ci)]
                        attrs += f' rowspan="{rs}"' if rs > 1 else ""
                        attrs += f' colspan="{cs}"' if cs > 1 else ""
                    body += f"<{tag}{attrs}>{html_inline(cell)}</{tag}>"
                body += "</tr>\n"
            body += "</table>\n"
        elif kind == "img":
            data = base64.b64encode(png_data).decode()
            body += f'<p><img src="data:image/png;base64,{data}" alt="{escape(b[1])}" width="64" height="40"></p>\n'
        elif kind == "br":
            body += "<p>" + "<br>".join(html_inline(l) for l in b[1]) + "</p>\n"
        elif kind == "typed":
            body += "".join(f"<p>{html_inline(l)}</p>" for l in b[1]) + "\n"
        else:
            raise ValueError(kind)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>\n{body}</body></html>\n"
    )


def docx_runs(par, text, bold=False):
    for kind, t, url in inline_parts(text):
        run = par.add_run(t)
        run.bold = bold or kind == "b" or None
        run.italic = kind == "i" or None


def docx_list(doc, kind, items, level=1):
    style = ("List Number" if kind == "ol" else "List Bullet") + ("" if level == 1 else f" {level}")
    for item in items:
        text, subs = item if isinstance(item, tuple) else (item, [])
        docx_runs(doc.add_paragraph(style=style), text)
        for k, i in subs:
            docx_list(doc, k, i, level + 1)


def to_docx(path, title, blocks, png_data, modified, comment=None, core_title=False):
    """Writes `blocks` with python-docx; `comment` = (words to comment on, comment text)."""
    doc = docx.Document()
    for b in blocks:
        kind = b[0]
        if kind == "h":
            doc.add_heading(b[2], b[1])
        elif kind == "boldline":
            docx_runs(doc.add_paragraph(), b[1], bold=True)
        elif kind == "p":
            par = doc.add_paragraph()
            docx_runs(par, b[1])
            if comment and comment[0] in b[1]:
                doc.add_comment(par.runs, text=comment[1], author="Birthe", initials="BH")
        elif kind == "typed":
            for line in b[1]:
                docx_runs(doc.add_paragraph(), line)
            doc.add_paragraph()  # Word users leave empty paragraphs
        elif kind in ("ol", "ul"):
            docx_list(doc, kind, b[1])
        elif kind == "table":
            rows, merges = b[1], b[2]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for ri, row in enumerate(rows):
                for ci, cell in enumerate(row):
                    if cell:
                        table.cell(ri, ci).text = cell
            for r1, c1, r2, c2 in merges:
                table.cell(r1, c1).merge(table.cell(r2, c2))
        elif kind == "img":
            doc.add_picture(str(path.parent / ".figure.png"), width=Cm(3))
        elif kind == "br":
            par = doc.add_paragraph()
            for i, line in enumerate(b[1]):
                if i:
                    par.add_run().add_break(WD_BREAK.LINE)
                docx_runs(par, line)
        else:
            raise ValueError(kind)
    props = doc.core_properties
    props.title = title if core_title else ""
    props.author = "Sekretariatet"
    props.created = modified
    props.modified = modified
    props.last_modified_by = "Sekretariatet"
    doc.save(str(path))
    stamp(path, modified)


def stamp(path, when):
    t = when.timestamp()
    os.utime(path, (t, t))


def day(s):
    return datetime.strptime(s, "%Y-%m-%d").replace(hour=9, tzinfo=timezone.utc)


# ----------------------------------------------------------------------------- LibreOffice


def run_libreoffice(jobs, work):
    """Runs lo_docs.py (LibreOffice over UNO) on the jobs; see that script for their form."""
    job_file = work / "jobs.json"
    job_file.write_text(json.dumps(jobs, ensure_ascii=False, indent=1), encoding="utf-8")
    python = os.environ.get("REDTHREAD_UNO_PYTHON", "/usr/bin/python3")
    result = subprocess.run([python, str(HERE / "lo_docs.py"), str(job_file)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("LibreOffice jobs failed (apt-get install libreoffice-writer python3-uno)")
    for job in jobs:
        out = Path(job["out"])
        if not out.is_file():
            raise SystemExit(f"LibreOffice wrote no {out}")
        stamp(out, day(job["date"]))


def lo_job(work, out, title, blocks, png_data, date, fmt, **extra):
    html = work / (out.stem + ".html")
    html.write_text(to_html(title, blocks, png_data), encoding="utf-8")
    job = {"html": str(html), "out": str(out), "format": fmt, "date": date, "title": title}
    job.update(extra)
    return job


# ----------------------------------------------------------------------------- the cases

CLOSE_STEPS_V1 = [
    ("Åbn patientens **forløbsoversigt**.", [("ol", ["Vælg det ambulante forløb.", "Kontrollér, at alle besøg er registreret."])]),
    ("Vælg *Afslut forløb*.", []),
    ("Angiv afslutningsårsag.", [("ol", ["Behandling afsluttet.", "Patienten ønsker ikke yderligere behandling."])]),
]
CLOSE_STEPS_V2 = CLOSE_STEPS_V1 + [("Luk også henvisningen, så den ikke står åben i LPR.", [])]


def close_course(version):
    steps = CLOSE_STEPS_V1 if version == 1 else CLOSE_STEPS_V2
    intro = "Når patientens behandling er færdig, skal det ambulante forløb lukkes, så det indberettes korrekt til LPR."
    if version == 3:
        intro = intro.replace("færdig", "helt færdig")
    blocks = [
        ("h", 1, "Lukning af ambulant forløb"),
        ("p", intro),
        ("h", 2, "Sådan gør du"),
        ("ol", steps),
        ("h", 2, "Husk"),
        ("ul", ["Forløbet må ikke lukkes, før sidste notat er skrevet.", "Spørg lægen, hvis du er i tvivl om årsagen."]),
    ]
    return blocks


INTERPRETER = [
    ("boldline", "Bestilling af tolk"),
    ("p", "Tolk bestilles, når patienten ikke taler dansk, og aftalen kræver samtale med lægen."),
    ("p", ""),
    ("boldline", "Før du bestiller"),
    ("p", "Find patientens sprog i journalen og tjek, om der står \u201cvideotolk\u201d under bemærkninger. Aftalen skal ligge kl.\u00a010 eller senere."),
    ("typed", ["1. Ring til tolkeservice på telefon 70 00 00 00.", "2. Oplys CPR-nummer, sprog og tidspunkt.", "3. Skriv tolkens navn i aftalen."]),
    ("boldline", "Priser"),
    ("table", [["Tolkning", "Varighed", "Pris"], ["Fremmøde", "1 time", "450 kr."], ["Video", "", "300 kr."], ["Telefon", "30 min", "200 kr."]], [(2, 1, 2, 2)]),
    ("p", "Kvitteringen ser sådan ud:"),
    ("img", "kvittering"),
    ("br", ["Tolkeservice", "Åbent 8-15", "tolk@example.dk"]),
]

REGISTRATION = [
    ("h", 1, "Registreringsfejl før indberetning til LPR"),
    ("p", "Ret fejlene på **fejllisten**, før de sendes til *Landspatientregistret*. Se også [Sundhedsdatastyrelsens vejledning](https://sundhedsdatastyrelsen.example/lpr)."),
    ("h", 2, "Daglig rutine"),
    ("ol", [
        ("Åbn fejllisten i Sundhedsplatformen.", [("ol", ["Sortér efter dato.", ("Vælg den ældste fejl.", [("ul", ["Læs fejlteksten.", "Find forløbet."])])])]),
        "Ret fejlen og gem.",
        "Markér fejlen som løst.",
    ]),
    ("h", 2, "Hyppige fejl"),
    ("table", [["Fejl", "Årsag", "Løsning"], ["Manglende henvisningsdato", "Henvisningen er oprettet manuelt", "Tilføj datoen"], ["Overlappende forløb", "To forløb på samme afsnit", "Luk det ene"], ["Forkert aktionsdiagnose", "Afventer lægen", ""]], [(3, 1, 3, 2)]),
    ("h", 2, "Kontakt"),
    ("br", ["LPR-support", "Lokal 4321"]),
    ("p", "Skærmbilledet af fejllisten:"),
    ("img", "fejlliste"),
]

IN_BASKET = [
    ("h", 1, "Påmind lægerne om In Basket"),
    ("p", "Ulæste svar i lægernes **In Basket** skal følges op hver fredag."),
    ("h", 2, "Fremgangsmåde"),
    ("ul", [("Træk rapporten over ulæste beskeder.", [("ul", ["Filtrér på afsnit.", "Gem som PDF."])]), "Send påmindelsen til hver læge."]),
    ("p", "Se [rapportvejledningen](https://intranet.example/rapporter) for detaljer."),
]

REFERRAL = [
    ("h", 1, "Modtagelse af henvisning"),
    ("p", "Nye henvisninger modtages pr. fax og registreres samme dag."),
    ("h", 2, "Trin"),
    ("ol", ["Åbn henvisningen.", "Opret forløbet.", "Send kvittering til patienten."]),
    ("p", "Spørg den visiterende læge ved tvivl."),
]

SECRET = [("h", 1, "Fortrolig vejledning"), ("p", "Denne vejledning er beskyttet med adgangskode.")]

WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=Generator content="Microsoft Word 15 (filtered)">
<title>Indkaldelse til samtale</title>
<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri",sans-serif;} --></style></head>
<body lang=DA style='tab-interval:65.2pt'>
<div class=WordSection1>
<p class=MsoTitle>Indkaldelse til samtale<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Patienten indkaldes med brev senest 14&nbsp;dage f&oslash;r samtalen.<o:p></o:p></p>
<h2>Brevet<o:p></o:p></h2>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>V&aelig;lg skabelonen <b>Indkaldelse</b>.<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Send brevet som <span style='mso-bidi-font-weight:bold'>e-Boks</span>-post.<o:p></o:p></p>
<p class=MsoNormal><span lang=DA style='mso-ansi-language:DA'>Sp&oslash;rgsm&aring;l: ring til sekretariatet.</span><o:p></o:p></p>
</div></body></html>
"""


def make_cases(out, work):
    fig = png()
    (out / ".figure.png").write_bytes(fig)
    to_docx(out / "Lukning af ambulant forløb.docx", "", close_course(1), fig, day("2021-03-01"))
    to_docx(out / "Lukning af ambulant forløb v2.docx", "", close_course(2), fig, day("2022-05-10"))
    to_docx(out / "Lukning af ambulant forløb - rettet.docx", "", close_course(3), fig, day("2023-01-15"))
    to_docx(out / "Bookning af tolk.docx", "", INTERPRETER, fig, day("2022-09-01"), comment=("videotolk", "Gælder det også for telefontolk?"))
    shutil.copy(out / "Bookning af tolk.docx", out / "Bookning af tolk - Kopi.docx")
    stamp(out / "Bookning af tolk - Kopi.docx", day("2022-09-02"))

    jobs = [
        lo_job(work, out / "Registreringsfejl før indberetning til LPR.docx", "Registreringsfejl før indberetning til LPR", REGISTRATION, fig, "2023-04-03", "docx"),
        # Tracked changes in ODF: " hver fredag" deleted, " hver mandag" inserted before it.
        lo_job(work, out / "Påmind lægerne om In Basket.odt", "Påmind lægerne om In Basket", IN_BASKET, fig, "2023-06-12", "odt",
               track=[["delete", " hver fredag"], ["insert_after", "følges op", " hver mandag"]]),
        lo_job(work, out / "Modtagelse af henvisning.docx", "Modtagelse af henvisning", REFERRAL, fig, "2023-08-21", "docx",
               track=[["delete", " pr. fax"], ["insert_after", "modtages", " elektronisk"]],
               comment=["Opret forløbet.", "Husk at vælge det rigtige afsnit."]),
        lo_job(work, out / "Fortrolig vejledning.docx", "Fortrolig vejledning", SECRET, fig, "2023-01-01", "docx", password="hemmelig"),
        lo_job(work, out / "Fortrolig vejledning 2.odt", "Fortrolig vejledning 2", SECRET, fig, "2023-01-01", "odt", password="hemmelig"),
        lo_job(work, out / "Gammel vejledning.pdf", "Gammel vejledning", SECRET, fig, "2019-01-01", "pdf"),
        lo_job(work, out / "Skema.doc", "Skema", SECRET, fig, "2019-01-01", "doc"),
    ]
    run_libreoffice(jobs, work)

    # A Word file cut short in the middle: its zip directory is gone.
    whole = (out / "Registreringsfejl før indberetning til LPR.docx").read_bytes()
    (out / "Ødelagt vejledning.docx").write_bytes(whole[: len(whole) // 2])
    stamp(out / "Ødelagt vejledning.docx", day("2023-04-04"))

    (out / "Indkaldelse til samtale.htm").write_text(WORD_HTML, encoding="utf-8")
    stamp(out / "Indkaldelse til samtale.htm", day("2020-11-05"))
    (out / "Telefonliste.md").write_text(
        "# Telefonliste\n\nVigtige numre for sekretærerne.\n\n- Portøren: 1234\n- IT-support: 5678\n", encoding="utf-8")
    stamp(out / "Telefonliste.md", day("2020-02-14"))
    (out / "Noter om scanning.txt").write_text(
        "Noter om scanning\n\nPapirhenvisninger scannes samme dag.\nOriginalen makuleres efter 30 dage.\n\nSpørg Birthe ved problemer.\n",
        encoding="utf-8")
    stamp(out / "Noter om scanning.txt", day("2020-03-20"))
    (out / "logo.png").write_bytes(fig)
    (out / ".figure.png").unlink()


# ----------------------------------------------------------------------------- the sample


def make_sample(out, work):
    fig = png(rgb=(20, 90, 160))
    (out / ".figure.png").write_bytes(fig)
    amb = out / "Ambulante forløb"
    lpr = out / "LPR og registrering"
    sp = out / "Sundhedsplatformen"
    for d in (amb, lpr, sp):
        d.mkdir(parents=True, exist_ok=True)
    shutil.copy(out / ".figure.png", amb / ".figure.png")
    shutil.copy(out / ".figure.png", sp / ".figure.png")
    to_docx(amb / "Lukning af ambulant forløb.docx", "", close_course(1), fig, day("2021-03-01"))
    to_docx(amb / "Lukning af ambulant forløb v2.docx", "", close_course(2), fig, day("2022-05-10"))
    to_docx(amb / "Lukning af ambulant forløb v2 - Kopi.docx", "", close_course(2), fig, day("2022-05-10"))
    to_docx(sp / "Bookning af tolk.docx", "", INTERPRETER, fig, day("2022-09-01"))
    to_docx(out / "Booking an interpreter.docx", "Booking an interpreter", [
        ("boldline", "Before you book"),
        ("p", "Check the patient's language in the record. Book at least **two working days** ahead."),
        ("boldline", "Steps"),
        ("ol", ["Call the interpreter service.", ("Give the patient's details:", [("ul", ["CPR number", "language", "time and place"])]), "Write the interpreter's name in the appointment."]),
        ("p", "Questions? Ask the team leader."),
    ], fig, day("2023-02-01"), core_title=True)
    to_docx(amb / "Discharge letter checklist.docx", "", [
        ("h", 1, "Discharge letter checklist"),
        ("p", "Use this list before a discharge letter is sent to the GP."),
        ("ul", ["The diagnosis is coded.", "Medication is listed.", "Follow-up is booked or *not needed* is written."]),
        ("table", [["Who", "Does what"], ["Doctor", "Writes and signs the letter"], ["Secretary", "Checks the list and sends it"]], []),
    ], fig, day("2022-11-15"))

    registration_v2 = [b if b[0] != "p" or "fejllisten" not in b[1] else ("p", b[1] + " Fejl skal være rettet inden den 10. i måneden.") for b in REGISTRATION]
    jobs = [
        lo_job(work, lpr / "Ret registreringsfejl før LPR.docx", "Ret registreringsfejl før LPR", REGISTRATION, fig, "2022-01-10", "docx"),
        lo_job(work, lpr / "Ret registreringsfejl før LPR - opdateret.docx", "Ret registreringsfejl før LPR", registration_v2, fig, "2023-03-01", "docx"),
        lo_job(work, lpr / "Fejllister fra LPR.odt", "Fejllister fra LPR", [
            ("h", 1, "Fejllister fra LPR"),
            ("p", "LPR sender fejllister hver nat. Hver fejl skal have en ejer."),
            ("ol", ["Fordel fejlene efter afsnit.", "Skriv initialer ved hver fejl.", "Følg op om fredagen."]),
        ], fig, "2022-06-01", "odt"),
        lo_job(work, sp / "Påmind lægerne om In Basket.odt", "Påmind lægerne om In Basket", IN_BASKET, fig, "2023-06-12", "odt"),
        lo_job(work, sp / "In Basket reminders for doctors.docx", "In Basket reminders for doctors", [
            ("h", 1, "In Basket reminders for doctors"),
            ("p", "Every Friday, remind doctors of unread results in their **In Basket**."),
            ("h", 2, "How"),
            ("ol", ["Run the report *Unread results*.", "Send each doctor their list.", "Note who was reminded."]),
            ("p", "See the [report guide](https://intranet.example/reports)."),
        ], fig, "2023-05-02", "docx"),
        lo_job(work, amb / "Oprettelse af ambulant forløb.docx", "Oprettelse af ambulant forløb", [
            ("h", 1, "Oprettelse af ambulant forløb"),
            ("p", "Et ambulant forløb oprettes, når henvisningen er visiteret."),
            ("h", 2, "Trin"),
            ("ol", ["Vælg patienten.", "Opret forløbet med den rigtige **forløbsmarkør**.", "Book første besøg."]),
        ], fig, "2021-09-09", "docx"),
        lo_job(work, out / "Gammel blanket.pdf", "Gammel blanket", SECRET, fig, "2018-05-05", "pdf"),
    ]
    run_libreoffice(jobs, work)

    (out / "Sådan bestiller du journalkopi.htm").write_text(WORD_HTML.replace("Indkaldelse til samtale", "Sådan bestiller du journalkopi"), encoding="utf-8")
    stamp(out / "Sådan bestiller du journalkopi.htm", day("2020-11-05"))
    (out / "Telefonliste.md").write_text("# Telefonliste\n\nVigtige numre.\n\n- Portøren: 1234\n- IT-support: 5678\n", encoding="utf-8")
    stamp(out / "Telefonliste.md", day("2020-02-14"))
    for d in (out, amb, sp):
        (d / ".figure.png").unlink()


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("cases", "sample"):
        raise SystemExit(__doc__)
    out = Path(sys.argv[2]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="redthread-docs-") as work:
        (make_cases if sys.argv[1] == "cases" else make_sample)(out, Path(work))


if __name__ == "__main__":
    main()
