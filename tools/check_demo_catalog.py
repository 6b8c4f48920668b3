#!/usr/bin/env python3
"""Checks the DEMO catalog in assets/demo-catalog/ (or OUTPUT_DIR): the file format of
docs/catalog.md, every cross-reference, and the shape of the hall's 2019 annual report
(9 zones, 61 departments, 8 of them new in 2019 with 189 items, 1,171 items, 108 of them
high-frequency, 257 staff, 4 agency windows, 30 enterprise packages in 15 categories).

    python3 tools/check_demo_catalog.py [OUTPUT_DIR] [--quick]

Every staff PIN hash is verified against the demo PIN 1234 (with libsodium, as the server
does, when libsodium is installed; else with the argon2 command-line tool); --quick verifies
only a few. Python 3 standard library only. Exits non-zero on the first failed check.
"""

import base64
import csv
import ctypes
import ctypes.util
import datetime
import io
import os
import re
import shutil
import subprocess
import sys

DEMO_PIN = "1234"
PIN_PREFIX = "$argon2id$v=19$m=65536,t=2,p=1$"
CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
PRIORITY_CLASSES = {"elderly", "disabled", "military", "appointment"}
COLUMNS = {
    "hall.csv": ["key", "value"],
    "zones.csv": ["code", "name", "prefix"],
    "departments.csv": ["code", "name", "zone", "stationed_on"],
    "items.csv": ["code", "name", "department", "high_frequency", "time_limit_days", "materials",
                  "guide_url", "stationed_on"],
    "queues.csv": ["code", "name", "zone", "prefix", "target_wait_min", "service_min",
                   "priority_classes"],
    "queue_items.csv": ["queue", "item"],
    "windows.csv": ["number", "name", "zone", "queues", "rule", "serve_first", "agency"],
    "staff.csv": ["id", "name", "department", "pin"],
    "packages.csv": ["code", "name", "category"],
    "package_items.csv": ["package", "item"],
}


def fail(message):
    sys.exit("check_demo_catalog: FAILED: " + message)


def check(condition, message):
    if not condition:
        fail(message)


def read(directory, name):
    path = os.path.join(directory, name)
    check(os.path.isfile(path), "%s is missing" % path)
    raw = open(path, "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), "%s: no UTF-8 byte-order mark" % name)
    check(raw.count(b"\n") == raw.count(b"\r\n") and raw.endswith(b"\r\n"),
          "%s: line ends are not all CRLF" % name)
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(rows and rows[0] == COLUMNS[name],
          "%s: header %r, expected %r" % (name, rows[0] if rows else None, COLUMNS[name]))
    out = []
    for n, row in enumerate(rows[1:], 2):
        check(len(row) == len(rows[0]), "%s:%d: %d fields, expected %d" % (name, n, len(row),
                                                                           len(rows[0])))
        out.append(dict(zip(rows[0], row)))
    return out


def codes(name, rows, key="code"):
    seen = set()
    for r in rows:
        check(CODE.match(r[key]), "%s: bad code %r" % (name, r[key]))
        check(r[key] not in seen, "%s: duplicate code %r" % (name, r[key]))
        seen.add(r[key])
    return {r[key]: r for r in rows}


def date(name, text):
    check(re.match(r"^\d{4}-\d{2}-\d{2}$", text), "%s: bad date %r" % (name, text))
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        fail("%s: bad date %r" % (name, text))


def split_list(text):
    return [x.strip() for x in re.split(r"[;；]", text) if x.strip()] if text.strip() else []


def boolean(name, text):
    check(text in ("yes", "no"), "%s: boolean %r is not yes/no" % (name, text))
    return text == "yes"


def pin_verifier():
    path = ctypes.util.find_library("sodium")
    if path:
        sodium = ctypes.CDLL(path)
        check(sodium.sodium_init() >= 0, "sodium_init failed")
        verify = sodium.crypto_pwhash_str_verify
        verify.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulonglong]
        return "libsodium", lambda h: verify(h.encode(), DEMO_PIN.encode(), len(DEMO_PIN)) == 0
    argon2 = shutil.which("argon2")
    check(argon2, "neither libsodium nor the argon2 tool is installed to verify the PINs")

    def by_cli(h):
        salt_b64 = h.split("$")[4]
        salt = base64.b64decode(salt_b64 + "=" * (-len(salt_b64) % 4))
        out = subprocess.run([argon2, salt.decode(), "-id", "-t", "2", "-m", "16", "-p", "1", "-e"],
                             input=DEMO_PIN.encode(), capture_output=True, check=True)
        return out.stdout.decode().strip() == h
    return "argon2 tool", by_cli


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    directory = args[0] if args else os.path.join(os.path.dirname(here), "assets", "demo-catalog")
    extra = sorted(set(f for f in os.listdir(directory) if f.endswith(".csv")) - set(COLUMNS))
    check(not extra, "unknown CSV files: %s" % extra)
    report = []

    # hall ---------------------------------------------------------------------------------------
    hall = {r["key"]: r["value"] for r in read(directory, "hall.csv")}
    check(hall == {"name": "示例县市民服务大厅（演示数据）", "time_zone": "Asia/Shanghai",
                   "opens": "08:30", "closes": "17:30", "day_close": "23:59",
                   "recall_limit": "2", "demo": "yes"}, "hall.csv: %r" % hall)

    # zones --------------------------------------------------------------------------------------
    zones = codes("zones.csv", read(directory, "zones.csv"))
    check(len(zones) == 9, "%d zones, expected 9" % len(zones))
    prefixes = [z["prefix"] for z in zones.values()]
    check(all(re.match(r"^[A-Z]$", p) for p in prefixes) and len(set(prefixes)) == len(prefixes),
          "zone prefixes must be unique single capital letters: %s" % prefixes)
    zone_names = [z["name"] for z in zones.values()]
    for needed in ("社会民生服务专区", "商事服务专区", "建设项目审批服务专区"):
        check(needed in zone_names, "the report's zone %s is missing" % needed)
    report.append("zones %d" % len(zones))

    # departments --------------------------------------------------------------------------------
    departments = codes("departments.csv", read(directory, "departments.csv"))
    check(len(departments) == 61, "%d departments, expected 61" % len(departments))
    check(len(set(d["name"] for d in departments.values())) == 61, "department names repeat")
    dept_date = {}
    for code, d in departments.items():
        check(d["zone"] in zones, "department %s: unknown zone %s" % (code, d["zone"]))
        dept_date[code] = date("department " + code, d["stationed_on"])
        check(datetime.date(2015, 1, 1) <= dept_date[code] <= datetime.date(2019, 12, 31),
              "department %s stationed on %s, outside 2015-2019" % (code, dept_date[code]))
    new = {c for c, day in dept_date.items() if day.year == 2019}
    check(len(new) == 8, "%d departments stationed in 2019, expected 8" % len(new))
    new_names = " ".join(departments[c]["name"] for c in new)
    for words in (("运输管理所", "运管所"), ("税务局",), ("残疾人联合会", "残联"), ("烟草",),
                  ("交通警察", "交警")):
        check(any(w in new_names for w in words),
              "the report's new 2019 department %s is not among the 2019 ones" % words[0])
    report.append("departments %d (%d stationed in 2019)" % (len(departments), len(new)))

    # items --------------------------------------------------------------------------------------
    items = codes("items.csv", read(directory, "items.csv"))
    check(len(items) == 1171, "%d items, expected 1171" % len(items))
    check(len(set(i["name"] for i in items.values())) == len(items), "item names repeat")
    high = 0
    new_items = 0
    items_of = {c: 0 for c in departments}
    for code, it in items.items():
        where = "item " + code
        check(it["name"].strip(), where + ": empty name")
        check(it["department"] in departments, where + ": unknown department")
        check(code.startswith(it["department"] + "-"), where + ": code is not its department's")
        items_of[it["department"]] += 1
        hf = boolean(where, it["high_frequency"])
        high += hf
        check(re.match(r"^\d+$", it["time_limit_days"]), where + ": bad time_limit_days")
        days = int(it["time_limit_days"])
        check(0 <= days <= 20, where + ": time_limit_days %d not in 0-20" % days)
        materials = split_list(it["materials"])
        check(2 <= len(materials) <= 5, where + ": %d materials, expected 2-5" % len(materials))
        check(len(set(materials)) == len(materials), where + ": a material repeats")
        if hf:
            check(it["guide_url"], where + ": a high-frequency item needs a guide_url")
        if it["guide_url"]:
            check(it["guide_url"] == "https://guide.example.gov.cn/items/" + code,
                  where + ": guide_url %r" % it["guide_url"])
        day = date(where, it["stationed_on"])
        check(day >= dept_date[it["department"]], where + ": stationed before its department")
        if it["department"] in new:
            check(day.year == 2019, where + ": a 2019 department's item not stationed in 2019")
        else:
            check(day.year <= 2018, where + ": an earlier department's item stationed in %d" %
                  day.year)
        new_items += day.year == 2019
    check(high == 108, "%d high-frequency items, expected 108" % high)
    in_new = sum(items_of[c] for c in new)
    check(in_new == 189, "the 2019 departments hold %d items, expected 189" % in_new)
    check(new_items == 189, "%d items stationed in 2019, expected 189" % new_items)
    check(all(items_of.values()), "a department has no items")
    report.append("items %d (%d high-frequency; %d in the 2019 departments, all stationed in "
                  "2019)" % (len(items), high, in_new))

    # queues -------------------------------------------------------------------------------------
    queues = codes("queues.csv", read(directory, "queues.csv"))
    check(20 <= len(queues) <= 26, "%d queues, expected 20-26" % len(queues))
    qprefixes = [q["prefix"] for q in queues.values()]
    check(all(re.match(r"^[A-Z]$", p) for p in qprefixes) and len(set(qprefixes)) == len(qprefixes),
          "queue prefixes must be unique single capital letters")
    all_four = 0
    restricted = 0
    for code, q in queues.items():
        check(q["zone"] in zones, "queue %s: unknown zone" % code)
        check(15 <= int(q["target_wait_min"]) <= 30, "queue %s: target_wait_min" % code)
        check(4 <= int(q["service_min"]) <= 15, "queue %s: service_min" % code)
        classes = split_list(q["priority_classes"])
        check(set(classes) <= PRIORITY_CLASSES and len(set(classes)) == len(classes),
              "queue %s: priority classes %r" % (code, classes))
        all_four += set(classes) == PRIORITY_CLASSES
        restricted += set(classes) <= {"appointment"}
    check(all_four * 3 >= len(queues) * 2, "most queues should allow all four priority classes")
    check(restricted >= 1, "no queue allows only appointments or no priority at all")
    agency_queues = [c for c, q in queues.items() if q["name"] == "综合代办"]
    check(len(agency_queues) == 1, "exactly one queue 综合代办 expected")
    agency_queue = agency_queues[0]
    agency_zone = queues[agency_queue]["zone"]

    # packages -----------------------------------------------------------------------------------
    packages = codes("packages.csv", read(directory, "packages.csv"))
    check(len(packages) == 30, "%d packages, expected 30" % len(packages))
    check(len(set(p["name"] for p in packages.values())) == 30, "package names repeat")
    categories = {}
    for p in packages.values():
        categories[p["category"]] = categories.get(p["category"], 0) + 1
    check(len(categories) == 15 and set(categories.values()) == {2},
          "expected 15 categories of 2 packages each: %r" % categories)
    package_items = {c: [] for c in packages}
    pairs = set()
    for r in read(directory, "package_items.csv"):
        check(r["package"] in packages, "package_items: unknown package %s" % r["package"])
        check(r["item"] in items, "package_items: unknown item %s" % r["item"])
        check((r["package"], r["item"]) not in pairs, "package_items: pair repeats %r" % r)
        pairs.add((r["package"], r["item"]))
        package_items[r["package"]].append(r["item"])
    for code, members in package_items.items():
        check(2 <= len(members) <= 6, "package %s has %d items, expected 2-6" % (code, len(members)))
        depts = {items[i]["department"] for i in members}
        check(len(depts) >= 2, "package %s: items of one department only" % code)
    in_packages = {i for members in package_items.values() for i in members}
    report.append("packages %d in %d categories (%d package_items rows, %d distinct items)" % (
        len(packages), len(categories), len(pairs), len(in_packages)))

    # queue items --------------------------------------------------------------------------------
    queue_items = {c: set() for c in queues}
    item_queues = {c: set() for c in items}
    for r in read(directory, "queue_items.csv"):
        check(r["queue"] in queues, "queue_items: unknown queue %s" % r["queue"])
        check(r["item"] in items, "queue_items: unknown item %s" % r["item"])
        check(r["item"] not in queue_items[r["queue"]], "queue_items: pair repeats %r" % r)
        queue_items[r["queue"]].add(r["item"])
        item_queues[r["item"]].add(r["queue"])
        if r["queue"] != agency_queue:
            dept_zone = departments[items[r["item"]]["department"]]["zone"]
            check(queues[r["queue"]]["zone"] == dept_zone,
                  "queue_items: item %s is in queue %s of another zone" % (r["item"], r["queue"]))
    for code, qs in item_queues.items():
        check(qs, "item %s is in no queue" % code)
    check(in_packages <= queue_items[agency_queue],
          "the agency queue lacks package items: %s" % sorted(in_packages - queue_items[agency_queue]))
    for code, members in queue_items.items():
        check(members, "queue %s has no items" % code)

    # windows ------------------------------------------------------------------------------------
    windows = read(directory, "windows.csv")
    numbers = [int(w["number"]) for w in windows]
    check(numbers == list(range(1, len(windows) + 1)), "windows are not numbered 1..N")
    check(80 <= len(windows) <= 110, "%d windows, expected 80-110" % len(windows))
    rules = {"strict": 0, "interleave": 0, "weighted": 0}
    serve_first = 0
    agency_windows = []
    served = set()
    for w in windows:
        where = "window %s" % w["number"]
        check(w["name"].startswith(w["number"] + "号窗口 "), where + ": name %r" % w["name"])
        check(w["zone"] in zones, where + ": unknown zone")
        qs = split_list(w["queues"])
        check(1 <= len(qs) <= 3 and len(set(qs)) == len(qs), where + ": 1-3 distinct queues expected")
        for q in qs:
            check(q in queues, where + ": unknown queue %s" % q)
            check(queues[q]["zone"] == w["zone"], where + ": queue %s of another zone" % q)
        served.update(qs)
        m = re.match(r"^(strict|interleave [1-9]\d*:[1-9]\d*|weighted [1-9]\d*(\.\d+)?)$", w["rule"])
        check(m, where + ": rule %r" % w["rule"])
        rules[w["rule"].split()[0]] += 1
        firsts = split_list(w["serve_first"])
        for sf in firsts:
            m = re.match(r"^([A-Za-z0-9_-]+)>([1-9]\d*)$", sf)
            check(m and m.group(1) in qs, where + ": serve_first %r is not one of its queues" % sf)
        serve_first += bool(firsts)
        if boolean(where, w["agency"]):
            agency_windows.append(w)
            check(w["zone"] == agency_zone and agency_queue in qs,
                  where + ": an agency window must be in the agency zone serving the agency queue")
        else:
            check(agency_queue not in qs, where + ": only agency windows serve the agency queue")
    check(len(agency_windows) == 4, "%d agency windows, expected 4" % len(agency_windows))
    check(sorted(w["name"].split(" ", 1)[1] for w in agency_windows) ==
          ["综合代办窗口%d" % k for k in range(1, 5)], "agency windows are not 综合代办窗口1-4")
    check(served == set(queues), "queues no window serves: %s" % sorted(set(queues) - served))
    check({w["zone"] for w in windows} == set(zones), "a zone has no window")
    check(8 <= rules["interleave"] <= 12, "%d interleave windows, expected about 10" %
          rules["interleave"])
    check(4 <= rules["weighted"] <= 8, "%d weighted windows, expected about 6" % rules["weighted"])
    check(rules["strict"] > len(windows) // 2, "most windows should be strict")
    check(3 <= serve_first <= 7, "%d windows with serve_first, expected about 5" % serve_first)
    report.append("queues %d; windows %d (%d strict, %d interleave, %d weighted, %d with "
                  "serve_first, %d agency)" % (len(queues), len(windows), rules["strict"],
                                               rules["interleave"], rules["weighted"],
                                               serve_first, len(agency_windows)))

    # staff --------------------------------------------------------------------------------------
    staff = read(directory, "staff.csv")
    check(len(staff) == 257, "%d staff, expected 257" % len(staff))
    check([s["id"] for s in staff] == ["S%03d" % k for k in range(1, 258)],
          "staff ids are not S001..S257")
    check(len(set(s["name"] for s in staff)) == 257 and all(s["name"] for s in staff),
          "staff names are empty or repeat")
    salts = set()
    for s in staff:
        check(s["department"] in departments, "staff %s: unknown department" % s["id"])
        check(s["pin"].startswith(PIN_PREFIX), "staff %s: pin is not an argon2id hash with "
              "m=65536,t=2,p=1" % s["id"])
        salts.add(s["pin"].split("$")[4])
    check(len(salts) == 257, "PIN salts repeat")
    check({s["department"] for s in staff} == set(departments), "a department has no staff")
    how, verify = pin_verifier()
    sample = staff if not quick else staff[:3] + staff[-3:]
    for s in sample:
        check(verify(s["pin"]), "staff %s: the PIN hash does not match the demo PIN" % s["id"])
    report.append("staff %d (%d PIN hashes verified against %s with %s)" % (
        len(staff), len(sample), DEMO_PIN, how))

    print("check_demo_catalog: OK: %s" % directory)
    for line in report:
        print("  " + line)


if __name__ == "__main__":
    main()
