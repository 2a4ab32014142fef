namespace NeuroSharp.Spiking;

/// <summary>How STDP weight changes depend on the current weight.</summary>
public enum StdpBounds
{
    /// <summary>Additive (Song, Miller and Abbott 2000): changes independent of w, then clipped to [w_min, w_max].</summary>
    Additive = 0,

    /// <summary>
    /// Soft-bounded, multiplicative (van Rossum, Bi and Turrigiano 2000; Gutig et al. 2003 with mu = 1):
    /// potentiation scales with (w_max - w), depression with (w - w_min).
    /// </summary>
    SoftBounded = 1,

    /// <summary>
    /// Power law (Gutig et al. 2003; Diehl and Cook 2015's rule): potentiation scales with (w_max - w)^mu,
    /// depression with (w - w_min)^mu; mu = 0 is additive, mu = 1 soft-bounded.
    /// </summary>
    PowerLaw = 2,
}
