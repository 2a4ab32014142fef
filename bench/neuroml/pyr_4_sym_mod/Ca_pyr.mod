: Ca_pyr, written by hand from Ca_pyr.channel.nml (a fixed erev, 80 mV, as the channelDensity gives it); stepped as Na_pyr.mod says.
NEURON { SUFFIX Ca_pyr USEION ca READ eca WRITE ica RANGE gmax GLOBAL forward }
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { forward = 0 gmax = 0.01 (S/cm2) }
ASSIGNED { dt (ms) v (mV) eca (mV) ica (mA/cm2) rate_m (/ms) rate_h (/ms) }
STATE { m h }
INITIAL { m = am(v) / (am(v) + bm(v)) h = hinf(v) }
BREAKPOINT { SOLVE states ica = gmax * m * m * h * (v - eca) }
PROCEDURE rates() { rate_m = am(v) * (1 - m) - bm(v) * m rate_h = (hinf(v) - h) / 200 }
FUNCTION am(v) { am = 1.6 / (1 + exp(-(v - 5) / 13.89)) }
FUNCTION bm(v) { LOCAL x x = (v + 8.9) / -5
  if (fabs(x) < 1e-6) { bm = 0.1 * (1 + x / 2) } else { bm = 0.1 * x / (1 - exp(-x)) } }
FUNCTION hinf(v) { if (v > -60) { hinf = exp(-50 * (v / 1000 + 0.06)) } else { hinf = 1 } }
PROCEDURE states() { rates() m = advance(m, rate_m, am(v) + bm(v)) h = advance(h, rate_h, 1 / 200) }
FUNCTION advance(x, rate, k) { if (forward) { advance = x + dt * rate } else { advance = x + rate * (1 - exp(-k * dt)) / k } }
