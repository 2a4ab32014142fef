#!/usr/bin/env python3
"""Firing statistics of PyNN results (the Neo .pkl files PyNN's examples write), per population.

    stats.py FILE.pkl [FILE.pkl ...]        prints one JSON object per line

For spike trains: cells, mean rate (Hz) and the mean CV of interspike intervals over cells with at
least 3 spikes, and the mean rate over the second half of the run, per population (a block written by an Assembly gives one line per population in it).
For recorded v without spikes (Izhikevich.py, current_injection.py): the spikes of
each trace counted as drops of v by more than 5 mV within one sample (the reset), with their rate and CV.
"""
import json
import pickle
import sys

import numpy as np


def cv(intervals):
    return float(np.std(intervals) / np.mean(intervals)) if len(intervals) >= 2 and np.mean(intervals) > 0 else None


def summary(trains, duration_ms, start_ms=0.0):
    counts = [len(t) for t in trains]
    cvs = [c for c in (cv(np.diff(np.sort(t))) for t in trains) if c is not None]
    # The rate over the second half of the run tells a self-sustained network from one whose activity dies
    # after the start (VAbenchmarks COBA at reduced size fires only during its first ~100 ms).
    half = start_ms + duration_ms / 2
    late = [int(np.sum(np.asarray(t) >= half)) for t in trains]
    return {"cells": len(trains), "meanRateHz": round(float(np.mean(counts)) * 1000.0 / duration_ms, 3) if trains else None,
            "cvIsi": round(float(np.mean(cvs)), 3) if cvs else None, "spikes": int(np.sum(counts)),
            "secondHalfRateHz": round(float(np.mean(late)) * 2000.0 / duration_ms, 3) if trains else None}


def from_signal(signal):
    v = np.asarray(signal.magnitude, dtype=float)
    t = np.asarray(signal.times.rescale("ms").magnitude, dtype=float)
    trains = []
    for k in range(v.shape[1]):
        drops = np.nonzero(np.diff(v[:, k]) < -5.0)[0]
        trains.append(t[drops])
    return trains


def main(paths):
    for path in paths:
        with open(path, "rb") as handle:
            block = pickle.load(handle)
        for segment in block.segments:
            # An Assembly's block (brunel.py's E_net + I_net) holds several populations: one line each.
            by_population = {}
            for st in segment.spiketrains:
                by_population.setdefault(st.annotations.get("source_population") or block.name, []).append(st)
            for population, spiketrains in by_population.items():
                trains = [np.asarray(st.rescale("ms").magnitude) for st in spiketrains]
                start = float(spiketrains[0].t_start.rescale("ms"))
                duration = float(spiketrains[0].t_stop.rescale("ms")) - start
                print(json.dumps({"file": path, "population": population, "from": "spikes", **summary(trains, duration, start)}))
            for signal in segment.analogsignals:
                if signal.name != "v" or segment.spiketrains:
                    continue
                start = float(signal.t_start.rescale("ms"))
                duration = float(signal.t_stop.rescale("ms")) - start
                per_trace = from_signal(signal)
                print(json.dumps({"file": path, "population": signal.annotations.get("source_population"), "from": "v",
                                  **summary(per_trace, duration, start), "spikesPerTrace": [len(t) for t in per_trace]}))


if __name__ == "__main__":
    main(sys.argv[1:])
