"""What the independent double loops of NeuroML's Hodgkin-Huxley examples share (ex4_ks_reference.py, ex17_tissue_reference.py).

Written from NeuroML2CoreTypes (Channels.xml), not from NeuroSharp's code: Hodgkin and Huxley's squid rates in 1/ms of v in mV
(HHExpLinearRate for alpha_m and alpha_n, HHExpRate, HHSigmoidRate), and the comparison of a loop's spike times with NeuroSharp's
spikes.csv that every such script prints.
"""
import csv
import math


def exprel(x):                 # x / (1 - exp(-x))
    return 1 + x / 2 if abs(x) < 1e-6 else x / (1 - math.exp(-x))


def a_m(v): return 1.0 * exprel((v + 40) / 10)
def b_m(v): return 4 * math.exp((v + 65) / -18)
def a_h(v): return 0.07 * math.exp((v + 65) / -20)
def b_h(v): return 1 / (1 + math.exp(-(v + 35) / 10))
def a_n(v): return 0.1 * exprel((v + 55) / 10)
def b_n(v): return 0.125 * math.exp((v + 65) / -80)


def print_spikes(results):
    """Each loop's spike times: results maps a method's name to its list of times (ms)."""
    for method, spikes in results.items():
        print(f"{method}: {len(spikes)} spikes: {' '.join(f'{s:.2f}' for s in spikes)}")


def compare_with(results, spikes_csv):
    """NeuroSharp's spike times (spikes.csv, column timeMs) and, for each loop, the largest difference (or that the counts differ)."""
    with open(spikes_csv) as f:
        ours = [float(r["timeMs"]) for r in csv.DictReader(f)]
    print(f"neurosharp: {len(ours)} spikes: {' '.join(f'{s:.2f}' for s in ours)}")
    for method, spikes in results.items():
        if len(spikes) != len(ours):
            print(f"{method}: spike counts differ ({len(spikes)} vs {len(ours)})")
            continue
        worst = max(abs(a - b) for a, b in zip(spikes, ours))
        print(f"largest difference from {method}: {worst:.3f} ms")
