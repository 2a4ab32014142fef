: LeakConductance_pyr: a passive channel.
NEURON { SUFFIX LeakConductance_pyr NONSPECIFIC_CURRENT i RANGE gmax, e }
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { gmax = 0.0001420051 (S/cm2) e = -66 (mV) }
ASSIGNED { dt (ms) v (mV) i (mA/cm2) }
BREAKPOINT { i = gmax * (v - e) }
