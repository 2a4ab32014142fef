: Na_pyr of NeuroML2's LEMSexamples/morphologies (Traub's CA3), written by hand from Na_pyr.channel.nml; rates in 1/ms, v in mV.
: Each gate x' = rate_x = alpha (1 - x) - beta x, rate_x computed in PROCEDURE rates(); PROCEDURE states steps it by forward Euler
: (forward = 1: what jNeuroML's generated mods do, their x' = rate_x of an ASSIGNED rate) or exactly at fixed v (forward = 0).
NEURON { SUFFIX Na_pyr USEION na READ ena WRITE ina RANGE gmax GLOBAL forward }
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { forward = 0 gmax = 0.12 (S/cm2) }
ASSIGNED { dt (ms) v (mV) ena (mV) ina (mA/cm2) rate_m (/ms) rate_h (/ms) }
STATE { m h }
INITIAL { m = am(v) / (am(v) + bm(v)) h = ah(v) / (ah(v) + bh(v)) }
BREAKPOINT { SOLVE states ina = gmax * m * m * h * (v - ena) }
PROCEDURE rates() { rate_m = am(v) * (1 - m) - bm(v) * m rate_h = ah(v) * (1 - h) - bh(v) * h }
FUNCTION explin(rate, scale, mid, v) { LOCAL x x = (v - mid) / scale
  if (fabs(x) < 1e-6) { explin = rate * (1 + x / 2) } else { explin = rate * x / (1 - exp(-x)) } }
FUNCTION am(v) { am = explin(1.28, 4, -46.9, v) }
FUNCTION bm(v) { bm = explin(1.4, -5, -19.9, v) }
FUNCTION ah(v) { ah = 0.128 * exp((v + 43) / -18) }
FUNCTION bh(v) { bh = 4 / (1 + exp(-(v + 20) / 5)) }
PROCEDURE states() { rates() m = advance(m, rate_m, am(v) + bm(v)) h = advance(h, rate_h, ah(v) + bh(v)) }
: x' = rate = k (x_inf - x), k = alpha + beta (1 / tau): forward Euler x + dt rate, or exactly x + rate (1 - exp(-k dt)) / k.
FUNCTION advance(x, rate, k) { if (forward) { advance = x + dt * rate } else { advance = x + rate * (1 - exp(-k * dt)) / k } }
