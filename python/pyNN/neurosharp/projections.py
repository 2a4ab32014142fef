"""Projections: the connectors of PyNN draw the connections (with the script's RNG, as on any backend);
the backend keeps them as arrays and writes them as explicit connection lists."""
import numpy as np
from pyNN import common
from pyNN.space import Space
from . import simulator
from .standardmodels import StaticSynapse
from . import synapses


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type=None,
                 source=None, receptor_type=None, space=Space(), label=None):
        from .populations import _refuse_after_run
        _refuse_after_run(f"a Projection from {presynaptic_population.label!r} to {postsynaptic_population.label!r} is made")
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population, connector,
                                   synapse_type, source, receptor_type, space, label)
        if self.receptor_type not in ("excitatory", "inhibitory"):
            raise ValueError(f"NeuroSharp projections target 'excitatory' or 'inhibitory' (got receptor_type {self.receptor_type!r}).")
        synapses.check_synapse_type(self)
        self._parts = []  # (pre indices, post indices, weights, delays) in the pre/post populations' own indexing
        self._extra = {name: [] for name in synapses.extra_parameters(self)}  # a plastic type's other parameters, per connection
        connector.connect(self)
        simulator.state.projections.append(self)

    def __len__(self):
        return sum(len(p[0]) for p in self._parts)

    def set(self, **attributes):
        raise NotImplementedError("NeuroSharp's PyNN backend does not change connections after they are made.")

    def _set_initial_value_array(self, variable, value):
        """Projection.initialize(): only the start the engine has anyway (synapses.check_initial_values)."""
        # PyNN wraps the value in a LazyArray shaped (self.size,), a method here as on every backend: unwrap it and shape it to
        # the connections (a synapse type's parameter, as multiquantal_synapses.py passes, is a LazyArray of one value).
        while hasattr(value, "base_value") and not value.operations:
            value = value.base_value
        if hasattr(value, "evaluate"):
            value = value.evaluate(simplify=True)
        synapses.check_initial_values(self, variable, np.broadcast_to(np.asarray(value, dtype=float), (len(self),)))

    def _convergent_connect(self, presynaptic_indices, postsynaptic_index, **connection_parameters):
        pre = np.asarray(presynaptic_indices, dtype=np.int64).ravel()
        n = len(pre)
        weight = np.broadcast_to(np.asarray(connection_parameters.get("weight", 0.0), dtype=float), (n,)).copy()
        delay = np.broadcast_to(np.asarray(connection_parameters.get("delay", simulator.state.min_delay), dtype=float), (n,)).copy()
        self._refuse_short_delays(delay)
        self._parts.append((pre, np.full(n, postsynaptic_index, dtype=np.int64), weight, delay))
        for name, values in self._extra.items():
            values.append(np.broadcast_to(np.asarray(connection_parameters[name], dtype=float), (n,)).copy())

    def _refuse_short_delays(self, delay):
        """Refuses a delay below min_delay (which is dt unless setup() set it), as pyNN.nest does: the engine counts delays
        in whole steps, and one under a step would silently become 0 steps."""
        if len(delay) == 0:
            return
        min_delay, dt = float(simulator.state.min_delay), float(simulator.state.dt)
        shortest = float(np.min(delay))
        if not shortest >= min_delay * (1 - 1e-9):
            from pyNN import errors
            smaller = "a smaller min_delay" if min_delay > dt * (1 + 1e-9) else "a smaller timestep"
            raise errors.ConnectionError(
                f"Projection {self.label!r} has a delay of {shortest:g} ms, below min_delay {min_delay:g} ms (the time step dt is "
                f"{dt:g} ms): pyNN.neurosharp, like pyNN.nest, refuses delays below min_delay (the engine counts delays in "
                f"whole steps of dt); use a delay of at least {min_delay:g} ms, or {smaller} in setup().")

    def arrays(self):
        """All connections as (pre, post, weight, delay) arrays, indices into the pre and post objects."""
        if not self._parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0), np.zeros(0)
        return tuple(np.concatenate([p[k] for p in self._parts]) for k in range(4))

    def extra_arrays(self):
        """A plastic synapse type's other parameters (U, tau_rec, ...; A_plus, w_max, ...), per connection."""
        return {name: np.concatenate(values) if values else np.zeros(0) for name, values in self._extra.items()}

    def _values(self):
        """Every attribute per connection: weight is the learned one after a run of an STDP projection."""
        pre, post, weight, delay = self.arrays()
        results = simulator.state.results
        learned = getattr(results, "weights", {}).get(self) if results is not None else None
        values = {"presynaptic_index": pre, "postsynaptic_index": post, "weight": weight if learned is None else learned, "delay": delay}
        values.update(self.extra_arrays())
        return pre, post, values

    def _get_attributes_as_arrays(self, names, multiple_synapses='sum'):
        pre, post, values = self._values()
        out = []
        for name in names:
            a = np.full((self.pre.size, self.post.size), np.nan)
            a[pre, post] = values[name]
            out.append(a)
        return out

    def _get_attributes_as_list(self, names):
        pre, post, values = self._values()
        return list(zip(*[values[n] for n in names]))
