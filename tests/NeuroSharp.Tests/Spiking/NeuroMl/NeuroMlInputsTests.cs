using System.Globalization;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML's time-varying inputs (rampGenerator, sineGenerator and their DL forms) and Poisson inputs that start and stop
/// mid-run (transientPoissonFiringSynapse): the mapping to the engine's inputs, known answers and refusals.
/// </summary>
public class NeuroMlInputsTests
{
    private static string Write(TempDirectory dir, string body)
    {
        string path = dir.File("inputs.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n" + body + "\n</neuroml>\n");
        return path;
    }

    private const string Iaf = "  <iafCell id=\"iaf\" C=\"3pF\" leakConductance=\"0.2nS\" leakReversal=\"-70mV\" reset=\"-70mV\" thresh=\"-50mV\"/>\n";

    [Fact]
    public void RampAndSineGenerators_OnAnIafCell_BecomeRampAndSineCurrents_InLeakUnits()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, Iaf
            + "  <rampGenerator id=\"rg\" delay=\"10ms\" duration=\"40ms\" startAmplitude=\"1pA\" finishAmplitude=\"5pA\" baselineAmplitude=\"0.4pA\"/>\n"
            + "  <sineGenerator id=\"sg\" phase=\"0.3\" delay=\"5ms\" duration=\"20ms\" amplitude=\"0.002nA\" period=\"8ms\"/>\n"
            + "  <network id=\"n\"><population id=\"p\" component=\"iaf\" size=\"2\"/>\n"
            + "    <inputList id=\"a\" population=\"p\" component=\"rg\"><inputW id=\"0\" target=\"../p/1/iaf\" destination=\"synapses\" weight=\"2\"/></inputList>\n"
            + "    <explicitInput target=\"p[0]\" input=\"sg\"/>\n  </network>");
        var spec = NeuroMlFile.Load(path);
        var ramp = Assert.IsType<CurrentInputSpec>(spec.Inputs[0]);
        Assert.Equal(CurrentWaveform.Ramp, ramp.Waveform);
        Assert.Equal([1], ramp.Indices!);
        // pA / nS = mV, times the weight 2.
        Assert.Equal((10.0, 50.0), (ramp.StartMs, ramp.StopMs!.Value));
        Assert.Equal(10, ramp.Amplitude, 12);
        Assert.Equal(50, ramp.FinishAmplitude, 12);
        Assert.Equal(4, ramp.Baseline, 12);
        var sine = Assert.IsType<CurrentInputSpec>(spec.Inputs[1]);
        Assert.Equal(CurrentWaveform.Sine, sine.Waveform);
        Assert.Equal((5.0, 25.0, 8.0, 0.3), (sine.StartMs, sine.StopMs!.Value, sine.PeriodMs, sine.Phase));
        Assert.Equal(10, sine.Amplitude, 12);
    }

    [Theory]
    [InlineData("<rampGeneratorDL id=\"x\" delay=\"0ms\" duration=\"1ms\" startAmplitude=\"1\" finishAmplitude=\"2\" baselineAmplitude=\"0\"/>",
        "puts the dimensionless rampGeneratorDL 'x' on population 'p' (iafCell), whose current is in amperes; use a rampGenerator.")]
    [InlineData("<sineGeneratorDL id=\"x\" phase=\"0\" delay=\"0ms\" duration=\"1ms\" amplitude=\"1\" period=\"2ms\"/>",
        "puts the dimensionless sineGeneratorDL 'x' on population 'p' (iafCell), whose current is in amperes; use a sineGenerator.")]
    [InlineData("<sineGenerator id=\"x\" phase=\"0\" delay=\"0ms\" duration=\"1ms\" amplitude=\"1pA\" period=\"0ms\"/>",
        "/neuroml/sineGenerator[@id='x'] @period is 0 ms; it must be above 0.")]
    [InlineData("<rampGenerator id=\"x\" delay=\"0ms\" duration=\"1ms\" startAmplitude=\"1mV\" finishAmplitude=\"2pA\" baselineAmplitude=\"0pA\"/>",
        "@startAmplitude is '1mV', not a current")]
    public void Generators_WrongUnitsOrTargets_AreRefusedInOneSentence(string generator, string expected)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, Iaf + "  " + generator + "\n  <network id=\"n\"><population id=\"p\" component=\"iaf\" size=\"1\"/><explicitInput target=\"p[0]\" input=\"x\"/></network>");
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void IzhikevichCells_UnderRampAndSineGeneratorDL_AgreeWithADoublePrecisionEulerLoop()
    {
        // tests/data/lems/LEMS_IzhikevichRampSine.xml: Ex2's class-1 cell under its ramp (-32 to 50 from 30 ms over 170 ms)
        // and a tonic cell under a sine (25 sin(0.5 + 2 pi (t - 20) / 40) from 20 to 170 ms). The Euler loop of
        // izhikevich_ramp_sine_euler.py gives 7 and 10 spikes; the engine the same, each within one step.
        using var dir = new TempDirectory();
        foreach (string f in Directory.GetFiles(Path.Combine(TestData.Directory, "lems"))) File.Copy(f, dir.File(Path.GetFileName(f)));
        var sim = LemsFile.Load(dir.File("LEMS_IzhikevichRampSine.xml"));
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(sim.Network.StepsFor(sim.Network.DurationMs!.Value, "test"));
        outputs.Write(engine, dir.Path);
        var events = File.ReadAllLines(dir.File("izh_ramp_sine.spikes")).Select(l => l.Split('\t')).ToList();
        double[] Times(string id) => [.. events.Where(e => e[1] == id).Select(e => double.Parse(e[0], CultureInfo.InvariantCulture) * 1000)];
        static double Ramp(double t) => t >= 30 && t < 200 ? -32 + 82 * (t - 30) / 170 : -32;
        static double Sine(double t) => t >= 20 && t < 170 ? 25 * Math.Sin(0.5 + 2 * 3.14159265 * (t - 20) / 40) : 0;
        var class1 = Euler(0.02, -0.1, -55, 6, -60, Ramp);
        var tonic = Euler(0.02, 0.2, -65, 6, -70, Sine);
        Assert.Equal(7, class1.Count);
        Assert.Equal(10, tonic.Count);
        Assert.Equal(class1.Count, Times("0").Length);
        Assert.Equal(tonic.Count, Times("1").Length);
        foreach (var (expected, got) in class1.Zip(Times("0")).Concat(tonic.Zip(Times("1")))) Assert.Equal(expected, got, 0.0051);
    }

    [Fact]
    public void RampSineAndWindowedPoisson_ExportAndReadBack_Unchanged()
    {
        // NeuroML export writes them as rampGenerator, sineGenerator and transientPoissonFiringSynapse; reading gives them back.
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations = [new PopulationSpec { Name = "p", Count = 2, Model = new ConductanceLifNeuronSpec { ResetMv = -60, RestMv = -60 } }],
            Inputs =
            [
                new CurrentInputSpec { Target = "p", Waveform = CurrentWaveform.Ramp, Amplitude = 1.5, FinishAmplitude = -4, Baseline = 0.25, StartMs = 10, StopMs = 50 },
                new CurrentInputSpec { Target = "p", Waveform = CurrentWaveform.Sine, Amplitude = 3, PeriodMs = 8, Phase = 0.5, StartMs = 5 },
                new PoissonInputSpec { Target = "p", RateHz = 40, Weight = 0.5, StartMs = 20, StopMs = 70 },
            ],
        };
        var back = NeuroMlFile.Parse(NeuroMlFile.ToText(spec), "export.nml");
        Assert.Equal(spec.Inputs[0], back.Inputs[0]);
        Assert.Equal(spec.Inputs[1], back.Inputs[1]);
        var poisson = Assert.IsType<PoissonInputSpec>(back.Inputs[2]);
        Assert.Equal((40.0, 0.5, 20.0, (double?)70), (poisson.RateHz, poisson.Weight, poisson.StartMs, poisson.StopMs));
    }

    private static List<double> Euler(double a, double b, double c, double d, double v0, Func<double, double> current)
    {
        const double dt = 0.005;
        double v = v0, u = b * v0;
        var spikes = new List<double>();
        for (int k = 0; k < 40_000; k++)
        {
            double i = current(k * dt);
            (v, u) = (v + dt * (0.04 * v * v + 5 * v + 140 - u + i), u + dt * (a * (b * v - u)));
            if (v > 30)
            {
                (v, u) = (c, u + d);
                spikes.Add((k + 1) * dt);
            }
        }
        return spikes;
    }

    private const string Izh = "  <izhikevich2007Cell id=\"rs\" v0=\"-60mV\" C=\"100 pF\" k=\"0.7 nS_per_mV\" vr=\"-60 mV\" vt=\"-40 mV\" vpeak=\"35 mV\" a=\"0.03 per_ms\" b=\"-2 nS\" c=\"-50 mV\" d=\"100 pA\"/>\n";

    [Fact]
    public void VoltageClamps_BecomeTheEngineClamp_GainOneOverTheSeriesResistance_InTheCellsUnits()
    {
        // Ex16's voltageClampTriple: -70 mV before 50 ms, -50 mV until 250 ms, -70 mV after, through 1 MOhm (1000 nS on the izhikevich2007Cell,
        // whose current is in pA); a voltageClamp on an iafCell (0.2 nS leak, current in mV): gain 2 x 1000 nS / 0.2 nS at weight 2, no current outside.
        using var dir = new TempDirectory();
        string path = Write(dir, Iaf + Izh
            + "  <voltageClampTriple id=\"vc3\" active=\"1\" delay=\"50ms\" duration=\"200ms\" conditioningVoltage=\"-70mV\" testingVoltage=\"-50mV\" returnVoltage=\"-70mV\" simpleSeriesResistance=\"1e6ohm\"/>\n"
            + "  <voltageClampTriple id=\"off\" active=\"0\" delay=\"5ms\" duration=\"10ms\" conditioningVoltage=\"-70mV\" testingVoltage=\"-50mV\" returnVoltage=\"-70mV\" simpleSeriesResistance=\"1Mohm\"/>\n"
            + "  <voltageClamp id=\"vc\" delay=\"5ms\" duration=\"10ms\" targetVoltage=\"-55mV\" simpleSeriesResistance=\"1e6ohm\"/>\n"
            + "  <network id=\"n\"><population id=\"izh\" component=\"rs\" size=\"2\"/><population id=\"p\" component=\"iaf\" size=\"2\"/>\n"
            + "    <explicitInput target=\"izh[1]\" input=\"vc3\"/><explicitInput target=\"izh[0]\" input=\"off\"/>\n"
            + "    <inputList id=\"a\" population=\"p\" component=\"vc\"><inputW id=\"0\" target=\"../p/0/iaf\" destination=\"synapses\" weight=\"2\"/></inputList>\n  </network>");
        var spec = NeuroMlFile.Load(path);
        Assert.Equal(2, spec.Inputs.Count); // the inactive triple injects nothing
        var triple = Assert.IsType<VoltageClampSpec>(spec.Inputs[0]);
        Assert.Equal(("izh", 1000.0, -70.0, -50.0, -70.0, 50.0, 250.0), (triple.Target, triple.Gain, triple.HoldMv!.Value, triple.TargetMv, triple.ReturnMv!.Value, triple.StartMs, triple.StopMs!.Value));
        Assert.Equal([1], triple.Indices!);
        var single = Assert.IsType<VoltageClampSpec>(spec.Inputs[1]);
        Assert.Equal(2 * 1000 / 0.2, single.Gain, 9);
        Assert.Equal((-55.0, 5.0, 15.0), (single.TargetMv, single.StartMs, single.StopMs!.Value));
        Assert.Null(single.HoldMv);
        Assert.Null(single.ReturnMv);
    }

    [Fact]
    public void RandomSpikeGenerators_BecomeRandomIntervalSources()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, Iaf
            + "  <expOneSynapse id=\"syn\" gbase=\"1nS\" erev=\"0mV\" tauDecay=\"2ms\"/>\n"
            + "  <spikeGeneratorRandom id=\"ur\" minISI=\"10 ms\" maxISI=\"30 ms\"/>\n"
            + "  <spikeGeneratorRefPoisson id=\"rp\" averageRate=\"50 Hz\" minimumISI=\"10 ms\"/>\n"
            + "  <network id=\"n\"><population id=\"p\" component=\"iaf\" size=\"2\"/><population id=\"u\" component=\"ur\" size=\"1\"/><population id=\"r\" component=\"rp\" size=\"1\"/>\n"
            + "    <synapticConnection from=\"u[0]\" to=\"p[0]\" synapse=\"syn\" destination=\"synapses\"/><synapticConnection from=\"r[0]\" to=\"p[1]\" synapse=\"syn\" destination=\"synapses\"/>\n  </network>");
        var spec = NeuroMlFile.Load(path);
        Assert.Equal(new RandomIntervalSourceSpec { MinIsiMs = 10, MaxIsiMs = 30 }, spec.Populations.Single(p => p.Name == "u").Model);
        Assert.Equal(new RandomIntervalSourceSpec { MinIsiMs = 10, RateHz = 50 }, spec.Populations.Single(p => p.Name == "r").Model);
    }

    [Theory]
    [InlineData("<spikeGeneratorRefPoisson id=\"x\" averageRate=\"200 Hz\" minimumISI=\"10 ms\"/>", "has averageRate 200 Hz; it must be above 0 and its mean interval (1 / averageRate) at least minimumISI (10 ms).")]
    [InlineData("<spikeGeneratorRandom id=\"x\" minISI=\"10 ms\" maxISI=\"5 ms\"/>", "has maxISI 5 ms; it must be above 0 and at least minISI (10 ms).")]
    [InlineData("<voltageClamp id=\"x\" delay=\"5ms\" duration=\"10ms\" targetVoltage=\"-55mV\" simpleSeriesResistance=\"0ohm\"/>", "has simpleSeriesResistance 0 MOhm; a clamp's series resistance must be above 0.")]
    public void RandomGeneratorsAndClamps_BadValues_AreRefusedInOneSentence(string element, string expected)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, Iaf + "  " + element + "\n  <network id=\"n\"><population id=\"p\" component=\"iaf\" size=\"1\"/></network>");
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains(expected, ex.Message);
    }
}
