using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>One hand-computed row of a transmitter neuron's state after a step (article numbering: step 1 is the first).</summary>
internal sealed record TransmitterTrace(
    int Step, TransmitterPhase Phase, int Sta, int Str,
    double DendA, double DendI, double SynA, double SynI, double AccA, double AccI, double CurA, double CurI, double LastA, double LastI)
{
    // Values are sums of decimal fractions (0.1, 0.05, ...) in double precision, as in the Python reference:
    // they agree with the hand-computed decimals to about 1e-15 relative; 1e-12 leaves room for a few roundings.
    private const double Tolerance = 1e-12;

    public void AssertMatches(TransmitterNeuronState s, string who)
    {
        string at = $"{who} after step {Step}";
        Assert.True(Phase == s.Phase, $"{at}: phase {s.Phase}, expected {Phase}");
        Assert.True(Sta == s.StepsToActivation, $"{at}: sta {s.StepsToActivation}, expected {Sta}");
        Assert.True(Str == s.StepsToRecovery, $"{at}: str {s.StepsToRecovery}, expected {Str}");
        Near(DendA, s.Dendrite.Activator, at, "dendrite[0]");
        Near(DendI, s.Dendrite.Inhibitor, at, "dendrite[1]");
        Near(SynA, s.Synapse.Activator, at, "synapse[0]");
        Near(SynI, s.Synapse.Inhibitor, at, "synapse[1]");
        Near(AccA, s.Accumulated.Activator, at, "accumulated[0]");
        Near(AccI, s.Accumulated.Inhibitor, at, "accumulated[1]");
        Near(CurA, s.Current.Activator, at, "current[0]");
        Near(CurI, s.Current.Inhibitor, at, "current[1]");
        Near(LastA, s.Last.Activator, at, "last[0]");
        Near(LastI, s.Last.Inhibitor, at, "last[1]");
    }

    private static void Near(double expected, double actual, string at, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{at}: {what} = {actual:R}, expected {expected:R}");
}
