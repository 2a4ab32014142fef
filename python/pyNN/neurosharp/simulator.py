"""Simulator state of the NeuroSharp backend: what the script declared, and the run that realises it.

PyNN's API builds the network piece by piece; NeuroSharp runs a whole network file. So ``run()``
writes the network file (network.py), runs ``neurosharp simulate --format nwb`` from t = 0 to the
requested time, and reads the recordings back from the NWB file.
"""
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
        self.clear()

    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        from . import network
        if tstop < self.t:
            raise ValueError(f"run_until({tstop}): the simulation is already at {self.t} ms.")
        # The engine cannot be paused between CLI calls: a later run() simulates again from 0 with
        # the same seed, which gives the same first part (changes made between runs are not seen).
        self.results = network.simulate(self, tstop)
        self.t = tstop
        self.running = True

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
        self.running = False
        self.t = 0
        self.t_start = 0
        self.results = None
        self.segment_counter += 1


state = State()
