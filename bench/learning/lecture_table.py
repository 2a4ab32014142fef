#!/usr/bin/env python3
"""Collects out/lecture/*/metrics.json (or, for a run still going, its log) into the markdown table of docs/results.md."""
import json, os, re, sys

REPORTED = {
    "bp": "153 errors (Hinton); LeNet 0.91 % (biotorch)",
    "fa": "160 errors, fixed random top-down (Hinton); LeNet 1.70 % (biotorch)",
    "dfa": "1.45 % with dropout (Nokland 2016); LeNet 1.61 % (biotorch)",
    "adaptive": "150 errors, adaptive top-down (Hinton)",
    "adaptive-pretrain": "150 errors, adaptive top-down (Hinton)",
    "temporal": "(rule described, no number)",
    "temporal-pretrain": "(rule described, no number)",
    "bp-pretrain": "153 errors (Hinton, without pre-training)",
    "bp-nodropout": "160 errors without dropout (Hinton et al. 2012, 784-800-800-10)",
    "bp-spikes": "\"spikes are a great regulariser\" (the lecture; no number)",
}
ORDER = ["bp", "fa", "dfa", "adaptive", "temporal", "adaptive-pretrain", "temporal-pretrain", "bp-pretrain", "bp-nodropout", "bp-spikes"]


def from_log(path):
    rows = []
    for line in open(path):
        m = re.match(r"\s*epoch\s+(\d+)/(\d+).*test errors\s+(\d+)\s+([\d.]+) s", line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), int(m.group(3)), float(m.group(4))))
    return rows


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "out/lecture"
    print("| run | epochs | test errors (of 10 000) | train wall s (s/epoch) | reported | command |")
    print("|---|---|---|---|---|---|")
    for name in ORDER:
        folder = os.path.join(out, name)
        if not os.path.isdir(folder):
            continue
        command = open(os.path.join(folder, "command.txt")).read().strip() if os.path.exists(os.path.join(folder, "command.txt")) else ""
        rows = from_log(os.path.join(folder, "log.txt")) if os.path.exists(os.path.join(folder, "log.txt")) else []
        if not rows:
            continue
        done, total = rows[-1][0], rows[-1][1]
        errors = rows[-1][2]
        seconds = sum(r[3] for r in rows)
        status = f"{done}/{total}" + ("" if done == total else " (running)")
        print(f"| {name} | {status} | {errors} ({errors / 100:.2f} %) | {seconds:.0f} ({seconds / done:.1f}) | {REPORTED.get(name, '')} | `{command}` |")


if __name__ == "__main__":
    main()
