using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The cable solve of <see cref="MultiCompartmentGroup"/> (docs/spiking-multicompartment.md) against its plain twin: Hines' two
/// sweeps with every d, b and V stored and reloaded, as the equations read. The group keeps the running values of a chain of
/// consecutive compartments in registers; the operations and their order are the same, so v must be the same bits, on branch
/// points and on plain links alike.
/// </summary>
public class MultiCompartmentSolveTests
{
    /// <summary>
    /// A squid-axon soma with three branches: one off the soma, one off its middle (a branch point inside a chain), one off the soma
    /// again after it, so that parents are the compartment before, a compartment further back, and the root.
    /// </summary>
    private static HodgkinHuxleyNeuronSpec Tree()
    {
        var compartments = new List<CompartmentSpec> { new("soma", null, 20, 20) };
        for (int i = 0; i < 8; i++) compartments.Add(new($"a{i}", i == 0 ? "soma" : $"a{i - 1}", 40, 3));
        for (int i = 0; i < 5; i++) compartments.Add(new($"b{i}", i == 0 ? "a3" : $"b{i - 1}", 30, 1.5));
        for (int i = 0; i < 4; i++) compartments.Add(new($"c{i}", i == 0 ? "soma" : $"c{i - 1}", 50, 2));
        return new HodgkinHuxleyNeuronSpec
        {
            Channels = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952Channels, InitialMv = -65, SpikeThresholdMv = 0,
            Morphology = new MorphologySpec
            {
                Compartments = compartments,
                Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36)],
                AxialResistivityOhmCm = 100, InputCompartment = "b4",
            },
        };
    }

    /// <summary>
    /// One backward Euler step of the cable by Hines' method over the nodes of MorphologySpec.CableNodes (the compartments, and a
    /// junction of no membrane at each branch point), each sweep reading and writing the arrays (the spec of truth).
    /// </summary>
    private static void PlainSolve(MorphologySpec m, double dtMs, float[] v, ReadOnlySpan<float> g, ReadOnlySpan<float> ge)
    {
        var (parent, axial, compartment) = m.CableNodes();
        int k = parent.Length;
        var capacitances = m.CapacitancesPf();
        var cOverDt = compartment.Select(c => c < 0 ? 0 : capacitances[c] / dtMs).ToArray();
        var diagonal = new double[k];
        for (int i = 0; i < k; i++)
        {
            diagonal[i] += cOverDt[i] + axial[i];
            if (parent[i] >= 0) diagonal[parent[i]] += axial[i];
        }
        var d = new double[k];
        var b = new double[k];
        for (int i = 0; i < k; i++)
        {
            int c = compartment[i];
            d[i] = c < 0 ? diagonal[i] : diagonal[i] + g[c];
            b[i] = c < 0 ? 0 : cOverDt[i] * v[c] + ge[c];
        }
        for (int i = k - 1; i > 0; i--)
        {
            int p = parent[i];
            double f = axial[i] / d[i];
            d[p] -= f * axial[i];
            b[p] += f * b[i];
        }
        b[0] /= d[0];
        v[0] = (float)b[0];
        for (int i = 1; i < k; i++)
        {
            b[i] = (b[i] + axial[i] * b[parent[i]]) / d[i];
            if (compartment[i] >= 0) v[compartment[i]] = (float)b[i];
        }
    }

    [Fact]
    public void BranchedActiveTree_EveryStep_IsThePlainSweepsBits()
    {
        var cell = Tree();
        const double dtMs = 0.025;
        var spec = new NetworkSpec
        {
            DtMs = dtMs,
            Populations = [new PopulationSpec { Name = "n", Count = 3, Model = cell }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 400, StartMs = 1, StopMs = 3 }],
            Monitors = [new SpikeMonitorSpec { Target = "n" }],
        };
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 1, Threads = 1 });
        var group = Assert.IsType<MultiCompartmentGroup>(e.Groups.Single());
        int k = group.Compartments;
        Assert.Equal(18, k);
        int differing = 0, steps = 800; // 20 ms: the input's spike travels over the whole tree
        for (int s = 0; s < steps; s++)
        {
            var before = (float[])group.CompartmentV.Clone();
            e.Step();
            for (int n = 0; n < 3; n++)
            {
                var expected = before.AsSpan(n * k, k).ToArray();
                PlainSolve(cell.Morphology!, dtMs, expected, group.Rows.CableG.AsSpan(n * k, k), group.Rows.CableGE.AsSpan(n * k, k));
                var actual = group.CompartmentV.AsSpan(n * k, k);
                for (int i = 0; i < k; i++)
                {
                    if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])) differing++;
                }
            }
        }
        Assert.Equal(0, differing);
        Assert.True(e.SpikeMonitors[0].Count >= 3, $"the input should make every cell spike (spikes: {e.SpikeMonitors[0].Count})");
    }
}
