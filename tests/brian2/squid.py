"""Hodgkin and Huxley 1952's squid channels for Brian2's SpatialNeuron, shared by hh_axon.py and hh_cone.py.

The modern convention (rest -65 mV, 6.3 degC): gl 0.3, gNa 120, gK 36 mS/cm^2, El -54.387, ENa 50, EK -77 mV; EQUATIONS is the
membrane current and the three gates' rate functions (SQUID_CURRENT and GATES its parts); at_rest(neuron) sets v to -65 mV and each gate to its steady state there;
crossings(monitor, trace) lists the times at which v first exceeds 0 mV (docs/spiking-multicompartment.md).
"""
from brian2 import mV, ms, msiemens, cm, nA, exp

El, ENa, EK = -54.387 * mV, 50 * mV, -77 * mV
gl, gNa, gK = 0.3 * msiemens / cm**2, 120 * msiemens / cm**2, 36 * msiemens / cm**2
# The squid membrane current density, for an Im of one's own (hh_pool.py adds calcium channels to it).
SQUID_CURRENT = "gl * (El - v) + gNa * m**3 * h * (ENa - v) + gK * n**4 * (EK - v)"
# The three gates and their rate functions.
GATES = """
dm/dt = alpham * (1 - m) - betam * m : 1
dn/dt = alphan * (1 - n) - betan * n : 1
dh/dt = alphah * (1 - h) - betah * h : 1
alpham = (0.1/mV) * 10*mV / exprel(-(v + 40*mV) / (10*mV)) / ms : Hz
betam = 4 * exp(-(v + 65*mV) / (18*mV)) / ms : Hz
alphah = 0.07 * exp(-(v + 65*mV) / (20*mV)) / ms : Hz
betah = 1 / (exp(-(v + 35*mV) / (10*mV)) + 1) / ms : Hz
alphan = (0.01/mV) * 10*mV / exprel(-(v + 55*mV) / (10*mV)) / ms : Hz
betan = 0.125 * exp(-(v + 65*mV) / (80*mV)) / ms : Hz
"""
EQUATIONS = f"""
Im = {SQUID_CURRENT} : amp/meter**2
I : amp (point current)
""" + GATES


def at_rest(neuron):
    """v at -65 mV and m, h, n at their steady states there; no point current."""
    v0 = -65.0
    am = 0.1 * (v0 + 40) / (1 - exp(-(v0 + 40) / 10)); bm = 4 * exp(-(v0 + 65) / 18)
    ah = 0.07 * exp(-(v0 + 65) / 20); bh = 1 / (exp(-(v0 + 35) / 10) + 1)
    an = 0.01 * (v0 + 55) / (1 - exp(-(v0 + 55) / 10)); bn = 0.125 * exp(-(v0 + 65) / 80)
    neuron.v = v0 * mV
    neuron.m, neuron.h, neuron.n = am / (am + bm), ah / (ah + bh), an / (an + bn)
    neuron.I = 0 * nA


def crossings(monitor, trace):
    """Each time v goes above 0 mV: the time of the first recorded value above it (a StateMonitor's value at t is v at t)."""
    out, above = [], False
    for k, x in enumerate(trace / mV):
        if x > 0 and not above:
            out.append(round(float(monitor.t[k] / ms), 6))
        above = x > 0
    return out
