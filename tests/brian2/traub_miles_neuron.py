#!/usr/bin/python3
"""One Traub-Miles neuron of Brian2's COBAHH example (no synapses) under a constant current: its spike times as JSON.

Usage: /usr/bin/python3 tests/brian2/traub_miles_neuron.py CURRENT_PA DURATION_MS
The equations are the example's, word for word; v starts at -65 mV and m, h, n at 0 (as the example leaves them);
threshold v > -20 mV, refractory 3 ms, exponential Euler at dt 0.1 ms (numpy code generation: nothing to compile).
HodgkinHuxleyBrian2Tests runs it and compares NeuroSharp's hh model (preset traubMiles) with it.
"""
import json, sys
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.1*ms
I0 = float(sys.argv[1])*pA
area = 20000*umetre**2
Cm = (1*ufarad*cm**-2) * area
gl = (5e-5*siemens*cm**-2) * area
El, EK, ENa = -60*mV, -90*mV, 50*mV
g_na = (100*msiemens*cm**-2) * area
g_kd = (30*msiemens*cm**-2) * area
VT = -63*mV
eqs = """dv/dt = (gl*(El-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK)+I0)/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz"""
P = NeuronGroup(1, eqs, threshold="v>-20*mV", refractory=3*ms, method="exponential_euler")
P.v = -65*mV
M = SpikeMonitor(P)
run(float(sys.argv[2])*ms)
print(json.dumps([float(t/ms) for t in M.t]))
