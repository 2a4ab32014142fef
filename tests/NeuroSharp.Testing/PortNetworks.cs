using NeuroSharp.Spiking;

namespace NeuroSharp.Testing;

/// <summary>
/// The networks of the synaptic-port tests (docs/spiking-hh.md, "Synaptic ports"), one builder for every model that has ports:
/// the plain model's two channels against two ports that equal them, and one cell fed by one spike onto each of two ports.
/// </summary>
public static class PortNetworks
{
    /// <summary>The weights and sizes of <see cref="ExcInhPoisson"/>: recurrent weights, the Poisson drive's weight, the counts.</summary>
    public sealed record Sizes(int Exc, int Inh, double ExcWeight, double InhWeight, double InputWeight, double InitialLowMv, double InitialHighMv);

    /// <summary>
    /// An excitatory and an inhibitory population of <paramref name="model"/> (large enough that threads split the work), fixed-probability
    /// recurrence (p = 0.02), 20 Poisson sources at 40 Hz onto each; projections and inputs onto the excitatory and inhibitory channels,
    /// or onto ports 1 and 2 when <paramref name="ports"/>. Spike monitors on both, a state monitor of <paramref name="variables"/> on
    /// twelve excitatory cells, one in the middle and the last.
    /// </summary>
    public static NetworkSpec ExcInhPoisson(NeuronModelSpec model, bool ports, Sizes sizes, IReadOnlyList<string> variables)
    {
        int Port(Receptor r) => ports ? (r == Receptor.Excitatory ? 1 : 2) : 0;
        var init = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(sizes.InitialLowMv, sizes.InitialHighMv) };
        ProjectionSpec Projection(string source, string target, Receptor r, double w) => new()
        {
            Source = source, Target = target, Receptor = r, Port = Port(r), Weight = DistributionSpec.Constant(w),
            Connectivity = new FixedProbabilityConnectivity { Probability = 0.02 },
        };
        return new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "exc", Count = sizes.Exc, Model = model, Initial = init, Kind = NeuronKind.Excitatory },
                new PopulationSpec { Name = "inh", Count = sizes.Inh, Model = model, Initial = init, Kind = NeuronKind.Inhibitory },
            ],
            Projections =
            [
                Projection("exc", "exc", Receptor.Excitatory, sizes.ExcWeight), Projection("exc", "inh", Receptor.Excitatory, sizes.ExcWeight),
                Projection("inh", "exc", Receptor.Inhibitory, sizes.InhWeight), Projection("inh", "inh", Receptor.Inhibitory, sizes.InhWeight),
            ],
            Inputs =
            [
                new PoissonInputSpec { Target = "exc", SourceCount = 20, RateHz = 40, Weight = sizes.InputWeight, Port = Port(Receptor.Excitatory) },
                new PoissonInputSpec { Target = "inh", SourceCount = 20, RateHz = 40, Weight = sizes.InputWeight, Port = Port(Receptor.Excitatory) },
            ],
            Monitors =
            [
                new SpikeMonitorSpec { Target = "exc" }, new SpikeMonitorSpec { Target = "inh" },
                new StateMonitorSpec { Target = "exc", Variables = [.. variables], Indices = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, sizes.Exc / 2, sizes.Exc - 1] },
            ],
        };
    }

    /// <summary>
    /// One cell "n" of <paramref name="cell"/> (with two ports) and two spike sources: "a" fires at 2 ms onto port
    /// <paramref name="firstPort"/> (1) with <paramref name="wFirst"/>, "b" at 5 ms onto port <paramref name="secondPort"/> (2) with
    /// <paramref name="wSecond"/>; dt 0.1 ms; a state monitor of <paramref name="variables"/> on n, and a spike monitor of n when
    /// <paramref name="spikes"/>.
    /// </summary>
    public static NetworkSpec TwoSpikesOntoTwoPorts(NeuronModelSpec cell, double wFirst, double wSecond, IReadOnlyList<string> variables, bool spikes,
        int firstPort = 1, int secondPort = 2)
    {
        var monitors = new List<MonitorSpec> { new StateMonitorSpec { Target = "n", Variables = [.. variables] } };
        if (spikes) monitors.Add(new SpikeMonitorSpec { Target = "n" });
        return new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "a", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [2.0] } },
                new PopulationSpec { Name = "b", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [5.0] } },
                new PopulationSpec { Name = "n", Count = 1, Model = cell },
            ],
            Projections =
            [
                new ProjectionSpec { Source = "a", Target = "n", Port = firstPort, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(wFirst) },
                new ProjectionSpec { Source = "b", Target = "n", Port = secondPort, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(wSecond) },
            ],
            Monitors = monitors,
        };
    }
}
