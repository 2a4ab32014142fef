using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Ramp and sine current inputs (CurrentInputSpec.Waveform): the current injected at each step is the formula at t = step dt.</summary>
public class TimeVaryingCurrentTests
{
    // A threshold no current here reaches: the neurons only integrate.
    private static readonly LifNeuronSpec Quiet = new() { TauMs = 10, RestMv = 0, ResetMv = 0, ThresholdMv = 1e6, RefractoryMs = 0 };

    private static NetworkSpec Net(params InputSpec[] inputs) => new()
    {
        DtMs = 0.1,
        Populations = [new PopulationSpec { Name = "p", Count = 3, Model = Quiet }],
        Inputs = inputs,
    };

    /// <summary>The current of neuron <paramref name="i"/> in each of the first <paramref name="steps"/> steps.</summary>
    private static double[] Currents(NetworkSpec spec, int steps, int i = 0)
    {
        var engine = new SpikingEngine(spec);
        var group = engine.Groups[0];
        var result = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            engine.Step();
            result[k] = group.Current[i];
        }
        return result;
    }

    [Fact]
    public void Ramp_CurrentAtEachStep_IsBaselineThenTheLineThenBaseline()
    {
        // From 2 ms to 7 ms the line from 5 to -15; -1 before and from 7 ms on.
        var ramp = new CurrentInputSpec { Target = "p", Waveform = CurrentWaveform.Ramp, Amplitude = 5, FinishAmplitude = -15, Baseline = -1, StartMs = 2, StopMs = 7 };
        var got = Currents(Net(ramp), 100);
        for (int k = 0; k < 100; k++)
        {
            double t = k * 0.1;
            double expected = k < 20 || k >= 70 ? -1 : 5 + (-15 - 5) * (t - 2) / 5;
            Assert.True(Math.Abs(got[k] - expected) < 1e-5, $"step {k}: {got[k]}, expected {expected}");
        }
        Assert.Equal(5, got[20], 5);       // the first step of the ramp starts at startMs
        Assert.Equal(-14.6, got[69], 4);   // the last: 5 - 20 * 4.9 / 5
        Assert.Equal(-1, got[70]);
    }

    [Fact]
    public void Sine_CurrentAtEachStep_IsAmplitudeSinPhasePlusTwoPiTOverPeriod_AndZeroOutside()
    {
        var sine = new CurrentInputSpec { Target = "p", Indices = [1], Waveform = CurrentWaveform.Sine, Amplitude = 3, PeriodMs = 2.5, Phase = 0.7, StartMs = 1, StopMs = 6 };
        var got = Currents(Net(sine), 80, i: 1);
        for (int k = 0; k < 80; k++)
        {
            double t = k * 0.1;
            double expected = k < 10 || k >= 60 ? 0 : 3 * Math.Sin(0.7 + 2 * Math.PI * (t - 1) / 2.5);
            Assert.True(Math.Abs(got[k] - expected) < 1e-5, $"step {k}: {got[k]}, expected {expected}");
        }
        Assert.All(Currents(Net(sine), 80, i: 0), c => Assert.Equal(0, c)); // not listed: untouched
    }

    [Fact]
    public void SineAndPulse_OnOneNeuron_AddUp_AndTheSumDoesNotDrift()
    {
        var sine = new CurrentInputSpec { Target = "p", Waveform = CurrentWaveform.Sine, Amplitude = 2, PeriodMs = 1 };
        var pulse = new CurrentInputSpec { Target = "p", Amplitude = 10, StartMs = 3, StopMs = 4 };
        var got = Currents(Net(sine, pulse), 20_000);
        for (int k = 0; k < 20_000; k += 7)
        {
            double expected = 2 * Math.Sin(2 * Math.PI * k * 0.1) + (k >= 30 && k < 40 ? 10 : 0);
            Assert.True(Math.Abs(got[k] - expected) < 1e-4, $"step {k}: {got[k]}, expected {expected}");
        }
    }

    [Fact]
    public void Ramp_PassiveMembrane_FollowsTheClosedForm()
    {
        // tau dv/dt = -v + I(t) with I = s t (a ramp from 0 from t = 0): v(t) = s (t - tau (1 - exp(-t / tau))). The engine holds I
        // over each step at its value at the step's start, so v lags by at most s dt: compare within s dt.
        const double s = 2, tau = 10;
        var ramp = new CurrentInputSpec { Target = "p", Waveform = CurrentWaveform.Ramp, Amplitude = 0, FinishAmplitude = s * 50, StartMs = 0, StopMs = 50 };
        var spec = Net(ramp) with { Monitors = [new StateMonitorSpec { Target = "p", Indices = [0], Variables = ["v"] }] };
        var engine = new SpikingEngine(spec);
        var group = (LifGroupBase)engine.Groups[0];
        for (int k = 1; k <= 400; k++)
        {
            engine.Step();
            double t = k * 0.1;
            double exact = s * (t - tau * (1 - Math.Exp(-t / tau)));
            Assert.True(Math.Abs(group.V[0] - exact) <= s * 0.1, $"t {t}: v {group.V[0]}, closed form {exact}");
        }
    }

    [Theory]
    [InlineData("\"waveform\": \"ramp\", \"amplitude\": 1, \"finishAmplitude\": 2", "stopMs")]
    [InlineData("\"waveform\": \"ramp\", \"amplitude\": 1, \"finishAmplitude\": 2, \"startMs\": 5, \"stopMs\": 5", "stopMs")]
    [InlineData("\"waveform\": \"sine\", \"amplitude\": 1, \"periodMs\": 0", "periodMs")]
    [InlineData("\"waveform\": \"sine\", \"amplitude\": 1", "$.inputs[0].periodMs")]
    [InlineData("\"amplitude\": 1, \"periodMs\": 3", "$.inputs[0].periodMs is a sine's field")]
    [InlineData("\"amplitude\": 1, \"finishAmplitude\": 3", "$.inputs[0].finishAmplitude is a ramp's field")]
    [InlineData("\"waveform\": \"square\", \"amplitude\": 1", "$.inputs[0].waveform")]
    public void Json_BadWaveforms_AreRefusedNamingTheField(string fields, string expected)
    {
        string json = $$"""{ "format": "neurosharp.network", "version": 1, "populations": [{ "name": "p", "count": 1, "model": "lif", "preset": "cuba" }], "inputs": [{ "type": "current", "target": "p", {{fields}} }] }""";
        var e = Assert.ThrowsAny<Exception>(() => new SpikingEngine(NetworkFile.Parse(json)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Json_RampAndSine_RoundTrip()
    {
        var spec = Net(
            new CurrentInputSpec { Target = "p", Waveform = CurrentWaveform.Ramp, Amplitude = 5, FinishAmplitude = -15, Baseline = -1, StartMs = 2, StopMs = 7 },
            new CurrentInputSpec { Target = "p", Waveform = CurrentWaveform.Sine, Amplitude = 3, PeriodMs = 2.5, Phase = 0.7, StartMs = 1 });
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"waveform\": \"ramp\"", json);
        Assert.Contains("\"periodMs\": 2.5", json);
        var again = NetworkFile.Parse(json);
        Assert.Equal(spec.Inputs[0], again.Inputs[0]);
        Assert.Equal(spec.Inputs[1], again.Inputs[1]);
        Assert.Equal(json, NetworkFile.ToJson(again));
    }
}
