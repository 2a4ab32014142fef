#!/usr/bin/env python3
"""Ex25 with its segments cut into pieces, as NEURON cuts its sections (docs/results.md, "LEMS examples against their .mep").

jNeuroML_NEURON makes a NEURON section of each unbranched segmentGroup (neuroLexId sao864921383) of
NML2_MultiCompCellNetwork.nml's MultiCompCell: soma and dendSec1 with nseg 1, dendSec2 (segments 2 and 3, 30 um, tapering
3 -> 1.5 um) with its numberInternalDivisions, nseg 9. NeuroSharp made one compartment per segment until it read
numberInternalDivisions (branch nmldiv, docs/neuroml.md); the copy drops the property, so its pieces are the only cut. This script writes a
copy of the network and of LEMS_NML2_Ex25_MultiComp.xml in which segment k is cut into PIECES[k] segments of equal length
(diameters linear along it), the synapses moved to the piece holding their point, and each OutputColumn reading the piece
whose centre NEURON's record point x falls in (jNeuroML records segment s at the section fraction of its middle, and NEURON
reads the node of the nseg interval holding x). With pieces 1,1,3,6 the compartments are NEURON's.

    /usr/bin/python3 bench/neuroml/ex25_split_segments.py NeuroML2 OUTDIR [--pieces 1,1,3,6]
    neurosharp simulate OUTDIR/LEMSexamples/LEMS_NML2_Ex25_MultiComp.xml --out OUTDIR/run
    /usr/bin/python3 tools/neuroml/mep-compare.py OUTDIR OUTDIR/run-mep        # (its test/ folder is copied too)
"""

import argparse
import math
import os
import re
import shutil
import xml.etree.ElementTree as ET

NS = "http://www.neuroml.org/schema/neuroml2"
Q = "{%s}" % NS


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("neuroml2")
    ap.add_argument("out")
    ap.add_argument("--pieces", default="1,1,3,6", help="pieces of segments 0,1,2,3")
    args = ap.parse_args()
    pieces = [int(x) for x in args.pieces.split(",")]

    src_ex = os.path.join(args.neuroml2, "examples")
    dst_ex = os.path.join(args.out, "examples")
    dst_lems = os.path.join(args.out, "LEMSexamples")
    os.makedirs(dst_ex, exist_ok=True)
    os.makedirs(dst_lems, exist_ok=True)
    shutil.copy(os.path.join(src_ex, "NML2_SingleCompHHCell.nml"), dst_ex)
    shutil.copytree(os.path.join(args.neuroml2, "LEMSexamples", "test"), os.path.join(dst_lems, "test"), dirs_exist_ok=True)

    ET.register_namespace("", NS)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    tree = ET.parse(os.path.join(src_ex, "NML2_MultiCompCellNetwork.nml"))
    root = tree.getroot()
    cell = root.find(Q + "cell")
    morph = cell.find(Q + "morphology")
    segs = morph.findall(Q + "segment")
    by_id = {s.get("id"): s for s in segs}

    def point(el):
        return [float(el.get(k)) for k in ("x", "y", "z", "diameter")]

    geometry = {}
    for s in segs:
        dist = point(s.find(Q + "distal"))
        prox_el = s.find(Q + "proximal")
        if prox_el is not None:
            prox = point(prox_el)
        else:
            parent = s.find(Q + "parent").get("segment")
            prox = geometry[parent][1]
        geometry[s.get("id")] = (prox, dist)

    # new ids: segment k's piece j is "k" for j == 0 (so parents and groups keep working), else 100 * (k + 1) + j
    def piece_id(k, j):
        return str(k) if j == 0 else str(100 * (int(k) + 1) + j)

    for s in segs:
        morph.remove(s)
    insert_at = 0
    last_piece = {}
    for s in segs:
        k = s.get("id")
        n = pieces[int(k)]
        prox, dist = geometry[k]
        parent_el = s.find(Q + "parent")
        parent = last_piece[parent_el.get("segment")] if parent_el is not None else None
        for j in range(n):
            a = [prox[i] + (dist[i] - prox[i]) * j / n for i in range(4)]
            b = [prox[i] + (dist[i] - prox[i]) * (j + 1) / n for i in range(4)]
            el = ET.Element(Q + "segment", {"id": piece_id(k, j), "name": f"{s.get('name')}_{j}"})
            p = parent if j == 0 else piece_id(k, j - 1)
            if p is not None:
                ET.SubElement(el, Q + "parent", {"segment": p})
            ET.SubElement(el, Q + "proximal", {"x": f"{a[0]:g}", "y": f"{a[1]:g}", "z": f"{a[2]:g}", "diameter": f"{a[3]:.6g}"})
            ET.SubElement(el, Q + "distal", {"x": f"{b[0]:g}", "y": f"{b[1]:g}", "z": f"{b[2]:g}", "diameter": f"{b[3]:.6g}"})
            morph.insert(insert_at, el)
            insert_at += 1
        last_piece[k] = piece_id(k, n - 1)
    for group in morph.findall(Q + "segmentGroup"):
        for m in list(group.findall(Q + "member")):
            k = m.get("segment")
            idx = list(group).index(m)
            for j in range(1, pieces[int(k)]):
                group.insert(idx + j, ET.Element(Q + "member", {"segment": piece_id(k, j)}))
        for prop in list(group.findall(Q + "property")):
            group.remove(prop)

    def locate(k, fraction):
        n = pieces[int(k)]
        j = min(n - 1, int(math.floor(fraction * n + 1e-9)))
        return piece_id(k, j), fraction * n - j

    net = root.find(Q + "network")
    for proj in net.findall(Q + "projection"):
        for c in proj.findall(Q + "connection"):
            seg, frac = locate(c.get("postSegmentId"), float(c.get("postFractionAlong", "0.5")))
            c.set("postSegmentId", seg)
            c.set("postFractionAlong", f"{frac:.6g}")
            seg, frac = locate(c.get("preSegmentId"), float(c.get("preFractionAlong", "0.5")))
            c.set("preSegmentId", seg)
            c.set("preFractionAlong", f"{frac:.6g}")
    for il in net.findall(Q + "inputList"):
        for i in il.findall(Q + "input"):
            seg, frac = locate(i.get("segmentId", "0"), float(i.get("fractionAlong", "0.5")))
            i.set("segmentId", seg)
            i.set("fractionAlong", f"{frac:.6g}")
    tree.write(os.path.join(dst_ex, "NML2_MultiCompCellNetwork.nml"), xml_declaration=True, encoding="UTF-8")

    # The recorded point of segment k: NEURON's node for the middle of k in its section. Segments 2 and 3 share a section
    # (0..10 and 10..30 um of 30): middles at x = 1/6 and 2/3; with nseg 9 NEURON reads the node of interval floor(9 x), i.e.
    # the piece holding 5 um and the piece just past 20 um. Here: the piece holding the middle, the later one on a boundary.
    with open(os.path.join(args.neuroml2, "LEMSexamples", "LEMS_NML2_Ex25_MultiComp.xml")) as f:
        lems = f.read()

    def record(m):
        k = m.group(2)
        n = pieces[int(k)]
        j = min(n - 1, int(math.floor(0.5 * n + 1e-9)))
        return f"{m.group(1)}{piece_id(k, j)}/v"

    lems = re.sub(r"(pop0/\d/MultiCompCell/)(\d)/v", record, lems)
    lems = re.sub(r"<Display.*?</Display>", "", lems, flags=re.S)
    with open(os.path.join(dst_lems, "LEMS_NML2_Ex25_MultiComp.xml"), "w") as f:
        f.write(lems)
    print(f"wrote {dst_lems}/LEMS_NML2_Ex25_MultiComp.xml with pieces {pieces}")


if __name__ == "__main__":
    main()
