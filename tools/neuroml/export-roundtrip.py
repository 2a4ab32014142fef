#!/usr/bin/env python3
"""NeuroML export round trips (docs/results.md, "NeuroML export round trips").

For each LEMS or NeuroML file given (NeuroML2's LEMS examples, c302's LEMS files): NeuroML -> JSON (a) -> NeuroML (b) -> JSON (c).
It checks that a and c are the same JSON (monitors aside: NeuroML keeps recording in LEMS files, so a's monitors are not written),
that b simulates to the spikes a simulates to (spikes.csv, byte for byte), and that c with a's monitors records the same state
files as a (every column, byte for byte). Needs the CLI built (./neurosharp). Usage:

  /usr/bin/python3 tools/neuroml/export-roundtrip.py OUTDIR FILE...

Prints one line per file and a summary; exit 0 when every file that imports round-trips.
"""
import filecmp
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.path.join(HERE, "..", "..", "neurosharp")


def run(args, cwd):
    env = dict(os.environ, NEUROSHARP_NO_BUILD="1")
    p = subprocess.run([CLI] + args, cwd=cwd, env=env, capture_output=True, text=True)
    return p.returncode, (p.stderr.strip().splitlines() or [""])[-1]


def normalized(x):
    """The JSON with every expression's variables sorted by name."""
    if isinstance(x, dict):
        y = {k: normalized(v) for k, v in x.items()}
        if "variables" in y and "constants" in y and isinstance(y["variables"], list):
            y["variables"] = sorted(y["variables"], key=lambda v: v.get("name", ""))
        return y
    if isinstance(x, list):
        return [normalized(v) for v in x]
    return x


def main():
    out, files = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    counts = {"round trip": 0, "import refused": 0, "export refused": 0, "differs": 0}
    for f in files:
        name = os.path.splitext(os.path.basename(f))[0]
        cwd = os.path.dirname(os.path.abspath(f))
        d = os.path.join(os.path.abspath(out), name)
        os.makedirs(d, exist_ok=True)
        a, b, c = (os.path.join(d, x) for x in ("a.json", "b.net.nml", "c.json"))
        rc, msg = run(["convert", os.path.abspath(f), a], cwd)
        if rc != 0:
            counts["import refused"] += 1
            print(f"{name}: import refused: {msg}")
            continue
        rc, msg = run(["convert", a, b], d)
        if rc != 0:
            counts["export refused"] += 1
            print(f"{name}: export refused: {msg}")
            continue
        rc, msg = run(["convert", b, c], d)
        if rc != 0:
            counts["differs"] += 1
            print(f"{name}: the export does not read back: {msg}")
            continue
        ja, jc = json.load(open(a)), json.load(open(c))
        monitors = ja.pop("monitors", None)
        problems, notes = [], []
        if ja != jc:
            if normalized(ja) == normalized(jc):
                # The reader lists an expression's variables in the order of what they read, so a gate whose time course read the
                # gate's alpha and beta (inlined first on the first import) comes back with them in that order: the same functions.
                notes.append("same JSON up to the order of expression variables")
            else:
                keys = sorted(k for k in set(ja) | set(jc) if ja.get(k) != jc.get(k))
                problems.append("JSON differs in " + ", ".join(keys))
        # Simulate a (with its monitors), b (the exported NeuroML) and c with a's monitors.
        if monitors is not None:
            jc["monitors"] = monitors
        cm = os.path.join(d, "c_monitors.json")
        json.dump(jc, open(cm, "w"), indent=2)
        outs = {}
        for key, src in (("a", a), ("b", b), ("c", cm)):
            o = os.path.join(d, "out_" + key)
            rc, msg = run(["simulate", src, "--out", o, "--threads", "1", "--seed", "1"], d)
            if rc != 0:
                problems.append(f"simulate {key}: {msg}")
            outs[key] = o
        if not any(p.startswith("simulate") for p in problems):
            spikes = [os.path.join(outs[k], "spikes.csv") for k in ("a", "b")]
            if os.path.exists(spikes[0]) and not filecmp.cmp(*spikes, shallow=False):
                problems.append("spikes of the exported NeuroML differ")
            steps = sum(1 for _ in open(spikes[0])) - 1 if os.path.exists(spikes[0]) else 0
            recorded = [x for x in os.listdir(outs["a"]) if x.endswith(".csv")]
            for x in recorded:
                other = os.path.join(outs["c"], x)
                if not os.path.exists(other) or not filecmp.cmp(os.path.join(outs["a"], x), other, shallow=False):
                    problems.append(f"{x} differs")
        if problems:
            counts["differs"] += 1
            print(f"{name}: DIFFERS: " + "; ".join(problems))
        else:
            counts["round trip"] += 1
            print(f"{name}: round trip: {notes[0] if notes else 'same JSON'}; {steps} spikes and {len(recorded)} recorded files the same, byte for byte")
    print("summary: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0 if counts["differs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
