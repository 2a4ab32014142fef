"""NeuroML2's pyr_4_sym (LEMSexamples/morphologies) built by hand in NEURON, as jNeuroML's NEURON export makes it.

Usage: /usr/bin/python3 pyr_4_sym_neuron.py DIR [--passive] [--soma-only] [--forward] [--dt 0.01]

DIR holds pyr_4_sym.cell.nml (git show HEAD:LEMSexamples/morphologies/FILE of the NeuroML2 repository). jNeuroML's export makes
one section per cable group (here one segment each), nseg 1, the segment's two points as pt3dadd, `connect child(0), parent(f)`
with f the segment's fractionAlong (1 by default), cm, Ra and the densities per segment group. NEURON then puts each section's
compartment at its centre, and a child hung at parent(1) or parent(0) at the parent's end node, a node of no area: where two
children hang from one end the three half-sections meet there (a star), not pairwise centre to centre.

--passive: the leak alone (NEURON's pas, 0.1420051 mS/cm2, -66 mV) and no pool; prints the soma's input resistance, the membrane
time constant fitted to the slowest part of the charging curve, and v at each segment's centre at the end of a 1 s, 0.2 nA step
(no mechanisms to compile). Without --passive the Traub channels and the calcium pool are needed as compiled mechanisms
(pyr_4_sym_mod/, nrnivmodl from Debian's neuron-dev); the script prints the soma's spike times (upward crossings of 0 mV) of
LEMS_pyrfull_in.xml (0.2 nA 100-600 ms, 700 ms, 6.3 degC). The gates and the pool step exactly at fixed v (the exponential
step of a linear equation); --forward: by forward Euler, as jNeuroML's generated mods do (x' = rate_x of an ASSIGNED rate_x,
which NEURON's cnexp steps as x + dt rate_x). --soma-only: the soma alone (LEMS_m_in_b_in.xml's cell, its .test.mep).

Compiling on Debian 12 (neuron-dev 8.2.2), whose nrnivmodl looks for its makefile in /usr/bin and links libnrniv from the default
path: sed 's#"${bindir}/nrnmech_makefile"#"/usr/lib/nrn/nrnmech_makefile"#' /usr/bin/nrnivmodl > /tmp/nrnivmodl, then in
pyr_4_sym_mod/: bash /tmp/nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn" (the `special` it also links fails for
want of ivstream.h; x86_64/.libs/libnrnmech.so, which this script loads, is made first). Results: docs/results.md, "Why pyr_4_sym
spiked 1 % late".
"""
import math
import os
import sys
import xml.etree.ElementTree as ET

from neuron import h

h.load_file("stdrun.hoc")

NS = "{http://www.neuroml.org/schema/neuroml2}"


def read_cell(path):
    """Segments (id, name, parent, fractionAlong, proximal, distal), parents first, and the segment groups (resolved includes)."""
    root = ET.parse(path).getroot()
    morph = root.find(f".//{NS}morphology")
    segments = []
    by_id = {}
    for s in morph.findall(f"{NS}segment"):
        par = s.find(f"{NS}parent")
        pid = par.get("segment") if par is not None else None
        frac = float(par.get("fractionAlong", "1")) if par is not None else None
        dist = s.find(f"{NS}distal")
        prox = s.find(f"{NS}proximal")
        p = lambda e: tuple(float(e.get(k)) for k in ("x", "y", "z", "diameter"))
        seg = {"id": s.get("id"), "name": s.get("name"), "parent": pid, "frac": frac,
               "prox": p(prox) if prox is not None else by_id[pid]["dist"], "dist": p(dist)}
        segments.append(seg)
        by_id[seg["id"]] = seg
    raw = {g.get("id"): g for g in morph.findall(f"{NS}segmentGroup")}

    def members(gid):
        g = raw[gid]
        out = [m.get("segment") for m in g.findall(f"{NS}member")]
        for inc in g.findall(f"{NS}include"):
            out += members(inc.get("segmentGroup"))
        return out
    groups = {gid: members(gid) for gid in raw}
    return segments, groups


def build(segments):
    """One section per segment (nseg 1), pt3dadd of both points, connected at fractionAlong; returns {segment id: section}."""
    secs = {}
    for s in segments:
        sec = h.Section(name=f"seg{s['id']}_{s['name']}")
        sec.nseg = 1
        h.pt3dclear(sec=sec)
        for x, y, z, d in (s["prox"], s["dist"]):
            h.pt3dadd(x, y, z, d, sec=sec)
        secs[s["id"]] = sec
    for s in segments:
        if s["parent"] is None:
            continue
        secs[s["id"]].connect(secs[s["parent"]](s["frac"]), 0)
    return secs


def passive(segments, secs):
    cm, ra, gl, el = 2.84, 200.0, 0.1420051e-3, -66.0
    for s in segments:
        sec = secs[s["id"]]
        sec.cm = cm
        sec.Ra = ra
        sec.insert("pas")
        sec.g_pas = gl
        sec.e_pas = el
    soma = secs[segments[0]["id"]]
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 0, 1e9, 0.2
    h.celsius = 6.3
    h.dt = 0.01
    h.steps_per_ms = 100
    tv, vv = h.Vector(), h.Vector()
    tv.record(h._ref_t)
    vv.record(soma(0.5)._ref_v)
    h.finitialize(-65)  # initMembPotential
    h.continuerun(1000)
    # The steady state at 1000 ms (tau is ~20 ms): input resistance; tau from the log of (v_inf - v) between 60 and 120 ms.
    v_inf = soma(0.5).v
    rin = (v_inf - el) / 0.2  # mV / nA = MOhm
    t = list(tv)
    v = list(vv)
    i1, i2 = int(round(60 / h.dt)), int(round(120 / h.dt))
    tau = (t[i2] - t[i1]) / math.log((v_inf - v[i1]) / (v_inf - v[i2]))
    print(f"input resistance at the soma {rin:.4f} MOhm, slowest tau {tau:.4f} ms")
    for s in segments:
        print(f"  v[{s['id']}] ({s['name']}) at 1000 ms: {secs[s['id']](0.5).v:.6f} mV, area {secs[s['id']](0.5).area():.4f} um2, "
              f"ri {secs[s['id']](0.5).ri():.6f} MOhm")
    for ms in (5, 10, 20, 50):
        print(f"  v[0] at {ms} ms: {v[int(round(ms / h.dt))]:.6f} mV")


def full(segments, groups, secs, dt, forward):
    here = os.path.dirname(os.path.abspath(__file__))
    lib = os.path.join(here, "pyr_4_sym_mod", "x86_64", ".libs", "libnrnmech.so")
    if not os.path.exists(lib):
        sys.exit(f"{lib} is missing: run nrnivmodl in {os.path.dirname(os.path.dirname(os.path.dirname(lib)))} (Debian's neuron-dev)")
    h.nrn_load_dll(lib)
    for mech in ("Na_pyr", "Kdr_pyr", "Ca_pyr", "Kahp_pyr", "Ca_conc"):
        setattr(h, f"forward_{mech}", 1 if forward else 0)
    soma_group = set(groups["soma_group"])
    for s in segments:
        sec = secs[s["id"]]
        sec.cm = 2.84
        sec.Ra = 200.0
        sec.insert("LeakConductance_pyr")
        sec.gmax_LeakConductance_pyr = 0.1420051e-3
        sec.e_LeakConductance_pyr = -66.0
        if s["id"] in soma_group:
            for ch, g in (("Na_pyr", 120), ("Kdr_pyr", 80), ("Ca_pyr", 10), ("Kahp_pyr", 2.5)):
                sec.insert(ch)
                setattr(sec, f"gmax_{ch}", g * 1e-3)
            sec.ena = 55
            sec.ek = -75
            sec.eca = 80
            sec.insert("Ca_conc")
            # The pool writes cai, but eca stays the channelDensity's 80 mV (no Nernst at init or per step), as jNeuroML's export sets it.
            h.ion_style("ca_ion", 1, 2, 0, 0, 0, sec=sec)
            sec.eca = 80
    soma = secs[segments[0]["id"]]
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 100, 500, 0.2
    h.celsius = 6.3
    h.dt = dt
    h.steps_per_ms = 1 / dt
    for s in segments:
        if s["id"] in soma_group:
            secs[s["id"]].cai = 5e-5  # 5e-11 mol/cm3 = 5e-5 mM
            secs[s["id"]].cao = 3.0
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    nc.threshold = 0
    spikes = h.Vector()
    nc.record(spikes)
    h.finitialize(-65)
    h.continuerun(700)
    print("spikes (ms): " + " ".join(f"{x:.2f}" for x in spikes))


def main():
    args = sys.argv[1:]
    folder = args[0]
    dt = float(args[args.index("--dt") + 1]) if "--dt" in args else 0.01
    segments, groups = read_cell(os.path.join(folder, "pyr_4_sym.cell.nml"))
    if "--soma-only" in args:
        segments = segments[:1]  # LEMS_m_in_b_in.xml's one-compartment soma (its .test.mep), to check the mechanisms alone
    secs = build(segments)
    if "--passive" in args:
        passive(segments, secs)
    else:
        full(segments, groups, secs, dt, "--forward" in args)


if __name__ == "__main__":
    main()
