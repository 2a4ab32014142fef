#!/usr/bin/env python3
"""Writes reduced copies of PyNN's VAbenchmarks.py and brunel.py, small enough for pyNN.brian2 to finish.

    reduce_examples.py EXAMPLES_DIR OUT_DIR [FACTOR]

EXAMPLES_DIR is PyNN 0.10.1's examples/ folder (NeuralEnsemble/PyNN, tag 0.10.1). FACTOR (default 10)
divides the number of neurons. Neither script has a command-line option for its size, so the copies
change only the size parameters, each an exact line of the original (the script stops if a line is not
found, so a different PyNN version cannot be edited silently):

  VAbenchmarks.py  n = 4000 -> 4000 / FACTOR, pconn = 0.02 -> 0.02 x FACTOR (the same in-degree, 80
                   connections per cell, so the same input per cell; the weights are the script's)
  brunel.py        order = 50000 -> 50000 / FACTOR (brunel's size knob; its downscale, J_eff and
                   epsilon unchanged, so the in-degree falls by FACTOR as the script's design implies)

Everything else (cell parameters, weights, seeds, run length, recording, output files) is the
original. The edits are printed as a unified diff.
"""
import difflib
import os
import sys

EDITS = {
    "VAbenchmarks.py": [
        ("n        = 4000  # number of cells", "n        = {n}  # number of cells (reduced from 4000)",
         lambda f: {"n": 4000 // f}),
        ("pconn    = 0.02  # connection probability", "pconn    = {p:g}  # connection probability (raised from 0.02: the same in-degree)",
         lambda f: {"p": 0.02 * f}),
    ],
    "brunel.py": [
        ("order       = 50000  # determines size of network:", "order       = {o}  # determines size of network: (reduced from 50000)",
         lambda f: {"o": 50000 // f}),
    ],
}


def reduce(source, edits, factor):
    text = source
    for old, new, values in edits:
        if text.count(old) != 1:
            raise SystemExit(f"the line '{old}' is not in the script exactly once: not PyNN 0.10.1's example?")
        text = text.replace(old, new.format(**values(factor)))
    return text


def main(args):
    if len(args) not in (2, 3):
        print(__doc__)
        return 2
    examples, out = args[0], args[1]
    factor = int(args[2]) if len(args) == 3 else 10
    if factor < 1 or factor > 50:
        raise SystemExit(f"FACTOR must be an integer from 1 to 50, not {factor} (pconn = 0.02 x FACTOR must stay at most 1)")
    os.makedirs(out, exist_ok=True)
    for name, edits in EDITS.items():
        with open(os.path.join(examples, name), encoding="utf-8") as handle:
            source = handle.read()
        reduced = reduce(source, edits, factor)
        with open(os.path.join(out, name), "w", encoding="utf-8") as handle:
            handle.write(reduced)
        sys.stdout.writelines(difflib.unified_diff(source.splitlines(True), reduced.splitlines(True), name, f"{name} (reduced x{factor})", n=0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
