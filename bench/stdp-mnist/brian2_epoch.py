#!/usr/bin/python3
"""Trains the Diehl and Cook 2015 network on Brian2 (cpp_standalone) for a whole epoch, as a cross-check
of what NeuroSharp learns: do two simulators, given the same network and protocol, reach the same
accuracy?

The protocol is NeuroSharp's (StdpMnistTrainer) except for the rate raises, which need a decision
between images that a standalone run cannot take: before every image the potentials, conductances and
STDP traces are reset and each neuron's input weights scaled to sum 78, then 350 ms of the image at
pixel x 63.75 Hz and 150 ms of silence. The weight sums are kept up to date as the weights change
(on_pre and on_post add their change to a postsynaptic variable), so the per-image normalisation costs
one pass over the synapses instead of a summed variable updated every step.

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
from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, TimedArray, defaultclock, device, mV, ms, Hz,
                    prefs, run, set_device)

workdir = sys.argv[1]
set_device("cpp_standalone", directory=os.path.join(workdir, "brian2_epoch_build"))
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.5 * ms
w0 = np.load(os.path.join(workdir, "init_w.npy")).astype(float)    # [784, N]
rates = np.load(os.path.join(workdir, "rates.npy")).astype(float)  # [images, 784]
n_input, n_e = w0.shape
images = rates.shape[0]

v_rest_e, v_reset_e, v_thresh_e, offset = -65 * mV, -65 * mV, -52 * mV, 20 * mV
v_rest_i, v_reset_i, v_thresh_i = -60 * mV, -45 * mV, -40 * mV
tc_theta, theta_plus_e = 1e7 * ms, 0.05 * mV
tc_pre, tc_post1, tc_post2 = 20 * ms, 20 * ms, 40 * ms
nu_pre, nu_post, wmax, weight_sum = 0.0001, 0.01, 1.0, 78.0
eqs_e = """dv/dt = ((v_rest_e - v) + ge*(0*mV - v) + gi*(-100*mV - v)) / (100*ms) : volt (unless refractory)
           dge/dt = -ge/(1*ms) : 1
           dgi/dt = -gi/(2*ms) : 1
           dtheta/dt = -theta/tc_theta : volt
           wsum : 1"""
eqs_i = """dv/dt = ((v_rest_i - v) + ge*(0*mV - v) + gi*(-85*mV - v)) / (10*ms) : volt (unless refractory)
           dge/dt = -ge/(1*ms) : 1
           dgi/dt = -gi/(2*ms) : 1"""
exc = NeuronGroup(n_e, eqs_e, threshold="v > theta - offset + v_thresh_e", reset="v = v_reset_e; theta += theta_plus_e",
                  refractory=5 * ms, method="exponential_euler")
inh = NeuronGroup(n_e, eqs_i, threshold="v > v_thresh_i", reset="v = v_reset_i", refractory=2 * ms, method="exponential_euler")
exc.v = v_rest_e
exc.theta = 20 * mV
exc.wsum = w0.sum(axis=0)
inh.v = v_rest_i

# Images: one row per 500 ms; the input is on for the first 350 ms of each (rows of 50 ms: 7 on, 3 off).
stim = TimedArray(rates * Hz, dt=500 * ms)
on = TimedArray(np.tile([1.0] * 7 + [0.0] * 3, images), dt=50 * ms)
inp = PoissonGroup(n_input, rates="stim(t, i) * on(t)")

stdp = """w : 1
          wold : 1
          post2before : 1
          dpre/dt = -pre/tc_pre : 1 (event-driven)
          dpost1/dt = -post1/tc_post1 : 1 (event-driven)
          dpost2/dt = -post2/tc_post2 : 1 (event-driven)"""
on_pre = "ge_post += w; pre = 1.; wold = w; w = clip(w - nu_pre*post1, 0, wmax); wsum_post += w - wold"
on_post = ("post2before = post2; wold = w; w = clip(w + nu_post*pre*post2before, 0, wmax); wsum_post += w - wold; "
           "post1 = 1.; post2 = 1.")
S = Synapses(inp, exc, model=stdp, on_pre=on_pre, on_post=on_post)
S.connect()
S.w = w0.reshape(-1)  # connect() orders synapses by source, then target: the layout of init_w
ei = Synapses(exc, inh, on_pre="ge_post += 10.4")
ei.connect(j="i")
ie = Synapses(inh, exc, on_pre="gi_post += 17.0")
ie.connect(condition="i != j")

# Before each image (t = k x 500 ms): reset the dynamics, then normalise (synapses first, then the sums).
for group, rest in ((exc, "v_rest_e"), (inh, "v_rest_i")):
    group.run_regularly(f"v = {rest}; ge = 0; gi = 0", dt=500 * ms, when="start", order=0)
S.run_regularly("w = w * weight_sum / wsum_post; pre = 0; post1 = 0; post2 = 0", dt=500 * ms, when="start", order=1)
exc.run_regularly("wsum = weight_sum", dt=500 * ms, when="start", order=2)
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
