#!/usr/bin/env python3
"""Checks an NWB 2 file written by `neurosharp simulate --format nwb` with h5py (Debian: python3-h5py).

    check_nwb.py simulation.nwb [spikes.csv [state.csv]]

It checks what the NWB 2 core schema (2.x) and hdmf-common require: the root's attributes and its
required datasets and groups, the typed objects' neurodata_type / namespace / object_id, the units
table as a DynamicTable with a ragged spike_times column, and every TimeSeries. Given spikes.csv, the
spike times of every unit must equal the CSV's rows; given state.csv, every (population, variable) of
its rows must have its TimeSeries and equal it: a state monitor's as /acquisition/{population}_{variable}
(float32), the transmitter neurons' rows (population = the neuron's id, neuron 0) as
/acquisition/transmitter_{variable} (float64, one column per transmitter neuron in the CSV's order), the
phase as its code. Prints "ok: ..." and exits 0, or prints each problem and exits 1; an argument that is
missing, not HDF5, or a CSV file without simulate's header is one sentence naming it, exit 2.
"""
import csv
import os
import sys
import uuid
from collections import defaultdict
from datetime import datetime

import h5py
import numpy as np

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)
    return condition


def text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)


def typed(obj, namespace, neurodata_type):
    """The base of every NWB/hdmf type: neurodata_type, namespace and a UUID object_id."""
    a = obj.attrs
    need(text(a.get("neurodata_type", "")) == neurodata_type, f"{obj.name}: neurodata_type is {a.get('neurodata_type')!r}, expected {neurodata_type!r}")
    need(text(a.get("namespace", "")) == namespace, f"{obj.name}: namespace is {a.get('namespace')!r}, expected {namespace!r}")
    try:
        uuid.UUID(text(a.get("object_id", "")))
    except ValueError:
        problems.append(f"{obj.name}: object_id {a.get('object_id')!r} is not a UUID")


def isodatetime(value, where):
    try:
        datetime.fromisoformat(text(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not an ISO 8601 date and time")


def check_root(f):
    typed(f, "core", "NWBFile")
    version = text(f.attrs.get("nwb_version", ""))
    need(version.startswith("2."), f"/: nwb_version is {version!r}, expected 2.x")
    for name in ("identifier", "session_description", "session_start_time", "timestamps_reference_time", "file_create_date"):
        need(isinstance(f.get(name), h5py.Dataset), f"/{name}: required dataset is missing")
    for name in ("acquisition", "analysis", "general", "processing", "stimulus", "stimulus/presentation", "stimulus/templates"):
        need(isinstance(f.get(name), h5py.Group), f"/{name}: required group is missing")
    if problems:
        return
    need(f["identifier"].shape == (), "/identifier: must be a scalar")
    isodatetime(f["session_start_time"][()], "/session_start_time")
    isodatetime(f["timestamps_reference_time"][()], "/timestamps_reference_time")
    need(f["file_create_date"].ndim == 1 and f["file_create_date"].shape[0] >= 1, "/file_create_date: must be a 1-D array of dates")
    for d in f["file_create_date"][()]:
        isodatetime(d, "/file_create_date")


def check_units(f):
    """Units, a DynamicTable: id, and each column of colnames with the same number of rows (ragged ones through their _index)."""
    units = f.get("units")
    if not need(isinstance(units, h5py.Group), "/units: missing (the spikes)"):
        return None
    typed(units, "core", "Units")
    need("description" in units.attrs, "/units: attribute description is missing")
    colnames = [text(c) for c in units.attrs.get("colnames", [])]
    need("spike_times" in colnames, "/units: colnames lacks spike_times")
    ids = units.get("id")
    if not need(isinstance(ids, h5py.Dataset), "/units/id: missing"):
        return None
    typed(ids, "hdmf-common", "ElementIdentifiers")
    rows = ids.shape[0]
    for name in colnames:
        column = units.get(name)
        if not need(isinstance(column, h5py.Dataset), f"/units/{name}: listed in colnames but missing"):
            continue
        typed(column, "hdmf-common", "VectorData")
        need("description" in column.attrs, f"/units/{name}: attribute description is missing")
        index = units.get(name + "_index")
        if index is None:
            need(column.shape[0] == rows, f"/units/{name}: {column.shape[0]} rows, but id has {rows}")
            continue
        typed(index, "hdmf-common", "VectorIndex")
        need(index.shape[0] == rows, f"/units/{name}_index: {index.shape[0]} rows, but id has {rows}")
        target = index.attrs.get("target")
        need(isinstance(target, h5py.Reference) and f[target].name == column.name, f"/units/{name}_index: target does not reference {column.name}")
        ends = index[()]
        need(np.all(np.diff(ends) >= 0) and (rows == 0 or ends[-1] == column.shape[0]), f"/units/{name}_index: not a non-decreasing index ending at {column.shape[0]}")
    times = units["spike_times"][()]
    ends = units["spike_times_index"][()]
    starts = np.concatenate([[0], ends[:-1]]).astype(np.int64)
    population = [text(p) for p in units["population"][()]]
    neuron = units["neuron"][()]
    return {(population[u], int(neuron[u])): times[starts[u]:ends[u]] for u in range(rows)}


def check_series(f):
    """Every TimeSeries in acquisition and in the processing modules."""
    series = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and text(obj.attrs.get("neurodata_type", "")) == "TimeSeries":
            typed(obj, "core", "TimeSeries")
            for a in ("description", "comments"):
                need(a in obj.attrs, f"{obj.name}: attribute {a} is missing")
            data, stamps = obj.get("data"), obj.get("timestamps")
            if need(isinstance(data, h5py.Dataset), f"{obj.name}/data: missing") and need(isinstance(stamps, h5py.Dataset), f"{obj.name}/timestamps: missing"):
                need("unit" in data.attrs, f"{obj.name}/data: attribute unit is missing")
                need(text(stamps.attrs.get("unit", "")) == "seconds" and int(stamps.attrs.get("interval", 0)) == 1, f"{obj.name}/timestamps: unit must be 'seconds' and interval 1")
                need(data.shape[0] == stamps.shape[0], f"{obj.name}: data has {data.shape[0]} samples but timestamps {stamps.shape[0]}")
                series[obj.name] = obj

    for top in ("acquisition", "processing"):
        f[top].visititems(visit)
    for name, module in f["processing"].items():
        typed(module, "core", "ProcessingModule")
    return series


def compare_spikes(units, path):
    expected = defaultdict(list)
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            expected[(row["population"], int(row["neuron"]))].append(float(row["timeMs"]) / 1000)
    for key, times in expected.items():
        need(key in units, f"spikes.csv: {key} spikes but is no unit of /units")
    count = 0
    for key, times in units.items():
        want = np.array(sorted(expected.get(key, [])))
        got = np.array(times)
        count += len(got)
        need(len(want) == len(got) and np.allclose(want, got, rtol=0, atol=1e-12), f"/units: {key} has {len(got)} spikes, spikes.csv {len(want)}, or their times differ")
    return count


def compare_state(f, path):
    """Every row of state.csv against its TimeSeries; returns how many series were compared."""
    monitored = defaultdict(dict)                       # (population, variable) -> {(step, neuron): value}
    transmitter = defaultdict(dict)                     # variable -> {(step, neuron id): value}
    transmitter_ids = []                                # the transmitter neurons in the CSV's (= the columns') order
    acquisition = f["acquisition"]
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            population, variable = row["population"], row["variable"]
            if f"{population}_{variable}" in acquisition:
                monitored[(population, variable)][(int(row["step"]), int(row["neuron"]))] = float(row["value"])
            elif f"transmitter_{variable}" in acquisition and row["neuron"] == "0":
                if population not in transmitter_ids:
                    transmitter_ids.append(population)
                transmitter[variable][(int(row["step"]), population)] = float(row["value"])
            else:
                need(False, f"state.csv: rows of ({population}, {variable}) but /acquisition has neither "
                            f"{population}_{variable} nor transmitter_{variable}")
                monitored[(population, variable)] = None
    checked = 0
    for (population, variable), values in monitored.items():
        if values is None:
            continue
        checked += compare_series(acquisition[f"{population}_{variable}"], values)
    for variable, values in transmitter.items():
        checked += compare_series(acquisition[f"transmitter_{variable}"], values, columns=transmitter_ids)
    names = [n for n in acquisition if n.startswith("transmitter_")]
    need(not names or len(transmitter) == len(names),
         f"/acquisition: {len(names)} transmitter series but state.csv has transmitter rows of {len(transmitter)} variables")
    return checked


def compare_series(series, values, columns=None):
    """values: {(step, column key): value}; columns: the column keys in order (default: the sorted keys)."""
    data = series["data"][()]
    steps = sorted({s for s, _ in values})
    columns = columns if columns is not None else sorted({n for _, n in values})
    if not need(data.shape == (len(steps), len(columns)), f"{series.name}: shape {data.shape}, state.csv has {len(steps)} x {len(columns)}"):
        return 0
    want = np.array([[values[(s, n)] for n in columns] for s in steps])
    need(np.array_equal(want.astype(data.dtype), data), f"{series.name}: values differ from state.csv")
    return 1


def unusable(argv):
    """One sentence naming the first argument that cannot be read as what it should be, or None (exit 2 then)."""
    if not os.path.isfile(argv[1]):
        return f"{argv[1]}: no such file (give the simulation.nwb that neurosharp simulate --format nwb wrote)."
    if not h5py.is_hdf5(argv[1]):
        return f"{argv[1]}: not an HDF5 file, so not an NWB 2 file."
    for path, columns in zip(argv[2:4], (("step", "timeMs", "population", "neuron"), ("step", "timeMs", "population", "neuron", "variable", "value"))):
        if not os.path.isfile(path):
            return f"{path}: no such file."
        with open(path, newline="") as handle:
            header = next(csv.reader(handle), [])
        if any(c not in header for c in columns):
            kind = "spikes.csv" if len(columns) == 4 else "state.csv"
            return f"{path}: its first line is {','.join(header)[:60]!r}, not {kind}'s header {','.join(columns)}."
    return None


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    why = unusable(argv)
    if why is not None:
        print(why, file=sys.stderr)
        return 2
    with h5py.File(argv[1], "r") as f:
        check_root(f)
        if problems:
            print("\n".join(problems))
            return 1
        units = check_units(f)
        series = check_series(f)
        spikes = compare_spikes(units, argv[2]) if len(argv) > 2 and units is not None else None
        states = compare_state(f, argv[3]) if len(argv) > 3 else None
    if problems:
        print("\n".join(problems))
        return 1
    print(f"ok: {argv[1]}: NWB {text(h5py.File(argv[1], 'r').attrs['nwb_version'])}, {len(units or {})} units, {len(series)} TimeSeries"
          + (f", {spikes} spikes equal to spikes.csv" if spikes is not None else "")
          + (f", {states} state series equal to state.csv" if states is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
