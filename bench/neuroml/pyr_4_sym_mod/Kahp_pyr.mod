: Kahp_pyr, written by hand from Kahp_pyr.channel.nml: alpha = 0.4 cai(mM) / s below 500 mM, else 200 / s; beta = 20 / s; stepped as Na_pyr.mod says.
NEURON { SUFFIX Kahp_pyr USEION k READ ek WRITE ik USEION ca READ cai RANGE gmax GLOBAL forward }
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) (mM) = (milli/liter) }
PARAMETER { forward = 0 gmax = 0.0025 (S/cm2) }
ASSIGNED { dt (ms) v (mV) ek (mV) ik (mA/cm2) cai (mM) rate_z (/ms) }
STATE { z }
INITIAL { z = az(cai) / (az(cai) + 0.02) }
BREAKPOINT { SOLVE states ik = gmax * z * (v - ek) }
PROCEDURE rates() { rate_z = az(cai) * (1 - z) - 0.02 * z }
FUNCTION az(c) { if (c < 500) { az = 0.4e-3 * c } else { az = 0.2 } }
PROCEDURE states() { rates() z = advance(z, rate_z, az(cai) + 0.02) }
FUNCTION advance(x, rate, k) { if (forward) { advance = x + dt * rate } else { advance = x + rate * (1 - exp(-k * dt)) / k } }
