: Ca_conc, NeuroML's fixedFactorConcentrationModel (NeuroML2CoreTypes/Cells.xml) written by hand: d[Ca]/dt = rho iCa / area
: - ([Ca] - restingConc) / decayConstant, iCa the inward calcium current of the segment (-ica x area); rho 9543.1501 mol/m/A/s,
: decayConstant 100 ms, restingConc 0. In mM and ms: d cai/dt = -rho ica (mA/cm2) x 10 (A/m2) x 1e-3 (1/ms) - cai / 100; stepped as
: Na_pyr.mod says (the rate computed in PROCEDURE rates(), as jNeuroML's export writes it).
NEURON {
  SUFFIX Ca_conc USEION ca READ ica, cai WRITE cai
  RANGE rho, decay, rest
  GLOBAL forward
}
UNITS { (mA) = (milliamp) (mM) = (milli/liter) }
PARAMETER { forward = 0 rho = 9543.1501 decay = 100 rest = 0 }
ASSIGNED { dt (ms) ica (mA/cm2) cai (mM) rate_c (mM/ms) }
STATE { c (mM) }
INITIAL { c = cai }
BREAKPOINT { SOLVE states }
PROCEDURE rates() { rate_c = -rho * ica * 10 * 1e-3 - (c - rest) / decay }
PROCEDURE states() { rates() c = advance(c, rate_c, 1 / decay) cai = c }
FUNCTION advance(x, rate, k) { if (forward) { advance = x + dt * rate } else { advance = x + rate * (1 - exp(-k * dt)) / k } }
