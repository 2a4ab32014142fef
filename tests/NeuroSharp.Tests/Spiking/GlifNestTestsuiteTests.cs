using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The engine's glif against the spike times NEST's own test suite expects of glif_psc and glif_cond
/// (testsuite/pytests/neurons/test_glif_psc.py and test_glif_cond.py of nest/nest-simulator; docs/spiking-glif.md, "Against
/// NEST's test suite"). NEST's set-up: one cell with NEST's default parameters at dt 0.01 ms for 1000 ms; spikes onto port 1 at
/// 10, 100, 400, 700 ms and inhibitory ones at 15, 99, 300, 800 ms (glif_psc: +-20 pA on port 1; glif_cond: 1 nS on ports 1
/// and 2); a 1000 Hz Poisson drive through a parrot from 200 to 500 ms; 300 pA from 600 to 900 ms; every connection with
/// NEST's default delay of 1 ms (the current generator's too). The Poisson spikes are NEST's RNG's and cannot be redrawn here,
/// so each of NEST's spikes before 500 ms is forced instead by a one-step current pulse that ends where NEST records the
/// spike. Everything the cell carries from that window to 600 ms is a function of its spike times alone (the after-spike
/// currents and theta_s) or relaxes within it (V with tau_m = 6.2 ms, theta_v with 1 / b_v = 11 ms, the alpha currents), so
/// from 600 ms on the engine's spikes, driven by the same current and spikes as NEST's cell, must be NEST's: the same number,
/// each within <see cref="EngineTolerance"/>; and <see cref="GlifReference"/> (NEST's loop in double) within one step.
/// </summary>
public class GlifNestTestsuiteTests
{
    private const double Dt = 0.01;
    private const int Steps = 100_000;

    private static readonly double[] Excitatory = [10.0, 100.0, 400.0, 700.0];
    private static readonly double[] Inhibitory = [15.0, 99.0, 300.0, 800.0];

    /// <summary>NEST's levels by its three switches, on its glif_psc defaults (the engine's presets are NEST's defaults).</summary>
    private static GlifNeuronSpec Level(string level, bool cond)
    {
        var lif = cond ? GlifNeuronSpec.Cond : new GlifNeuronSpec();
        var asc = lif with { AscDecayPerMs = [0.003, 0.1], AscAmpsPa = [-9.18, -198.94], AscRetain = [1.0, 1.0], AscInitPa = [0.0, 0.0] };
        return level switch
        {
            "LIF" => lif,
            "LIF_R" => lif with { ThresholdSpikeDecayPerMs = 0.009 },
            "LIF_ASC" => asc,
            "LIF_R_ASC" => asc with { ThresholdSpikeDecayPerMs = 0.009 },
            "LIF_R_ASC_A" => asc with { ThresholdSpikeDecayPerMs = 0.009, ThresholdVoltageIndexPerMs = 0.005 },
            _ => throw new ArgumentException(level),
        };
    }

    /// <summary>NEST's expected spike times (ms), as its test files list them.</summary>
    private static readonly Dictionary<(string Model, string Level), double[]> Nest = new()
    {
        [("psc", "LIF")] = [394.67, 424.25, 483.25, 612.99, 628.73, 644.47, 660.21, 675.95, 691.69, 706.3, 722.0, 737.74, 753.48, 769.22, 784.96, 800.7, 816.72, 832.46, 848.2, 863.94, 879.68, 895.42],
        [("psc", "LIF_R")] = [394.67, 400.67, 424.51, 484.48, 613.4, 621.31, 629.67, 638.47, 647.7, 657.36, 667.42, 677.87, 688.67, 699.8, 709.84, 721.58, 733.57, 745.76, 758.11, 770.6, 783.21, 795.92, 811.36, 824.05, 836.81, 849.64, 862.54, 875.49, 888.48],
        [("psc", "LIF_ASC")] = [394.67, 484.81, 614.85, 648.28, 685.18, 725.06, 769.76, 821.69, 876.09],
        [("psc", "LIF_R_ASC")] = [394.67, 485.07, 615.16, 649.52, 689.1, 734.18, 786.34, 845.85],
        [("psc", "LIF_R_ASC_A")] = [395.44, 615.27, 653.77, 701.42, 768.22, 859.82],
        [("cond", "LIF")] = [388.04, 612.99, 628.73, 644.47, 660.21, 675.95, 691.69, 707.14, 722.88, 738.62, 754.36, 770.1, 785.84, 801.85, 817.76, 833.5, 849.24, 864.98, 880.72, 896.46],
        [("cond", "LIF_R")] = [388.04, 613.06, 620.66, 628.7, 637.19, 646.12, 655.48, 665.26, 675.44, 686.0, 696.91, 707.68, 719.21, 731.0, 743.01, 755.21, 767.57, 780.07, 792.69, 811.13, 823.56, 836.09, 848.74, 861.48, 874.3, 887.18, 900.12],
        [("cond", "LIF_ASC")] = [388.04, 613.71, 644.97, 679.45, 716.83, 758.15, 814.83, 863.82],
        [("cond", "LIF_R_ASC")] = [388.04, 613.79, 645.19, 681.34, 722.24, 769.22, 825.66, 885.68],
        [("cond", "LIF_R_ASC_A")] = [388.06, 615.24, 653.66, 701.1, 767.58, 858.97],
    };

    private static NetworkSpec Network(GlifNeuronSpec cell, bool cond, IEnumerable<double> forcedMs)
    {
        var populations = new List<PopulationSpec>
        {
            new() { Name = "cell", Count = 1, Model = cell },
            new() { Name = "exc", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [.. Excitatory.Select(_ => 0)], TimesMs = Excitatory } },
            new() { Name = "inh", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [.. Inhibitory.Select(_ => 0)], TimesMs = Inhibitory } },
        };
        ProjectionSpec Onto(string source, int port, Receptor receptor, double weight) => new()
        {
            Source = source, Target = "cell", Port = port, Receptor = receptor, Connectivity = new AllToAllConnectivity(),
            Weight = DistributionSpec.Constant(weight), DelayMs = DistributionSpec.Constant(1),
        };
        // glif_psc: spike_weights +-20 pA, both on port 1; glif_cond: weight 1 nS on port 1 (E_rev 0 mV) and port 2 (-85 mV).
        var projections = cond
            ? new List<ProjectionSpec> { Onto("exc", 1, Receptor.Excitatory, 1.0), Onto("inh", 2, Receptor.Excitatory, 1.0) }
            : new List<ProjectionSpec> { Onto("exc", 1, Receptor.Excitatory, 20.0), Onto("inh", 1, Receptor.Inhibitory, 20.0) };
        // The step current: 100 pA x weight 3 from 600 to 900 ms, on from 601 ms (NEST's 1 ms delay). A current input is on
        // over the steps [round(start / dt), round(stop / dt)).
        var inputs = new List<InputSpec> { new CurrentInputSpec { Target = "cell", Amplitude = 300.0, StartMs = 601, StopMs = 901 } };
        // One step of 1 uA: V rises by about 170 mV within it, so the cell crosses in the step ending at the forced time.
        foreach (double t in forcedMs)
            inputs.Add(new CurrentInputSpec { Target = "cell", Amplitude = 1e6, StartMs = t - Dt, StopMs = t });
        return new NetworkSpec { DtMs = Dt, DurationMs = Steps * Dt, Populations = populations, Projections = projections, Inputs = inputs };
    }

    /// <summary>The engine's spike times as NEST records them: the end of the step in which V crossed.</summary>
    private static List<double> Run(NetworkSpec spec)
    {
        var engine = new SpikingEngine(spec);
        var monitor = engine.SpikeMonitors.Single(m => m.Target == "cell");
        var times = new List<double>();
        for (int n = 0; n < Steps; n++)
        {
            engine.Step();
            if (monitor.Count > times.Count) times.Add(Math.Round((n + 1) * Dt, 2));
        }
        return times;
    }

    /// <summary>NEST's update loop in double (<see cref="GlifReference"/>) under the same stimulus, its spike times as NEST records them.</summary>
    private static List<double> Reference(GlifNeuronSpec cell, bool cond, IEnumerable<double> forcedMs)
    {
        var arrivals = new Dictionary<int, List<(int Port, double Weight)>>();
        void Arrive(double t, int port, double w)
        {
            int step = (int)Math.Round(t / Dt) + (int)Math.Round(1 / Dt) + 1; // the 1 ms delay; acting from the step after
            if (!arrivals.TryGetValue(step, out var list)) arrivals[step] = list = [];
            list.Add((port, w));
        }
        foreach (double t in Excitatory) Arrive(t, 1, cond ? 1.0 : 20.0);
        foreach (double t in Inhibitory) Arrive(t, cond ? 2 : 1, cond ? 1.0 : -20.0);
        var forced = forcedMs.Select(t => (int)Math.Round(t / Dt) - 1).ToHashSet();
        double CurrentAt(int n) => (n >= 60_100 && n < 90_100 ? 300.0 : 0.0) + (forced.Contains(n) ? 1e6 : 0.0);
        var trace = GlifReference.Run(cell, Dt, CurrentAt, Steps, arrivals);
        return trace.Spikes.Select(n => Math.Round((n + 1) * Dt, 2)).ToList();
    }

    [Theory]
    [InlineData("psc", "LIF")]
    [InlineData("psc", "LIF_R")]
    [InlineData("psc", "LIF_ASC")]
    [InlineData("psc", "LIF_R_ASC")]
    [InlineData("psc", "LIF_R_ASC_A")]
    [InlineData("cond", "LIF")]
    [InlineData("cond", "LIF_R")]
    [InlineData("cond", "LIF_ASC")]
    [InlineData("cond", "LIF_R_ASC")]
    [InlineData("cond", "LIF_R_ASC_A")]
    public void Glif_NestTestsuiteStimulus_SpikesAfter600MsAreNests(string model, string level)
    {
        bool cond = model == "cond";
        double[] nest = Nest[(model, level)];
        var ours = Run(Network(Level(level, cond), cond, nest.Where(t => t < 500)));
        var reference = Reference(Level(level, cond), cond, nest.Where(t => t < 500));
        string both = $"glif_{model} {level}: NeuroSharp [{string.Join(", ", ours)}], NEST [{string.Join(", ", nest)}], reference [{string.Join(", ", reference)}]";
        Assert.True(ours.Where(t => t < 500).SequenceEqual(nest.Where(t => t < 500)), $"the forced spikes did not land where NEST's are; {both}");
        var after = ours.Where(t => t >= 600).ToArray();
        var expected = nest.Where(t => t >= 600).ToArray();
        Assert.True(after.Length == expected.Length, $"{after.Length} spikes after 600 ms, NEST {expected.Length}; {both}");
        double worst = after.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= EngineTolerance + 1e-9, $"a spike {worst:F2} ms from NEST's; {both}");
        // NEST's loop in double under the same stimulus: NEST's list within one step (glif_cond: RK4 against NEST's RKF45).
        var referenceAfter = reference.Where(t => t >= 600).ToArray();
        Assert.True(referenceAfter.Length == expected.Length && referenceAfter.Zip(expected, (a, b) => Math.Abs(a - b)).Max() <= Dt + 1e-9, $"the reference misses NEST; {both}");
    }

    /// <summary>
    /// Two steps. With the decays applied as losses (docs/spiking-glif.md) nine of the ten cases agree to one step; glif_psc
    /// LIF_R's spikes after 770 ms are up to 0.02 ms late. What is left is the float state: near its fixed point a float V
    /// moves by steps that round with a correlated error (at dt = 0.01 ms, 1 - P33 = 1.6e-3, so up to ulp / (1 - P33), about
    /// 6e-4 mV), which a slow approach to threshold turns into hundredths of a millisecond; a copy of NEST's loop with V in
    /// double and the rest in float gives NEST's times. Before the fix the after-spike-current levels were up to 0.08 ms off.
    /// </summary>
    private const double EngineTolerance = 0.02;
}
