"""PyNN's Hodgkin-Huxley and adapting cell types on the engine (docs/pynn.md, "Hodgkin-Huxley, AdEx and adapting cells"):

  HH_cond_exp               -> hh (Traub-Miles channels shifted by v_offset, exponential conductance synapses)
  EIF_cond_exp_isfa_ista    -> adex with conductance inputs (exponential)
  EIF_cond_alpha_isfa_ista  -> adex with conductance inputs, rise time = decay time (alpha, peak w)
  IF_cond_exp_gsfa_grr      -> equations (PyNN's own equations as pyNN.brian2 writes them, RK4; Brian2 takes RK2)
  GIF_cond_exp              -> gif (escape noise drawn from the engine's run streams, docs/spiking-gif.md)

Native parameter names are PyNN's (identity translations), as for the other cell types (standardmodels.py); config()
makes the engine population of one group of cells with equal parameters, with its unit conversions, and says which
PyNN state variables it records and initialises under which engine names.
"""
from pyNN.standardmodels import cells, build_translations


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


class HH_cond_exp(cells.HH_cond_exp):
    __doc__ = cells.HH_cond_exp.__doc__ + """
    Runs as the engine's hh (docs/spiking-hh.md): leak, na (m^3 h) and k (n^4) channels with PyNN's Traub-Miles rates
    shifted by v_offset, exponential conductance synapses, exponential Euler. A spike is an upward crossing of -40 mV
    (pyNN.brian2's threshold; v is not reset).
    """
    translations = _identity(*cells.HH_cond_exp.default_parameters)
    recordable = ['spikes', 'v', 'gsyn_exc', 'gsyn_inh', 'm', 'n', 'h']  # the gates too, as pyNN.brian2


class EIF_cond_exp_isfa_ista(cells.EIF_cond_exp_isfa_ista):
    __doc__ = cells.EIF_cond_exp_isfa_ista.__doc__ + """
    Runs as the engine's adex (docs/spiking-adex.md) with conductance inputs; the spike cut-off is v_spike.
    """
    translations = _identity(*cells.EIF_cond_exp_isfa_ista.default_parameters)


class EIF_cond_alpha_isfa_ista(cells.EIF_cond_alpha_isfa_ista):
    __doc__ = cells.EIF_cond_alpha_isfa_ista.__doc__ + """
    Runs as the engine's adex with conductance inputs whose rise time equals their decay time: a spike of weight w (uS)
    makes the conductance w (t/tau_syn) exp(1 - t/tau_syn), peak w at t = tau_syn, as PyNN's alpha synapse.
    """
    translations = _identity(*cells.EIF_cond_alpha_isfa_ista.default_parameters)


class IF_cond_exp_gsfa_grr(cells.IF_cond_exp_gsfa_grr):
    __doc__ = cells.IF_cond_exp_gsfa_grr.__doc__ + """
    Runs as the engine's equations model (docs/spiking-equations.md) with PyNN's equations, stepped by RK4.
    """
    translations = _identity(*cells.IF_cond_exp_gsfa_grr.default_parameters)


class GIF_cond_exp(cells.GIF_cond_exp):
    __doc__ = cells.GIF_cond_exp.__doc__ + """
    Runs as the engine's gif (docs/spiking-gif.md): exponential Euler for v, exact decay of the kernels' terms and the
    conductances, and a spike in a step with probability 1 - exp(-lambda dt), drawn from the engine's run seed (setup's
    rng_seed), so the same seed gives the same spikes at any thread count. v_t and i_eta are sums of the kernels' terms,
    which start at 0: they start at v_t_star and 0 whatever their initial values (as on pyNN.nest and pyNN.neuron).
    """
    translations = _identity(*cells.GIF_cond_exp.default_parameters)


KINDS = ("HH_cond_exp", "EIF_cond_exp_isfa_ista", "EIF_cond_alpha_isfa_ista", "IF_cond_exp_gsfa_grr", "GIF_cond_exp")

# Where pyNN.brian2 (PyNN 0.10.1) spikes: HH_cond_exp's BiophysicalNeuronGroup tests v > -40 mV (at every step above it;
# the engine reports the upward crossing only, docs/pynn.md).
HH_SPIKE_THRESHOLD_MV = -40.0


def _traub_miles(p):
    """PyNN's HH_cond_exp channels (pyNN/brian2/standardmodels/cells.py) in the engine's units (nS, mV): its rates
    alpha_m = 0.32 (13 - v + VT) / (exp((13 - v + VT) / 4) - 1), beta_m = 0.28 (v - VT - 40) / (exp((v - VT - 40) / 5) - 1),
    alpha_h = 0.128 exp((17 - v + VT) / 18), beta_h = 4 / (1 + exp((40 - v + VT) / 5)),
    alpha_n = 0.032 (15 - v + VT) / (exp((15 - v + VT) / 5) - 1), beta_n = 0.5 exp((10 - v + VT) / 40), VT = v_offset,
    written as the engine's expLinear (rate x / (1 - exp(-x)), x = (v - mid) / scale), exp and sigmoid forms."""
    vt = p("v_offset")

    def f(form, rate, mid, scale):
        return {"form": form, "rate": rate, "midpointMv": vt + mid, "scaleMv": scale}

    return [
        {"name": "leak", "conductanceNs": 1000.0 * p("g_leak"), "reversalMv": p("e_rev_leak")},
        {"name": "na", "conductanceNs": 1000.0 * p("gbar_Na"), "reversalMv": p("e_rev_Na"), "gates": [
            {"name": "m", "power": 3, "kinetics": "rates", "alpha": f("expLinear", 1.28, 13, 4), "beta": f("expLinear", 1.4, 40, -5)},
            {"name": "h", "power": 1, "kinetics": "rates", "alpha": f("exp", 0.128, 17, -18), "beta": f("sigmoid", 4.0, 40, 5)}]},
        {"name": "k", "conductanceNs": 1000.0 * p("gbar_K"), "reversalMv": p("e_rev_K"), "gates": [
            {"name": "n", "power": 4, "kinetics": "rates", "alpha": f("expLinear", 0.16, 15, 5), "beta": f("exp", 0.5, 10, -40)}]},
    ]


# IF_cond_exp_gsfa_grr as PyNN's Brian2 backend writes it (adapt_iaf), in mV, ms, nF, uS, nA (uS x mV = nA, nA / nF = mV/ms),
# with exponential conductance synapses (PyNN's definition; see docs/pynn.md for Brian2's alpha ones).
_GSFA_GRR = [
    "dv/dt = (v_rest - v) / tau_m + (-g_r * (v - e_rev_rr) - g_s * (v - e_rev_sfa) + ge * (e_rev_E - v) + gi * (e_rev_I - v) + I) / cm (unless refractory)",
    "dg_s/dt = -g_s / tau_sfa (unless refractory)",
    "dg_r/dt = -g_r / tau_rr (unless refractory)",
    "dge/dt = -ge / tau_syn_E",
    "dgi/dt = -gi / tau_syn_I",
]


def config(kind, p, dt, c):
    """Fills c (network._Part) for one of KINDS, given the group's parameters (p(name) -> value): model, params,
    weight_scale (PyNN's weight -> the engine's), current_scale (nA -> the engine's current), signals (PyNN's recordable
    -> (engine variable, engine value -> PyNN's unit)) and initial_names (PyNN's state variable -> (engine variable,
    PyNN's unit -> the engine's, True where the engine starts it at 0 so that a 0 need not be written))."""
    c.delta_synapse = False
    gsyn = {"gsyn_exc": ("ge", 1e-3), "gsyn_inh": ("gi", 1e-3)}  # nS -> uS
    if kind == "HH_cond_exp":
        c.model = "hh"
        c.params = {"capacitancePf": 1000.0 * p("cm"), "channels": _traub_miles(p), "spikeThresholdMv": HH_SPIKE_THRESHOLD_MV,
                    "refractoryMs": 0.0, "initialMv": -65.0, "tauExcMs": p("tau_syn_E"), "tauInhMs": p("tau_syn_I"),
                    "excReversalMv": p("e_rev_E"), "inhReversalMv": p("e_rev_I")}
        c.weight_scale = c.current_scale = 1000.0  # uS -> nS, nA -> pA
        c.signals = {"v": ("v", 1.0), "m": ("na_m", 1.0), "h": ("na_h", 1.0), "n": ("k_n", 1.0), **gsyn}
        # PyNN starts the gates at m = 0, h = 1, n = 0 (not at their steady state, the engine's default): always written.
        c.initial_names = {"v": ("v", 1.0, False), "m": ("na_m", 1.0, False), "h": ("na_h", 1.0, False), "n": ("k_n", 1.0, False),
                           "gsyn_exc": ("ge", 1000.0, True), "gsyn_inh": ("gi", 1000.0, True)}
        c.rest = -65.0
    elif kind in ("EIF_cond_exp_isfa_ista", "EIF_cond_alpha_isfa_ista"):
        c.model = "adex"
        c.params = {"capacitancePf": 1000.0 * p("cm"), "leakNs": 1000.0 * p("cm") / p("tau_m"), "restMv": p("v_rest"),
                    "thresholdMv": p("v_thresh"), "slopeMv": p("delta_T"), "peakMv": p("v_spike"), "resetMv": p("v_reset"),
                    "adaptationNs": p("a"), "spikeAdaptationPa": 1000.0 * p("b"), "tauWMs": p("tau_w"),
                    "refractoryMs": p("tau_refrac"), "tauExcMs": p("tau_syn_E"), "tauInhMs": p("tau_syn_I"),
                    "excReversalMv": p("e_rev_E"), "inhReversalMv": p("e_rev_I")}
        if kind.startswith("EIF_cond_alpha"):
            c.params.update(riseExcMs=p("tau_syn_E"), riseInhMs=p("tau_syn_I"))
        c.weight_scale = c.current_scale = 1000.0  # uS -> nS, nA -> pA
        c.signals = {"v": ("v", 1.0), "w": ("w", 1e-3), **gsyn}
        c.initial_names = {"v": ("v", 1.0, False), "w": ("w", 1000.0, True), "gsyn_exc": ("ge", 1000.0, True), "gsyn_inh": ("gi", 1000.0, True)}
        c.rest = p("v_rest")
    elif kind == "IF_cond_exp_gsfa_grr":
        c.model = "equations"
        names = ("v_rest", "tau_m", "cm", "e_rev_rr", "e_rev_sfa", "tau_sfa", "tau_rr", "e_rev_E", "e_rev_I", "tau_syn_E",
                 "tau_syn_I", "v_thresh", "v_reset")
        parameters = {n: p(n) for n in names}
        parameters.update(q_sfa=p("q_sfa") / 1000.0, q_rr=p("q_rr") / 1000.0)  # nS -> uS
        c.params = {"parameters": parameters, "variables": {"v": p("v_rest"), "g_s": 0.0, "g_r": 0.0, "ge": 0.0, "gi": 0.0},
                    "equations": list(_GSFA_GRR), "threshold": "v >= v_thresh", "reset": ["v = v_reset", "g_r += q_rr", "g_s += q_sfa"],
                    "refractoryMs": p("tau_refrac"), "inputs": {"excitatory": "ge", "inhibitory": "gi"}, "method": "rk4"}
        c.weight_scale = c.current_scale = 1.0  # the equations' own units: uS, nA
        # g_r and g_s in nS, PyNN's unit for them (the equations hold uS).
        c.signals = {"v": ("v", 1.0), "g_r": ("g_r", 1000.0), "g_s": ("g_s", 1000.0), "gsyn_exc": ("ge", 1.0), "gsyn_inh": ("gi", 1.0)}
        c.initial_names = {"v": ("v", 1.0, False), "g_r": ("g_r", 1e-3, True), "g_s": ("g_s", 1e-3, True),
                           "gsyn_exc": ("ge", 1.0, True), "gsyn_inh": ("gi", 1.0, True)}
        c.rest = p("v_rest")
    elif kind == "GIF_cond_exp":
        c.model = "gif"
        c.params = {"capacitancePf": 1000.0 * p("cm"), "leakNs": 1000.0 * p("cm") / p("tau_m"), "restMv": p("v_rest"),
                    "resetMv": p("v_reset"), "refractoryMs": p("tau_refrac"), "thresholdStarMv": p("v_t_star"),
                    "sharpnessMv": p("delta_v"), "escapeRateHz": p("lambda0"),
                    "etaTausMs": [float(x) for x in p("tau_eta")], "etaAmpsPa": [1000.0 * x for x in p("a_eta")],  # nA -> pA
                    "gammaTausMs": [float(x) for x in p("tau_gamma")], "gammaAmpsMv": [float(x) for x in p("a_gamma")],
                    "tauExcMs": p("tau_syn_E"), "tauInhMs": p("tau_syn_I"), "excReversalMv": p("e_rev_E"), "inhReversalMv": p("e_rev_I")}
        c.weight_scale = c.current_scale = 1000.0  # uS -> nS, nA -> pA
        c.signals = {"v": ("v", 1.0), "i_eta": ("eta", 1e-3), "v_t": ("vt", 1.0), **gsyn}
        # v_t and i_eta are the kernels' sums, which start at 0: their initial values are not written (None).
        c.initial_names = {"v": ("v", 1.0, False), "gsyn_exc": ("ge", 1000.0, True), "gsyn_inh": ("gi", 1000.0, True),
                           "v_t": (None, "v_t_star", False), "i_eta": (None, 0.0, False)}
        c.rest = p("v_rest")
    else:
        raise ValueError(f"cells_hh.config: {kind} is not one of {', '.join(KINDS)}.")
    return c
