"""The Diehl and Cook 2015 network on Brian2, shared by compare_brian2.py and brian2_epoch.py so that the
two cross-checks run one definition: every constant as in NeuroSharp's DiehlCookNetworkSpec (the
authors' code), exponential Euler as NeuroSharp, event-driven STDP traces (the authors' nearest-spike
triplet rule) as the Brian2 ports of the paper do.
"""
import numpy as np
from brian2 import NeuronGroup, Synapses, mV, ms

CONSTANTS = {
    "v_rest_e": -65 * mV, "v_reset_e": -65 * mV, "v_thresh_e": -52 * mV, "offset": 20 * mV,
    "v_rest_i": -60 * mV, "v_reset_i": -45 * mV, "v_thresh_i": -40 * mV,
    "tc_theta": 1e7 * ms, "theta_plus_e": 0.05 * mV,
    "tc_pre": 20 * ms, "tc_post1": 20 * ms, "tc_post2": 40 * ms,
    "nu_pre": 0.0001, "nu_post": 0.01, "wmax": 1.0,
}

EQS_E = """dv/dt = ((v_rest_e - v) + ge*(0*mV - v) + gi*(-100*mV - v)) / (100*ms) : volt (unless refractory)
           dge/dt = -ge/(1*ms) : 1
           dgi/dt = -gi/(2*ms) : 1
           dtheta/dt = -theta/tc_theta : volt"""
EQS_I = """dv/dt = ((v_rest_i - v) + ge*(0*mV - v) + gi*(-85*mV - v)) / (10*ms) : volt (unless refractory)
           dge/dt = -ge/(1*ms) : 1
           dgi/dt = -gi/(2*ms) : 1"""
STDP = """w : 1
          post2before : 1
          dpre/dt = -pre/tc_pre : 1 (event-driven)
          dpost1/dt = -post1/tc_post1 : 1 (event-driven)
          dpost2/dt = -post2/tc_post2 : 1 (event-driven)"""
ON_PRE = "ge_post += w; pre = 1.; w = clip(w - nu_pre*post1, 0, wmax)"
ON_POST = "post2before = post2; w = clip(w + nu_post*pre*post2before, 0, wmax); post1 = 1.; post2 = 1."
# With weight sums kept up to date: each change is added to the target's wsum, so that a per-image
# normalisation costs one pass over the synapses instead of a summed variable updated every step.
ON_PRE_SUMS = "ge_post += w; pre = 1.; wold = w; w = clip(w - nu_pre*post1, 0, wmax); wsum_post += w - wold"
ON_POST_SUMS = ("post2before = post2; wold = w; w = clip(w + nu_post*pre*post2before, 0, wmax); wsum_post += w - wold; "
                "post1 = 1.; post2 = 1.")


def build(inp, w0, delays_ms=None, weight_sums=False, count_spikes=False):
    """The network driven by the PoissonGroup inp: returns (exc, inh, input synapses, exc -> inh, inh -> exc).

    The caller keeps all five in its own names: Brian2's run() and collect() find objects there.

    w0 [n_input, n_e] are the initial input weights (connect() orders synapses by source, then target:
    the layout of NeuroSharp's exported init_w); delays_ms, when given and not all 0, the per-synapse
    input delays in the same layout (on_pre acts when the spike arrives). weight_sums adds the wsum
    variable to exc and keeps it equal to each neuron's summed input weights; count_spikes adds count to
    exc, raised by 1 at each of its spikes (the caller zeroes it).
    """
    n_input, n_e = w0.shape
    exc = NeuronGroup(n_e, EQS_E + ("\nwsum : 1" if weight_sums else "") + ("\ncount : 1" if count_spikes else ""),
                      threshold="v > theta - offset + v_thresh_e",
                      reset="v = v_reset_e; theta += theta_plus_e" + ("; count += 1" if count_spikes else ""),
                      refractory=5 * ms, method="exponential_euler",
                      namespace=CONSTANTS)
    inh = NeuronGroup(n_e, EQS_I, threshold="v > v_thresh_i", reset="v = v_reset_i", refractory=2 * ms,
                      method="exponential_euler", namespace=CONSTANTS)
    exc.v = CONSTANTS["v_rest_e"]
    exc.theta = 20 * mV
    inh.v = CONSTANTS["v_rest_i"]
    if weight_sums:
        exc.wsum = w0.sum(axis=0)
    S = Synapses(inp, exc, model=STDP + ("\nwold : 1" if weight_sums else ""), on_pre=ON_PRE_SUMS if weight_sums else ON_PRE,
                 on_post=ON_POST_SUMS if weight_sums else ON_POST, namespace=CONSTANTS)
    S.connect()
    S.w = w0.reshape(-1)
    if delays_ms is not None and np.max(delays_ms) > 0:
        S.delay = np.asarray(delays_ms, dtype=float).reshape(-1) * ms
    ei = Synapses(exc, inh, on_pre="ge_post += 10.4")
    ei.connect(j="i")
    ie = Synapses(inh, exc, on_pre="gi_post += 17.0")
    ie.connect(condition="i != j")
    return exc, inh, S, ei, ie


def per_presentation(exc, inh, S, weight_sum, reset, first_order=0):
    """At every 500 ms boundary (when="start", from first_order on): when reset, v back to rest and the
    conductances and STDP traces to 0; then each neuron's input weights scaled to sum weight_sum (the
    synapses first, then the kept sums). Needs build(..., weight_sums=True)."""
    if reset:
        for group, rest in ((exc, "v_rest_e"), (inh, "v_rest_i")):
            group.run_regularly(f"v = {rest}; ge = 0; gi = 0", dt=500 * ms, when="start", order=first_order)
    S.run_regularly(f"w = w * {weight_sum} / wsum_post" + ("; pre = 0; post1 = 0; post2 = 0" if reset else ""),
                    dt=500 * ms, when="start", order=first_order + 1)
    exc.run_regularly(f"wsum = {weight_sum}", dt=500 * ms, when="start", order=first_order + 2)
