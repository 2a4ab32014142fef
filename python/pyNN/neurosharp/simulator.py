"""Simulator state of the NeuroSharp backend: what the script declared, and the run that realises it.

PyNN's API builds the network piece by piece; NeuroSharp runs a whole network file. So ``run()``
writes the network file (network.py), runs ``neurosharp simulate --format nwb`` from t = 0 to the
requested time, and reads the recordings back from the NWB file.
"""
import os

from pyNN import common

name = "NeuroSharp"


class ID(int, common.IDMixin):
    """A cell: an int id with PyNN's cell methods."""

    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):
    """Populations, projections and current sources in creation order, and the last run's results."""

    def __init__(self):
        common.control.BaseState.__init__(self)
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.seed = 1
        self._checkpoint_folder = None
        self.clear()

    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        if tstop < self.t:
            raise ValueError(f"run_until({tstop}): the simulation is already at {self.t} ms.")
        # The engine cannot be paused between CLI calls: a later run() simulates again from 0 with the same seed and
        # the parameters set between runs as timed changes, which gives the same first part. The simulation itself
        # waits until results are read or run() returns (realise), so that callbacks every 10 ms cost one simulation.
        self.t = tstop
        self.running = True
        self._stale = True

    @property
    def results(self):
        """The recordings from 0 to t, simulated now if run_until moved t since the last simulation."""
        if self._stale:
            from . import network
            self._results = network.simulate(self, self.t)
            self._stale = False
        return self._results

    @results.setter
    def results(self, value):
        self._results = value
        self._stale = False

    def checkpoint_path(self):
        """The file the runs of this state leave the engine's state in (a temporary folder of its own, removed at exit)."""
        if self._checkpoint_folder is None:
            import atexit
            import shutil
            import tempfile
            self._checkpoint_folder = tempfile.mkdtemp(prefix="pynn-neurosharp-state-")
            atexit.register(shutil.rmtree, self._checkpoint_folder, True)
        return os.path.join(self._checkpoint_folder, "checkpoint.safetensors")

    def realise(self):
        """Simulates up to t now, if not done: run() returns with the simulation done (and an engine refusal raised)."""
        return self.results

    def clear(self):
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.recorders = set([])
        self.id_counter = 0
        self.segment_counter = -1
        self.results = None
        self.write_on_end = []
        self.reset()

    def reset(self):
        # A new segment from t = 0 keeps the parameters as they are now, without the history of changes.
        for population in self.populations:
            population._changes, population._base = [], None
        self.running = False
        self.t = 0
        self.t_start = 0
        self.results = None
        self.segment_counter += 1
        # A new segment starts from t = 0: the last run's checkpoint is not where it starts.
        self.checkpoint_of, self.checkpoint_t = None, 0.0


state = State()
