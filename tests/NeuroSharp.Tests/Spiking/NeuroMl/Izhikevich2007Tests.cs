using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>izhikevich2007Cell: read from NeuroML, and its spikes under a pulse against its own equations.</summary>
public class Izhikevich2007Tests
{
    // Izhikevich's regular-spiking cell (Dynamical Systems in Neuroscience, ch. 8), as NeuroML writes it.
    private const string Document = NeuroMlFixtures.Header + """
          <izhikevich2007Cell id="rs" v0="-60mV" C="100 pF" k="0.7 nS_per_mV" vr="-60 mV" vt="-40 mV" vpeak="35 mV" a="0.03 per_ms" b="-2 nS" c="-50 mV" d="100 pA"/>
          <pulseGenerator id="step" delay="20ms" duration="200ms" amplitude="0.3nA"/>
          <network id="net">
            <property tag="recommended_dt_ms" value="0.025"/>
            <population id="P" component="rs" size="1"/>
            <explicitInput target="P[0]" input="step"/>
          </network>
        </neuroml>
        """;

    /// <summary>The model's equations by forward Euler in double, written out here: C v' = k (v - vr)(v - vt) - u + I, u' = a (b (v - vr) - u).</summary>
    private static List<double> ReferenceSpikes(double dt, int steps)
    {
        double v = -60, u = 0;
        var spikes = new List<double>();
        for (int s = 0; s < steps; s++)
        {
            double t = s * dt;
            double current = t >= 20 - 1e-9 && t < 220 - 1e-9 ? 300 : 0;
            double nv = v + dt * (0.7 * (v + 60) * (v + 40) - u + current) / 100;
            double nu = u + dt * 0.03 * (-2 * (v + 60) - u);
            (v, u) = (nv, nu);
            if (v > 35)
            {
                spikes.Add(t);
                v = -50;
                u += 100;
            }
        }
        return spikes;
    }

    [Fact]
    public void Izhikevich2007Cell_Load_ParametersInEngineUnits()
    {
        using var dir = new TempDirectory();
        string path = dir.File("rs.net.nml");
        File.WriteAllText(path, Document);
        var spec = NeuroMlFile.Load(path);
        Assert.Equal(Izhikevich2007NeuronSpec.RegularSpiking, spec.Populations[0].Model);
        Assert.Null(spec.Populations[0].Initial); // v0 = vr: the engine's default start
        var input = Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal((300.0, 20.0, 220.0), (input.Amplitude, input.StartMs, input.StopMs!.Value));
    }

    [Fact]
    public void Izhikevich2007Cell_Pulse_SpikesAsItsEquationsGive()
    {
        using var dir = new TempDirectory();
        string path = dir.File("rs.net.nml");
        File.WriteAllText(path, Document);
        var engine = new SpikingEngine(NeuroMlFile.Load(path));
        const int steps = 10_000; // 250 ms
        engine.Run(steps);
        var times = engine.SpikeMonitors[0].TimesMs();
        var expected = ReferenceSpikes(0.025, steps);
        // Regular spiking with adaptation: several spikes, none before the pulse or after it.
        Assert.True(expected.Count >= 4, $"reference fired {expected.Count} times");
        Assert.Equal(expected.Count, times.Length);
        for (int k = 0; k < times.Length; k++)
        {
            // The engine steps in float, the reference in double: the same step, or the next.
            Assert.True(Math.Abs(times[k] - expected[k]) <= 0.025 + 1e-9, $"spike {k}: {times[k]} ms vs {expected[k]} ms");
        }
        Assert.True(times[0] > 20 && times[^1] < 220);
        Assert.True(times[^1] - times[^2] > times[1] - times[0], "intervals lengthen (adaptation)");
    }

    [Fact]
    public void Izhikevich2007_JsonToNeuroMlToJson_Equal()
    {
        using var dir = new TempDirectory();
        var spec = new NetworkSpec
        {
            Name = "rs_net",
            DtMs = 0.025,
            Populations =
            [
                new PopulationSpec { Name = "rs", Count = 2, Model = Izhikevich2007NeuronSpec.RegularSpiking with { RiseExcMs = 1, InhReversalMv = -70 },
                    Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-65) } },
            ],
            Projections = [new ProjectionSpec { Name = "rr", Source = "rs", Target = "rs", Receptor = Receptor.Inhibitory, Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [1] }, Weight = DistributionSpec.Constant(2.5) }],
            Inputs = [new CurrentInputSpec { Target = "rs", Amplitude = 150, StartMs = 1, StopMs = 90 }],
        };
        string nml = dir.File("rs.net.nml");
        NeuroMlFile.Save(nml, spec);
        Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(NeuroMlFile.Load(nml)));
    }
}
