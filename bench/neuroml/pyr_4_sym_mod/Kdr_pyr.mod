: Kdr_pyr, written by hand from Kdr_pyr.channel.nml; stepped as Na_pyr.mod says.
NEURON { SUFFIX Kdr_pyr USEION k READ ek WRITE ik RANGE gmax GLOBAL forward }
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { forward = 0 gmax = 0.08 (S/cm2) }
ASSIGNED { dt (ms) v (mV) ek (mV) ik (mA/cm2) rate_n (/ms) }
STATE { n }
INITIAL { n = an(v) / (an(v) + bn(v)) }
BREAKPOINT { SOLVE states ik = gmax * n * (v - ek) }
PROCEDURE rates() { rate_n = an(v) * (1 - n) - bn(v) * n }
FUNCTION an(v) { LOCAL x x = (v + 24.9) / 5
  if (fabs(x) < 1e-6) { an = 0.04 * (1 + x / 2) } else { an = 0.04 * x / (1 - exp(-x)) } }
FUNCTION bn(v) { bn = 0.125 * exp((v + 40) / -40) }
PROCEDURE states() { rates() n = advance(n, rate_n, an(v) + bn(v)) }
FUNCTION advance(x, rate, k) { if (forward) { advance = x + dt * rate } else { advance = x + rate * (1 - exp(-k * dt)) / k } }
