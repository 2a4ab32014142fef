"""The standard cell types, synapse and current sources the NeuroSharp backend supports.

Native parameter names are PyNN's own (the translations are identities): the conversion to the
engine's models and units happens once, when the network file is written (network.py).
"""
import numpy as np
from pyNN.standardmodels import cells, synapses, electrodes, build_translations, StandardCurrentSource
from pyNN.parameters import ParameterSpace, Sequence
from .simulator import state
from .cells_hh import HH_cond_exp, EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista, IF_cond_exp_gsfa_grr, GIF_cond_exp  # noqa: F401


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


class IF_curr_exp(cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    translations = _identity(*cells.IF_curr_exp.default_parameters)


class IF_curr_alpha(cells.IF_curr_alpha):
    __doc__ = cells.IF_curr_alpha.__doc__ + """
    Runs as the engine's lif with rise time = decay time: a spike of weight w (nA) makes the current
    w (t/tau_syn) exp(1 - t/tau_syn), peak w at t = tau_syn, as NEST's iaf_psc_alpha.
    """
    translations = _identity(*cells.IF_curr_alpha.default_parameters)


class IF_curr_delta(cells.IF_curr_delta):
    __doc__ = cells.IF_curr_delta.__doc__ + """
    Runs as the engine's lif with one-step inputs (time constant 0) scaled so that a spike of weight w
    moves v by w mV, as PyNN's voltage-step synapse.
    """
    translations = _identity(*cells.IF_curr_delta.default_parameters)


class IF_cond_exp(cells.IF_cond_exp):
    __doc__ = cells.IF_cond_exp.__doc__
    translations = _identity(*cells.IF_cond_exp.default_parameters)


class IF_cond_alpha(cells.IF_cond_alpha):
    __doc__ = cells.IF_cond_alpha.__doc__ + """
    Runs as the engine's conductanceLif with rise time = decay time: a spike of weight w (uS) makes the
    conductance w (t/tau_syn) exp(1 - t/tau_syn), peak w at t = tau_syn, as NEST's iaf_cond_alpha.
    """
    translations = _identity(*cells.IF_cond_alpha.default_parameters)


class Izhikevich(cells.Izhikevich):
    __doc__ = cells.Izhikevich.__doc__
    translations = _identity(*cells.Izhikevich.default_parameters)


class SpikeSourcePoisson(cells.SpikeSourcePoisson):
    __doc__ = cells.SpikeSourcePoisson.__doc__
    translations = _identity(*cells.SpikeSourcePoisson.default_parameters)


class SpikeSourceArray(cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    translations = _identity(*cells.SpikeSourceArray.default_parameters)


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = _identity('weight', 'delay')

    def _get_minimum_delay(self):
        return state.min_delay


class _CurrentSource(StandardCurrentSource):
    """A current source as piecewise-constant segments (start, stop, amplitude in nA) per target cell."""

    def __init__(self, **parameters):
        StandardCurrentSource.__init__(self, **parameters)
        self.cells = []
        state.current_sources.append(self)
        space = ParameterSpace(self.default_parameters, self.get_schema(), shape=(1,))
        space.update(**parameters)
        self.set_native_parameters(self.translate(space))

    def set_native_parameters(self, parameters):
        parameters.evaluate(simplify=True)
        for name, value in parameters.items():
            object.__setattr__(self, name, value.value if isinstance(value, Sequence) else value)

    def get_native_parameters(self):
        return ParameterSpace({n: getattr(self, n) for n in self.default_parameters}, self.get_schema(), shape=(1,))

    def inject_into(self, cells):
        for cell in cells:
            if not cell.celltype.injectable:
                raise TypeError("Can't inject current into a spike source.")
            self.cells.append(cell)

    def segments(self, t_stop, dt):
        """[(start_ms, stop_ms or None, amplitude_nA)], the current as steps held over [start, stop)."""
        raise NotImplementedError


class DCSource(_CurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    translations = _identity('amplitude', 'start', 'stop')

    def segments(self, t_stop, dt):
        return [(float(self.start), float(self.stop), float(self.amplitude))]


class StepCurrentSource(_CurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    translations = _identity('amplitudes', 'times')

    def segments(self, t_stop, dt):
        times = [float(t) for t in np.asarray(self.times, dtype=float)]
        amps = [float(a) for a in np.asarray(self.amplitudes, dtype=float)]
        if len(times) != len(amps):
            raise ValueError(f"StepCurrentSource: {len(times)} times but {len(amps)} amplitudes.")
        return [(t, times[k + 1] if k + 1 < len(times) else None, a) for k, (t, a) in enumerate(zip(times, amps))]


class ACSource(_CurrentSource, electrodes.ACSource):
    __doc__ = electrodes.ACSource.__doc__ + "\n    Sampled once per time step (held over the step), as the brian2 backend does.\n"
    translations = _identity('amplitude', 'start', 'stop', 'frequency', 'offset', 'phase')

    def segments(self, t_stop, dt):
        stop = min(float(self.stop), t_stop)
        times = np.arange(float(self.start), stop, dt)
        values = self.offset + self.amplitude * np.sin(2 * np.pi * self.frequency * (times - self.start) / 1000 + np.pi * self.phase / 180)
        return [(float(t), float(t + dt), float(v)) for t, v in zip(times, values)]


class NoisyCurrentSource(_CurrentSource, electrodes.NoisyCurrentSource):
    __doc__ = electrodes.NoisyCurrentSource.__doc__ + "\n    The amplitudes are drawn by numpy (seeded from setup's rng_seed) when the network file is written.\n"
    translations = _identity('mean', 'stdev', 'start', 'stop', 'dt')

    def segments(self, t_stop, dt):
        step = max(float(self.dt), dt)
        stop = min(float(self.stop), t_stop)
        times = np.arange(float(self.start), stop, step)
        rng = np.random.default_rng(state.seed + 7919 * state.current_sources.index(self))
        values = self.mean + self.stdev * rng.standard_normal(len(times))
        return [(float(t), float(min(t + step, stop)), float(v)) for t, v in zip(times, values)]
