#!/usr/bin/env python3
"""Checks a SONATA circuit written by `neurosharp convert net.json out/circuit_config.json` with h5py
(Debian: python3-h5py).

    check_sonata.py circuit_config.json

It checks what the SONATA specification requires of the files the config names: every node population's
node_type_id, node_group_id and node_group_index (equal lengths, groups present, indices inside their
groups, type ids listed in node_types.csv); every edge population's source_node_id and target_node_id with
their node_population attributes (naming node populations, ids inside them), edge_type_id, edge_group_id
and edge_group_index (listed in edge_types.csv); and the spike files of spike inputs (timestamps and
node_ids of one length). Prints "ok: ..." and exits 0, or prints each problem and exits 1.
"""
import csv
import json
import os
import re
import sys

import h5py
import numpy as np

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)
    return condition


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def expand(value, manifest, base):
    for _ in range(10):
        value = re.sub(r"\$\{?(\w+)\}?", lambda m: manifest.get(m.group(1), m.group(0)), value)
    return value if os.path.isabs(value) else os.path.normpath(os.path.join(base, value))


def type_ids(path, column):
    with open(path) as f:
        rows = list(csv.reader(f, delimiter=" ", skipinitialspace=True))
    header = rows[0]
    need(column in header, f"{path}: no {column} column")
    return {int(r[header.index(column)]) for r in rows[1:] if r}


def main(config_path):
    base = os.path.dirname(os.path.abspath(config_path))
    with open(config_path) as f:
        config = json.load(f)
    manifest = {"configdir": base}
    for key, value in config.get("manifest", {}).items():
        manifest[key.strip("${}")] = value
    for key in list(manifest):
        manifest[key] = expand(manifest[key], manifest, base) if key != "configdir" else manifest[key]
    sizes = {}
    nodes_total = 0
    for entry in config["networks"]["nodes"]:
        types = type_ids(expand(entry["node_types_file"], manifest, base), "node_type_id")
        with h5py.File(expand(entry["nodes_file"], manifest, base), "r") as h5:
            for name, pop in h5["nodes"].items():
                at = f"/nodes/{name}"
                for ds in ("node_type_id", "node_group_id", "node_group_index"):
                    need(ds in pop, f"{at}/{ds} is missing")
                if problems:
                    continue
                n = len(pop["node_type_id"])
                need(len(pop["node_group_id"]) == n and len(pop["node_group_index"]) == n, f"{at}: the node datasets differ in length")
                need(np.issubdtype(pop["node_type_id"].dtype, np.integer), f"{at}/node_type_id is not integer")
                need(set(np.unique(pop["node_type_id"][()]).tolist()) <= types, f"{at}/node_type_id has ids node_types.csv lacks")
                for g in np.unique(pop["node_group_id"][()]):
                    need(str(g) in pop and isinstance(pop[str(g)], h5py.Group), f"{at}/{g} (a node group) is missing")
                need(not n or pop["node_group_index"][()].max() < n, f"{at}/node_group_index points past its group")
                sizes[name] = n
                nodes_total += n
    edges_total = 0
    edge_pops = 0
    for entry in config["networks"].get("edges", []):
        types = type_ids(expand(entry["edge_types_file"], manifest, base), "edge_type_id")
        with h5py.File(expand(entry["edges_file"], manifest, base), "r") as h5:
            for name, pop in h5["edges"].items():
                at = f"/edges/{name}"
                ok = True
                for ds in ("source_node_id", "target_node_id", "edge_type_id", "edge_group_id", "edge_group_index"):
                    ok = need(ds in pop, f"{at}/{ds} is missing") and ok
                if not ok:
                    continue
                m = len(pop["edge_type_id"])
                for side in ("source_node_id", "target_node_id"):
                    ds = pop[side]
                    need(len(ds) == m, f"{at}/{side} has {len(ds)} values, edge_type_id {m}")
                    if need("node_population" in ds.attrs, f"{at}/{side} has no node_population attribute"):
                        target = text(ds.attrs["node_population"])
                        if need(target in sizes, f"{at}/{side} names population {target}, which no nodes file has"):
                            need(not m or int(ds[()].max()) < sizes[target], f"{at}/{side} has ids outside {target}")
                need(set(np.unique(pop["edge_type_id"][()]).tolist()) <= types, f"{at}/edge_type_id has ids edge_types.csv lacks")
                for g in np.unique(pop["edge_group_id"][()]):
                    need(str(g) in pop, f"{at}/{g} (an edge group) is missing")
                edges_total += m
                edge_pops += 1
    spikes = 0
    for name, spec in config.get("inputs", {}).items():
        if spec.get("input_type") != "spikes":
            continue
        with h5py.File(expand(spec["input_file"], manifest, base), "r") as h5:
            pop = spec["node_set"]
            at = f"/spikes/{pop}"
            if need(at in h5, f"inputs.{name}: {at} is missing"):
                need(len(h5[at]["timestamps"]) == len(h5[at]["node_ids"]), f"{at}: timestamps and node_ids differ in length")
                spikes += len(h5[at]["timestamps"])
    if problems:
        for p in problems:
            print(p)
        return 1
    print(f"ok: {len(sizes)} node populations ({nodes_total} nodes), {edge_pops} edge populations ({edges_total} edges), {spikes} input spikes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
