"""Names the BLAS and OpenMP libraries this process actually loaded (imported by the peer scripts)."""
import os


def loaded_blas():
    """threadpoolctl's view (OpenBLAS, MKL, BLIS with versions), else the BLAS-like files mapped in /proc/self/maps."""
    names = set()
    try:
        from threadpoolctl import threadpool_info
        for i in threadpool_info():
            if i.get("user_api") == "blas":
                names.add(f"{i.get('internal_api')} {i.get('version')} ({os.path.basename(i.get('filepath', ''))})")
    except Exception:
        pass
    if names:
        return ", ".join(sorted(names))
    # threadpoolctl does not know Debian's reference BLAS: it shows up as libblas.so.3 in the maps.
    for line in open("/proc/self/maps"):
        path = line.split()[-1] if "/" in line else ""
        if any(k in os.path.basename(path) for k in ("openblas", "libblas", "mkl", "blis", "atlas")):
            names.add(os.path.realpath(path))
    return ", ".join(sorted(names)) or "none loaded"


def load_average():
    """The 1-minute load average (how busy the shared machine was)."""
    return float(open("/proc/loadavg").read().split()[0])
