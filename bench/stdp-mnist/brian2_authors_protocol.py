#!/usr/bin/python3
"""Trains the Diehl and Cook 2015 network on Brian2 (cpp_standalone) with the whole protocol of the
authors' code, rate raises included: does the reference simulator, running the published network and
protocol, reach the paper's accuracy?

The authors' training loop (Diehl&Cook_spiking_MNIST.py) decides between images: it normalises each
neuron's input weights to 78, shows the image for 350 ms at pixel / 8 x intensity Hz (intensity 2),
rests 150 ms without input, and when the excitatory neurons answered with fewer than 5 spikes shows
the same image again with intensity + 1, else goes on to the next image with intensity 2. Nothing is
reset between images: potentials and conductances decay during the rest. A standalone run cannot take
decisions in Python, so here a one-neuron controller group takes them in the compiled code
(run_regularly every 500 ms): it reads the spikes of the last presentation through a summed variable,
picks the next image and intensity, and the input group reads both through linked variables and the
images through a TimedArray indexed by image. Every presentation lasts 500 ms, so the run is given a
budget of presentations (--budget x images) and the input falls silent once the last image is learned;
theta is then corrected for the silent tail (exact: nothing fires there).

Spikes are counted over whole presentations (350 ms of input and the 150 ms rest after it); the code
counts from the end of one input window to the end of the next. The two differ only by spikes in the
rest, which are rare.

Writes learned_w.npy [784, N], theta_mv.npy [N] and summary.json; evaluate with NeuroSharp's frozen readout:
    dotnet bench/stdp-mnist/StdpMnistBench/bin/Release/net10.0/StdpMnistBench.dll evaluate N DIR/learned_w.npy DIR/theta_mv.npy

Usage (Debian's python3-brian):
    StdpMnistBench export N IMAGES DIR SEED       # init_w.npy, rates.npy
    /usr/bin/python3 bench/stdp-mnist/brian2_authors_protocol.py DIR [--seed S] [--max-delay-ms 10] [--reset] [--budget 2.2]
"""
import argparse
import json
import os
import time

import numpy as np
from brian2 import (NeuronGroup, SpikeMonitor, Synapses, TimedArray, defaultclock, device, linked_var, mV, ms,
                    second, Hz, prefs, run, seed, set_device)

import diehl_cook_brian2  # the network, shared with compare_brian2.py and brian2_epoch.py

parser = argparse.ArgumentParser()
parser.add_argument("workdir")
parser.add_argument("--seed", type=int, default=1, help="Brian2's random seed (Poisson spikes, delays)")
parser.add_argument("--max-delay-ms", type=float, default=10.0, help="input delays uniform in [0, this] (the code: 10; 0: none)")
parser.add_argument("--reset", action="store_true", help="reset v, g and traces before every presentation, as NeuroSharp")
parser.add_argument("--budget", type=float, default=2.2, help="presentations allowed per image")
args = parser.parse_args()

workdir = args.workdir
set_device("cpp_standalone", directory=os.path.join(workdir, "brian2_authors_build"))
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.5 * ms
seed(args.seed)
w0 = np.load(os.path.join(workdir, "init_w.npy")).astype(float)    # [784, N]
rates = np.load(os.path.join(workdir, "rates.npy")).astype(float)  # [images, 784], pixel / 255 x 63.75 Hz
n_input, n_e = w0.shape
images = rates.shape[0]
presentations = int(np.ceil(images * args.budget))
weight_sum = 78.0
start_intensity = 2.0

# One row per image, read at t = image x 1 s: the rate per unit of intensity (pixel / 8 Hz).
stim = TimedArray(rates / start_intensity * Hz, dt=1 * second)

ctrl = NeuronGroup(1, """img : integer
                        intensity : 1
                        total : 1
                        started : 1
                        shown : integer
                        raises : integer
                        t_last : second""", namespace={"images": images})
ctrl.img = -1
ctrl.intensity = start_intensity
# At every 500 ms boundary: was the last presentation quiet (< 5 spikes)? Then the same image, one
# intensity higher; else the next image at intensity 2. t_last: the start of the last presentation.
ctrl.run_regularly("""quiet = int(total < 5) * int(started > 0.5) * int(img < images)
                      raises += quiet
                      img += 1 - quiet
                      intensity = quiet * (intensity + 1) + (1 - quiet) * start_intensity
                      learning = int(img < images)
                      shown += learning
                      t_last = learning * t + (1 - learning) * t_last
                      started = 1""", dt=500 * ms, when="start", order=0)

inp = NeuronGroup(n_input, """img : integer (linked)
                             intensity : 1 (linked)""",
                  threshold="rand() < stim(img * second, i) * intensity * dt * int(timestep(t, dt) % 1000 < 700) * int(img < images)",
                  namespace={"stim": stim, "images": images})
inp.img = linked_var(ctrl, "img", index=np.zeros(n_input, dtype=int))
inp.intensity = linked_var(ctrl, "intensity", index=np.zeros(n_input, dtype=int))

delays = None
if args.max_delay_ms > 0:
    rng = np.random.default_rng(args.seed)
    delays = rng.uniform(0, args.max_delay_ms, size=w0.shape)
exc, inh, S, ei, ie = diehl_cook_brian2.build(inp, w0, delays_ms=delays, weight_sums=True, count_spikes=True)

counter = Synapses(exc, ctrl, "total_post = count_pre : 1 (summed)")
counter.connect()
exc.run_regularly("count = 0", dt=500 * ms, when="start", order=1)
diehl_cook_brian2.per_presentation(exc, inh, S, weight_sum, reset=args.reset, first_order=2)
M = SpikeMonitor(exc, record=False)

start = time.time()
run(presentations * 500 * ms)
total = time.time() - start
img = int(ctrl.img[0])
shown = int(ctrl.shown[0])
end_ms = presentations * 500.0
learned_until_ms = float(ctrl.t_last[0] / ms) + 500.0
# theta decays by exp(-t / tau_theta) over the silent tail; undo that to get theta when learning ended.
theta = np.asarray(exc.theta[:]) / mV * np.exp((end_ms - learned_until_ms) / 1e7)
w = np.asarray(S.w[:]).reshape(n_input, n_e)
np.save(os.path.join(workdir, "learned_w.npy"), w.astype(np.float32))
np.save(os.path.join(workdir, "theta_mv.npy"), theta.astype(np.float32))
summary = {"images": images, "imagesLearned": min(img, images), "complete": img >= images, "presentations": shown,
           "rateRaisesPerImage": int(ctrl.raises[0]) / max(1, min(img, images)),
           "excSpikesPerPresentation": int(M.num_spikes) / max(1, shown), "meanThetaMv": float(theta.mean()),
           "meanFinalWeight": float(w.mean()), "seed": args.seed, "maxDelayMs": args.max_delay_ms, "reset": args.reset,
           "runSeconds": device._last_run_time, "compileAndRunSeconds": total}
with open(os.path.join(workdir, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)
print(json.dumps(summary))
