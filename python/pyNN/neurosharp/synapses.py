"""PyNN's plastic and stochastic synapse types on the engine (docs/pynn.md, "Plastic synapses", "Stochastic synapses"):
TsodyksMarkramSynapse as the engine's short-term plasticity (docs/spiking-short-term-plasticity.md), its stochastic
variants StochasticTsodyksMarkramSynapse and MultiQuantalSynapse as the same rule with release sites ("sites": 1 and n),
SimpleStochasticSynapse as a release probability ("release"), STDPMechanism with SpikePairRule and an additive or
multiplicative weight dependence as the engine's STDP (docs/spiking-stdp.md).

The classes keep PyNN's parameter names (identity translations); plasticity_spec() turns one engine projection's
connections into the network file's "shortTermPlasticity" or "stdp" (docs/formats.md) when the network is written, and
final_weights() maps the weights the engine writes at the end of the run (NWB, processing/weights) back to PyNN's
connections.
"""
import numpy as np
from pyNN.standardmodels import synapses, build_translations
from .simulator import state


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


class TsodyksMarkramSynapse(synapses.TsodyksMarkramSynapse):
    __doc__ = synapses.TsodyksMarkramSynapse.__doc__ + """
    Runs as the engine's short-term plasticity (u = U, tauRecMs = tau_rec, tauFacMs = tau_facil): at each spike
    u <- u + U (1 - u) (u decaying with tau_facil between spikes, u = U when tau_facil = 0), the synapse transmits
    w u x and x <- x - u x, x recovering to 1 with tau_rec (docs/spiking-short-term-plasticity.md).
    """
    translations = _identity('weight', 'delay', 'U', 'tau_rec', 'tau_facil')

    def _get_minimum_delay(self):
        return state.min_delay


class SimpleStochasticSynapse(synapses.SimpleStochasticSynapse):
    __doc__ = synapses.SimpleStochasticSynapse.__doc__ + """
    Runs as the engine's release probability ("release": {"probability": p}): each synapse transmits each spike with
    probability p, drawn per synapse and spike from the run seed (docs/spiking-short-term-plasticity.md, "Stochastic release").
    """
    translations = _identity('weight', 'delay', 'p')

    def _get_minimum_delay(self):
        return state.min_delay


class StochasticTsodyksMarkramSynapse(synapses.StochasticTsodyksMarkramSynapse):
    __doc__ = synapses.StochasticTsodyksMarkramSynapse.__doc__ + """
    Runs as the engine's short-term plasticity with one release site (sites = 1, as PyNN's NEURON mechanism
    stochastic_tsodyksmarkram.mod): u as in TsodyksMarkramSynapse; an empty site refills with probability
    1 - exp(-Delta/tau_rec) between spikes, a full one releases w with probability u (docs/spiking-short-term-plasticity.md).
    """
    translations = _identity('weight', 'delay', 'U', 'tau_rec', 'tau_facil')

    def _get_minimum_delay(self):
        return state.min_delay


class MultiQuantalSynapse(synapses.MultiQuantalSynapse):
    __doc__ = synapses.MultiQuantalSynapse.__doc__ + """
    Runs as the engine's short-term plasticity with n release sites (sites = n, as NEST's quantal_stp_synapse and PyNN's
    quantal_stp.mod): each site refills and releases on its own, and the synapse transmits w k / n for k released sites.
    """
    translations = _identity('weight', 'delay', 'U', 'n', 'tau_rec', 'tau_facil')

    def _get_minimum_delay(self):
        return state.min_delay


class STDPMechanism(synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__ + """
    Runs as the engine's pair STDP with all-to-all traces, updated when the presynaptic spike arrives (all of the delay
    axonal, dendritic_delay_fraction = 0, as pyNN.brian2 requires too); docs/pynn.md, "Plastic synapses".
    """
    base_translations = _identity('weight', 'delay', 'dendritic_delay_fraction')

    def _get_minimum_delay(self):
        return state.min_delay


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = _identity('tau_plus', 'tau_minus', 'A_plus', 'A_minus')


class AdditiveWeightDependence(synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = _identity('w_min', 'w_max')


class MultiplicativeWeightDependence(synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = _identity('w_min', 'w_max')


PLASTIC = (TsodyksMarkramSynapse, STDPMechanism)
STOCHASTIC = (SimpleStochasticSynapse, StochasticTsodyksMarkramSynapse, MultiQuantalSynapse)
TM_PARAMETERS = ('U', 'tau_rec', 'tau_facil')
QUANTAL_PARAMETERS = ('U', 'n', 'tau_rec', 'tau_facil')
STDP_PARAMETERS = ('tau_plus', 'tau_minus', 'A_plus', 'A_minus', 'w_min', 'w_max', 'dendritic_delay_fraction')


def check_synapse_type(projection):
    """Refuses, when the projection is made, a synapse type or rule the engine does not run, in one sentence (a
    dendritic_delay_fraction other than 0 is refused when the network runs: plasticity_spec)."""
    synapse = projection.synapse_type
    name = type(synapse).__name__
    if name == "StaticSynapse" or isinstance(synapse, (TsodyksMarkramSynapse,) + STOCHASTIC):
        return
    if not isinstance(synapse, STDPMechanism):
        raise NotImplementedError(f"pyNN.neurosharp runs StaticSynapse, TsodyksMarkramSynapse, SimpleStochasticSynapse, "
                                  f"StochasticTsodyksMarkramSynapse, MultiQuantalSynapse and STDPMechanism (got {name} on "
                                  f"Projection {projection.label!r}; docs/pynn.md, \"What is supported\").")
    timing, weight = type(synapse.timing_dependence).__name__, type(synapse.weight_dependence).__name__
    if not isinstance(synapse.timing_dependence, SpikePairRule):
        raise NotImplementedError(f"Projection {projection.label!r}: pyNN.neurosharp's STDPMechanism takes SpikePairRule (got {timing}).")
    if not isinstance(synapse.weight_dependence, (AdditiveWeightDependence, MultiplicativeWeightDependence)):
        raise NotImplementedError(f"Projection {projection.label!r}: pyNN.neurosharp's STDPMechanism takes AdditiveWeightDependence or "
                                  f"MultiplicativeWeightDependence (got {weight}).")
    if synapse.voltage_dependence is not None:
        raise NotImplementedError(f"Projection {projection.label!r}: pyNN.neurosharp's STDPMechanism has no voltage dependence.")


def extra_parameters(projection):
    """The synapse type's parameters that the projection keeps per connection besides weight and delay."""
    synapse = projection.synapse_type
    if isinstance(synapse, (TsodyksMarkramSynapse, StochasticTsodyksMarkramSynapse)):
        return TM_PARAMETERS
    if isinstance(synapse, MultiQuantalSynapse):
        return QUANTAL_PARAMETERS
    if isinstance(synapse, SimpleStochasticSynapse):
        return ('p',)
    if isinstance(synapse, STDPMechanism):
        return STDP_PARAMETERS
    return ()


def _one(projection, values, name):
    """A parameter the engine takes per projection: one value over the connections, or a refusal naming it."""
    v = np.asarray(values[name], dtype=float)
    if len(v) == 0:
        return 0.0
    if not np.all(v == v[0]):
        raise NotImplementedError(f"Projection {projection.label!r}: {name} differs between connections ({v.min():g} to {v.max():g}); "
                                  "the engine's plasticity and release take one value per projection.")
    return float(v[0])


def plasticity_spec(projection, values, weight_scale):
    """The network file's plasticity fields of one engine projection: values[name] holds the parameter per connection of
    that engine projection; weight_scale converts PyNN's weight unit (nA, uS, mV) to the engine's (docs/pynn.md)."""
    synapse = projection.synapse_type
    if isinstance(synapse, (TsodyksMarkramSynapse, StochasticTsodyksMarkramSynapse, MultiQuantalSynapse)):
        rule = {"u": _one(projection, values, "U"), "tauRecMs": _one(projection, values, "tau_rec"),
                "tauFacMs": _one(projection, values, "tau_facil")}
        if isinstance(synapse, StochasticTsodyksMarkramSynapse):
            rule["sites"] = 1
        elif isinstance(synapse, MultiQuantalSynapse):
            n = _one(projection, values, "n")
            if n != int(n) or n < 1:
                raise ValueError(f"Projection {projection.label!r}: MultiQuantalSynapse's n is a number of release sites, a whole number "
                                 f"of at least 1 (got {n:g}).")
            rule["sites"] = int(n)
        return {"shortTermPlasticity": rule}
    if isinstance(synapse, SimpleStochasticSynapse):
        return {"release": {"probability": _one(projection, values, "p")}}
    if not isinstance(synapse, STDPMechanism):
        return {}
    fraction = _one(projection, values, "dendritic_delay_fraction")
    if fraction != 0:
        # Refused when the network is run, not when the projection is made: a script that only builds and describes a
        # network (stdp_network.py) runs, as on NEST (pyNN.brian2 refuses it in STDPMechanism's constructor).
        raise NotImplementedError(
            f"Projection {projection.label!r} has dendritic_delay_fraction={fraction:g}: pyNN.neurosharp, like pyNN.brian2, runs "
            "STDP with axonal delays only (the rule sees the presynaptic spike when it arrives and the postsynaptic spike at "
            "once); give STDPMechanism(..., dendritic_delay_fraction=0) (simple_STDP.py: --dendritic-delay-fraction 0).")
    w_min, w_max = _one(projection, values, "w_min"), _one(projection, values, "w_max")
    a_plus, a_minus = _one(projection, values, "A_plus"), _one(projection, values, "A_minus")
    rule = {"tauPlusMs": _one(projection, values, "tau_plus"), "tauMinusMs": _one(projection, values, "tau_minus"),
            "wMin": w_min * weight_scale, "wMax": w_max * weight_scale, "pairing": "allToAll"}
    if isinstance(synapse.weight_dependence, AdditiveWeightDependence):
        # PyNN's additive rule: A_plus and A_minus are fractions of w_max (pyNN.brian2: weight += w_max P).
        rule.update(bounds="additive", aPlus=a_plus * w_max * weight_scale, aMinus=a_minus * w_max * weight_scale)
    else:
        # PyNN's multiplicative rule: potentiation A_plus (w_max - w), depression A_minus (w - w_min): soft bounds.
        rule.update(bounds="softBounded", aPlus=a_plus, aMinus=a_minus)
    return {"stdp": rule}


def check_initial_values(projection, variable, values):
    """Projection.initialize() of a stochastic short-term synapse: the engine starts every synapse with all n sites full and no
    facilitation carried into the first spike (u = U there, as PyNN's NEURON mechanisms do), which is a = n and u = U;
    multiquantal_synapses.py asks for exactly that. Anything else is refused in one sentence."""
    synapse = projection.synapse_type
    name = type(synapse).__name__
    values = np.asarray(values, dtype=float)
    extra = projection.extra_arrays()
    start = {}
    if isinstance(synapse, MultiQuantalSynapse):
        start = {"a": ("n", extra["n"]), "u": ("U", extra["U"])}
    elif isinstance(synapse, StochasticTsodyksMarkramSynapse):
        start = {"u": ("U", extra["U"])}
    if variable not in start:
        raise NotImplementedError(f"Projection {projection.label!r}: pyNN.neurosharp does not initialise {variable!r} of {name} "
                                  f"(its synapses start with every release site full and u = U at the first spike; docs/pynn.md, "
                                  "\"Stochastic synapses\").")
    parameter, expected = start[variable]
    if values.shape != expected.shape or not np.allclose(values, expected, rtol=1e-12, atol=0):
        raise NotImplementedError(f"Projection {projection.label!r}: pyNN.neurosharp starts {name} with {variable} = {parameter} (every "
                                  f"synapse, as at the start of its engine run); initialising it to other values is not supported "
                                  f"(got {variable} from {values.min():g} to {values.max():g}).")


def final_weights(projection, pieces, learned):
    """The projection's weights after a run, in its connection order: pieces are (engine projection name, indices into
    the projection's connections, local sources, local targets, weight scale) per engine projection; learned maps an
    engine projection's name to its final weights in the engine's synapse order (by source, targets ascending, pairs
    given twice in list order). None when the run wrote none (a static projection)."""
    _, _, weight, _ = projection.arrays()
    out = weight.astype(float).copy()
    found = False
    for name, rows, sources, targets, scale in pieces:
        if name not in learned:
            continue
        found = True
        order = np.lexsort((targets, sources))  # stable: the engine's order, repeated pairs in list order
        engine = np.asarray(learned[name], dtype=float)
        if len(engine) != len(rows):
            raise RuntimeError(f"neurosharp wrote {len(engine)} final weights for {name!r}, which has {len(rows)} connections.")
        values = np.empty(len(rows))
        values[order] = engine / scale
        out[rows] = np.sign(weight[rows]) * values + (weight[rows] == 0) * values
    return out if found else None
