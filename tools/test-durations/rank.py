#!/usr/bin/env python3
"""Ranks the tests of one or more .trx files (dotnet test --logger trx) by duration.

usage: tools/test-durations/rank.py [--top N] FILE_OR_DIR...

Prints, for each test run (one .trx = one test project): its wall time (the run's start to finish), the
sum of its test durations and the longest class; then the N longest tests and the N longest classes over all
runs. xunit 2 runs the tests of one class one after another (a class is a collection unless it names
one), so a class's sum is a lower bound on its project's wall time, and a project whose wall time is close
to its longest class is waiting on that class while the other cores idle.
"""
import collections
import glob
import os
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

NS = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}


def seconds(duration):
    h, m, s = duration.split(':')
    return int(h) * 3600 + int(m) * 60 + float(s)


def when(stamp):
    # 2026-12-06T23:47:51.2683022+00:00: trim the fraction to microseconds for fromisoformat
    head, _, rest = stamp.partition('.')
    frac, tz = rest[:-6], rest[-6:]
    return datetime.fromisoformat(f'{head}.{frac[:6].ljust(6, "0")}{tz}')


def class_of(name):
    base = name.split('(')[0]
    return base.rsplit('.', 1)[0]


def main(argv):
    top = 25
    if len(argv) >= 2 and argv[0] == '--top':
        top = int(argv[1])
        argv = argv[2:]
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    files = []
    for a in argv:
        files += sorted(glob.glob(os.path.join(a, '*.trx'))) if os.path.isdir(a) else [a]
    tests, classes, runs = [], collections.Counter(), []
    for f in files:
        root = ET.parse(f).getroot()
        times = root.find('t:Times', NS)
        results = list(root.iterfind('.//t:UnitTestResult', NS))
        if not results:
            continue
        rows = [(seconds(u.get('duration', '0:0:0')), u.get('testName')) for u in results]
        project = collections.Counter()
        starts = [when(u.get('startTime')) for u in results if u.get('startTime')]
        ends = [when(u.get('endTime')) for u in results if u.get('endTime')]
        wall = (max(ends) - min(starts)).total_seconds() if starts else seconds('0:0:0')
        assembly = rows[0][1].split('.')[1] if rows[0][1].count('.') > 1 else '?'
        for s, n in rows:
            project[class_of(n)] += s
            classes[class_of(n)] += s
            tests.append((s, n))
        c, cs = project.most_common(1)[0]
        runs.append((min(starts) if starts else None, wall, sum(s for s, _ in rows), len(rows), c, cs, os.path.basename(f)))
    runs.sort(key=lambda r: r[0] or datetime.min)
    print('project runs (first test start, wall = first test start to last test end):')
    print(f'{"start":>8} {"wall s":>7} {"sum s":>7} {"tests":>5}  longest class (s)  file')
    for start, wall, total, n, c, cs, f in runs:
        print(f'{start.strftime("%H:%M:%S") if start else "?":>8} {wall:7.1f} {total:7.1f} {n:5d}  {c} ({cs:.1f})  {f}')
    print(f'all: {len(tests)} tests, sum {sum(s for s, _ in tests):.0f} s, walls summed {sum(r[1] for r in runs):.0f} s')
    print(f'\n{top} longest tests (s):')
    for s, n in sorted(tests, reverse=True)[:top]:
        print(f'{s:7.1f}  {n[:160]}')
    print(f'\n{top} longest classes (s, the sum of their tests):')
    for c, s in classes.most_common(top):
        print(f'{s:7.1f}  {c}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
