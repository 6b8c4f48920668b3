#!/usr/bin/env python3
"""Pages a transaction writes, by table or index: reads the frame headers of DB's write-ahead log
and names each frame's page from SQLite's dbstat.

    bench/wal_pages.py DB

Copy DB and DB-wal aside first (after kill -9 of the server, so that nothing checkpoints them
away). The WAL's older generations, left behind its current header, count too: a frame's page is
named by what it holds now."""
import collections
import sqlite3
import struct
import sys


def main(db):
    wal = open(db + "-wal", "rb").read()
    page_size = struct.unpack(">I", wal[8:12])[0]
    frames, commits, offset = [], 0, 32
    while offset + 24 + page_size <= len(wal):
        page, db_size = struct.unpack(">II", wal[offset:offset + 8])
        frames.append(page)
        commits += db_size != 0  # a commit's last frame holds the database's size
        offset += 24 + page_size
    owner = dict((page, name) for name, page in
                 sqlite3.connect(db).execute("SELECT name, pageno FROM dbstat"))
    count = collections.Counter(owner.get(page, "(free)") for page in frames)
    print(f"{len(frames)} frames, {commits} commits, {len(frames) / max(commits, 1):.1f} a commit")
    for name, n in count.most_common():
        print(f"{n / max(commits, 1):8.2f}  {name}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
