#!/usr/bin/python3
"""LibreOffice Writer over UNO, for tests/import/make_docs.py (run with Debian's python3,
which has `python3-uno`).

    /usr/bin/python3 tests/import/lo_docs.py JOBS.json

Each job: {"html": in, "out": out, "format": "docx"|"odt"|"doc"|"pdf", "date": "YYYY-MM-DD",
"title": ..., optional "password": ..., "track": [["delete", text] | ["insert_after", text, new]],
"comment": [text to comment on, comment]}. LibreOffice opens the HTML as a Writer document,
embeds its pictures, records the tracked changes, adds the comment and saves in the format.
One headless LibreOffice with a private profile serves all jobs.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import NamedValue, PropertyValue

FILTERS = {"docx": "MS Word 2007 XML", "odt": "writer8", "doc": "MS Word 97", "pdf": "writer_pdf_Export"}


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def named(name, value):
    v = NamedValue()
    v.Name = name
    v.Value = value
    return v


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    last = None
    for _ in range(200):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception as e:  # not listening yet
            last = e
            time.sleep(0.25)
    raise SystemExit(f"LibreOffice did not start: {last}")


def find(doc, text):
    sd = doc.createSearchDescriptor()
    sd.SearchString = text
    found = doc.findFirst(sd)
    if found is None:
        raise SystemExit(f"text not found in document: {text!r}")
    return found


def run(job, desktop):
    url = uno.systemPathToFileUrl(job["html"])
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True), prop("FilterName", "HTML (StarWriter)")))
    doc.DocumentProperties.Title = job["title"]
    y, m, d = (int(x) for x in job["date"].split("-"))
    when = uno.createUnoStruct("com.sun.star.util.DateTime")
    when.Year, when.Month, when.Day, when.Hours = y, m, d, 9
    doc.DocumentProperties.CreationDate = when
    doc.DocumentProperties.ModificationDate = when
    doc.DocumentProperties.Author = "Sekretariatet"
    if job.get("track"):
        doc.RecordChanges = True
        for op in job["track"]:
            if op[0] == "delete":
                find(doc, op[1]).setString("")
            elif op[0] == "insert_after":
                r = find(doc, op[1])
                r.getText().insertString(r.getEnd(), op[2], False)
        doc.RecordChanges = False
        # Each change still records the clock in its change info (LibreOffice ignores a
        # set RedlineDateTime); import reads no change dates, so the import stays the same.
    if job.get("comment"):
        target, text = job["comment"]
        r = find(doc, target)
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author = "Birthe"
        note.Content = text
        note.Date = uno.createUnoStruct("com.sun.star.util.Date")
        r.getText().insertTextContent(r, note, True)
    # LibreOffice stamps a modified document with the clock when it saves (dc:date in ODF,
    # dcterms:modified in Word's format). The job's date, set again and the document marked
    # unmodified, is what gets saved, so a run today gives the same fixture as a run next year.
    doc.DocumentProperties.ModificationDate = when
    doc.setModified(False)
    args = [prop("FilterName", FILTERS[job["format"]]), prop("Overwrite", True)]
    if job.get("password"):
        # ODF takes the password as it is. Word's format needs it as encryption data: a
        # compound file around the encrypted zip, as Word writes. LibreOffice 7.4 fails
        # on its default (agile) encryption, so ECMA-376 standard encryption is asked for.
        if job["format"] == "docx":
            data = (named("OOXPassword", job["password"]), named("CryptoType", "Standard"))
            args.append(prop("EncryptionData", uno.Any("[]com.sun.star.beans.NamedValue", data)))
        else:
            args.append(prop("Password", job["password"]))
    uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(job["out"]), tuple(args)))
    doc.close(True)


def main():
    jobs = json.load(open(sys.argv[1], encoding="utf-8"))
    profile = tempfile.mkdtemp(prefix="redthread-lo-")
    pipe = f"redthread_import_{os.getpid()}"
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    proc = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for job in jobs:
            run(job, desktop)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge closes as LibreOffice quits
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
