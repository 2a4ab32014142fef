namespace NeuroSharp.Spiking;

/// <summary>Which earlier spikes of the partner an STDP trace remembers.</summary>
public enum StdpPairing
{
    /// <summary>All-to-all: a trace grows by 1 at each spike (x += 1), so every earlier spike counts.</summary>
    AllToAll = 0,

    /// <summary>
    /// Nearest spike: a trace is set to 1 at each spike (x = 1), so only the latest spike counts
    /// (Diehl and Cook 2015's code; Morrison, Diesmann and Gerstner 2008's "nearest-spike" interaction).
    /// </summary>
    Nearest = 1,
}
