using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>NeuroML import: units, the mapping of each element, closed forms and refusals.</summary>
public class NeuroMlReaderTests
{
    [Theory]
    [InlineData("3pF", NeuroMlDimension.Capacitance, 3)]
    [InlineData("0.003 nF", NeuroMlDimension.Capacitance, 3)]
    [InlineData("0.1nS", NeuroMlDimension.Conductance, 0.1)]
    [InlineData("0.2 uS", NeuroMlDimension.Conductance, 200)]
    [InlineData("10ms", NeuroMlDimension.Time, 10)]
    [InlineData("0.5s", NeuroMlDimension.Time, 500)]
    [InlineData("-70mV", NeuroMlDimension.Voltage, -70)]
    [InlineData("-0.07V", NeuroMlDimension.Voltage, -70)]
    [InlineData("1nA", NeuroMlDimension.Current, 1000)]
    [InlineData("2.5pA", NeuroMlDimension.Current, 2.5)]
    [InlineData("50Hz", NeuroMlDimension.Frequency, 50)]
    [InlineData("0.05 per_ms", NeuroMlDimension.Frequency, 50)]
    [InlineData("1e-3 S", NeuroMlDimension.Conductance, 1e6)]
    [InlineData("2.5", NeuroMlDimension.None, 2.5)]
    // Every other symbol of every family, and conductance per voltage (izhikevich2007Cell's k).
    [InlineData("250us", NeuroMlDimension.Time, 0.25)]
    [InlineData("150uV", NeuroMlDimension.Voltage, 0.15)]
    [InlineData("0.002mA", NeuroMlDimension.Current, 2e6)]
    [InlineData("0.3uA", NeuroMlDimension.Current, 3e5)]
    [InlineData("700fA", NeuroMlDimension.Current, 0.7)]
    [InlineData("0.0001 A", NeuroMlDimension.Current, 1e8)]
    [InlineData("0.05mS", NeuroMlDimension.Conductance, 5e4)]
    [InlineData("300pS", NeuroMlDimension.Conductance, 0.3)]
    [InlineData("2e-12 F", NeuroMlDimension.Capacitance, 2)]
    [InlineData("0.001mF", NeuroMlDimension.Capacitance, 1e6)]
    [InlineData("0.25uF", NeuroMlDimension.Capacitance, 2.5e5)]
    [InlineData("0.04 kHz", NeuroMlDimension.Frequency, 40)]
    [InlineData("7 per_s", NeuroMlDimension.Frequency, 7)]
    [InlineData("0.7nS_per_mV", NeuroMlDimension.ConductancePerVoltage, 0.7)]
    [InlineData("0.0007 uS_per_mV", NeuroMlDimension.ConductancePerVoltage, 0.7)]
    [InlineData("7e-7 S_per_V", NeuroMlDimension.ConductancePerVoltage, 0.7)]
    public void Units_NeuroMlQuantity_ConvertsExactlyToTheEngineUnit(string text, NeuroMlDimension dimension, double expected)
    {
        Assert.Null(NeuroMlUnits.TryParse(text, dimension, out double value));
        Assert.Equal(expected, value); // exact: decimal arithmetic, one rounding
    }

    [Theory]
    [InlineData("3pF", NeuroMlDimension.Time, "not a time")]
    [InlineData("10 parsecs", NeuroMlDimension.Time, "not a time")]
    [InlineData("mV", NeuroMlDimension.Voltage, "has no number")]
    [InlineData("0.7 nS", NeuroMlDimension.ConductancePerVoltage, "not a conductance per voltage")]
    public void Units_WrongDimension_SaysWhichUnitsFit(string text, NeuroMlDimension dimension, string problem)
    {
        string? message = NeuroMlUnits.TryParse(text, dimension, out _);
        Assert.NotNull(message);
        Assert.Contains(problem, message);
    }

    [Fact]
    public void IafCell_ConstantCurrent_FiresWithTheClosedFormPeriod()
    {
        // tau = C / g = 3 pF / 0.1 nS = 30 ms; V_inf = E_L + I / g = -50 + 4 / 0.1 = -10 mV;
        // T = tau ln((V_inf - reset) / (V_inf - thresh)) = 30 ln(40 / 20) = 20.794 ms. With no conductances the
        // exponential Euler step is exact, so each interval is T rounded up to whole steps of 0.01 ms.
        using var dir = new TempDirectory();
        string path = dir.File("driven.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.DrivenIaf("4pA"));
        var spec = NeuroMlFile.Load(path);
        double period = 30 * Math.Log(40.0 / 20.0);
        var engine = new SpikingEngine(spec);
        engine.Run(50_000);
        var times = engine.SpikeMonitors[0].TimesMs();
        Assert.True(times.Length > 20, $"only {times.Length} spikes");
        for (int k = 1; k < times.Length; k++)
        {
            double isi = times[k] - times[k - 1];
            Assert.True(Math.Abs(isi - Math.Ceiling(period / 0.01) * 0.01) < 0.0100001, $"interval {k}: {isi} ms vs {period} ms");
        }
        double mean = (times[^1] - times[0]) / (times.Length - 1);
        Assert.True(Math.Abs(mean - period) < 0.01, $"mean interval {mean} ms vs {period} ms");
    }

    [Fact]
    public void IafCells_StartAtLeakReversal_AndFireOnTheFirstStepWhenThatIsAboveThresh()
    {
        // NeuroML2's LEMS_NML2_Ex0_IaF cells: Cells.xml starts iafCell and iafRefCell at leakReversal (OnStart v = leakReversal),
        // here -53 mV, above thresh -55 mV: both fire on the first step and reset to -70 mV; the iafRefCell is then held there
        // for refract = 5 ms. With no input the next spike comes tau ln((E_L - reset) / (E_L - thresh)) = 16 ln(17 / 2) = 34.24 ms
        // after the reset (tau = C / g = 3.2 pF / 0.2 nS), the iafRefCell's 5 ms later: jNeuroML_NEURON's 33.47 and 38.47 ms
        // (.test.ex0.mep, one step of 0.005 ms after its reset at t = 0 and a sampled threshold of -55.1 mV). Started at reset,
        // as this reader did before, neither fired at t = 0 and the iafRefCell fired 5 ms early.
        using var dir = new TempDirectory();
        string path = dir.File("ex0.nml");
        File.WriteAllText(path, """
            <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="ex0">
              <iafCell id="iaf" leakConductance="0.2nS" leakReversal="-53mV" thresh="-55mV" reset="-70mV" C="3.2pF"/>
              <iafRefCell id="iafRef" leakConductance="0.2nS" leakReversal="-53mV" thresh="-55mV" reset="-70mV" C="3.2pF" refract="5ms"/>
              <network id="net1">
                <population id="iafPop" component="iaf" size="1"/>
                <population id="iafRefPop" component="iafRef" size="1"/>
              </network>
            </neuroml>
            """);
        var spec = NeuroMlFile.Load(path);
        Assert.All(spec.Populations, p => Assert.Null(p.Initial)); // the engine's start: rest = leakReversal
        spec = spec with { DtMs = 0.005, Monitors = [new SpikeMonitorSpec { Target = "iafPop" }, new SpikeMonitorSpec { Target = "iafRefPop" }] };
        var engine = new SpikingEngine(spec);
        engine.Run(9_000); // 45 ms
        double next = 16 * Math.Log(17.0 / 2.0);
        var iaf = engine.SpikeMonitors[0].TimesMs();
        var iafRef = engine.SpikeMonitors[1].TimesMs();
        Assert.Equal(2, iaf.Length);
        Assert.Equal(2, iafRef.Length);
        Assert.Equal(0, iaf[0]);
        Assert.Equal(0, iafRef[0]);
        Assert.True(Math.Abs(iaf[1] - next) <= 0.0100001, $"iafCell's second spike at {iaf[1]} ms, expected {next:F3} ms");
        Assert.True(Math.Abs(iafRef[1] - (next + 5)) <= 0.0100001, $"iafRefCell's second spike at {iafRef[1]} ms, expected {next + 5:F3} ms");
    }

    [Fact]
    public void IafCell_PulseWindow_FiresWithTheClosedFormTimesOnlyWhileThePulseLasts()
    {
        // The same cell (tau 30 ms, V_inf -10 mV, T = 30 ln 2 = 20.794 ms) at rest (v = reset = E_L) until a 4 pA pulse
        // from 100 to 300 ms: spike k at 100 + k T (k = 1..9, 9 T = 187.1 ms < 200 < 10 T), each within a step of
        // 0.01 ms (the step rounds each interval up), and none before the pulse or after it.
        using var dir = new TempDirectory();
        string path = dir.File("pulse.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.DrivenIaf("4pA").Replace("delay=\"0ms\" duration=\"1000ms\"", "delay=\"0.1s\" duration=\"200ms\"", StringComparison.Ordinal));
        var engine = new SpikingEngine(NeuroMlFile.Load(path));
        engine.Run(50_000); // 500 ms
        var times = engine.SpikeMonitors[0].TimesMs();
        double period = 30 * Math.Log(40.0 / 20.0);
        Assert.Equal(9, times.Length);
        for (int k = 0; k < times.Length; k++)
        {
            double expected = 100 + (k + 1) * period;
            Assert.True(times[k] >= expected - 0.01 - 1e-9 && times[k] <= expected + (k + 1) * 0.01 + 1e-9, $"spike {k + 1}: {times[k]} ms vs {expected} ms");
        }
    }

    [Fact]
    public void IafCell_CurrentBelowRheobase_NeverFires()
    {
        // V_inf = -50 + 1.9 / 0.1 = -31 mV stays below thresh (-30 mV).
        using var dir = new TempDirectory();
        string path = dir.File("weak.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.DrivenIaf("1.9pA"));
        var engine = new SpikingEngine(NeuroMlFile.Load(path));
        engine.Run(50_000);
        Assert.Empty(engine.SpikeMonitors[0].TimesMs());
        // The kernel steps in float: its fixed point (1 - a) E / (1 - a) carries a relative error of about 1e-4 here.
        Assert.True(Math.Abs(engine.GetVariable("P", "v")[0] + 31) < 0.01, $"v {engine.GetVariable("P", "v")[0]}");
    }

    [Fact]
    public void LevelB_Load_MapsEveryElementExactly()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(NeuroMlFixtures.WriteLevelB(dir.Path));
        Assert.Equal(0.05, spec.DtMs);
        Assert.Equal(500, spec.DurationMs);
        Assert.Equal(["A", "B", "C"], spec.Populations.Select(p => p.Name));
        var a = (ConductanceLifNeuronSpec)spec.Populations[0].Model;
        Assert.Equal(30, a.TauMs, 12);
        Assert.Equal((-50.0, -50.0, -30.0, 0.0), (a.RestMv, a.ResetMv, a.ThresholdMv, a.RefractoryMs));
        Assert.Equal((10.0, 3.0, -80.0), (a.TauInhMs, a.RiseInhMs, a.InhReversalMv)); // A receives only the inhibitory synapse
        Assert.Equal("#ff0066", spec.Populations[0].Color);
        var b = (ConductanceLifNeuronSpec)spec.Populations[1].Model;
        Assert.Equal((10.0, 3.0, 0.0), (b.TauExcMs, b.RiseExcMs, b.ExcReversalMv));
        var c = (ConductanceLifNeuronSpec)spec.Populations[2].Model;
        Assert.Equal((2.0, 2.0, 0.0, 2.0), (c.TauExcMs, c.RiseExcMs, c.ExcReversalMv, c.RefractoryMs)); // alpha: rise = decay
        Assert.Null(spec.Populations[2].Initial); // NeuroML starts an iafRefCell at its leakReversal, the engine at rest

        var ab = Assert.IsType<ExplicitConnectivity>(spec.Projections[0].Connectivity);
        Assert.Equal(Receptor.Excitatory, spec.Projections[0].Receptor);
        Assert.Equal([0, 1], ab.Sources);
        Assert.Equal([0, 0], ab.Targets);
        Assert.Equal(3 * 0.01 / 0.1, ab.Weights![0], 12); // weight x gbase / g_L
        Assert.Equal(0.01 / 0.1, ab.Weights[1], 12);
        Assert.Equal([1.0, 0.0], ab.DelaysMs);
        Assert.Equal(Receptor.Inhibitory, spec.Projections[1].Receptor);
        Assert.Null(((ExplicitConnectivity)spec.Projections[1].Connectivity).Weights); // one synapse: the projection's weight
        Assert.Equal(2 * 0.02 / 0.1, spec.Projections[1].Weight.Value, 12);

        var gap = Assert.Single(spec.GapJunctions);
        Assert.Equal(2 * 0.01 / 0.1, gap.Conductance.Value, 12);

        var pulse = Assert.IsType<CurrentInputSpec>(spec.Inputs[0]);
        Assert.Equal((5 / 0.1, 50.0, 850.0), (pulse.Amplitude, pulse.StartMs, pulse.StopMs!.Value));
        Assert.Equal([0], pulse.Indices);
        var noise = spec.Inputs.OfType<PoissonInputSpec>().ToList();
        Assert.Equal(2, noise.Count); // weights 1 and 0.5: one input each
        Assert.Equal((50.0, 0.05 / 0.1, Receptor.Excitatory), (noise[0].RateHz, noise[0].Weight, noise[0].Receptor));
        Assert.Equal([2], noise[1].Indices);
        Assert.Equal(0.5 * 0.05 / 0.1, noise[1].Weight, 12);
    }

    [Fact]
    public void LevelB_Simulate_RunsAndTheDrivenCellFires()
    {
        using var dir = new TempDirectory();
        var spec = NeuroMlFile.Load(NeuroMlFixtures.WriteLevelB(dir.Path));
        var engine = new SpikingEngine(spec);
        engine.Run(10_000);
        // A[0] gets 5 pA: V_inf = 0 mV, T = 30 ln(50 / 30) = 15.3 ms, so about 800 / 15.3 = 52 spikes in 500 ms less 50 ms.
        var a = engine.SpikeMonitors[0];
        Assert.InRange(a.TimesMs().Length, 25, 35);
    }

    [Fact]
    public void GapJunction_TwoPassiveCells_FollowTheClosedForm()
    {
        // Two cells with tau 10 ms (thresholds out of reach), cell 0 driven by I (mV), coupled by g (in units of g_L).
        // In d = v - E_L: the sum relaxes with tau, the difference with tau / (1 + 2g):
        //   d0 + d1 = I (1 - exp(-t / tau)),   d0 - d1 = I / (1 + 2g) (1 - exp(-t (1 + 2g) / tau)).
        const double tau = 10, g = 0.5, current = 20, dt = 0.01;
        var cell = new ConductanceLifNeuronSpec { TauMs = tau, RestMv = -70, ResetMv = -70, ThresholdMv = 100, RefractoryMs = 0 };
        var spec = new NetworkSpec
        {
            DtMs = dt,
            Populations = [new PopulationSpec { Name = "a", Count = 1, Model = cell }, new PopulationSpec { Name = "b", Count = 1, Model = cell }],
            GapJunctions = [new GapJunctionSpec { Source = "a", Target = "b", Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Conductance = DistributionSpec.Constant(g) }],
            Inputs = [new CurrentInputSpec { Target = "a", Amplitude = current }],
        };
        var engine = new SpikingEngine(spec);
        for (int step = 1; step <= 10_000; step++)
        {
            engine.Step();
            if (step % 500 != 0) continue;
            double t = step * dt;
            double sum = current * (1 - Math.Exp(-t / tau));
            double diff = current / (1 + 2 * g) * (1 - Math.Exp(-t * (1 + 2 * g) / tau));
            double d0 = engine.GetVariable("a", "v")[0] + 70, d1 = engine.GetVariable("b", "v")[0] + 70;
            // The coupling current is held over each step: an error of order dt g / tau (0.05 %) of I.
            Assert.True(Math.Abs(d0 - (sum + diff) / 2) < 0.02, $"t {t}: cell a {d0} vs {(sum + diff) / 2}");
            Assert.True(Math.Abs(d1 - (sum - diff) / 2) < 0.02, $"t {t}: cell b {d1} vs {(sum - diff) / 2}");
        }
        // Steady state: d0 = I (1 + g) / (1 + 2g) = 15, d1 = I g / (1 + 2g) = 5.
        Assert.Equal(15, engine.GetVariable("a", "v")[0] + 70, 2);
        Assert.Equal(5, engine.GetVariable("b", "v")[0] + 70, 2);
    }

    [Theory]
    [InlineData(3.0, 10.0)]
    [InlineData(2.0, 2.0)]
    public void RiseChannel_OneSpike_ConductanceFollowsTheNormalisedDifferenceOfExponentials(double rise, double decay)
    {
        // A spike of weight w at step 10 adds w to h; from then on g at step 10 + k is w b(k dt), with
        // b(t) = f (exp(-t / tau_d) - exp(-t / tau_r)) of peak 1 (alpha: (t / tau) exp(1 - t / tau)).
        const double dt = 0.1, w = 0.3;
        var spec = new NetworkSpec
        {
            DtMs = dt,
            Populations =
            [
                new PopulationSpec { Name = "s", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [1.0] } },
                new PopulationSpec { Name = "n", Count = 1, Model = new ConductanceLifNeuronSpec { TauExcMs = decay, RiseExcMs = rise, ThresholdMv = 100 } },
            ],
            Projections = [new ProjectionSpec { Source = "s", Target = "n", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(w) }],
        };
        var engine = new SpikingEngine(spec);
        double peak = rise == decay ? decay : rise * decay * Math.Log(decay / rise) / (decay - rise);
        double f = rise == decay ? 1 : 1 / (Math.Exp(-peak / decay) - Math.Exp(-peak / rise));
        double B(double t) => rise == decay ? t / decay * Math.Exp(1 - t / decay) : f * (Math.Exp(-t / decay) - Math.Exp(-t / rise));
        double max = 0;
        for (int step = 0; step < 400; step++)
        {
            engine.Step();
            double g = engine.GetVariable("n", "ge")[0];
            double expected = step <= 10 ? 0 : w * B((step - 10) * dt);
            Assert.True(Math.Abs(g - expected) < 1e-5, $"step {step}: g {g} vs {expected}");
            max = Math.Max(max, g);
        }
        Assert.Equal(w, max, 3); // the peak is the weight (to within the step's sampling)
    }

    [Fact]
    public void Load_UnsupportedElement_NamesElementPathAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("hr.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  <hindmarshRose1985Cell id=\"hr\"/>\n  <network id=\"n\"/>\n</neuroml>\n");
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains($"{path}:2:4:", ex.Message);
        Assert.Contains("/neuroml/hindmarshRose1985Cell[@id='hr']", ex.Message);
        Assert.Contains("<hindmarshRose1985Cell>, which NeuroSharp does not simulate", ex.Message);
    }

    [Fact]
    public void Load_MalformedXml_NamesFileLineAndPosition()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + "\n  <network id=\"n\">\n</neuroml>\n");
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.StartsWith($"{path}: not well-formed XML at line 3, position 3", ex.Message);
    }

    [Fact]
    public void Load_BadUnit_NamesTheAttribute()
    {
        using var dir = new TempDirectory();
        string path = dir.File("unit.nml");
        File.WriteAllText(path, NeuroMlFixtures.DrivenIaf("4pA").Replace("C=\"3pF\"", "C=\"3ms\"", StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains("/neuroml/iafCell[@id='cell'] @C is '3ms', not a capacitance (units: F, mF, uF, nF, pF)", ex.Message);
    }

    [Fact]
    public void Load_MissingInclude_NamesTheIncludeElement()
    {
        using var dir = new TempDirectory();
        string path = dir.File("levelB.net.nml");
        File.WriteAllText(path, NeuroMlFixtures.LevelB);
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains("/neuroml/include[1] names 'cell_ext.xml'", ex.Message.Replace(dir.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_OverTheMemoryBudget_RefusedBeforeParsing()
    {
        using var dir = new TempDirectory();
        string path = dir.File("levelB.net.nml");
        // 100 kB of notes: about 1.2 MB of parsed tree, over a 1 MB budget.
        File.WriteAllText(path, NeuroMlFixtures.Header + "<notes>" + new string('x', 100_000) + "</notes><network id=\"n\"/></neuroml>");
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path, new MemoryBudget(1 << 20)));
        Assert.Contains("levelB.net.nml (NeuroML", ex.Message);
        Assert.Contains("--memory-limit", ex.Message);
    }

    [Fact]
    public void Load_ChemicalSynapseOntoAdEx_Refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("adex.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + """
              <adExIaFCell id="ad" C="281pF" gL="30nS" EL="-70.6mV" reset="-70.6mV" VT="-50.4mV" thresh="-40.4mV" delT="2mV" tauw="144ms" refract="0ms" a="4nS" b="0.0805nA"/>
              <expOneSynapse id="syn" gbase="1nS" erev="0mV" tauDecay="5ms"/>
              <network id="n">
                <population id="P" component="ad" size="2"/>
                <projection id="PP" presynapticPopulation="P" postsynapticPopulation="P" synapse="syn">
                  <connection id="0" preCellId="../P[0]" postCellId="../P[1]"/>
                </projection>
              </network>
            </neuroml>
            """);
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Load(path));
        Assert.Contains("/neuroml/network[@id='n']/projection[@id='PP']", ex.Message);
        Assert.Contains("current-based", ex.Message);
    }

    [Fact]
    public void AdExCell_Load_ParametersInEngineUnits()
    {
        using var dir = new TempDirectory();
        string path = dir.File("adex.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + """
              <adExIaFCell id="ad" C="281pF" gL="30nS" EL="-70.6mV" reset="-70.6mV" VT="-50.4mV" thresh="-40.4mV" delT="2mV" tauw="144ms" refract="0ms" a="4nS" b="0.0805nA"/>
              <pulseGenerator id="p" delay="0ms" duration="1s" amplitude="1nA"/>
              <network id="n">
                <population id="P" component="ad" size="1"/>
                <explicitInput target="P[0]" input="p"/>
              </network>
            </neuroml>
            """);
        var spec = NeuroMlFile.Load(path);
        Assert.Equal(AdExNeuronSpec.BretteGerstner, spec.Populations[0].Model);
        var input = Assert.IsType<CurrentInputSpec>(Assert.Single(spec.Inputs));
        Assert.Equal((1000.0, 0.0, 1000.0), (input.Amplitude, input.StartMs, input.StopMs!.Value));
    }

    [Fact]
    public void Load_ZeroGbaseSynapse_TakesNoChannel()
    {
        // c302's level A writes its electrical synapses as expTwoSynapse with gbase 0: a third kind that carries no current.
        using var dir = new TempDirectory();
        string path = dir.File("zero.nml");
        File.WriteAllText(path, NeuroMlFixtures.Header + """
              <iafCell id="cell" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
              <expTwoSynapse id="exc" gbase="0.01nS" erev="0mV" tauDecay="5 ms" tauRise="3ms"/>
              <expTwoSynapse id="inh" gbase="0.01nS" erev="-80mV" tauDecay="30 ms" tauRise="3ms"/>
              <expTwoSynapse id="elec" gbase="0nS" erev="0mV" tauDecay="10ms" tauRise="3ms"/>
              <network id="n">
                <population id="P" component="cell" size="2"/>
                <projection id="e" presynapticPopulation="P" postsynapticPopulation="P" synapse="exc"><connection id="0" preCellId="../P[0]" postCellId="../P[1]"/></projection>
                <projection id="i" presynapticPopulation="P" postsynapticPopulation="P" synapse="inh"><connection id="0" preCellId="../P[1]" postCellId="../P[0]"/></projection>
                <projection id="z" presynapticPopulation="P" postsynapticPopulation="P" synapse="elec"><connection id="0" preCellId="../P[0]" postCellId="../P[1]"/></projection>
              </network>
            </neuroml>
            """);
        var spec = NeuroMlFile.Load(path);
        var m = (ConductanceLifNeuronSpec)spec.Populations[0].Model;
        Assert.Equal((5.0, 0.0, 30.0, -80.0), (m.TauExcMs, m.ExcReversalMv, m.TauInhMs, m.InhReversalMv));
        Assert.Equal(0, spec.Projections[2].Weight.Value);
    }
}
