#!/usr/bin/python3
"""Side-by-side benchmark of NeuroSharp and Brian2 (cpp_standalone) on the same network.

For each configuration (CUBA or COBA of Vogels and Abbott 2005 / Brette et al. 2007, COBAHH (Brette et al. 2007
benchmark 3, Hodgkin-Huxley neurons as Brian2's COBAHH example), at a scale, or
Brunel's 2000 network in its asynchronous irregular state, `brunel:1` = 12 500 neurons),
NeuroSharp builds the network, exports it (synapses, initial state), times its simulation loop and
writes its spikes; Brian2's cpp_standalone device then runs exactly that network (same synapses,
same initial state, same equations and integration schemes) and reports device._last_run_time.
Both run single-threaded on the same machine, one after the other. The firing statistics (mean rate,
mean CV of interspike intervals over neurons with at least 3 spikes) are computed here by the same
code for both.

Usage (Debian's python3-brian; use /usr/bin/python3, not a pyenv python):
    /usr/bin/python3 bench/spiking/compare_brian2.py [--configs cuba:1,coba:1,cuba:10,coba:10,cuba:100,cobahh:1,cobahh:10]
        [--duration-ms 1000] [--out /tmp/neurosharp-bench-spiking] [--repeats 3]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BENCH_PROJECT = os.path.join(HERE, "SpikingBench")


def stats(neurons, steps, n, duration_ms):
    """Mean rate (Hz) over all n neurons and the mean CV of ISIs over neurons with >= 3 spikes."""
    rate = len(neurons) / (n * duration_ms / 1000.0)
    order = np.lexsort((steps, neurons))
    neurons, steps = neurons[order], steps[order]
    cvs = []
    bounds = np.flatnonzero(np.diff(neurons)) + 1
    for chunk in np.split(steps, bounds):
        if len(chunk) >= 3:
            isi = np.diff(chunk).astype(float)
            cvs.append(isi.std() / isi.mean())
    return rate, (float(np.mean(cvs)) if cvs else float("nan")), len(cvs)


def run_neurosharp(model, scale, duration_ms, workdir, repeats=1):
    """One process: build (same seed, same network every time), warm up, time `repeats` runs."""
    dll = os.path.join(BENCH_PROJECT, "bin", "Release", "net10.0", "SpikingBench.dll")
    start = time.time()
    out = subprocess.run(["dotnet", dll, model, str(scale), str(duration_ms), workdir, "1", "1", str(repeats)],
                         check=True, capture_output=True, text=True).stdout
    total = time.time() - start
    summary = json.loads(out.strip().splitlines()[-1])
    neurons = np.load(os.path.join(workdir, "spikes_i.npy"))
    steps = np.load(os.path.join(workdir, "spikes_step.npy"))
    summary["processSeconds"] = total
    return summary, neurons, steps


def rerun_brian2(workdir):
    """Run the compiled Brian2 binary again (no code generation or compilation); its simulation-loop time."""
    build = os.path.join(workdir, "brian2_build")
    subprocess.run(["./main"], cwd=build, check=True, capture_output=True)
    with open(os.path.join(build, "results", "last_run_info.txt")) as f:
        return float(f.read().split()[0])


BRIAN_WORKER = r'''
import json, os, sys, time
import numpy as np
from brian2 import *
model, workdir, duration_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
set_device("cpp_standalone", directory=os.path.join(workdir, "brian2_build"))
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.1*ms
load = lambda name: np.load(os.path.join(workdir, name))
v0, ge0, gi0 = load("v0.npy").astype(float), load("ge0.npy").astype(float), load("gi0.npy").astype(float)
n = len(v0)
ee = (np.concatenate([load("ee_i.npy"), load("ei_i.npy")]), np.concatenate([load("ee_j.npy"), load("ei_j.npy")]))
ii = (np.concatenate([load("ie_i.npy"), load("ii_i.npy")]), np.concatenate([load("ie_j.npy"), load("ii_j.npy")]))
taum, taue, taui, Vt, Vr = 20*ms, 5*ms, 10*ms, -50*mV, -60*mV
if model == "brunel":
    # Brunel (2000), g = 5, nu_ext = 2 nu_thr = 20 Hz: delta synapses (v += J after D = 1.5 ms), as Brian2's own
    # Brunel_2000 example, except that a refractory neuron drops what reaches it (int(not_refractory)), as NeuroSharp's
    # deltaInputs and NEST's iaf_psc_delta do.
    tau, theta, V_r, J, g = 20*ms, 20*mV, 10*mV, 0.1*mV, 5
    P = NeuronGroup(n, "dv/dt = -v/tau : volt (unless refractory)", threshold="v > theta", reset="v = V_r",
                    refractory=2*ms, method="exact")
    P.v = v0*mV
    Ce = Synapses(P, P, on_pre="v_post += J*int(not_refractory_post)", delay=1.5*ms)
    Ce.connect(i=ee[0], j=ee[1])
    Ci = Synapses(P, P, on_pre="v_post -= g*J*int(not_refractory_post)", delay=1.5*ms)
    Ci.connect(i=ii[0], j=ii[1])
    drive = PoissonInput(P, "v", N=1000, rate=20*Hz, weight="J*int(not_refractory)")
elif model == "cobahh":
    # Brian2's COBAHH example (Brette et al. 2007 benchmark 3), word for word but for the initial state, which is NeuroSharp's
    # exported draws (its ge, gi clipped at 0); m, h, n start at 0 as the example leaves them.
    area = 20000*umetre**2
    Cm = (1*ufarad*cm**-2) * area
    gl = (5e-5*siemens*cm**-2) * area
    El, EK, ENa = -60*mV, -90*mV, 50*mV
    g_na = (100*msiemens*cm**-2) * area
    g_kd = (30*msiemens*cm**-2) * area
    VT = -63*mV
    Ee, Ei = 0*mV, -80*mV
    eqs = """dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK))/Cm : volt
             dm/dt = alpha_m*(1-m)-beta_m*m : 1
             dn/dt = alpha_n*(1-n)-beta_n*n : 1
             dh/dt = alpha_h*(1-h)-beta_h*h : 1
             dge/dt = -ge*(1./taue) : siemens
             dgi/dt = -gi*(1./taui) : siemens
             alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
             beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
             alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
             beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
             alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
             beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz"""
    P = NeuronGroup(n, eqs, threshold="v>-20*mV", refractory=3*ms, method="exponential_euler")
    P.v = v0*mV
    P.ge = ge0*nS
    P.gi = gi0*nS
    we, wi = 6*nS, 67*nS
elif model == "cuba":
    El = -49*mV
    eqs = """dv/dt = (ge+gi-(v-El))/taum : volt (unless refractory)
             dge/dt = -ge/taue : volt
             dgi/dt = -gi/taui : volt"""
    P = NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr", refractory=5*ms, method="exact")
    P.v = v0*mV
    P.ge = ge0*mV
    P.gi = -gi0*mV  # NeuroSharp keeps inhibitory inputs as magnitudes; Brian2's CUBA adds negative wi
    we, wi = 1.62*mV, -9*mV
else:
    El, Ee, Ei, I = -60*mV, 0*mV, -80*mV, 20*mV
    eqs = """dv/dt = (ge*(Ee-v) + gi*(Ei-v) - (v-El) + I)/taum : volt (unless refractory)
             dge/dt = -ge/taue : 1
             dgi/dt = -gi/taui : 1"""
    P = NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr", refractory=5*ms, method="exponential_euler")
    P.v = v0*mV
    P.ge = ge0
    P.gi = gi0
    we, wi = 0.6, 6.7
if model != "brunel":
    Ce = Synapses(P, P, on_pre="ge += we")
    Ce.connect(i=ee[0], j=ee[1])
    Ci = Synapses(P, P, on_pre="gi += wi")
    Ci.connect(i=ii[0], j=ii[1])
M = SpikeMonitor(P)
start = time.time()
run(duration_ms*ms)
total = time.time() - start
np.save(os.path.join(workdir, "brian2_spikes_i.npy"), np.asarray(M.i[:], dtype=np.int64))
np.save(os.path.join(workdir, "brian2_spikes_step.npy"), np.round(np.asarray(M.t[:]/defaultclock.dt)).astype(np.int64))
print(json.dumps({"runSeconds": device._last_run_time, "compileAndRunSeconds": total, "synapses": int(len(ee[0]) + len(ii[0]))}))
'''


def run_brian2(model, duration_ms, workdir):
    """Generate, compile and run Brian2's standalone project for the exported network."""
    worker = os.path.join(workdir, "brian2_worker.py")
    with open(worker, "w") as f:
        f.write(BRIAN_WORKER)
    out = subprocess.run(["/usr/bin/python3", worker, model, workdir, str(duration_ms)],
                         check=True, capture_output=True, text=True).stdout
    summary = json.loads(out.strip().splitlines()[-1])
    neurons = np.load(os.path.join(workdir, "brian2_spikes_i.npy"))
    steps = np.load(os.path.join(workdir, "brian2_spikes_step.npy"))
    return summary, neurons, steps


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--configs", default="cuba:1,coba:1,cuba:10,coba:10,cuba:100,coba:100")
    parser.add_argument("--duration-ms", type=float, default=1000.0)
    parser.add_argument("--out", default="/tmp/neurosharp-bench-spiking")
    parser.add_argument("--repeats", type=int, default=3, help="simulation runs per simulator and configuration (the fastest is reported, all are recorded)")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["dotnet", "build", BENCH_PROJECT, "-c", "Release", "--nologo", "-v", "quiet"], check=True)
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[:3]
    rows = []
    for config in args.configs.split(","):
        model, scale = config.split(":")
        workdir = os.path.join(args.out, f"{model}-x{scale}")
        os.makedirs(workdir, exist_ok=True)
        ns, ns_i, ns_s = run_neurosharp(model, scale, args.duration_ms, workdir, repeats=2)
        b2, b2_i, b2_s = run_brian2(model, args.duration_ms, workdir)
        ns_times, b2_times = [ns["runSeconds"]], [b2["runSeconds"]]
        # Further runs alternate between the two, so that load on a shared machine hits both alike.
        for _ in range(args.repeats - 1):
            ns_times.append(run_neurosharp(model, scale, args.duration_ms, workdir, repeats=2)[0]["runSeconds"])
            b2_times.append(rerun_brian2(workdir))
        ns["runSecondsAll"], ns["runSeconds"] = ns_times, min(ns_times)
        b2["runSecondsAll"], b2["runSeconds"] = b2_times, min(b2_times)
        n = ns["neurons"]
        ns_rate, ns_cv, ns_cvn = stats(ns_i, ns_s, n, args.duration_ms)
        b2_rate, b2_cv, b2_cvn = stats(b2_i, b2_s, n, args.duration_ms)
        bio = args.duration_ms / 1000.0
        # Synaptic events: each spike reaches every synapse of its neuron (out-degree from the exported network).
        sources = np.concatenate([np.load(os.path.join(workdir, f"{p}_i.npy")) for p in ("ee", "ei", "ie", "ii")])
        out_degree = np.bincount(sources, minlength=n)
        b2_events = int(out_degree[b2_i].sum())
        # NeuroSharp counts an event when it is delivered: with Brunel's delay (15 steps) the spikes of the last 15
        # steps are not delivered within the run.
        delivered = ns_s < ns["steps"] - (15 if model == "brunel" else 0)
        assert int(out_degree[ns_i[delivered]].sum()) == ns["synapticEvents"], "NeuroSharp's event count disagrees with its spikes"
        row = {
            "model": model, "scale": float(scale), "neurons": n, "synapses": ns["synapses"],
            "neurosharp": {"wallPerBioSecond": ns["runSeconds"] / bio, "eventsPerSecond": ns["synapticEvents"] / ns["runSeconds"],
                           "rateHz": ns_rate, "cvIsi": ns_cv, "cvNeurons": ns_cvn, "spikes": int(len(ns_i)),
                           "buildSeconds": ns["buildSeconds"], "runSecondsAll": ns["runSecondsAll"]},
            "brian2": {"wallPerBioSecond": b2["runSeconds"] / bio, "eventsPerSecond": b2_events / b2["runSeconds"],
                       "rateHz": b2_rate, "cvIsi": b2_cv, "cvNeurons": b2_cvn, "spikes": int(len(b2_i)),
                       "compileAndRunSeconds": b2["compileAndRunSeconds"], "runSecondsAll": b2["runSecondsAll"]},
        }
        row["rateDiffPercent"] = 100.0 * (ns_rate - b2_rate) / b2_rate if b2_rate else float("nan")
        row["cvDiffPercent"] = 100.0 * (ns_cv - b2_cv) / b2_cv if b2_cv == b2_cv and b2_cv else float("nan")
        row["speedup"] = b2["runSeconds"] / ns["runSeconds"]
        rows.append(row)
        print(json.dumps(row), flush=True)
    with open("/proc/loadavg") as f:
        load_after = f.read().split()[:3]
    result = {"duration_ms": args.duration_ms, "cores": os.cpu_count(), "loadavg_before": load_before,
              "loadavg_after": load_after, "rows": rows}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(result, f, indent=2)
    print()
    print("| network | neurons | synapses | NeuroSharp s/bio-s | Brian2 s/bio-s | speed-up | NeuroSharp events/s | Brian2 events/s | rate NS / B2 (Hz) | CV ISI NS / B2 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ns, b2 = r["neurosharp"], r["brian2"]
        print(f"| {r['model'].upper()} x{r['scale']:g} | {r['neurons']} | {r['synapses']} | {ns['wallPerBioSecond']:.3f} | {b2['wallPerBioSecond']:.3f} | "
              f"{r['speedup']:.2f}x | {ns['eventsPerSecond']:.3g} | {b2['eventsPerSecond']:.3g} | "
              f"{ns['rateHz']:.2f} / {b2['rateHz']:.2f} ({r['rateDiffPercent']:+.1f} %) | {ns['cvIsi']:.3f} / {b2['cvIsi']:.3f} ({r['cvDiffPercent']:+.1f} %) |")
    print(f"\nload average before {load_before}, after {load_after}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
