#!/usr/bin/env python3
"""Summarises bench/evolution/double-pole-nv-seeds.sh's runs.csv: success rate, evaluations to the first solution
(median and mean over the solved runs), generalisation, evaluations spent per solution, wall and CPU time.

    python3 bench/evolution/summarise.py OUT/runs.csv
"""
import csv
import statistics
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["solved"] != ""]
solved = [r for r in rows if r["solved"] == "true"]
evals = [int(r["evaluations_to_solve"]) for r in solved]
gen = [int(r["generalisation"]) for r in solved]
spent = sum(int(r["evaluations"]) for r in rows)
cpu = sum(float(r["cpu_s"]) for r in rows)
wall = sum(float(r["wall_s"]) for r in rows)
reached = sum(1 for r in rows if float(r["champion_fitness"]) > 0.1)
print(f"runs {len(rows)}, solved {len(solved)} ({100 * len(solved) / max(1, len(rows)):.0f} %), "
      f"reached the 1 000-step regime (champion fitness > 0.1) {reached}")
if evals:
    print(f"evaluations to the first solution: median {statistics.median(evals):g}, mean {statistics.mean(evals):.0f}, "
          f"range {min(evals)} to {max(evals)}; per seed {evals}")
    print(f"generalisation (of 625): mean {statistics.mean(gen):.0f}, range {min(gen)} to {max(gen)}")
    print(f"evaluations spent per solution (all runs' evaluations / solutions): {spent / len(solved):.0f}")
print(f"evaluations {spent}; CPU {cpu:.0f} s ({spent / cpu:.0f} evaluations per CPU second); "
      f"wall, summed over runs {wall:.0f} s; mean CPU per run {cpu / len(rows):.1f} s")
print(f"quiet-machine estimate for all runs on 2 cores, two at a time (CPU / 2): {cpu / 2 / 60:.1f} min")
# Only CMA-ES restarts; CoSyNE and NEAT runs leave the column empty.
restarts = [int(r["restarts"]) for r in rows if r["restarts"] != ""]
if restarts:
    print(f"restarts per run: mean {statistics.mean(restarts):.2f}, max {max(restarts)}")
