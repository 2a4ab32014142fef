"""The command line of the PyNN case scripts (cell_types.py, changes_between_runs.py): SCRIPT SIMULATOR CASE OUT.json.

Runs CASES[CASE] on pyNN.SIMULATOR (brian2, or neurosharp through python/run_pynn.py) and writes
{"simulator", "case", "populations"} to OUT.json.
"""
import json
import sys
from importlib import import_module


def run(cases):
    simulator, case, out = sys.argv[1:4]
    if simulator == "brian2":
        import brian2_linear_cache
        brian2_linear_cache.install()
    sim = import_module("pyNN." + simulator)
    result = {"simulator": simulator, "case": case, "populations": cases[case](sim)}
    sim.end()
    with open(out, "w") as handle:
        json.dump(result, handle)
