"""c302 level C's GenericNeuronCell (examples/cell_C.xml) in double precision, shared by c302_c_reference.py and
c302_c1_graded_reference.py.

Written from c302's cell_C.xml (not from NeuroSharp's code): leak, k_slow (n), k_fast (p^4 q), ca_boyle (e^2 f h, h = customHGate:
fcond = 1 + (inf - 1) alpha, inf = 1 / (1 + exp((ca_half - caConc) / k))), the fixedFactorConcentrationModel pool
dC/dt = rho iCa / A - C / tau, on a sphere of diameter 5 um (area pi d^2 with LEMS's pi 3.14159). SI units throughout. One step is
exponential Euler from the start-of-step values, dt 0.05 ms: the scheme docs/spiking-hh.md states, where an instantaneous gate is a
state like the others (x' = inf of the start-of-step values), so the customHGate's h in a step's conductance is inf of the caConc
of the step before. A comparison then checks the equations and units, not the integrator.
"""
import math

dt = 5e-5                      # s
area = 3.14159 * (5e-6) ** 2   # m^2
cm = 0.01 * area               # F
g = {k: v * 10 * area for k, v in {"leak": 0.005, "kslow": 3, "kfast": 0.0711643917483308, "ca": 3}.items()}  # mS/cm^2 -> S
E = {"leak": -0.05, "kslow": -0.06, "kfast": -0.06, "ca": 0.04}
rho, tau_ca = 0.000238919, 0.0115943
alpha_h, ca_half, k_h = 0.282473, 6.41889e-8, -1.00056e-8      # mM = mol/m^3
gates = {  # name: (tau s, mid mV, scale mV)
    "n": (25.0007e-3, 19.8741, 15.8512), "p": (2.25518e-3, -8.05232, 7.42636), "q": (149.963e-3, -15.6456, -9.97468),
    "e": (0.100027e-3, -3.3568, 6.74821), "f": (150.88e-3, 25.1815, -5.03176),
}


def sig(v, mid, scale):        # HHSigmoidVariable, rate 1, v in V, mid and scale in mV
    return 1 / (1 + math.exp((mid * 1e-3 - v) / (scale * 1e-3)))


def h_of(c):
    return 1 + (1 / (1 + math.exp((ca_half - c) / k_h)) - 1) * alpha_h


class Cell:
    """One cell from v = -45 mV, caConc 0 and the gates at their steady state; stim(t) in A (None: no current). vs and cs hold v
    (V) and caConc (mol/m^3) after each step, from the initial values."""

    def __init__(self, stim=None):
        self.v, self.c, self.stim = -0.045, 0.0, stim
        self.x = {name: sig(self.v, mid, scale) for name, (tau, mid, scale) in gates.items()}
        self.h = h_of(self.c)
        self.vs, self.cs = [self.v], [self.c]

    def step(self, t, gsyn=0.0, esyn=0.0):
        """One step from time t, with a synaptic conductance gsyn (S) of reversal esyn (V) beside the channels."""
        x, v = self.x, self.v
        go = {"leak": g["leak"], "kslow": g["kslow"] * x["n"], "kfast": g["kfast"] * x["p"] ** 4 * x["q"],
              "ca": g["ca"] * x["e"] ** 2 * x["f"] * self.h}
        G = sum(go.values()) + gsyn
        GE = sum(go[k] * E[k] for k in go) + gsyn * esyn + (self.stim(t) if self.stim else 0.0)
        ica = go["ca"] * (E["ca"] - v)                       # A, inward positive
        for name, (tau, mid, scale) in gates.items():
            inf = sig(v, mid, scale)
            x[name] = inf + (x[name] - inf) * math.exp(-dt / tau)
        self.h = h_of(self.c)                                # the instantaneous gate: inf of the start-of-step caConc
        c_inf = tau_ca * rho * ica / area                    # resting 0; mol/m^3
        self.c = max(0.0, c_inf + (self.c - c_inf) * math.exp(-dt / tau_ca))
        v_inf = GE / G
        self.v = v_inf + (v - v_inf) * math.exp(-dt * G / cm)
        self.vs.append(self.v)
        self.cs.append(self.c)
