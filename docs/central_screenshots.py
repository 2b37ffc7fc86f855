"""Make the README's pictures of the central office: the XLSX export as LibreOffice Calc
renders it, and the window opened on a central file showing a conflict.

    python docs/central_screenshots.py [--out docs]

Needs LibreOffice Calc (Debian: ``apt-get install libreoffice-calc``), ``pdftoppm`` and
``pdftotext`` (poppler-utils) and a CJK font (fonts-noto-cjk). The workbook is converted
to PDF by ``soffice --headless`` and the page holding the corrected cell is turned into a
PNG; the window is drawn offscreen (QT_QPA_PLATFORM=offscreen) and grabbed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "sample_issues" / "002_7bba585c8c284dc6.txt"


def _stores(work: Path) -> tuple[Path, str, list[Path]]:
    from proofreader.corrections import SetCell
    from proofreader.store import open_store

    base = work / "base.sqlite"
    with open_store(str(base)) as s:
        iid = s.import_file(str(SEED), "import").issue_id
    exports = []
    for name, value, reason in (("张三", "90", "原件为 90"), ("李四", "95", "")):
        path = work / f"{name}.sqlite"
        shutil.copy(base, path)
        with open_store(str(path)) as s:
            t = s.table(iid, "t3")
            row = next(r for r in t.rows if "河南黄河旋风股份有限公司" in r.cells)
            s.apply(iid, SetCell("t3", row.key, 3, "100", value), name, reason)
            if name == "张三":
                other = next(r for r in t.rows if "许昌许继风电科技有限公司" in r.cells or r.key == "L717")
                s.apply(iid, SetCell("t3", other.key, 2, other.cells[2], other.cells[2] + "（核）"), name, "名称核对")
            s.export(str(work / f"{name}-2024-05.sqlite"))
        exports.append(work / f"{name}-2024-05.sqlite")
    return work / "张三.sqlite", iid, exports


def xlsx_picture(store: Path, iid: str, out: Path, work: Path) -> None:
    from proofreader.store import open_store

    xlsx = work / "张三-t3.xlsx"
    with open_store(str(store)) as s:
        s.export(None, xlsx=str(xlsx), issue_id=iid, table_id="t3")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    pdf = xlsx.with_suffix(".pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    page = next(k for k, text in enumerate(pages, 1) if "河南黄河旋风" in text)
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True, timeout=120)
    print(out)


def window_picture(exports: list[Path], out: Path, work: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from proofreader.gui.app import open_window
    from proofreader.gui.settings import Settings
    from proofreader.store import merge_exports

    central = work / "central.sqlite"
    merge_exports(str(central), [str(p) for p in exports])
    settings = Settings(str(work / "settings.ini"))
    settings.operator = "王主任"
    app = QApplication.instance() or QApplication([])
    window = open_window(str(central), settings, lang="zh")
    done = []
    window.issue_shown.connect(lambda *a: done.append(True))
    while not done:
        app.processEvents()
    window.resize(1500, 860)
    for _ in range(20):
        app.processEvents()
    window.show_table("t3")
    conflict = next(f for f in window.session.findings("t3") if f.rule == "conflict")
    window.go_to_finding(conflict) if hasattr(window, "go_to_finding") else None
    for _ in range(50):
        app.processEvents()
    window.grab().save(str(out))
    print(out)
    window.close()
    window.store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "docs"))
    args = ap.parse_args()
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["PROOFREADER_KEY_FILE"] = str(work / "signing.key")
        store, iid, exports = _stores(work)
        xlsx_picture(store, iid, out / "xlsx-in-calc.png", work)
        window_picture(exports, out / "central-window.png", work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
