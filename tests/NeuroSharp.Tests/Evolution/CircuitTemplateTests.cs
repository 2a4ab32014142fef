using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>Seed circuits (docs/evolution.md, "Seed circuits"): the genome-to-parameter map and fixed-topology search over a circuit.</summary>
public class CircuitTemplateTests
{
    private static double WeightOf(NetworkSpec net, string projection) =>
        net.Projections.Single(p => p.Name == projection).Weight!.Value;

    [Fact]
    public void ValueAt_LogAndLinearParameters_KnownAnswers()
    {
        Assert.Equal(10 * Math.Exp(0.2 * 1.5), new CircuitParameter("w", 10, 0.2, true).ValueAt(1.5), 12);
        Assert.Equal(10.0, new CircuitParameter("w", 10, 0.2, true).ValueAt(0));
        Assert.Equal(-66 + 1 * -2.5, new CircuitParameter("threshold", -66, 1, false).ValueAt(-2.5), 12);
    }

    [Fact]
    public void HiddenCount_SeedCircuits_CountTheNeuronsBesideSensorsAndMotors()
    {
        // Worm: 6 single neurons (cpgLeft/Right, inhLeft/Right, turn, hold) + steer 4 + steerVeto 4.
        Assert.Equal(14, WormKlinotaxisCircuit.Template.HiddenCount);
        // Double-pole-nv delay line: sensors project straight to the motors.
        Assert.Equal(0, new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity).Circuit!.HiddenCount);
    }

    [Fact]
    public void Decode_ZeroGenome_IsTheSeedCircuit()
    {
        var t = WormKlinotaxisCircuit.Template;
        var decoded = t.Decode(t.ToGenome(3, new double[t.Dimension]), ControllerModel.Lif);
        var seed = t.Seed();
        Assert.Equal(NetworkFile.ToJson(seed with { Description = null }), NetworkFile.ToJson(decoded with { Description = null }));
        Assert.Equal(10.0, WeightOf(decoded, "smellChange->steer"), 12);
        Assert.Equal(80.0, WeightOf(decoded, "cpgLeft->output"), 12);
    }

    [Fact]
    public void Decode_Genome_PutsEachParameterWhereTheCircuitSays()
    {
        var t = WormKlinotaxisCircuit.Template;
        var g = new double[t.Dimension];
        g[0] = 1; g[5] = -1;
        var net = t.Decode(t.ToGenome(1, g), ControllerModel.Lif, "tuned");
        Assert.Equal("tuned", net.Name);
        Assert.Equal(10 * Math.Exp(0.2), WeightOf(net, "smellChange->steer"), 9);
        Assert.Equal(40 * Math.Exp(-0.4), WeightOf(net, "turn->output"), 9);
        Assert.Equal(10.0, WeightOf(net, "bend->steer"), 12);
        Assert.Contains("smell change -> steer weight (mV) = 12.21", net.Description);
        net.Validate();
    }

    [Fact]
    public void Decode_GenomeOfAnotherShape_RefusedNamingTheCircuit()
    {
        var other = new FixedTopology(7, 0, 3).ToGenome(5, new double[21]);
        var e = Assert.Throws<InvalidInputException>(() => WormKlinotaxisCircuit.Template.Decode(other, ControllerModel.Lif));
        Assert.Contains(WormKlinotaxisCircuit.Name, e.Message);
        Assert.Contains("9 parameters", e.Message);
    }

    [Fact]
    public void Create_CircuitSettings_CmaesSearchesTheCircuitAndRestores()
    {
        var task = new WormKlinotaxisTask();
        var settings = new EvolverSettings("cmaes", 0, 4, 7, Circuit: true);
        var evolver = EvolverFactory.Create(settings, task);
        Assert.Same(WormKlinotaxisCircuit.Template, evolver.WeightSpace);
        Assert.All(evolver.Population, g => Assert.Equal(WormKlinotaxisCircuit.Parameters.Count, g.Links.Count));
        var restored = EvolverFactory.Restore(settings, task, evolver.SaveState());
        Assert.Equal(evolver.Population.Select(g => g.Links[0].Weight), restored.Population.Select(g => g.Links[0].Weight));
        var cosyne = EvolverFactory.Create(settings with { Algorithm = "cosyne" }, task);
        Assert.Equal(WormKlinotaxisCircuit.Parameters.Count, cosyne.Population[0].Links.Count);
    }

    [Fact]
    public void Create_CircuitWithNeatOrWithoutACircuit_Refused()
    {
        var neat = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, true), new WormKlinotaxisTask()));
        Assert.Contains("--circuit", neat.Message);
        var xor = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("cmaes", 0, 0, 1, true), new XorTask()));
        Assert.Contains("xor", xor.Message);
    }
}
