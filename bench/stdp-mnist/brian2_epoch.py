#!/usr/bin/python3
"""Trains the Diehl and Cook 2015 network on Brian2 (cpp_standalone) for a whole epoch, as a cross-check
of what NeuroSharp learns: do two simulators, given the same network and protocol, reach the same
accuracy?

The protocol is NeuroSharp's (StdpMnistTrainer) except for the rate raises, which need a decision
between images that a standalone run cannot take: before every image the potentials, conductances and
STDP traces are reset and each neuron's input weights scaled to sum 78, then 350 ms of the image at
pixel x 63.75 Hz and 150 ms of silence. The weight sums are kept up to date as the weights change
(diehl_cook_brian2.build's weight_sums), so the per-image normalisation costs one pass over the
synapses instead of a summed variable updated every step.

Writes learned_w.npy [784, N] and theta_mv.npy [N]; evaluate them with NeuroSharp's frozen readout:
    dotnet bench/stdp-mnist/StdpMnistBench/bin/Release/net10.0/StdpMnistBench.dll evaluate N learned_w.npy theta_mv.npy
and compare with NeuroSharp trained on the same protocol (no raises) from the same initial weights:
    StdpMnistBench learn N IMAGES OUT_DIR 1 0

Usage (Debian's python3-brian):
    StdpMnistBench export N IMAGES DIR          # init_w.npy, rates.npy
    /usr/bin/python3 bench/stdp-mnist/brian2_epoch.py DIR
"""
import json
import os
import sys
import time

import numpy as np
from brian2 import PoissonGroup, SpikeMonitor, TimedArray, defaultclock, device, mV, ms, Hz, prefs, run, seed, set_device

import diehl_cook_brian2  # the network, shared with compare_brian2.py

workdir = sys.argv[1]
set_device("cpp_standalone", directory=os.path.join(workdir, "brian2_epoch_build"))
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.5 * ms
seed(1)  # the Poisson draws: a rerun gives the same spikes
w0 = np.load(os.path.join(workdir, "init_w.npy")).astype(float)    # [784, N]
rates = np.load(os.path.join(workdir, "rates.npy")).astype(float)  # [images, 784]
n_input, n_e = w0.shape
images = rates.shape[0]

weight_sum = 78.0

# Images: one row per 500 ms; the input is on for the first 350 ms of each (rows of 50 ms: 7 on, 3 off).
stim = TimedArray(rates * Hz, dt=500 * ms)
on = TimedArray(np.tile([1.0] * 7 + [0.0] * 3, images), dt=50 * ms)
inp = PoissonGroup(n_input, rates="stim(t, i) * on(t)")

exc, inh, S, ei, ie = diehl_cook_brian2.build(inp, w0, weight_sums=True)

# Before each image (t = k x 500 ms): reset the dynamics, then normalise (synapses first, then the sums).
diehl_cook_brian2.per_presentation(exc, inh, S, weight_sum, reset=True)
M = SpikeMonitor(exc)

start = time.time()
run(images * 500 * ms)
total = time.time() - start
w = np.asarray(S.w[:]).reshape(n_input, n_e)
np.save(os.path.join(workdir, "learned_w.npy"), w.astype(np.float32))
np.save(os.path.join(workdir, "theta_mv.npy"), (np.asarray(exc.theta[:]) / mV).astype(np.float32))
per_image = np.bincount(np.floor(np.asarray(M.t[:] / (500 * ms))).astype(int), minlength=images)[:images]
np.save(os.path.join(workdir, "spikes_per_image.npy"), per_image.astype(np.int32))
print(json.dumps({"images": images, "runSeconds": device._last_run_time, "compileAndRunSeconds": total,
                  "excSpikesPerImage": float(per_image.mean()), "quietImages": int((per_image < 5).sum()),
                  "meanFinalWeight": float(w.mean())}))
