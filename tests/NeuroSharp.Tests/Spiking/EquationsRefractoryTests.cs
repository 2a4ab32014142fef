using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Brian2's "(unless refractory)" flag on an equations model's equation (docs/spiking-equations.md, "Integration"): the
/// variable is held while its neuron is refractory. A known answer (a LIF held at its reset for exactly refractoryMs),
/// the sentence for a misplaced flag, and the spikes of an adapting LIF against Brian2's.
/// </summary>
public class EquationsRefractoryTests
{
    private static EquationsNeuronSpec Lif(bool held, string method = "euler") => new()
    {
        Equations = [held ? "dv/dt = (El - v + I) / tau (unless refractory)" : "dv/dt = (El - v + I) / tau"],
        RefractoryMs = 2,
        Method = method,
    };

    /// <summary>
    /// dv/dt = (El - v + I) / tau (unless refractory), I = 20, El = Vr = -65, refractoryMs 2 at dt 0.1 (R = 20 steps). The
    /// first spike is at step k0; its reset puts v at Vr, where it stays, exactly, after each of the R steps k0 .. k0 + R - 1
    /// (Brian2: not_refractory is false while (step - lastspike) &lt; R), and moves after step k0 + R. From there the trajectory
    /// is the first one again (same float operations from the same v), so the spikes are at k0 + m (k0 + R). Without the flag
    /// v climbs from the step after the spike (refractoriness only blocks the threshold).
    /// </summary>
    [Theory]
    [InlineData("euler")]
    [InlineData("rk4")]
    public void Lif_HeldAtResetForExactlyRefractoryMs(string method)
    {
        const int R = 20;
        var engine = new SpikingEngine(Networks.Driven(Lif(held: true, method), 20) with { Monitors = [new SpikeMonitorSpec { Target = "n" }] });
        int k0 = -1;
        var v = new List<float>();
        for (int step = 0; step < 400; step++)
        {
            engine.Run(1);
            v.Add(engine.GetVariable("n", "v")[0]);
            if (k0 < 0 && engine.SpikeMonitors[0].Steps.Length > 0) k0 = engine.SpikeMonitors[0].Steps[0];
        }
        Assert.True(k0 is > 50 and < 200, $"first spike at step {k0}");
        for (int s = k0; s < k0 + R; s++) Assert.Equal(-65f, v[s]);
        Assert.True(v[k0 + R] > -65f, $"v after step k0 + R is {v[k0 + R]}");
        int period = k0 + R;
        int[] expected = [.. Enumerable.Range(0, 400).Select(m => k0 + m * period).TakeWhile(s => s < 400)];
        Assert.Equal(expected, engine.SpikeMonitors[0].Steps.ToArray());

        // Without the flag: v leaves Vr at once (the next spike comes R - 1 steps sooner).
        var free = new SpikingEngine(Networks.Driven(Lif(held: false, method), 20) with { Monitors = [new SpikeMonitorSpec { Target = "n" }] });
        free.Run(400);
        Assert.Equal(k0, free.SpikeMonitors[0].Steps[0]);
        Assert.Equal(k0 + k0 + 1, free.SpikeMonitors[0].Steps[1]);
    }

    /// <summary>A state variable without the flag keeps integrating beside a held one.</summary>
    [Fact]
    public void OnlyFlaggedVariablesAreHeld()
    {
        var model = new EquationsNeuronSpec
        {
            Parameters = [], Variables = [new("v", 0), new("clock", 0)],
            Equations = ["dv/dt = 1 (unless refractory)", "dclock/dt = 1"], Threshold = "v > 0.95", Reset = ["v = 0"], RefractoryMs = 1,
        };
        var engine = new SpikingEngine(new NetworkSpec { DtMs = 0.1, Populations = [new PopulationSpec { Name = "p", Count = 1, Model = model }] });
        engine.Run(10); // v reaches 1.0 at step 9 and is reset to 0
        Assert.Equal(0f, engine.GetVariable("p", "v")[0]);
        engine.Run(9); // steps 10 .. 18: refractory (step - 9 < 10), v held
        Assert.Equal(0f, engine.GetVariable("p", "v")[0]);
        engine.Run(1); // step 19: free again
        Assert.Equal(0.1f, engine.GetVariable("p", "v")[0]);
        Assert.Equal(2f, engine.GetVariable("p", "clock")[0], 4);
    }

    [Fact]
    public void Flag_OnDerivedVariable_Refused()
    {
        string json = """{"format": "neurosharp.network", "version": 1, "dtMs": 0.1, "populations": [{"name": "p", "count": 1, "model": "equations", "params": {"parameters": {"tau": 10, "El": -65, "Vt": -50, "Vr": -65}, "variables": {"v": -65}, "equations": ["dv/dt = (El - v) / tau", "x = v - El (unless refractory)"]}}]}""";
        var e = Assert.ThrowsAny<InvalidInputException>(() => NetworkFile.Parse(json, "bad.json"));
        Assert.Contains("$.populations[0].params.equations[1]) is 'x = v - El (unless refractory)': '(unless refractory)' holds a state variable while its neuron is refractory; it applies to an equation 'dx/dt = ...', not to the derived variable x.", e.Message);
    }

    [Fact]
    public void Flag_RoundTripsThroughTheFile()
    {
        var net = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 2, Model = Lif(held: true) }] };
        var read = NetworkFile.Parse(NetworkFile.ToJson(net), "round.json");
        Assert.Equal(net.Populations[0].Model, read.Populations[0].Model);
    }

    /// <summary>
    /// An adapting LIF whose v and u are both held while refractory (3 ms), euler and rk4, 300 ms of a current step: the same
    /// number of spikes as Brian2 2.5's NeuronGroup of the same equations with "(unless refractory)", each within one step
    /// (float against double; the recorded run agrees exactly, docs/spiking-equations.md).
    /// </summary>
    [Brian2Fact]
    [Trait("Category", NeuroSharp.Testing.Categories.Slow)]
    public void AdaptingLif_Held_SpikeTimesAgreeWithBrian2()
    {
        foreach (string method in new[] { "euler", "rk4" })
        {
            string json = $$$"""
                {"format": "neurosharp.network", "version": 1, "dtMs": 0.1, "durationMs": 300,
                 "populations": [{"name": "a", "count": 1, "model": "equations", "params": {
                   "parameters": {"tau": 10, "El": -65, "Vt": -50, "Vr": -60, "tauu": 50},
                   "variables": {"v": -65, "u": 0},
                   "equations": ["dv/dt = (El - v - u + I) / tau (unless refractory)", "du/dt = -u / tauu (unless refractory)"],
                   "threshold": "v > Vt", "reset": ["v = Vr", "u += 2"], "refractoryMs": 3, "method": "{{{method}}}"}}],
                 "inputs": [{"type": "current", "target": "a", "amplitude": 30, "startMs": 20, "stopMs": 250}],
                 "monitors": [{"type": "spikes", "target": "a"}]}
                """;
            string file = Path.Combine(Path.GetTempPath(), $"neurosharp-unless-refractory-{method}-{Environment.ProcessId}.json");
            File.WriteAllText(file, json);
            try
            {
                var spec = NetworkFile.Load(file);
                var engine = new SpikingEngine(spec);
                engine.Run(3000);
                var ours = engine.SpikeMonitors[0].Steps.ToArray();
                var (exit, output, error) = NeuroSharp.Testing.DebianPython.Run(TimeSpan.FromMinutes(3), null,
                    Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "bench", "spiking", "equations_brian2.py"), file, "a");
                Assert.True(exit == 0, $"equations_brian2.py ({method}) failed: {error}");
                using var doc = System.Text.Json.JsonDocument.Parse(output.Trim().Split('\n')[^1]);
                var theirs = doc.RootElement.GetProperty("t_ms").EnumerateArray().Select(t => (int)Math.Round(t.GetDouble() / 0.1)).ToArray();
                Assert.True(ours.Length >= 10, $"{method}: only {ours.Length} spikes");
                Assert.Equal(theirs.Length, ours.Length);
                for (int k = 0; k < ours.Length; k++)
                    Assert.True(Math.Abs(ours[k] - theirs[k]) <= 1, $"{method} spike {k}: step {ours[k]} here, {theirs[k]} on Brian2");
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
