using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Worlds;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using P = NeuroSharp.Evolution.Worlds.Worm.WormConnectomeCircuit.Parameter;

namespace NeuroSharp.Tests.Evolution;

/// <summary>
/// Gains evolved on a connectome (docs/world-worm.md, "Evolving gains on a connectome"): a small c302-style NeuroML file
/// of our own (c302's level-A cell and synapse parameters, written here; c302's files are not committed) is packed with
/// its wiring kept and bound to the worm through the input and output interface populations.
/// </summary>
public class WormConnectomeCircuitTests
{
    private static string Cell(string id, string component, int y) =>
        $"""<population id="{id}" component="{component}" size="1" type="populationList"><instance id="0"><location x="0" y="{y}" z="0"/></instance></population>""";

    private static string Syn(string pre, string post, string synapse, double weight, string preCell = "neuron_iaf", string postCell = "neuron_iaf") =>
        $"""<projection id="{pre}_{post}_{synapse}" presynapticPopulation="{pre}" postsynapticPopulation="{post}" synapse="{synapse}"><connectionWD id="0" preCellId="../{pre}/0/{preCell}" postCellId="../{post}/0/{postCell}" weight="{weight}" delay="0ms"/></projection>""";

    /// <summary>Sensory cells, SMD, AVA and one head muscle per side; c302-style excitatory, inhibitory and zero-weight ("gap as chemical") synapses, and one gap junction when asked.</summary>
    private static string Nml(bool gap) => $"""
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="mini_c302">
            <expTwoSynapse id="exc_syn" gbase="0.01nS" erev="0mV" tauDecay="10ms" tauRise="3ms"/>
            <expTwoSynapse id="inh_syn" gbase="0.01nS" erev="-80mV" tauDecay="10ms" tauRise="3ms"/>
            <expTwoSynapse id="elec_syn" gbase="0nS" erev="0mV" tauDecay="10ms" tauRise="3ms"/>
            <gapJunction id="gj" conductance="0.01nS"/>
            <iafCell id="neuron_iaf" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
            <iafCell id="muscle_iaf" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
            <network id="mini_c302">
                {Cell("AWCL", "neuron_iaf", 0)}{Cell("ASEL", "neuron_iaf", 1)}{Cell("ASER", "neuron_iaf", 2)}{Cell("ALML", "neuron_iaf", 3)}
                {Cell("SMDDL", "neuron_iaf", 4)}{Cell("SMDVL", "neuron_iaf", 5)}{Cell("AVAL", "neuron_iaf", 6)}
                {Cell("MDL01", "muscle_iaf", 7)}{Cell("MVL01", "muscle_iaf", 8)}
                {Syn("ASEL", "SMDDL", "exc_syn", 5)}{Syn("ASER", "SMDVL", "exc_syn", 5)}{Syn("ALML", "AVAL", "exc_syn", 6)}
                {Syn("SMDDL", "SMDVL", "inh_syn", 3)}{Syn("SMDDL", "SMDVL", "elec_syn", 2)}
                {Syn("SMDDL", "MDL01", "exc_syn", 4, postCell: "muscle_iaf")}{Syn("SMDVL", "MVL01", "exc_syn", 4, postCell: "muscle_iaf")}
                {(gap ? """<electricalProjection id="gapDV" presynapticPopulation="SMDDL" postsynapticPopulation="SMDVL"><electricalConnectionInstanceW id="0" preCell="../SMDDL/0/neuron_iaf" postCell="../SMDVL/0/neuron_iaf" synapse="gj" weight="2.0"/></electricalProjection>""" : "")}
            </network>
        </neuroml>
        """;

    private static NetworkSpec Load(bool gap = false) => NeuroMlFile.Parse(Nml(gap), "mini_c302.net.nml");

    private static double[] Values(CircuitTemplate t, Action<double[]>? change = null)
    {
        var v = t.Values(new double[t.Dimension]);
        change?.Invoke(v);
        return v;
    }

    [Fact]
    public void Create_LevelA_KeepsEverySynapseWithWeight_PacksCells_AddsTheInterface()
    {
        var template = WormConnectomeCircuit.Create(Load());
        Assert.Equal(Enum.GetValues<P>().Length - 1, template.Dimension); // no gap junctions: no gap scale
        var net = template.Seed();
        var cells = Assert.Single(net.Populations, p => p.Name == "cells");
        Assert.Equal(9, cells.Count);
        Assert.Equal(7, net.Populations.Single(p => p.Name == "input").Count);
        Assert.Equal(3, net.Populations.Single(p => p.Name == "output").Count);
        var own = net.Projections.Where(p => p.Source == "cells" && p.Target == "cells").ToList();
        // Six synapses of weight above 0 (the zero-gbase "elec_syn" one acts on nothing and is left out), in two receptor classes.
        Assert.Equal(6, own.Sum(p => ((ExplicitConnectivity)p.Connectivity).Sources.Count));
        var inh = (ExplicitConnectivity)own.Single(p => p.Receptor == Receptor.Inhibitory).Connectivity;
        // Cell order is the file's: SMDDL = 4, SMDVL = 5; weight = 3 synapses x 0.01 nS / 0.1 nS.
        Assert.Equal([4], inh.Sources);
        Assert.Equal([5], inh.Targets);
        Assert.Equal(0.3, inh.Weights![0], 12);
        Assert.Contains("Cell order: cells = AWCL ASEL ASER ALML SMDDL SMDVL AVAL MDL01 MVL01", net.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Gains_ScaleTheirClassOnly()
    {
        var template = WormConnectomeCircuit.Create(Load(gap: true));
        Assert.Equal(Enum.GetValues<P>().Length, template.Dimension);
        var g = new double[template.Dimension];
        var seed = template.Decode(template.ToGenome(0, g), ControllerModel.Lif);
        g[(int)P.ChemicalScale] = 1; // x e^0.5
        g[(int)P.GapScale] = -1;     // x e^-0.5
        var tuned = template.Decode(template.ToGenome(1, g), ControllerModel.Lif);
        static double[] Weights(NetworkSpec n, string name) => [.. ((ExplicitConnectivity)n.Projections.Single(p => p.Name == name).Connectivity).Weights!];
        var a = Weights(seed, "cells->cells excitatory");
        var b = Weights(tuned, "cells->cells excitatory");
        for (int k = 0; k < a.Length; k++) Assert.Equal(a[k] * Math.Exp(0.5), b[k], 12);
        Assert.Equal(0.2 * Math.Exp(-0.5), ((ExplicitConnectivity)tuned.GapJunctions.Single().Connectivity).Weights![0], 12);
        Assert.Equal(Weights(seed, "input->cells sensory"), Weights(tuned, "input->cells sensory"));
        // Sensors: smell -> AWCL, rise -> ASEL, fall -> ASER, head touch -> ALML, bendLeft -> SMDDL (bent side) and SMDVL (stretched side).
        var sensory = (ExplicitConnectivity)seed.Projections.Single(p => p.Name == "input->cells sensory").Connectivity;
        var pairs = sensory.Sources.Zip(sensory.Targets).ToHashSet();
        Assert.Subset(pairs, new HashSet<(int, int)> { (0, 0), (1, 1), (2, 2), (3, 3), (5, 4), (5, 5), (6, 4), (6, 5) });
        Assert.Equal(8, pairs.Count);
        var readout = (ExplicitConnectivity)seed.Projections.Single(p => p.Name == "cells->output readout").Connectivity;
        Assert.Equal([(6, 2), (7, 0), (8, 1)], readout.Sources.Zip(readout.Targets).OrderBy(x => x.First));
    }

    [Fact]
    public void Seed_RunsAWormTrial_AndTheTaskSearchesIt()
    {
        var task = new WormKlinotaxisTask(new WormTaskOptions { Trials = 1, EpisodeSeconds = 2 });
        var template = WormConnectomeCircuit.Create(Load());
        task.CircuitOverride = template;
        Assert.Same(template, task.Circuit);
        var r = task.RunTrial(template.Seed(), task.TestTrials(1)[0]);
        Assert.Equal(100, r.Steps);
        Assert.True(double.IsFinite(r.Fitness));
    }

    [Fact]
    public void Build_HeadOscillator_AlternatesHalfPeriodPulsesOnDorsalThenVentralHeadMotorNeurons()
    {
        var template = WormConnectomeCircuit.Create(Load(), oscillatorSpanMs: 2000);
        var g = new double[template.Dimension];
        g[(int)P.OscillatorPeriod] = Math.Log(800.0 / 1000) / 0.3; // 800 ms
        var net = template.Decode(template.ToGenome(0, g), ControllerModel.Lif);
        var pulses = net.Inputs.OfType<CurrentInputSpec>().Where(c => c.Indices is not null).ToList();
        // 2 000 ms of 800 ms periods: dorsal pulses start at 0, 800, 1600 and ventral ones at 400, 1200 (2000 is the end).
        var dorsal = pulses.Where(c => c.Indices!.SequenceEqual([4])).ToList(); // SMDDL, the file's only dorsal head motor neuron
        var ventral = pulses.Where(c => c.Indices!.SequenceEqual([5])).ToList(); // SMDVL
        Assert.Equal(pulses.Count, dorsal.Count + ventral.Count);
        Assert.Equal([0.0, 800, 1600], dorsal.Select(c => c.StartMs));
        Assert.Equal([400.0, 1200, 2000], dorsal.Select(c => c.StopMs!.Value));
        Assert.Equal([400.0, 1200], ventral.Select(c => c.StartMs));
        Assert.Equal([800.0, 1600], ventral.Select(c => c.StopMs!.Value));
        Assert.All(pulses, c => Assert.Equal(30, c.Amplitude, 12));
        Assert.Equal(2000, net.DurationMs);
        // The tonic drive stays one input on every cell.
        Assert.Single(net.Inputs.OfType<CurrentInputSpec>(), c => c.Indices is null);

        g[(int)P.OscillatorPeriod] = -20; // far below the floor: clamped to 200 ms, 10 pulses a side in 2 s
        var fast = template.Decode(template.ToGenome(1, g), ControllerModel.Lif);
        Assert.Equal(20, fast.Inputs.OfType<CurrentInputSpec>().Count(c => c.Indices is not null));
    }

    [Fact]
    public void Seed_HeadOscillator_MakesTheLeftAndRightReadoutsFireInAlternateHalves()
    {
        // Only the oscillator drives the mini connectome (sensors at 0): SMDDL -> MDL01 -> left readout in the first half of
        // each period, SMDVL -> MVL01 -> right readout in the second. One muscle cell a side (c302 has eight) needs a
        // readout weight above the start's 10 mV: 10 x e^0.8 = 22 mV.
        var template = WormConnectomeCircuit.Create(Load());
        var g = new double[template.Dimension];
        g[(int)P.Readout] = 2;
        var binding = new NetworkBinding(template.Decode(template.ToGenome(0, g), ControllerModel.Lif), "test", WormWorld.SensorCount, WormEpisode.OutputCount, 1, 40, default);
        var sensors = new float[WormWorld.SensorCount];
        var counts = new int[WormEpisode.OutputCount];
        var byHalf = new int[2, 2];
        for (int window = 0; window < 200; window++) // 4 s of 20 ms windows, 1 000 ms periods
        {
            binding.RunWindow(sensors, 20, counts);
            int half = window * 20 % 1000 < 500 ? 0 : 1;
            byHalf[half, 0] += counts[0];
            byHalf[half, 1] += counts[1];
        }
        Assert.True(byHalf[0, 0] > 50, $"left readout spikes in the dorsal halves: {byHalf[0, 0]}");
        Assert.True(byHalf[1, 1] > 50, $"right readout spikes in the ventral halves: {byHalf[1, 1]}");
        // A readout keeps firing for a window or two after its half ends (synaptic and readout decay), not more.
        Assert.True(byHalf[1, 0] < byHalf[0, 0] / 5, $"left in ventral halves {byHalf[1, 0]} against {byHalf[0, 0]}");
        Assert.True(byHalf[0, 1] < byHalf[1, 1] / 5, $"right in dorsal halves {byHalf[0, 1]} against {byHalf[1, 1]}");
    }

    [Fact]
    public void Build_MuscleScale_ScalesOnlyTheSynapsesOntoBodyWallMuscles()
    {
        var template = WormConnectomeCircuit.Create(Load());
        var g = new double[template.Dimension];
        var seed = template.Decode(template.ToGenome(0, g), ControllerModel.Lif);
        g[(int)P.MuscleScale] = 2; // x e^1
        var tuned = template.Decode(template.ToGenome(1, g), ControllerModel.Lif);
        static double[] Weights(NetworkSpec n, string name) => [.. ((ExplicitConnectivity)n.Projections.Single(p => p.Name == name).Connectivity).Weights!];
        // SMDDL -> MDL01 and SMDVL -> MVL01, 4 synapses each: 0.4 x the start's muscle scale of 5.
        Assert.All(Weights(seed, "cells->cells excitatory onto muscles"), w => Assert.Equal(2.0, w, 12));
        Assert.All(Weights(tuned, "cells->cells excitatory onto muscles"), w => Assert.Equal(2 * Math.E, w, 12));
        Assert.Equal(2, Weights(tuned, "cells->cells excitatory onto muscles").Length);
        Assert.Equal(Weights(seed, "cells->cells excitatory"), Weights(tuned, "cells->cells excitatory"));
    }

    [Theory]
    [InlineData(-10, -69.5)]
    [InlineData(30, -50.5)]
    [InlineData(1, -65)]
    public void Build_SensorThreshold_StaysBetweenResetAndReadoutThreshold(double component, double threshold)
    {
        // T = -66 + component mV; at or below the sensors' reset (-70) the network would be invalid (a seed-2 run once stopped there).
        var template = WormConnectomeCircuit.Create(Load());
        var g = new double[template.Dimension];
        g[(int)P.SensorThreshold] = component;
        var net = template.Decode(template.ToGenome(0, g), ControllerModel.Lif);
        net.Validate();
        Assert.Equal(threshold, ((LifNeuronSpec)net.Populations.Single(p => p.Name == "input").Model).ThresholdMv, 12);
    }

    [Theory]
    [InlineData("MDL01", true)]
    [InlineData("MVR24", true)]
    [InlineData("M2L", false)]
    [InlineData("M1", false)]
    [InlineData("MDX01", false)]
    [InlineData("SMDDL", false)]
    public void IsBodyWallMuscle_C302Names_AreRecognised(string cell, bool muscle) => Assert.Equal(muscle, WormConnectome.IsBodyWallMuscle(cell));

    [Fact]
    public void Create_NoHeadMuscle_RefusedInOneSentence()
    {
        var net = Load();
        var noMuscles = net with { Populations = [.. net.Populations.Where(p => !p.Name.StartsWith('M'))], Projections = [.. net.Projections.Where(p => !p.Target.StartsWith('M'))] };
        var e = Assert.Throws<InvalidInputException>(() => WormConnectomeCircuit.Create(noMuscles));
        Assert.Contains("has no head muscle cell", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Steering_RiseInhibitsFallExcitesEveryHeadMotorNeuron_DelayAFractionOfThePeriod()
    {
        var template = WormConnectomeCircuit.Create(Load(), oscillatorSpanMs: 2000);
        var g = new double[template.Dimension];
        g[(int)P.OscillatorPeriod] = Math.Log(800.0 / 1000) / 0.3; // 800 ms
        g[(int)P.SteerRise] = 1;   // 0.05 x e
        g[(int)P.SteerFall] = -1;  // 0.05 / e
        g[(int)P.SteerDelay] = 1;  // 0.4 + 0.1 = half the period: 400 ms
        var net = template.Decode(template.ToGenome(0, g), ControllerModel.Lif);
        net.Validate();
        var rise = net.Projections.Single(p => p.Name == "steer->cells steering rise");
        var fall = net.Projections.Single(p => p.Name == "input->cells steering fall");
        Assert.Equal(Receptor.Inhibitory, rise.Receptor);
        Assert.Equal(Receptor.Excitatory, fall.Receptor);
        // smellRise (sensor 1) reaches the cells through one inhibitory relay neuron (the sensors are excitatory), which
        // each of its spikes fires; smellFall is sensor 2.
        Assert.Equal(NeuronKind.Inhibitory, net.Populations.Single(p => p.Name == "steer").Kind);
        var relay = (ExplicitConnectivity)net.Projections.Single(p => p.Name == "input->steer smell rise relay").Connectivity;
        Assert.Equal([(1, 0)], relay.Sources.Zip(relay.Targets));
        var r = (ExplicitConnectivity)rise.Connectivity;
        var f = (ExplicitConnectivity)fall.Connectivity;
        // The head motor neurons of the file are SMDDL (4) and SMDVL (5), both sides.
        Assert.Equal([0, 0], r.Sources);
        Assert.Equal([2, 2], f.Sources);
        Assert.Equal([4, 5], r.Targets);
        Assert.Equal([4, 5], f.Targets);
        Assert.All(r.Weights!, w => Assert.Equal(0.05 * Math.E, w, 12));
        Assert.All(f.Weights!, w => Assert.Equal(0.05 / Math.E, w, 12));
        Assert.All(r.DelaysMs!.Concat(f.DelaysMs!), d => Assert.Equal(400, d, 12));

        g[(int)P.SteerDelay] = 20; // far beyond a period: kept at one period
        var late = template.Decode(template.ToGenome(1, g), ControllerModel.Lif);
        Assert.All(((ExplicitConnectivity)late.Projections.Single(p => p.Name == "steer->cells steering rise").Connectivity).DelaysMs!, d => Assert.Equal(800, d, 12));
    }

    /// <summary>Left and right readout spikes in the dorsal and ventral halves of 4 s (1 000 ms periods) with the sensors held at <paramref name="sensors"/>.</summary>
    private static int[,] ReadoutsByHalf(CircuitTemplate template, double[] g, float[] sensors)
    {
        var binding = new NetworkBinding(template.Decode(template.ToGenome(0, g), ControllerModel.Lif), "test", WormWorld.SensorCount, WormEpisode.OutputCount, 1, 40, default);
        var counts = new int[WormEpisode.OutputCount];
        var byHalf = new int[2, 2];
        for (int window = 0; window < 200; window++)
        {
            binding.RunWindow(sensors, 20, counts);
            int half = window * 20 % 1000 < 500 ? 0 : 1;
            byHalf[half, 0] += counts[0];
            byHalf[half, 1] += counts[1];
        }
        return byHalf;
    }

    [Fact]
    public void Steering_SmellChange_GrowsOrShrinksOnlyTheSideUnderItsPulse()
    {
        // The bias law, measured on the mini connectome (deterministic): smellFall excites both head motor neurons, but only
        // the one under its oscillator pulse is near threshold, so the active side's muscle fires more and the resting side
        // stays silent; smellRise inhibits, and the active side fires less. Readout weight 10 x e^0.8 (one muscle a side),
        // steering weights 0.05 x e^0.7 = 0.1 (each alone moves a resting cell about 8 mV of the 20 it needs).
        var template = WormConnectomeCircuit.Create(Load());
        var g = new double[template.Dimension];
        g[(int)P.Readout] = 2;
        g[(int)P.SteerRise] = 0.7;
        g[(int)P.SteerFall] = 0.7;
        var none = ReadoutsByHalf(template, g, new float[WormWorld.SensorCount]);
        var fall = ReadoutsByHalf(template, g, [0, 0, 1, 0, 0, 0, 0]);
        var rise = ReadoutsByHalf(template, g, [0, 1, 0, 0, 0, 0, 0]);
        string Show(int[,] x) => $"left {x[0, 0]}/{x[1, 0]}, right {x[0, 1]}/{x[1, 1]} (dorsal/ventral halves)";
        string all = $"none: {Show(none)}; fall: {Show(fall)}; rise: {Show(rise)}";
        Assert.True(fall[0, 0] > none[0, 0] && fall[1, 1] > none[1, 1], all);
        Assert.True(rise[0, 0] < none[0, 0] && rise[1, 1] < none[1, 1], all);
        // The gate: the resting side stays (nearly) silent with smellFall on, as without it.
        Assert.True(fall[1, 0] < fall[0, 0] / 5 && fall[0, 1] < fall[1, 1] / 5, all);
    }
}
