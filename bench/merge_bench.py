"""The central merge at scale: N exports of the four sample issues into one central file,
and one more export into central files already holding 25, 50, 100 … N of them.

Setup (not timed): one store with the four samples, exported once; N proofreaders'
exports are made from it by adding three cell corrections each (random amounts of seed
002's award list, so many of them conflict), signed with the bench installation's key.
They are kept in ``--dir`` (default ``bench/.merge-cache``) for the next run.

Timed, each merge in its own process (``python -m proofreader merge``) so that its peak
memory (``ru_maxrss`` of the child) is its own:

* building the central file in batches of 25 exports (the sum is the time to merge N);
* merging one more export into a copy of the central file holding 25, 50, 100 … N: the
  growth exponent b of time ~ n^b (it must stay near 0 to 1: not beyond log-linear).

``python bench/merge_bench.py [--exports 200] [--dir FOLDER]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proofreader.store import open_store, signing  # noqa: E402
from proofreader.store.export_format import digest  # noqa: E402
from proofreader.store.export_read import read_export  # noqa: E402

BATCH = 25


def _base_export(folder: Path) -> Path:
    out = folder / "base-export.sqlite"
    if out.exists():
        return out
    store = open_store(str(folder / "base.sqlite"))
    for f in sorted((ROOT / "sample_issues").glob("*.txt")):
        store.import_file(str(f))
    store.export(str(out))
    store.close()
    return out


def _make_exports(folder: Path, n: int) -> list[Path]:
    """N exports, each a proofreader with three cell corrections on seed 002's award list."""
    paths = [folder / f"p{i:04d}.sqlite" for i in range(n + 1)]
    if all(p.exists() for p in paths):
        return paths
    base = _base_export(folder)
    key = signing.installation_key()
    data = read_export(str(base), {signing.key_id(key): key}).data
    award = next(t for t in data.tables["parsed_tables"] if "奖励企业名单" in t["title"])
    iid, tid = award["issue_id"], award["table_id"]
    amount = json.loads(award["meta"])["roles"]["amount"]
    cells = [c for c in data.tables["cells"] if c["issue_id"] == iid and c["table_id"] == tid
             and c["column_index"] == amount and (c["original"] or "").isdigit()]
    rng = random.Random(13)
    started = time.perf_counter()
    for i, path in enumerate(paths):
        if path.exists():
            continue
        person = f"校对员{i:03d}"
        chosen = rng.sample(cells, 3)
        audit, changed = [], {}
        for j, c in enumerate(chosen):
            new = str(int(c["original"]) + rng.choice([-10, -5, 5, 10]))
            payload = {"table_id": tid, "row_key": c["row_key"], "column": amount, "old": c["original"], "new": new,
                       "kind": "set_cell"}
            audit.append({"uuid": uuid.uuid4().hex, "seq": j + 1, "issue_id": iid, "table_id": tid, "kind": "set_cell",
                          "action": "do", "target_uuid": None,
                          "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                          "old_value": json.dumps(c["original"], ensure_ascii=False),
                          "new_value": json.dumps(new, ensure_ascii=False), "operator": person,
                          "at": f"2026-11-{1 + i % 28:02d}T10:{j:02d}:00+00:00", "reason": ""})
            changed[(c["row_key"], amount)] = new
        tables = dict(data.tables)
        tables["audit"] = audit
        tables["cells"] = [dict(c, corrected=changed[(c["row_key"], amount)])
                           if c["issue_id"] == iid and c["table_id"] == tid and (c["row_key"], c["column_index"]) in changed
                           else c for c in data.tables["cells"]]
        rows_changed = {k for k, _c in changed}
        tables["table_rows"] = [dict(r, state="corrected") if r["issue_id"] == iid and r["table_id"] == tid
                                and r["row_key"] in rows_changed else r for r in data.tables["table_rows"]]
        info = dict(data.info, exported_at=f"2026-11-25T12:00:{i % 60:02d}+00:00", source_store=f"{person}.sqlite",
                    operators=json.dumps([person], ensure_ascii=False))
        d = digest(info, tables)
        info["digest_sha256"], info["signature_hmac"] = d, signing.sign(key, d)
        tmp = path.with_suffix(".part")
        shutil.copy(base, tmp)
        conn = sqlite3.connect(tmp)
        conn.executemany("INSERT INTO audit (uuid, seq, issue_id, table_id, kind, action, target_uuid, payload, "
                         "old_value, new_value, operator, at, reason) VALUES (:uuid, :seq, :issue_id, :table_id, :kind, "
                         ":action, :target_uuid, :payload, :old_value, :new_value, :operator, :at, :reason)", audit)
        for (row_key, col), new in changed.items():
            conn.execute("UPDATE cells SET corrected = ? WHERE issue_id = ? AND table_id = ? AND row_key = ? AND "
                         "column_index = ?", (new, iid, tid, row_key, col))
            conn.execute("UPDATE table_rows SET state = 'corrected' WHERE issue_id = ? AND table_id = ? AND row_key = ?",
                         (iid, tid, row_key))
        conn.executemany("UPDATE export_info SET value = ? WHERE key = ?", [(v, k) for k, v in info.items()])
        conn.commit()
        conn.close()
        os.replace(tmp, path)
        if i % 25 == 0:
            print(f"  made {i + 1}/{len(paths)} exports ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    return paths


def _merge(central: Path, exports: list[Path]) -> tuple[float, float, int]:
    """One `proofreader merge` process: (seconds, peak RSS in MiB, exit code)."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "rc = subprocess.run([sys.executable, '-m', 'proofreader', 'merge', '--into'] + sys.argv[1:],"
            " stdout=subprocess.DEVNULL, stderr=sys.stderr).returncode\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n")
    res = subprocess.run([sys.executable, "-c", code, str(central)] + [str(p) for p in exports],
                         capture_output=True, text=True, cwd=ROOT, env=dict(os.environ), check=True)
    secs, rss, rc = res.stdout.split()
    if rc not in ("0", "1"):
        raise RuntimeError(f"merge failed: {res.stderr.strip()}")
    return float(secs), int(rss) / 1024, int(rc)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--exports", type=int, default=200)
    ap.add_argument("--dir", default=str(ROOT / "bench" / ".merge-cache"))
    args = ap.parse_args(argv)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PROOFREADER_KEY_FILE"] = str(folder / "signing.key")
    n = args.exports
    exports = _make_exports(folder, n)
    extra, exports = exports[-1], exports[:-1]
    work = folder / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    central = work / "central.sqlite"
    total, peak = 0.0, 0.0
    sizes = sorted({s for s in (25, 50, 100, 200, 400, 800) if s < n} | {n})
    snapshots: dict[int, Path] = {}
    done = 0
    print(f"merging {n} exports of the four samples ({os.path.getsize(exports[0]) / 1e6:.1f} MB each) "
          f"in batches of {BATCH}", flush=True)
    while done < n:
        batch = exports[done:done + BATCH]
        secs, rss, rc = _merge(central, batch)
        total += secs
        peak = max(peak, rss)
        done += len(batch)
        print(f"  {done:4d} merged: batch {secs:6.1f} s, peak {rss:5.0f} MiB, exit {rc}", flush=True)
        if done in sizes:
            snap = work / f"central-{done}.sqlite"
            shutil.copy(central, snap)
            snapshots[done] = snap
    print(f"merge {n} exports: {total:.1f} s in all ({total / n:.2f} s an export), peak memory {peak:.0f} MiB; "
          f"central file {os.path.getsize(central) / 1e6:.1f} MB")
    one: dict[int, float] = {}
    for size, snap in sorted(snapshots.items()):
        trial = work / "trial.sqlite"
        shutil.copy(snap, trial)
        secs, rss, rc = _merge(trial, [extra])
        one[size] = secs
        print(f"merge one more into a central file holding {size:4d}: {secs:5.2f} s, peak {rss:4.0f} MiB")
    if len(one) >= 2:
        xs, ys = [math.log(k) for k in one], [math.log(v) for v in one.values()]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"growth of 'one more' with the number already merged: time ~ n^{b:.2f}")
    conn = sqlite3.connect(central)
    conflicts = conn.execute("SELECT count(*) FROM conflicts WHERE open = 1").fetchone()[0]
    active = conn.execute("SELECT count(*) FROM central_contributions WHERE active = 1").fetchone()[0]
    conn.close()
    print(f"central file: {conflicts} open conflicts, {active} active contributions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
