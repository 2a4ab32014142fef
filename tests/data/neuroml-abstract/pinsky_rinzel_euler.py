# NeuroML2's LEMS_NML2_Ex22_PinskyRinzelCA3.xml: the pinskyRinzelCA3Cell pr2A of Cells.xml (iSoma 0.75 uA/cm2, gc 2.1 mS/cm2, pp 0.5,
# cm 3 uF/cm2, ...) stepped by forward Euler in double at 0.01 ms as jLEMS steps it (Si = Wi = 0 throughout: nothing raises them),
# against results/ex22_v.dat (t, Vs, Vd in s and V):  python3 pinsky_rinzel_euler.py out/LEMS_NML2_Ex22_PinskyRinzelCA3/results/ex22_v.dat
# Prints the largest |Vs - Euler|, |Vd - Euler| and the somatic spikes (upward crossings of Vs through -10 mV) in both.
import math, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
iS, iD, gLs, gLd, gNa, gKdr, gCa, gKahp, gKC, gc = 0.75, 0.0, 0.1, 0.1, 30.0, 15.0, 10.0, 0.8, 15.0, 2.1
eNa, eCa, eK, eL, pp, cm, betaqd = 60.0, 80.0, -75.0, -60.0, 0.5, 3.0, 0.001
Vs, Vd, Cad, hs, ns, sd, cd, qd = eL, eL, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
dt, vs, vd = 0.01, [Vs], [Vd]
for _ in range(len(rows) - 1):
    ICad = gCa * sd * sd * (Vd - eCa)
    am = 0.32 * (-46.9 - Vs) / (math.exp((-46.9 - Vs) / 4.0) - 1.0); bm = 0.28 * (Vs + 19.9) / (math.exp((Vs + 19.9) / 5.0) - 1.0)
    Minf = am / (am + bm)
    an = 0.016 * (-24.9 - Vs) / (math.exp((-24.9 - Vs) / 5.0) - 1.0); bn = 0.25 * math.exp(-1.0 - 0.025 * Vs)
    ah = 0.128 * math.exp((-43.0 - Vs) / 18.0); bh = 4.0 / (1.0 + math.exp((-20.0 - Vs) / 5.0))
    asd = 1.6 / (1.0 + math.exp(-0.072 * (Vd - 5.0))); bsd = 0.02 * (Vd + 8.9) / (math.exp((Vd + 8.9) / 5.0) - 1.0)
    aqd = min(0.00002 * Cad, 0.01); chid = min(Cad / 250, 1)
    acd = math.exp((Vd + 50.0) / 11 - (Vd + 53.5) / 27) / 18.975 if Vd < -10 else 2.0 * math.exp((-53.5 - Vd) / 27.0)
    bcd = 2.0 * math.exp((-53.5 - Vd) / 27.0) - acd if Vd < -10 else 0.0
    dVs = (-gLs * (Vs - eL) - gNa * Minf ** 2 * hs * (Vs - eNa) - gKdr * ns * (Vs - eK) + (gc / pp) * (Vd - Vs) + iS / pp) / cm
    dVd = (iD / (1 - pp) - gLd * (Vd - eL) - ICad - gKahp * qd * (Vd - eK) - gKC * cd * chid * (Vd - eK) + gc * (Vs - Vd) / (1 - pp)) / cm
    Vs, Vd, Cad = Vs + dt * dVs, Vd + dt * dVd, Cad + dt * (-0.13 * ICad - 0.075 * Cad)
    hs, ns, sd = hs + dt * (ah - (ah + bh) * hs), ns + dt * (an - (an + bn) * ns), sd + dt * (asd - (asd + bsd) * sd)
    cd, qd = cd + dt * (acd - (acd + bcd) * cd), qd + dt * (aqd - (aqd + betaqd) * qd)
    vs.append(Vs); vd.append(Vd)
def spikes(v): return [round(k * dt, 2) for k in range(1, len(v)) if v[k - 1] < -10 <= v[k]]
fs = [r[1] * 1000 for r in rows]; fd = [r[2] * 1000 for r in rows]
print("rows", len(rows), "max |Vs - Euler| (mV)", max(abs(a - b) for a, b in zip(fs, vs)), "max |Vd - Euler| (mV)", max(abs(a - b) for a, b in zip(fd, vd)))
se, sf = spikes(vs), spikes(fs)
print("somatic spikes: Euler", len(se), se[:8], "file", len(sf), sf[:8])
print("largest spike-time difference (ms):", max((abs(a - b) for a, b in zip(se, sf)), default=None))
