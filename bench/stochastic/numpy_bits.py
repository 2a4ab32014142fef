#!/usr/bin/python3
"""AND + popcount of two packed bit vectors with NumPy, the peer of NeuroSharp's BitKernels.AndPopCount.

Same sizes and timing rule as the .NET harness (best and median of 7 timings of >= 0.2 s, one core: NumPy's
bitwise ops and sums are single-threaded). Methods: np.bitwise_count (NumPy >= 2.0), a 16-bit lookup table,
and np.unpackbits; each computes countOnes(a & b) and is checked against the others.
Usage: /usr/bin/python3 numpy_bits.py [--out FILE]
"""
import json
import sys
import time

import numpy as np


def timed(fn, bits):
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        if time.perf_counter() - t0 >= 0.2:
            break
        reps *= 2
    rates = []
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        rates.append(reps * bits / (time.perf_counter() - t0) / 1e9)
    rates.sort()
    return rates[-1], rates[len(rates) // 2]


def main():
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    rng = np.random.default_rng(42)
    table16 = np.array([bin(i).count("1") for i in range(1 << 16)], dtype=np.uint8)
    results = []
    print(f"NumPy {np.__version__} AND + popcount, one core")
    for log2 in (10, 13, 16, 20, 23, 26):
        words = 1 << (log2 - 6)
        a = rng.integers(0, 2**64, size=words, dtype=np.uint64)
        b = rng.integers(0, 2**64, size=words, dtype=np.uint64)
        tmp = np.empty_like(a)
        bits = words * 64
        methods = {}

        def lookup():
            np.bitwise_and(a, b, out=tmp)
            return int(table16[tmp.view(np.uint16)].sum(dtype=np.uint64))

        def unpack():
            np.bitwise_and(a, b, out=tmp)
            return int(np.unpackbits(tmp.view(np.uint8)).sum(dtype=np.uint64))

        methods["lookup16"] = lookup
        methods["unpackbits"] = unpack
        if hasattr(np, "bitwise_count"):
            def native():
                np.bitwise_and(a, b, out=tmp)
                return int(np.bitwise_count(tmp).sum(dtype=np.uint64))
            methods["bitwise_count"] = native
        counts = {name: fn() for name, fn in methods.items()}
        assert len(set(counts.values())) == 1, counts
        row = {"bits": bits}
        line = f"  AND+popcount 2^{log2} bits:"
        for name, fn in methods.items():
            best, median = timed(fn, bits)
            row[name] = {"gbitPerSecond": round(best, 2), "gbitPerSecondMedian": round(median, 2)}
            line += f"  {name} {best:7.2f} Gbit/s (median {median:.2f})"
        results.append(row)
        print(line)
    report = {"numpy": np.__version__, "python": sys.version.split()[0], "bits": results}
    if out:
        with open(out, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
