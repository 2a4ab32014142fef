"""pyNN.neurosharp's NativeRNG: the engine's counter-based random stream, seeded (docs/pynn.md, "NativeRNG").

PyNN's `sim.NativeRNG(seed)` asks for "the simulator's own" random numbers. NeuroSharp draws a network's random
connections and weights from RandomStream (NeuroSharp.Numerics): draw i of the stream keyed k is the 64-bit value
`RandomStream.ChildKey(k, i) = SplitMix64.Mix(k ^ SplitMix64.Mix(i + 0x9E3779B97F4A7C15))`, a function of (k, i)
alone. This class computes the same values with numpy, so a projection drawn with it is the same on every machine,
numpy version and MPI rank count, and the C# library reproduces any of its numbers from the seed and the draw's index.
Like every RNG of a PyNN script, it draws while the script builds the network (connectors and RandomDistributions are
realised in Python, so `Projection.get()` gives the weights before `run()`), and the drawn network goes into the
network file as explicit lists.
"""
import numpy as np
from pyNN.random import NativeRNG as _NativeRNG, WrappedRNG

_INCREMENT = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TWO_TO_MINUS_53 = 1.0 / (1 << 53)


def _mix(z):
    """SplitMix64.Mix on a uint64 array (numpy's uint64 products wrap modulo 2**64, as C#'s ulong)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def child_keys(key, first, count):
    """RandomStream.ChildKey(key, i) for i = first .. first + count - 1, as a uint64 array."""
    ids = np.arange(count, dtype=np.uint64) + np.uint64(first)
    with np.errstate(over="ignore"):
        return _mix(np.uint64(key) ^ _mix(ids + _INCREMENT))


class NativeRNG(_NativeRNG, WrappedRNG):
    """The engine's counter-based stream keyed by `seed` (setup()'s rng_seed when None): draw i of the stream is
    RandomStream.ChildKey(seed, i), a uniform number in [0, 1) is its top 53 bits (RandomStream.NextDouble's rule), and a
    normal one takes two such draws (RandomStream.NextGaussian's Box-Muller: sqrt(-2 ln(1 - u1)) cos(2 pi u2)).
    Two NativeRNGs with one seed give the same numbers; numbers do not depend on how many MPI processes draw them."""

    # What each PyNN distribution takes (pyNN.random.available_distributions); gamma, binomial, poisson and vonmises
    # have no rule here and are refused in one sentence.
    _DISTRIBUTIONS = ("uniform", "uniform_int", "normal", "normal_clipped", "normal_clipped_to_boundary",
                      "lognormal", "exponential")

    def __init__(self, seed=None, parallel_safe=True):
        if seed is None:
            from . import simulator
            seed = int(simulator.state.seed)
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or not 0 <= seed < 2 ** 64:
            raise ValueError(f"NativeRNG(seed={seed!r}): the engine's streams take a seed that is a whole number from 0 to 2**64 - 1.")
        # Always parallel safe: a draw's value depends on its index only, so every rank sees the same numbers.
        WrappedRNG.__init__(self, int(seed), True)
        self.key = int(seed)
        self.counter = 0

    def __repr__(self):
        return f"NativeRNG(seed={self.seed!r})"

    def _uniform01(self, n):
        bits = child_keys(self.key, self.counter, n)
        self.counter += n
        return (bits >> np.uint64(11)).astype(np.float64) * _TWO_TO_MINUS_53

    def _standard_normal(self, n):
        u = self._uniform01(2 * n)
        u1, u2 = 1.0 - u[0::2], u[1::2]  # (0, 1]: the log is finite
        return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)

    def _next(self, distribution, n, parameters):
        if distribution not in self._DISTRIBUTIONS:
            raise NotImplementedError(
                f"pyNN.neurosharp's NativeRNG draws {', '.join(self._DISTRIBUTIONS)}, not '{distribution}': "
                "use NumpyRNG for it (docs/pynn.md, \"NativeRNG\").")
        p = dict(parameters or {})
        if distribution == "uniform":
            low, high = p.get("low", 0.0), p.get("high", 1.0)
            return low + (high - low) * self._uniform01(n)
        if distribution == "uniform_int":
            low, high = int(p["low"]), int(p["high"])
            return low + np.floor(self._uniform01(n) * (high - low)).astype(np.int64)
        if distribution == "normal":
            return p.get("mu", 0.0) + p.get("sigma", 1.0) * self._standard_normal(n)
        if distribution == "normal_clipped":
            mu, sigma = p.get("mu", 0.0), p.get("sigma", 1.0)
            return self._clipped(lambda m: mu + sigma * self._standard_normal(m),
                                 low=p.get("low", -np.inf), high=p.get("high", np.inf), size=n)
        if distribution == "normal_clipped_to_boundary":
            values = p.get("mu", 0.0) + p.get("sigma", 1.0) * self._standard_normal(n)
            return np.clip(values, p.get("low", -np.inf), p.get("high", np.inf))
        if distribution == "lognormal":
            return np.exp(p.get("mu", 0.0) + p.get("sigma", 1.0) * self._standard_normal(n))
        # exponential: mean beta, by inversion of 1 - u in (0, 1]
        return -p.get("beta", 1.0) * np.log(1.0 - self._uniform01(n))
