#!/usr/bin/env python3
"""NeuroSharp against the spike times of NeuroML2's LEMS examples' OSB test files (.test.*.mep / .omt).

NeuroML2's LEMSexamples/test/ holds, for some examples, a .mep file (the expected spike times of named experiments, made by
one engine: jNeuroML_NEURON for most, jNeuroML (jLEMS) where the jnml .omt alone has tolerance 0) and one .omt per engine
(the LEMS file, and for each experiment the output file, its columns, their scaling and the spike detection). This script
runs each .omt's LEMS file with `neurosharp simulate FILE --out DIR`, detects the spikes in the files written as the OSB
test framework (osb-model-validation, omv) does, and prints a table against the .mep's times:

    omv's threshold detection: the time of the first sample above the threshold after a sample at or below it (no
    interpolation, so on the file's step grid); 'derivative': the time of a local maximum (dx >= 0 then dx < 0);
    a 'spiketimes file' is an event file (ID_TIME), and 'spike rate' is 1 / the mean interspike interval.

Usage (NeuroML2 is a checkout of github.com/NeuroML/NeuroML2; nothing of it is copied here):

    /usr/bin/python3 tools/neuroml/mep-compare.py NeuroML2 out/mep                       # every .mep, the files' own dt
    /usr/bin/python3 tools/neuroml/mep-compare.py NeuroML2 out/mep --only ex25 --dt-ms 0.0025
    /usr/bin/python3 tools/neuroml/mep-compare.py NeuroML2 out/mep --no-run              # reread the files of an earlier run

--neurosharp names the command (default: ./neurosharp of this repository, NEUROSHARP_NO_BUILD honoured); --json FILE
writes every experiment's times and differences. Exit 0 when every example ran (differences are reported, not judged).
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys

ENGINE_PREFERENCE = ["jNeuroML_NEURON", "jNeuroML", "jNeuroML_NetPyNE", "jNeuroML_EDEN", "jNeuroML_Brian2", "PyLEMS_NeuroML2"]


# ---------------------------------------------------------------- a tiny YAML-ish reader (what .omt and .mep files use)

def _scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [] if not inner else [_scalar(x) for x in inner.split(",")]
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_yamlish(text, name="<text>"):
    """Indentation-nested 'key: value' mappings whose values are scalars or flow lists [a, b]; '#' starts a comment."""
    root = {}
    stack = [(-1, root)]  # (indent of the mapping's keys' parent line, mapping)
    pending = None  # (indent, key, parent mapping) of a 'key:' line with no value yet
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"\s+#.*$", "", raw.rstrip()) if "#" in raw else raw.rstrip()
        if line.lstrip().startswith("#") or not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        key, sep, value = line.strip().partition(":")
        if not sep:
            raise ValueError(f"{name}:{number}: '{line.strip()}' is not 'key: value'")
        if pending is not None:
            p_indent, p_key, p_parent = pending
            pending = None
            if indent > p_indent:
                child = {}
                p_parent[p_key] = child
                stack.append((p_indent, child))
            else:
                p_parent[p_key] = None
        while stack[-1][0] >= indent:
            stack.pop()
        mapping = stack[-1][1]
        if value.strip():
            mapping[key.strip()] = _scalar(value)
        else:
            pending = (indent, key.strip(), mapping)
    if pending is not None:
        pending[2][pending[1]] = None
    return root


# ---------------------------------------------------------------- spike detection as omv does it

def detect(times, values, method, threshold):
    spikes = []
    if method == "threshold":
        for k in range(1, len(values)):
            if values[k - 1] <= threshold < values[k]:
                spikes.append(times[k])
    elif method == "derivative":
        for k in range(1, len(values) - 1):
            if values[k] - values[k - 1] >= 0 and values[k + 1] - values[k] < 0:
                spikes.append(times[k])
    else:
        raise ValueError(f"spike detection method '{method}' is not 'threshold' or 'derivative'")
    return spikes


def read_columns(path, columns, scaling):
    t_col, v_col = columns
    times, values = [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            times.append(float(parts[t_col]) * scaling[0])
            values.append(float(parts[v_col]) * scaling[1])
    return times, values


def read_event_file(path, fmt, cell_id):
    out = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            a, b = float(parts[0]), float(parts[1])
            ident, t = (a, b) if fmt in ("ID_TIME", "ID_TIME_NEST_DAT") else (b, a)
            if int(ident) == int(cell_id):
                out.append(t)
    return out


def rate_from(spikes):
    if len(spikes) < 2:
        return 0.0
    isis = [b - a for a, b in zip(spikes, spikes[1:])]
    return 1.0 / (sum(isis) / len(isis))


def local_path(out_dir, omt_path):
    # An .omt's paths are relative to LEMSexamples/test; the LEMS files' fileNames relative to LEMSexamples, and
    # `neurosharp simulate --out DIR` writes them under DIR.
    p = omt_path
    while p.startswith("../"):
        p = p[3:]
    return os.path.join(out_dir, p)


# ---------------------------------------------------------------- the experiments of each .mep

def load_tests(test_dir):
    """{(mep, LEMS file): {"experiments": {name: (expected, kind, observable, engines made by)}, "engines": [...]}}.

    A .mep can serve two LEMS files (.test.ex19.mep: Ex19 and Ex19a); each is run. For an experiment the observable is
    read from the .omt of the first engine in ENGINE_PREFERENCE that names it; 'made by' lists the engines whose
    .omt holds it to tolerance 0 (the .mep is their output to the digit)."""
    omts = {}
    for name in sorted(os.listdir(test_dir)):
        if name.endswith(".omt"):
            with open(os.path.join(test_dir, name)) as f:
                omts[name] = parse_yamlish(f.read(), name)
    tests = {}
    for mep in sorted({o.get("mep") for o in omts.values() if o.get("mep")}):
        path = os.path.join(test_dir, mep)
        if not os.path.exists(path):
            continue
        with open(path) as f:
            expected = (parse_yamlish(f.read(), mep).get("experiments") or {})
        users = [o for o in omts.values() if o.get("mep") == mep and o.get("engine") in ENGINE_PREFERENCE]
        users.sort(key=lambda o: ENGINE_PREFERENCE.index(o["engine"]))
        targets = []
        for o in users:
            t = os.path.normpath(os.path.join(test_dir, str(o["target"]).strip()))
            if t not in targets:
                targets.append(t)
        for target in targets:
            experiments = {}
            for exp_name, exp in expected.items():
                exp = (exp or {}).get("expected") or {}
                chosen, exact = None, []
                for o in users:
                    obs = ((o.get("experiments") or {}).get(exp_name) or {}).get("observables") or {}
                    if not obs:
                        continue
                    kind = next(iter(obs))
                    if chosen is None:
                        chosen = (kind, obs[kind])
                    tol = (obs[kind] or {}).get("tolerance")
                    if tol is not None and float(tol) == 0 and o["engine"] not in exact:
                        exact.append(o["engine"])
                if chosen is not None and chosen[0] in exp:
                    experiments[exp_name] = (exp[chosen[0]], chosen[0], chosen[1], exact)
            tests[(mep, target)] = {"experiments": experiments, "engines": sorted({o["engine"] for o in users})}
    return tests


def observe(kind, observable, out_dir):
    if "file" in observable:
        f = observable["file"]
        columns = f.get("columns", [0, 1])
        scaling = f.get("scaling", [1.0, 1.0])
        sd = observable.get("spike detection") or {}
        times, values = read_columns(local_path(out_dir, f["path"]), columns, scaling)
        spikes = detect(times, values, sd.get("method", "threshold"), float(sd.get("threshold", 0)))
        dt = times[1] - times[0] if len(times) > 1 else float("nan")
    else:
        f = observable["spiketimes file"]
        spikes = read_event_file(local_path(out_dir, f["path"]), f.get("format", "ID_TIME"), f.get("id", f.get("ids", 0)))
        dt = float("nan")
    return (rate_from(spikes) if kind == "spike rate" else spikes), dt


def compare(reference, ours):
    if isinstance(reference, (int, float)):
        d = abs(ours - reference)
        return {"maxAbs": d, "maxRel": d / abs(reference) if reference else float("inf"), "countsMatch": True}
    n = min(len(reference), len(ours))
    diffs = [abs(a - b) for a, b in zip(reference, ours)]
    rel = [abs(a - b) / abs(a) for a, b in zip(reference, ours) if a != 0]
    return {
        "maxAbs": max(diffs) if diffs else 0.0,
        "maxRel": max(rel) if rel else 0.0,
        "countsMatch": len(reference) == len(ours),
        "compared": n,
    }


def fmt_times(x, digits=3):
    if isinstance(x, (int, float)):
        return f"{x:.{digits}f}"
    if len(x) <= 6:
        return ", ".join(f"{t:.{digits}f}".rstrip("0").rstrip(".") for t in x)
    head = ", ".join(f"{t:.{digits}f}".rstrip("0").rstrip(".") for t in x[:3])
    return f"{head}, ... {x[-1]:.{digits}f}".rstrip("0").rstrip(".") + f" ({len(x)})"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("neuroml2", help="a checkout of github.com/NeuroML/NeuroML2")
    ap.add_argument("out", help="folder for the runs (one subfolder per example)")
    ap.add_argument("--neurosharp", default=os.path.join(here, "..", "..", "neurosharp"))
    ap.add_argument("--dt-ms", type=float, help="run at this step instead of the LEMS file's")
    ap.add_argument("--only", help="comma-separated .mep stems or example numbers (ex25,ex19a)")
    ap.add_argument("--no-run", action="store_true", help="read the files of an earlier run")
    ap.add_argument("--json", help="write the full comparison to this file")
    args = ap.parse_args()

    test_dir = os.path.join(args.neuroml2, "LEMSexamples", "test")
    tests = load_tests(test_dir)
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        def stems(k):
            return {re.sub(r"^\.test\.|\.mep$", "", k[0]).lower(), re.sub(r"^LEMS_NML2_|_.*$", "", os.path.basename(k[1])).lower()}
        tests = {k: v for k, v in tests.items() if {w.lower() for w in wanted} & stems(k)}
    rows, report, failed = [], [], 0
    for (mep, target), test in tests.items():
        test = dict(test, target=target)
        stem = re.sub(r"^LEMS_NML2_|\.xml$", "", os.path.basename(target))
        run_dir = os.path.abspath(os.path.join(args.out, stem + (f"-dt{args.dt_ms:g}" if args.dt_ms else "")))
        if not args.no_run:
            cmd = [args.neurosharp, "simulate", test["target"], "--out", run_dir, "--quiet"]
            if args.dt_ms:
                cmd += ["--dt-ms", repr(args.dt_ms)]
            res = subprocess.run(cmd, capture_output=True, text=True)
            if res.returncode != 0:
                failed += 1
                msg = (res.stderr.strip().splitlines() or ["(no message)"])[-1]
                rows.append(f"| {stem} | {os.path.basename(test['target'])} | refused or failed: {msg} |||||||")
                report.append({"mep": mep, "target": test["target"], "error": msg})
                continue
        for name, (reference, kind, observable, exact) in test["experiments"].items():
            try:
                ours, dt = observe(kind, observable, run_dir)
            except (OSError, ValueError, IndexError) as e:
                rows.append(f"| {stem} | {name} | {', '.join(exact) or '?'} | {fmt_times(reference)} | not read: {e} |||||")
                report.append({"mep": mep, "experiment": name, "error": str(e)})
                continue
            c = compare(reference, ours)
            steps = c["maxAbs"] / dt if dt == dt and dt > 0 else float("nan")
            scale = (observable.get("file") or {}).get("scaling", [1, 1])[0] if "file" in observable else 1
            unit = "ms" if scale == 1000 else ("s" if scale == 1 else f"x{scale}")
            counts = f"{len(reference)}/{len(ours)}" if isinstance(reference, list) else "rate"
            rows.append(
                f"| {stem} | {name} | {', '.join(exact) or '?'} | {fmt_times(reference)} | {fmt_times(ours)} | {counts} | "
                f"{c['maxAbs']:.4g} {unit} | {'' if math.isnan(steps) else f'{steps:.1f}'} | {c['maxRel']:.2e} |"
                f" {'' if math.isnan(dt) else f'{dt:g} {unit}'} |")
            report.append({"mep": mep, "experiment": name, "target": test["target"], "madeBy": exact, "reference": reference,
                           "ours": ours, "dt": dt, **c})
    print("| example | experiment | made by (tolerance 0) | reference | NeuroSharp | count ref/ours | max abs diff | steps | max rel diff | file dt |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(r)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
