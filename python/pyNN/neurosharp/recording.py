"""Recording: the recorded cells become spike and state monitors of the network file; run() leaves the
NWB file's units table and TimeSeries in simulator.state.results, which these methods read."""
import numpy as np
from pyNN import recording
from . import simulator


class Recorder(recording.Recorder):
    _simulator = simulator

    def _record(self, variable, new_ids, sampling_interval=None):
        self.sampling_interval = sampling_interval or self._simulator.state.dt

    def _results(self):
        results = self._simulator.state.results
        if results is None:
            raise RuntimeError("Nothing has been simulated yet: call run() before reading recordings.")
        return results

    def _get_spiketimes(self, ids, clear=False):
        spikes = self._results().spikes
        name = self._simulator.state.engine_name[self.population]
        return {int(id): spikes.get((name, int(self.population.id_to_index(id))), np.zeros(0)) for id in ids}

    def _get_all_signals(self, variable, ids, clear=False):
        columns, values, initial = self._results().signals[(self._simulator.state.engine_name[self.population], variable)]
        where = {c: k for k, c in enumerate(columns)}
        wanted = [where[int(self.population.id_to_index(id))] for id in ids]
        # The engine samples after each step; PyNN's signals start with the value at t = 0.
        first = np.array([initial[columns[c]] for c in wanted], dtype=float)
        return np.vstack([first[None, :], values[:, wanted]]), None

    def _local_count(self, variable, filter_ids=None):
        if variable != "spikes":
            raise ValueError("Only spikes can be counted.")
        spikes = self._get_spiketimes(self.filter_recorded(variable, filter_ids))
        return {id: len(t) for id, t in spikes.items()}

    def _clear_simulator(self):
        pass

    def _reset(self):
        pass
