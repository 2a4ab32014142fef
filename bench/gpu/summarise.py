#!/usr/bin/env python3
"""Turns run-all.sh's coba.jsonl (COBA's and COBAHH's rows) and stdp-mnist.jsonl (in OUT_DIR) into coba.csv, stdp-mnist.csv and summary.md.

usage: summarise.py OUT_DIR   (run-all.sh calls it after each part; safe to run again on the files brought back)
"""
import csv
import json
import os
import sys


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def csv_text(header, lines):
    import io
    s = io.StringIO()
    w = csv.writer(s, lineterminator="\n")
    w.writerow(header)
    w.writerows(lines)
    return s.getvalue()


def fmt(x, digits=3):
    return "-" if x is None else (f"{x:.{digits}f}" if isinstance(x, float) else str(x))


def main(out):
    coba_header = ["part", "network", "device", "simulated", "delivery", "scale", "neurons", "synapses", "simulatedSeconds",
                   "cpuSimulatedSeconds", "cpuShortened", "cpuThreads", "cpuWallPerSimulatedSecond", "deviceWallPerSimulatedSecond",
                   "speedup", "cpuSpikes", "deviceSpikes", "buildSeconds", "updateGBps", "deliverGBps", "peakGBps",
                   "peakGBpsSource", "updateFractionOfPeak", "deliverFractionOfPeak", "partWallSeconds"]
    coba = []
    for r in rows(os.path.join(out, "coba.jsonl")):
        m = r["result"]
        for s in m["sizes"]:
            coba.append([r["part"], os.path.basename(m.get("network") or ""), m["device"], m["simulated"], m["delivery"], s["scale"], s["neurons"], s["synapses"],
                         s["simulatedSeconds"], s.get("cpuSimulatedSeconds"), s.get("cpuShortened"), m.get("cpuThreads"),
                         s["cpuWallPerSimulatedSecond"], s["deviceWallPerSimulatedSecond"], s["speedup"], s["cpuSpikes"],
                         s["deviceSpikes"], s.get("buildSeconds"), s["updateGBps"], s["deliverGBps"], m.get("peakGBps"),
                         m.get("peakGBpsSource"), s["updateFractionOfPeak"], s["deliverFractionOfPeak"], r["wallSeconds"]])
    write_atomic(os.path.join(out, "coba.csv"), csv_text(coba_header, coba))

    mnist_header = ["part", "neurons", "trainImages", "labelImages", "testImages", "accuracy", "trainSecondsPer1000",
                    "trainSpikesPerImage", "respondSeconds", "partWallSeconds", "bounded"]
    mnist = []
    for r in rows(os.path.join(out, "stdp-mnist.jsonl")):
        m = r["result"]
        mnist.append([r["part"], m["neurons"], m["samplesSeen"], m["labelSamples"], m["testSamples"], m["accuracy"],
                      m["trainSecondsPer1000"], m["trainSpikesPerImage"], m["respondSeconds"], r["wallSeconds"],
                      m["samplesSeen"] < 60000])
    write_atomic(os.path.join(out, "stdp-mnist.csv"), csv_text(mnist_header, mnist))

    lines = ["# run-all.sh summary", ""]
    if coba:
        lines += ["COBA and COBAHH (the part says which), wall seconds per simulated second (CPU engine and device in the same run):", "",
                  "| part | delivery | scale | neurons | synapses | CPU s/s (simulated) | device s/s | speed-up | update GB/s (of peak) | deliver GB/s (of peak) |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for c in coba:
            d = dict(zip(coba_header, c))
            cpu = "-" if d["cpuWallPerSimulatedSecond"] is None else f"{d['cpuWallPerSimulatedSecond']:.3f} ({d['cpuSimulatedSeconds']} s)"
            up = f"{fmt(d['updateGBps'], 1)} ({fmt(d['updateFractionOfPeak'])})"
            de = f"{fmt(d['deliverGBps'], 1)} ({fmt(d['deliverFractionOfPeak'])})"
            lines.append(f"| {d['part']} | {d['delivery']} | {d['scale']} | {d['neurons']} | {d['synapses']} | {cpu} | "
                         f"{fmt(d['deviceWallPerSimulatedSecond'])} | {fmt(d['speedup'], 1)} | {up} | {de} |")
        first = dict(zip(coba_header, coba[0]))
        peak = (f"peak {first['peakGBps']} GB/s ({first['peakGBpsSource']})" if first["peakGBps"] is not None
                else "peak bandwidth unknown (no --peak-gbps and no CUDA driver figure)")
        lines += ["", f"device: {first['device']}; {peak}", ""]
    if mnist:
        lines += ["STDP-MNIST (bounded runs: far fewer images than the paper's 60 000 x epochs; not its protocol):", "",
                  "| part | neurons | training images | labelling images | test images | accuracy | training s per 1 000 images | part wall s |",
                  "|---|---|---|---|---|---|---|---|"]
        for c in mnist:
            d = dict(zip(mnist_header, c))
            lines.append(f"| {d['part']} | {d['neurons']} | {d['trainImages']} | {d['labelImages']} | {d['testImages']} | "
                         f"{d['accuracy']} | {d['trainSecondsPer1000']} | {d['partWallSeconds']} |")
    write_atomic(os.path.join(out, "summary.md"), "\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: summarise.py OUT_DIR")
    main(sys.argv[1])
