#!/usr/bin/python3
"""Brunel's (2000) stationary firing rate of his sparse E/I network, from the diffusion approximation (his eqs. 20-21).

The rate nu of every neuron solves nu = phi(mu(nu), sigma(nu)) with
    mu    = C_E J tau (nu_ext + nu (1 - g gamma))
    sigma = J sqrt(C_E tau (nu_ext + nu (1 + g^2 gamma)))
    1 / phi = tau_rp + tau sqrt(pi) int_{(V_r - mu)/sigma}^{(theta - mu)/sigma} e^{u^2} (1 + erf u) du
for C_E = 1000, gamma = C_I / C_E = 0.25, J = 0.1 mV, tau = 20 ms, theta = 20 mV, V_r = 10 mV, tau_rp = 2 ms and
nu_ext = (nu_ext / nu_thr) theta / (J C_E tau). It is the asynchronous state's rate; in the other states it is the rate
the stationary solution would have (docs/spiking-brunel.md).

Usage: /usr/bin/python3 bench/spiking/brunel_theory.py [g:nu_ext/nu_thr ...]   (default: Brunel's Fig. 8)
"""
import sys

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.special import erfcx

TAU, THETA, V_R, T_RP, J, C_E, GAMMA = 0.020, 20.0, 10.0, 0.002, 0.1, 1000, 0.25


def moments(g, nu_ext, nu):
    mu = C_E * J * TAU * (nu_ext + nu * (1 - g * GAMMA))
    sigma = J * np.sqrt(C_E * TAU * (nu_ext + nu * (1 + g * g * GAMMA)))
    return mu, sigma


def phi(mu, sigma):
    # e^{u^2} (1 + erf u) = erfcx(-u), which stays finite for large negative u.
    integral, _ = quad(lambda u: erfcx(-u), (V_R - mu) / sigma, (THETA - mu) / sigma, limit=200)
    return 1.0 / (T_RP + TAU * np.sqrt(np.pi) * integral)


def rate(g, eta):
    nu_ext = eta * THETA / (J * C_E * TAU)
    return brentq(lambda nu: phi(*moments(g, nu_ext, nu)) - nu, 1e-3, 1 / T_RP - 1e-3), nu_ext


def main():
    states = [a.split(":") for a in sys.argv[1:]] or [("3", "2"), ("6", "4"), ("5", "2"), ("4.5", "0.9")]
    print("| g | nu_ext/nu_thr | nu_ext (Hz) | rate (Hz) | mu (mV) | sigma (mV) |")
    print("|---|---|---|---|---|---|")
    for g, eta in states:
        g, eta = float(g), float(eta)
        nu, nu_ext = rate(g, eta)
        mu, sigma = moments(g, nu_ext, nu)
        print(f"| {g:g} | {eta:g} | {nu_ext:g} | {nu:.2f} | {mu:.2f} | {sigma:.2f} |")


if __name__ == "__main__":
    main()
