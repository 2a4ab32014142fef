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
}
