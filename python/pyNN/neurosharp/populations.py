"""Populations, views and assemblies: PyNN's common classes with parameters and initial values kept
in Python until run() writes the network file."""
from copy import deepcopy

import numpy as np
from pyNN import common, errors
from pyNN.standardmodels import StandardCellType
from pyNN.parameters import ParameterSpace, simplify
from . import simulator
from .recording import Recorder


def _realised(lazy):
    """What initialize() gave, evaluated now, as pyNN.brian2 evaluates it: numbers, arrays, functions of the index, and
    any RandomDistribution, drawn from a copy of the script's RNG in its state at this call (Brian2's backend evaluates
    the value times its unit, a copy of the lazy array). So a seeded script gets Brian2's initial values, the RNG is not
    advanced (PyNN's connectors draw from copies too: the connections are Brian2's), and a second run() sees the same."""
    return np.array(deepcopy(lazy).evaluate(simplify=False), dtype=float).ravel()


def _refuse_after_run(what):
    """Each run() simulates again from t = 0 with the network as it is then (docs/pynn.md, "How it runs"); parameters set
    after a run become timed changes, but a new initial value, cell or connection would be applied to the whole
    simulation, the part already run included: refuse it in one sentence instead of returning other results than the
    script asked for. After sim.reset() (t = 0) changes are fine."""
    if simulator.state.t > 0:
        raise NotImplementedError(
            f"pyNN.neurosharp does not change a network between runs: {what} at t = {simulator.state.t:g} ms, but each run() "
            "simulates again from t = 0, so the change would also rewrite the part already run. Make it before the first "
            "run(), or call sim.reset() first to start a new segment from t = 0 (docs/pynn.md, \"How it runs\").")


def _snapshot(value):
    """A parameter's values per cell as they are now (a copy: later set() calls write into the arrays in place)."""
    return np.array(value.evaluate(simplify=False) if hasattr(value, "evaluate") else value, copy=True).ravel()


def _before_change(population):
    """A set() after a run is a change at the current time (docs/pynn.md, "Changes between runs"): the first one keeps the
    parameters that the run so far used, from which the history of changes starts."""
    if simulator.state.t > 0 and not population._changes:
        population._base = {name: _snapshot(value) for name, value in population._parameters.items()}


def _after_change(population, names):
    """Records the changed parameters' new values per cell, with the time they apply from (each run() writes them as
    timed changes and simulates from 0 again, so the part already run is not rewritten)."""
    if simulator.state.t > 0:
        population._changes.append((simulator.state.t, {name: _snapshot(population._parameters[name]) for name in names}))


class Assembly(common.Assembly):
    _simulator = simulator


class PopulationView(common.PopulationView):
    _assembly_class = Assembly
    _simulator = simulator

    def _get_parameters(self, *names):
        parameter_dict = {}
        for name in names:
            value = self.parent._parameters[name]
            if isinstance(value, np.ndarray):
                value = value[self.mask]
            parameter_dict[name] = simplify(value)
        return ParameterSpace(parameter_dict, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        _before_change(self.grandparent)
        for name, value in parameter_space.items():
            try:
                self.grandparent._parameters[name][self.index_in_grandparent(np.arange(self.size))] = value.evaluate(simplify=True)
            except ValueError:
                raise errors.InvalidParameterValueError(f"{name} should not be of type {type(value)}")
        _after_change(self.grandparent, list(parameter_space.keys()))

    def _set_initial_value_array(self, variable, initial_values):
        _refuse_after_run(f"{self.label!r} initialises {variable}")
        self.grandparent._initial_parts.append((variable, self.index_in_grandparent(np.arange(self.size)), _realised(initial_values)))

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


class Population(common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def _create_cells(self):
        _refuse_after_run(f"a Population of {self.size} {type(self.celltype).__name__} cells is created")
        id_range = np.arange(simulator.state.id_counter, simulator.state.id_counter + self.size)
        self.all_cells = np.array([simulator.ID(id) for id in id_range], dtype=simulator.ID)
        self._mask_local = np.ones((self.size,), bool)
        if isinstance(self.celltype, StandardCellType):
            parameter_space = self.celltype.native_parameters
        else:
            raise errors.NotLocalError(f"NeuroSharp runs only the standard cell types (got {type(self.celltype).__name__}).")
        parameter_space.shape = (self.size,)
        parameter_space.evaluate(mask=self._mask_local, simplify=False)
        self._parameters = parameter_space.as_dict()
        # (variable, indices or None for all, values per cell): what initialize() asked, evaluated, in call order.
        self._initial_parts = []
        # Parameters changed after a run: (t in ms, {name: values per cell}) in call order, and the values before the first.
        self._changes, self._base = [], None
        for id in self.all_cells:
            id.parent = self
        simulator.state.id_counter += self.size
        simulator.state.populations.append(self)

    def _set_initial_value_array(self, variable, initial_values):
        _refuse_after_run(f"Population {self.label!r} initialises {variable}")
        self._initial_parts.append((variable, None, _realised(initial_values)))

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def _get_parameters(self, *names):
        return ParameterSpace({name: simplify(self._parameters[name]) for name in names}, shape=(self.local_size,))

    def _set_parameters(self, parameter_space):
        _before_change(self)
        parameter_space.evaluate(simplify=False, mask=self._mask_local)
        for name, value in parameter_space.items():
            self._parameters[name] = value
        _after_change(self, list(parameter_space.keys()))
