#!/usr/bin/python3
"""Wall time per 1 000 training images of the Diehl and Cook 2015 network: NeuroSharp against Brian2.

NeuroSharp (bench/stdp-mnist/StdpMnistBench) builds the network, exports its initial input weights
and the images' Poisson rates, and times the schedule that Brian2 can run in one standalone run:
every image 350 ms at rate = pixel x 63.75 Hz, then 150 ms of silence, STDP on (the authors'
nearest-spike triplet rule), dt = 0.5 ms, no weight normalisation, no rate raises (both need a
decision between images, which a standalone run cannot take). Brian2's cpp_standalone device then
runs exactly that network (same initial weights and input delays, same equations, exponential Euler
as NeuroSharp, event-driven STDP traces as the Brian2 ports of the paper do: with the delays, on_pre
acts when a spike arrives at its synapse, as in NeuroSharp) and reports device._last_run_time
(the simulation loop, compilation excluded). Both single-threaded, on the same machine, in turn.
The mean excitatory spikes per image and the mean final weight are printed for both: the same
network must behave the same (the Poisson draws differ, so only statistically).

NeuroSharp's full protocol (StdpMnistTrainer: reset, normalisation and rate raises per image) is
timed as well. Brian2's runtime mode can run that protocol from Python, image by image;
--runtime-images N times it on N images (cython code generation), for scale.

Usage (Debian's python3-brian; use /usr/bin/python3, not a pyenv python):
    /usr/bin/python3 bench/stdp-mnist/compare_brian2.py [--neurons 100,400] [--images 1000]
        [--repeats 2] [--runtime-images 20] [--max-delay-ms 0] [--out /tmp/neurosharp-bench-stdp]
"""
import argparse
import json
import os
import subprocess
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_PROJECT = os.path.join(HERE, "StdpMnistBench")
DLL = os.path.join(BENCH_PROJECT, "bin", "Release", "net10.0", "StdpMnistBench.dll")

NETWORK = r'''
import json, os, sys, time
import numpy as np
from brian2 import *
mode, workdir, images, here = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, here)
import diehl_cook_brian2   # the network, shared with brian2_epoch.py
if mode == "standalone":
    set_device("cpp_standalone", directory=os.path.join(workdir, "brian2_build"))
    prefs.devices.cpp_standalone.openmp_threads = 0
else:
    prefs.codegen.target = "cython"
defaultclock.dt = 0.5*ms
seed(1)   # the Poisson draws: a rerun gives the same spikes
w0 = np.load(os.path.join(workdir, "init_w.npy")).astype(float)   # [784, N]
rates = np.load(os.path.join(workdir, "rates.npy")).astype(float)  # [images, 784]
n_input, n_e = w0.shape
rates = rates[:images]
if mode == "standalone":
    # 350 ms of the image then 150 ms of silence: rows of 50 ms, 7 on and 3 off per image.
    table = np.zeros((images * 10, n_input))
    for k in range(images):
        table[k*10:k*10+7] = rates[k]
    stim = TimedArray(table*Hz, dt=50*ms)
    inp = PoissonGroup(n_input, rates="stim(t, i)")
else:
    inp = PoissonGroup(n_input, rates=np.zeros(n_input)*Hz)
# Input delays as NeuroSharp drew them (--max-delay-ms; the authors' code: 0-10 ms): on_pre acts when the spike arrives.
delays = np.load(os.path.join(workdir, "init_delay_ms.npy"))
exc, inh, S, ei, ie = diehl_cook_brian2.build(inp, w0, delays)
M = SpikeMonitor(exc)
if mode == "standalone":
    start = time.time()
    run(images * 500*ms)
    total = time.time() - start
    seconds = device._last_run_time
else:
    net = Network(collect())
    net.run(0*ms)   # code generation and compilation, not timed
    start = time.time()
    for k in range(images):
        inp.rates = rates[k]*Hz
        net.run(350*ms)
        inp.rates = 0*Hz
        net.run(150*ms)
    seconds = time.time() - start
    total = seconds
per_image = np.bincount(np.floor(np.asarray(M.t[:] / (500*ms))).astype(int), minlength=images)[:images]
print(json.dumps({"mode": mode, "images": images, "runSeconds": seconds, "compileAndRunSeconds": total,
                  "excSpikesPerImage": float(per_image.mean()), "meanFinalWeight": float(np.mean(S.w[:]))}))
'''


def neurosharp(args):
    out = subprocess.run(["dotnet", DLL, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def brian2(mode, workdir, images):
    worker = os.path.join(workdir, "brian2_worker.py")
    with open(worker, "w") as f:
        f.write(NETWORK)
    out = subprocess.run(["/usr/bin/python3", worker, mode, workdir, str(images), HERE], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def rerun_brian2(workdir):
    """The compiled standalone binary again (no code generation or compilation): its simulation-loop time."""
    build = os.path.join(workdir, "brian2_build")
    subprocess.run(["./main"], cwd=build, check=True, capture_output=True)
    with open(os.path.join(build, "results", "last_run_info.txt")) as f:
        return float(f.read().split()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--neurons", default="100,400")
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=2, help="timed runs per simulator (the fastest is reported, all are recorded)")
    parser.add_argument("--runtime-images", type=int, default=20, help="images for Brian2's runtime mode (0: skip)")
    parser.add_argument("--max-delay-ms", type=float, default=0.0, help="input delays uniform in [0, this] ms (the authors' code: 10; default none)")
    parser.add_argument("--out", default="/tmp/neurosharp-bench-stdp")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["dotnet", "build", BENCH_PROJECT, "-c", "Release", "--nologo", "-v", "quiet"], check=True)
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[:3]
    rows = []
    for n in [int(x) for x in args.neurons.split(",")]:
        workdir = os.path.join(args.out, f"n{n}")
        os.makedirs(workdir, exist_ok=True)
        ns = neurosharp(["fixed", n, args.images, workdir, 1, 1, args.max_delay_ms])
        b2 = brian2("standalone", workdir, args.images)
        ns_times, b2_times = [ns["runSeconds"]], [b2["runSeconds"]]
        # Further runs alternate between the two, so that load on a shared machine hits both alike.
        for _ in range(args.repeats - 1):
            ns_times.append(neurosharp(["fixed", n, args.images, workdir, 1, 1, args.max_delay_ms])["runSeconds"])
            b2_times.append(rerun_brian2(workdir))
        trainer = neurosharp(["trainer", n, args.images])
        row = {
            "neurons": n, "images": args.images,
            "neurosharp": {**ns, "runSecondsAll": ns_times, "runSeconds": min(ns_times)},
            "brian2Standalone": {**b2, "runSecondsAll": b2_times, "runSeconds": min(b2_times)},
            "neurosharpTrainer": trainer,
        }
        if args.runtime_images > 0:
            row["brian2Runtime"] = brian2("runtime", workdir, args.runtime_images)
        row["speedup"] = row["brian2Standalone"]["runSeconds"] / row["neurosharp"]["runSeconds"]
        rows.append(row)
        print(json.dumps(row), flush=True)
    with open("/proc/loadavg") as f:
        load_after = f.read().split()[:3]
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"cores": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": load_after, "rows": rows}, f, indent=2)
    print()
    print("| neurons | NeuroSharp s / 1 000 images (fixed schedule) | Brian2 standalone s / 1 000 | speed-up | NeuroSharp full protocol s / 1 000 | Brian2 runtime s / 1 000 | exc spikes / image NS / B2 | mean final weight NS / B2 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        k = 1000.0 / r["images"]
        ns, b2, tr = r["neurosharp"], r["brian2Standalone"], r["neurosharpTrainer"]
        rt = r.get("brian2Runtime")
        rt_text = f"{rt['runSeconds'] * 1000.0 / rt['images']:.0f}" if rt else "-"
        print(f"| {r['neurons']} | {ns['runSeconds'] * k:.2f} | {b2['runSeconds'] * k:.2f} | {r['speedup']:.1f}x | "
              f"{tr['runSeconds'] * 1000.0 / tr['images']:.2f} | {rt_text} | {ns['excSpikesPerImage']:.1f} / {b2['excSpikesPerImage']:.1f} | "
              f"{ns['meanFinalWeight']:.4f} / {b2['meanFinalWeight']:.4f} |")
    print(f"\nload average before {load_before}, after {load_after}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
