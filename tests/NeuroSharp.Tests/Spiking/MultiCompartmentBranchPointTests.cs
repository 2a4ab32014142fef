using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Branch points of a multi-compartment cell (docs/spiking-multicompartment.md, "Branch points"): where three or more
/// half-compartments meet at one point the cable solve puts a junction of no membrane there, as NEURON does at the end node of a
/// section (the halves in a star, not each child to its parent through the parent's half twice); a child's fractionAlongParent
/// places it at the parent's distal end (1), proximal end (0) or centre. Known answers: the junction's conductances in closed form,
/// and a Y cell's input resistance against the star network's (and, with the children at opposite ends, the two chains').
/// </summary>
public class MultiCompartmentBranchPointTests
{
    /// <summary>A root of (L, d) with children c1 and c2 of the same size, c2 at <paramref name="fraction"/> of the root.</summary>
    private static MorphologySpec Y(double lengthUm, double diameterUm, double? fraction = null, double ra = 200) => new()
    {
        Compartments =
        [
            new("root", null, lengthUm, diameterUm), new("c1", "root", lengthUm, diameterUm),
            new("c2", "root", lengthUm, diameterUm) { FractionAlongParent = fraction },
        ],
        Densities = [new("leak", "all", 0.5)], AxialResistivityOhmCm = ra,
    };

    [Fact]
    public void TwoChildrenAtTheParentsEnd_MeetAtAJunction_ThroughTheirOwnHalves()
    {
        // A soma of 20 x 20 um with dendrites of 100 x 2 and 80 x 1 um at its distal end, R_a 100 ohm cm. The halves' conductances,
        // 1e5 pi d^2 / (4 R_a L / 2) nS: the soma's 10 000 pi, the dendrites' 20 pi and 6.25 pi.
        var m = new MorphologySpec
        {
            Compartments = [new("soma", null, 20, 20), new("d1", "soma", 100, 2), new("d2", "soma", 80, 1)],
            AxialResistivityOhmCm = 100,
        };
        var (parent, axial, compartment) = m.CableNodes();
        Assert.Equal(new[] { -1, 0, 1, 1 }, parent);
        Assert.Equal(new[] { 0, -1, 1, 2 }, compartment);
        Assert.Equal(0, axial[0]);
        Assert.Equal(10_000 * Math.PI, axial[1], 1e-9 * axial[1]);
        Assert.Equal(20 * Math.PI, axial[2], 1e-12 * axial[2]);
        Assert.Equal(6.25 * Math.PI, axial[3], 1e-12 * axial[3]);
    }

    [Fact]
    public void OneChildAtEachEnd_IsTwoChains_AndAChainIsUnchanged()
    {
        // c2 at fractionAlong 0 meets the root's proximal half alone, c1 its distal half alone: no junction, each link the two halves
        // in series (for c1, AxialConductancesNs' own bits).
        var m = Y(200, 1, fraction: 0);
        var (parent, axial, compartment) = m.CableNodes();
        Assert.Equal(new[] { -1, 0, 0 }, parent);
        Assert.Equal(new[] { 0, 1, 2 }, compartment);
        Assert.Equal(m.AxialConductancesNs()[1], axial[1]);
        Assert.Equal(0.625 * Math.PI, axial[2], 1e-12); // two halves of 1.25 pi nS each
    }

    [Fact]
    public void ChildAtTheMiddle_HangsFromTheParentsCentre_ThroughItsOwnHalf()
    {
        var (parent, axial, compartment) = Y(200, 1, fraction: 0.5).CableNodes();
        Assert.Equal(new[] { -1, 0, 0 }, parent);
        Assert.Equal(new[] { 0, 1, 2 }, compartment);
        Assert.Equal(1.25 * Math.PI, axial[2], 1e-12); // 1e5 pi 0.25 / (200 x 100) nS
    }

    [Fact]
    public void ChildAtFractionZeroOfADendrite_JoinsThePointWhereTheDendriteHangs()
    {
        // soma -> d (at the soma's distal end) -> e at d's proximal end: the soma's distal half, d's and e's proximal halves meet.
        var m = new MorphologySpec
        {
            Compartments = [new("soma", null, 20, 20), new("d", "soma", 100, 2), new("e", "d", 50, 1) { FractionAlongParent = 0 }],
        };
        var (parent, _, compartment) = m.CableNodes();
        Assert.Equal(new[] { -1, 0, 1, 1 }, parent);
        Assert.Equal(new[] { 0, -1, 1, 2 }, compartment);
    }

    /// <summary>v of the root after 100 ms of 10 pA into it from rest (tau 2 ms: settled but for v's float steps).</summary>
    private static double RootRise(MorphologySpec m)
    {
        var cell = new HodgkinHuxleyNeuronSpec { Channels = [IonChannelSpec.Passive("leak", 0, -70)], InitialMv = -70, SpikeThresholdMv = 1000, Morphology = m };
        var e = new SpikingEngine(new NetworkSpec
        {
            DtMs = 0.025,
            Populations = [new PopulationSpec { Name = "n", Count = 1, Model = cell }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 10 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v[root]"] }],
        });
        e.Run(4000);
        return e.StateMonitors[0].Values("v[root]").ToArray()[^1] + 70;
    }

    [Fact]
    public void YCell_InputResistance_IsTheStarNetworks()
    {
        // Three compartments of 200 x 1 um, R_a 200 ohm cm, leak 0.5 mS/cm^2: each membrane pi nS, each half 1.25 pi nS. Each child
        // seen from the junction is 1.25 pi x pi / 2.25 pi = 5/9 pi; the two through the root's half, 1.25 pi x 10/9 pi / (85/36 pi)
        // = 10/17 pi; R_in = 1 / (pi + 10/17 pi) = 17 / (27 pi) GOhm, 10 pA: 170 / (27 pi) mV = 2.0042 mV. Each child through the two
        // halves in series (the former pairwise coupling) would give 13 / (23 pi) GOhm, 1.7991 mV.
        double star = 170 / (27 * Math.PI), pairwise = 130 / (23 * Math.PI);
        double rise = RootRise(Y(200, 1));
        Assert.True(Math.Abs(rise - star) < 2e-3, $"{rise} mV, the star network's {star} mV (pairwise: {pairwise} mV)");
        // With c2 at the root's proximal end, each end holds two halves: two chains, and the pairwise answer is the right one.
        double chains = RootRise(Y(200, 1, fraction: 0));
        Assert.True(Math.Abs(chains - pairwise) < 2e-3, $"{chains} mV, two chains' {pairwise} mV");
    }

    [Fact]
    public void FractionAlongParent_Validated_AndRoundTripsThroughJson()
    {
        var cell = new HodgkinHuxleyNeuronSpec { Channels = [IonChannelSpec.Passive("leak", 0, -70)], InitialMv = -70, Morphology = Y(200, 1, fraction: 0.25) };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 1, Model = cell }] };
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"fractionAlongParent\": 0.25", json);
        Assert.Equal(cell, NetworkFile.Parse(json, "y.json").Populations[0].Model);
        var e1 = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json.Replace("\"fractionAlongParent\": 0.25", "\"fractionAlongParent\": 1.5"), "y.json"));
        Assert.Contains("compartments[2].fractionAlongParent) must be between 0 (the parent's proximal end) and 1 (its distal end) (got 1.5).", e1.Message);
        var rooted = cell with { Morphology = cell.Morphology! with { Compartments = [cell.Morphology.Compartments[0] with { FractionAlongParent = 0 }, .. cell.Morphology.Compartments.Skip(1)] } };
        var e2 = Assert.Throws<InvalidInputException>(() => (spec with { Populations = [spec.Populations[0] with { Model = rooted }] }).Validate());
        Assert.Contains("compartments[0].fractionAlongParent) must be absent: the root hangs from nothing (got 0).", e2.Message);
    }
}
