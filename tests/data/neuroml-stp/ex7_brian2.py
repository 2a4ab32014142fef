# LEMS_NML2_Ex7_STP.xml written as Brian2 equations (docs/results.md, NeuroML LEMS examples): a passive cell (C 10 pF, g_L 3 nS,
# E_L -54.3 mV, v0 -65 mV) with an expTwoSynapse (1 nS, 0.1/40 ms, erev 0) scaled at each spike of a 30 ms train by
# NeuroML's Tsodyks-Markram factor R U (none; Dep U0 0.5, tauRec 300 ms; DepFac U0 0.5, tauRec 300, tauFac 200 ms), rk4, dt 10 us.
# Usage: /usr/bin/python3 ex7_brian2.py out/ex7/results/ex7_v.dat  (prints peak v after each spike, both, and max |dv|)
import numpy as np, sys
from brian2 import *
prefs.codegen.target='numpy'
defaultclock.dt=0.01*ms
tr,td=0.1,40.0
tp=tr*td/(td-tr)*np.log(td/tr); f=1/(-np.exp(-tp/tr)+np.exp(-tp/td))
times=np.arange(30,301,30.0)
def factors(U0,trec,tfac):
    R,U,out,last=1.0,U0,[],None
    for t in times:
        if last is not None:
            R=1-(1-R)*np.exp(-(t-last)/trec)
            if tfac: U=U0+(U-U0)*np.exp(-(t-last)/tfac)
        out.append(R*U); R*=1-U
        if tfac: U+=U0*(1-U)
        last=t
    return np.array(out)
fac=[np.ones(len(times)),factors(0.5,300,0),factors(0.5,300,200)]
eqs='''dv/dt=(gL*(EL-v)+gbase*(B-A)*(0*mV-v))/C:volt
dA/dt=-A/(0.1*ms):1
dB/dt=-B/(40*ms):1
'''
G=NeuronGroup(3,eqs,method='rk4',namespace=dict(gL=3*nS,EL=-54.3*mV,gbase=1*nS,C=10*pF))
G.v=-65*mV
M=StateMonitor(G,'v',record=True)
# apply the factor at each spike time
from brian2 import network_operation
idx={int(round(t/0.01)):k for k,t in enumerate(times)}
@network_operation(when='start')
def kick(t):
    k=idx.get(int(round(float(t/ms)/0.01)))
    if k is not None:
        for i in range(3): G.A[i]+=f*fac[i][k]; G.B[i]+=f*fac[i][k]
run(300*ms)
v=M.v/mV; tt=M.t/ms
d=np.loadtxt(sys.argv[1]); ns=d[:,1:]*1e3; nt=d[:,0]*1e3
for c in range(3):
    pb=[v[c][(tt>=30*k)&(tt<30*(k+1))].max() for k in range(1,10)]
    pn=[ns[(nt>=30*k)&(nt<30*(k+1)),c].max() for k in range(1,10)]
    print(c,'brian2',' '.join('%.3f'%x for x in pb)); print(c,'neuros',' '.join('%.3f'%x for x in pn))
n=min(len(v[0]),len(ns)); print('max|dv| mV', np.abs(v[:, :n].T-ns[:n]).max(axis=0))
