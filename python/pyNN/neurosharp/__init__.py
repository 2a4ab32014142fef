"""
pyNN.neurosharp: PyNN's API on the NeuroSharp engine (docs/pynn.md).

    import pyNN.neurosharp as sim

run() writes the network as a NeuroSharp network file, runs `neurosharp simulate --format nwb`
($NEUROSHARP, or the repository's ./neurosharp) and reads spikes and v back as Neo blocks.
"""
import logging
from pyNN import common, errors
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_TIMESTEP, DEFAULT_MIN_DELAY
from pyNN.connectors import (AllToAllConnector, OneToOneConnector, FixedProbabilityConnector,  # noqa: F401
                             FromListConnector, FixedNumberPreConnector, FixedNumberPostConnector,
                             DistanceDependentProbabilityConnector, IndexBasedProbabilityConnector,
                             ArrayConnector, FromFileConnector, DisplacementDependentProbabilityConnector,
                             FixedTotalNumberConnector, CloneConnector, CSAConnector, SmallWorldConnector)
from pyNN.recording import *  # noqa: F401,F403
from pyNN.random import NumpyRNG, RandomDistribution  # noqa: F401
from pyNN.space import Space  # noqa: F401
from pyNN.standardmodels import StandardCellType
from . import simulator
from .standardmodels import (IF_curr_exp, IF_curr_alpha, IF_curr_delta, IF_cond_exp, IF_cond_alpha, Izhikevich, SpikeSourcePoisson,  # noqa: F401
                             SpikeSourceArray, StaticSynapse, DCSource, StepCurrentSource, ACSource, NoisyCurrentSource)
from .standardmodels import HH_cond_exp, EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista, IF_cond_exp_gsfa_grr, GIF_cond_exp  # noqa: F401
from .synapses import (TsodyksMarkramSynapse, STDPMechanism, SpikePairRule, AdditiveWeightDependence,  # noqa: F401
                       MultiplicativeWeightDependence, SimpleStochasticSynapse, StochasticTsodyksMarkramSynapse, MultiQuantalSynapse)
from .random import NativeRNG  # noqa: F401
from .populations import Population, PopulationView, Assembly
from .projections import Projection
from neo.io import get_io

logger = logging.getLogger("PyNN")


def list_standard_models():
    """The StandardCellType classes this backend runs."""
    return [obj.__name__ for obj in globals().values()
            if isinstance(obj, type) and issubclass(obj, StandardCellType) and obj is not StandardCellType]


def _launched_ranks():
    """(variable, ranks) when an MPI launcher started this process as one of several ranks, else None."""
    import os
    for variable in ("OMPI_COMM_WORLD_SIZE", "PMI_SIZE"):
        text = os.environ.get(variable, "")
        if text.isdigit() and int(text) > 1:
            return variable, int(text)
    return None


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """Starts a new network. Extra: rng_seed (the engine's --seed, default 1).

    The script runs as one Python process that holds every cell (num_processes() is 1, rank() 0) and gives the engine the
    whole network; started as several ranks by mpiexec it is refused (docs/pynn.md, "MPI")."""
    launched = _launched_ranks()
    if launched is not None:
        variable, ranks = launched
        raise NotImplementedError(
            f"pyNN.neurosharp runs a script as one Python process, and this is one of {ranks} that an MPI launcher started "
            f"({variable}={ranks}): each would build and run the whole network. Run the script without mpiexec "
            "(num_processes() is 1 and rank() 0) (docs/pynn.md, \"MPI\").")
    max_delay = extra_params.get('max_delay', DEFAULT_MAX_DELAY)
    common.setup(timestep, min_delay, **extra_params)
    simulator.state.clear()
    simulator.state.dt = timestep
    simulator.state.min_delay = timestep if min_delay == "auto" else min_delay
    simulator.state.max_delay = max_delay
    simulator.state.seed = int(extra_params.get('rng_seed', 1))
    return rank()


def end(compatible_output=True):
    """Writes what record(..., filename) asked for."""
    for (population, variables, filename) in simulator.state.write_on_end:
        io = get_io(filename)
        population.write_data(io, variables)
    simulator.state.write_on_end = []


_run, _run_until = common.build_run(simulator)


def run(simtime, callbacks=None):
    """PyNN's run(); the simulation of the whole time is done when it returns (callbacks in between cost none)."""
    t = _run(simtime, callbacks)
    simulator.state.realise()
    return t


def run_until(time_point, callbacks=None):
    """PyNN's run_until(); as run()."""
    t = _run_until(time_point, callbacks)
    simulator.state.realise()
    return t


run.__doc__, run_until.__doc__ = _run.__doc__, _run_until.__doc__
run_for = run
reset = common.build_reset(simulator)
initialize = common.initialize
get_current_time, get_time_step, get_min_delay, get_max_delay, num_processes, rank = common.build_state_queries(simulator)
create = common.build_create(Population)
connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)
record = common.build_record(simulator)


def record_v(source, filename):
    return record(['v'], source, filename)


class UnsupportedModelError(errors.NoModelAvailableError, AttributeError):
    """A PyNN cell type, synapse type or plasticity rule this backend does not run (docs/pynn.md, "What is supported").

    An AttributeError too, so that hasattr(sim, "SpikeSourceGamma") stays False as on a backend without the model."""


# Why each of PyNN's standard types that this backend leaves out is left out (docs/pynn.md).
_WHY_NOT = {
    "IF_facets_hardware1": "it is a hardware model",
    "SpikeSourceGamma": "gamma-process sources are not mapped",
    "SpikeSourceInhGamma": "gamma-process sources are not mapped",
    "SpikeSourcePoissonRefractory": "Poisson sources with a dead time are not mapped",
    "ElectricalSynapse": "gap junctions are not mapped from PyNN",
    "GutigWeightDependence": "the engine's power-law bounds take one mu for potentiation and depression, and pyNN.neurosharp does not map them",
    "AdditivePotentiationMultiplicativeDepression": "the engine's STDP has no additive-potentiation, multiplicative-depression bounds",
    "Vogels2011Rule": "the engine has no inhibitory (Vogels 2011) STDP rule",
}


def __getattr__(name):
    """PEP 562: a PyNN model this backend does not run gets one sentence naming it, not 'no attribute'."""
    if name in _WHY_NOT:
        cells = ", ".join(list_standard_models())
        raise UnsupportedModelError(
            f"pyNN.neurosharp does not run {name}: {_WHY_NOT[name]}. It runs the cell types {cells}, "
            "with StaticSynapse, TsodyksMarkramSynapse, SimpleStochasticSynapse, StochasticTsodyksMarkramSynapse, MultiQuantalSynapse "
            "and STDPMechanism (SpikePairRule; AdditiveWeightDependence or "
            "MultiplicativeWeightDependence) (docs/pynn.md, \"What is supported\").")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
