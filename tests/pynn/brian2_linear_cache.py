"""Brian2's exact ("linear") state updater, its symbolic work read from files (tests/pynn/brian2_linear/).

For every NeuronGroup with linear equations Brian2 derives the update step with sympy: it solves the linear system
dX/dt = M X + B and takes the matrix exponential exp(M dt) of M with the cell's parameters as symbols. That is a pure
function of (M, B, the state variables' names, the method's options), and at dt 0.01 ms the test cases spend most of
their Brian2 time in it: synaptic_input.py's eight cell types about 90 s of its 110 s (one core, idle), the same
derivation again in every process that builds the same cell type. Here each result is kept in a file named by the
sha256 of those inputs and of Brian2's and sympy's versions, so another version computes afresh, and a Brian2
process reads it instead of deriving it again. Only the derivation is kept: Brian2 still builds, runs and records the
network itself, with the update code it would have derived.

NEUROSHARP_BRIAN2_LINEAR_CACHE in the environment: unset, read the files (compute what is missing, write nothing);
"off", never read them; "write", derive every one again and write it (after which `git status tests/pynn/brian2_linear`
shows any entry that Brian2 and sympy would no longer give). The test cases use it on pyNN.brian2 (small_networks.py,
cell_types.py, changes_between_runs.py).
"""
import hashlib
import itertools
import json
import os
import sys

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "brian2_linear")


def install():
    mode = os.environ.get("NEUROSHARP_BRIAN2_LINEAR_CACHE", "")
    if mode == "off":
        return
    if mode not in ("", "write"):
        raise SystemExit(f"NEUROSHARP_BRIAN2_LINEAR_CACHE is '{mode}': leave it unset (read the files), or set it to off or write.")
    import brian2
    import sympy
    import brian2.stateupdaters.exact  # noqa: F401 (the package's name 'exact' is the updater, not the module)
    from brian2.equations.codestrings import is_constant_over_dt
    from brian2.stateupdaters.base import extract_method_options

    module = sys.modules["brian2.stateupdaters.exact"]
    derive = module.LinearStateUpdater.__call__

    def cached(self, equations, variables=None, method_options=None):
        if equations.is_stochastic:
            return derive(self, equations, variables, method_options)
        known = {} if variables is None else variables
        names, matrix, constants = module.get_linear_system(equations, known)
        dt_value = known["dt"].get_value()[0] if "dt" in known else None
        if matrix.shape == (0, 0) or not all(is_constant_over_dt(e, known, dt_value) for e in itertools.chain(matrix, constants)):
            return derive(self, equations, variables, method_options)  # as Brian2 does: nothing to do, or its refusal
        options = extract_method_options(method_options, {"simplify": True})
        key = {"brian2": brian2.__version__, "sympy": sympy.__version__, "names": list(names),
               "matrix": sympy.srepr(matrix), "constants": sympy.srepr(constants), "options": sorted(options.items())}
        key = json.loads(json.dumps(key))  # as it reads back from a file (tuples become lists)
        digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
        path = os.path.join(FOLDER, digest[:24] + ".json")
        if mode != "write" and os.path.exists(path):
            with open(path) as handle:
                entry = json.load(handle)
            if entry["key"] == key:
                return entry["code"]
        code = derive(self, equations, variables, method_options)
        if mode == "write":
            os.makedirs(FOLDER, exist_ok=True)
            with open(path + ".tmp", "w") as handle:
                json.dump({"key": key, "code": code}, handle, indent=1, sort_keys=True)
                handle.write("\n")
            os.replace(path + ".tmp", path)
        return code

    module.LinearStateUpdater.__call__ = cached
