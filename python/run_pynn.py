#!/usr/bin/env python3
"""Runs a PyNN script with pyNN.neurosharp available, without installing it into pyNN's folder.

    /usr/bin/python3 python/run_pynn.py SCRIPT.py neurosharp [ARGS...]

It adds this repository's python/pyNN/neurosharp to the pyNN package as pyNN.neurosharp, then runs
the script as __main__ with the remaining arguments (the script picks the simulator from them, as
PyNN's examples do). docs/pynn.md gives the permanent install (a symbolic link).
"""
import os
import runpy
import sys

import pyNN

# python/pyNN/neurosharp becomes pyNN.neurosharp: pyNN's search path gains this repository's python/pyNN.
pyNN.__path__.append(os.path.join(os.path.dirname(os.path.realpath(__file__)), "pyNN"))

if len(sys.argv) < 2:
    print(__doc__)
    sys.exit(2)
script = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
runpy.run_path(script, run_name="__main__")
