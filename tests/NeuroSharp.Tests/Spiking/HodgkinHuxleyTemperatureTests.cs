using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// A temperature that changes in time (HodgkinHuxleyNeuronSpec.TemperatureChangesMs): the gates' rates follow it by their q10 from
/// the step of the change, exactly as a run at the first temperature retuned to the second at that step; the JSON file and NeuroML
/// tissues (LEMS_NML2_Ex17_Tissue's tissueWithVaryingTemperature) give it.
/// </summary>
public class HodgkinHuxleyTemperatureTests
{
    private const double Dt = 0.01;

    /// <summary>Hodgkin and Huxley's cell at 22 degC, every gate with q10 3 (NeuroML's q10ExpTemp at 32 degC: factor 3^-1 at 22).</summary>
    private static HodgkinHuxleyNeuronSpec Cell(double baseFactor = 1 / 3.0) => HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
    {
        TemperatureCelsius = 22,
        Channels = [.. HodgkinHuxleyNeuronSpec.HodgkinHuxley1952.Channels.Select(c => c with { Gates = [.. c.Gates.Select(g => g with { RateFactor = baseFactor, Q10 = 3 })] })],
    };

    private static NetworkSpec Net(HodgkinHuxleyNeuronSpec cell) => new()
    {
        DtMs = Dt,
        Populations = [new PopulationSpec { Name = "p", Count = 3, Model = cell }],
        Inputs = [new CurrentInputSpec { Target = "p", Amplitude = 1000 }],
    };

    private static float[] Trace(SpikingEngine engine, int steps, Action<int>? before = null)
    {
        var v = engine.Groups[0].Variable("v")!;
        var trace = new float[steps];
        for (int k = 0; k < steps; k++)
        {
            before?.Invoke(k);
            engine.Step();
            trace[k] = v[0];
        }
        return trace;
    }

    [Fact]
    public void TemperatureChange_EqualsARunRetunedAtThatStep_BitForBit()
    {
        // From 5 ms (step 500) the cell is at 16 degC: each gate's factor 3^-1 x 3^((16 - 22) / 10). The spliced run keeps 22 degC and
        // is given, at step 500, the cell at 16 degC written out here.
        var changing = Cell() with { TemperatureChangesMs = [5], TemperatureChangesCelsius = [16] };
        var scheduled = Trace(new SpikingEngine(Net(changing)), 2000);
        var cold = Cell() with
        {
            TemperatureCelsius = 16,
            Channels = [.. Cell().Channels.Select(c => c with { Gates = [.. c.Gates.Select(g => g with { RateFactor = 1 / 3.0 * Math.Pow(3, (16 - 22) / 10.0) })] })],
        };
        var spliced = new SpikingEngine(Net(Cell()));
        var splicedTrace = Trace(spliced, 2000, k => { if (k == 500) spliced.SetModel("p", cold); });
        Assert.Equal(splicedTrace, scheduled);
        // And the change matters: a run at 22 degC throughout agrees up to step 500 and not after.
        var warm = Trace(new SpikingEngine(Net(Cell())), 2000);
        Assert.Equal(warm[..501], scheduled[..501]);
        Assert.NotEqual(warm[502], scheduled[502]);
    }

    [Fact]
    public void TemperatureChange_ToTheSameTemperature_ChangesNothing_AndAResetStartsWarmAgain()
    {
        var same = Cell() with { TemperatureChangesMs = [3], TemperatureChangesCelsius = [22] };
        var fixedRun = Trace(new SpikingEngine(Net(Cell())), 1000);
        Assert.Equal(fixedRun, Trace(new SpikingEngine(Net(same)), 1000));

        var changing = Cell() with { TemperatureChangesMs = [2, 6], TemperatureChangesCelsius = [10, 30] };
        var engine = new SpikingEngine(Net(changing));
        var first = Trace(engine, 1000);
        engine.Reset();
        Assert.Equal(first, Trace(engine, 1000));
    }

    [Fact]
    public void TemperatureChange_SameSeed_SameTrace_AtOneAndTwoThreads()
    {
        var changing = Cell() with { TemperatureChangesMs = [1], TemperatureChangesCelsius = [12] };
        var spec = Net(changing) with
        {
            Populations = [new PopulationSpec { Name = "p", Count = 5000, Model = changing, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -60) } }],
        };
        float[] Run(int threads) => Trace(new SpikingEngine(spec, new SimulationOptions { Seed = 4, Threads = threads }), 300);
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void GateRateFactorAt_IsQ10ToTheTemperatureDifferenceOverTen()
    {
        var gate = Cell().Channels[1].Gates[0];
        Assert.Equal(1 / 3.0 * Math.Pow(3, -0.6), gate.RateFactorAt(16, 22), 15);
        Assert.Equal(1 / 3.0, gate.RateFactorAt(22, 22), 15);
        Assert.Equal(0.5, (gate with { Q10 = 1, RateFactor = 0.5 }).RateFactorAt(40, 22));
    }

    [Fact]
    public void TemperatureChanges_SurviveTheJsonFile_AndBadOnesAreRefused()
    {
        var spec = Net(Cell() with { TemperatureChangesMs = [5, 9], TemperatureChangesCelsius = [16, 30] });
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"temperatureChangesMs\"", json);
        Assert.Contains("\"q10\": 3", json);
        var back = NetworkFile.Parse(json);
        Assert.Equal(spec.Populations[0].Model, back.Populations[0].Model);

        var bad = Net(Cell() with { TemperatureChangesMs = [5, 4], TemperatureChangesCelsius = [16, 30] });
        var e = Assert.Throws<InvalidInputException>(() => bad.Validate());
        Assert.Contains("temperatureChangesMs[1]", e.Message);
        var uneven = Net(Cell() with { TemperatureChangesMs = [5], TemperatureChangesCelsius = [16, 30] });
        Assert.Contains("temperatureChangesCelsius", Assert.Throws<InvalidInputException>(() => uneven.Validate()).Message);
    }

    private const string Tissue = """
        <Lems>
          <Target component="sim"/>
          <ComponentType name="baseTissue"><Child name="network" type="network"/></ComponentType>
          <ComponentType name="warmingTissue" extends="baseTissue">
            <Exposure name="temperature" dimension="temperature"/>
            <Parameter name="startTemperature" dimension="temperature"/>
            <Parameter name="endTemperature" dimension="temperature"/>
            <Parameter name="changeTime" dimension="time"/>
            <Dynamics>
              <StateVariable name="temperature" exposure="temperature" dimension="temperature"/>
              DYNAMICS
            </Dynamics>
          </ComponentType>
          <ionChannelHH id="k" conductance="10pS">
            <gateHHrates id="n" instances="4">
              <q10Settings type="q10ExpTemp" q10Factor="3" experimentalTemp="32degC"/>
              <forwardRate type="HHExpLinearRate" rate="0.1per_ms" midpoint="-55mV" scale="10mV"/>
              <reverseRate type="HHExpRate" rate="0.125per_ms" midpoint="-65mV" scale="-80mV"/>
            </gateHHrates>
          </ionChannelHH>
          <pointCellCondBased id="hh" C="10pF" v0="-65mV" thresh="20mV">
            <channelPopulation id="kChans" ionChannel="k" number="36000" erev="-77mV"/>
          </pointCellCondBased>
          <warmingTissue id="slice" startTemperature="22degC" endTemperature="16degC" changeTime="500ms">
            <network id="net1"><population id="pop" component="hh" size="1"/></network>
          </warmingTissue>
          <Simulation id="sim" length="10ms" step="0.01ms" target="slice"/>
        </Lems>
        """;

    private const string Dynamics = """
        <OnStart><StateAssignment variable="temperature" value="startTemperature"/></OnStart>
        <OnCondition test="t .gt. changeTime"><StateAssignment variable="temperature" value="endTemperature"/></OnCondition>
        """;

    [Fact]
    public void NeuroMlTissue_WithVaryingTemperature_StartsAtItsStartAndChangesAtChangeTime()
    {
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_tissue.xml");
        File.WriteAllText(path, Tissue.Replace("DYNAMICS", Dynamics));
        var sim = LemsFile.Load(path);
        var cell = Assert.IsType<HodgkinHuxleyNeuronSpec>(sim.Network.Populations[0].Model);
        Assert.Equal(22, cell.TemperatureCelsius, 9);
        Assert.Equal([500.0], cell.TemperatureChangesMs);
        Assert.Equal(16, cell.TemperatureChangesCelsius[0], 9);
        var gate = cell.Channels.Single(c => c.Gates.Count > 0).Gates[0];
        Assert.Equal(3, gate.Q10);
        Assert.Equal(Math.Pow(3, -1), gate.RateFactor, 12);      // 3^((22 - 32) / 10)
        Assert.Equal(Math.Pow(3, -1.6), gate.RateFactorAt(16, cell.TemperatureCelsius), 12);
    }

    [Theory]
    [InlineData("<OnStart><StateAssignment variable=\"temperature\" value=\"startTemperature\"/></OnStart><TimeDerivative variable=\"temperature\" value=\"1\"/>",
        "whose Dynamics hold <TimeDerivative>")]
    [InlineData("<OnStart><StateAssignment variable=\"temperature\" value=\"startTemperature\"/></OnStart><OnCondition test=\"t .lt. changeTime\"><StateAssignment variable=\"temperature\" value=\"endTemperature\"/></OnCondition>",
        "whose OnCondition tests 't .lt. changeTime'")]
    [InlineData("<OnCondition test=\"t .gt. changeTime\"><StateAssignment variable=\"temperature\" value=\"endTemperature\"/></OnCondition>",
        "whose Dynamics have no OnStart")]
    [InlineData("<OnStart><StateAssignment variable=\"temperature\" value=\"changeTime\"/></OnStart>",
        "whose OnStart does other than assign the temperature a temperature Parameter")]
    public void NeuroMlTissue_OtherDynamics_AreRefusedInOneSentence(string dynamics, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_tissue.xml");
        File.WriteAllText(path, Tissue.Replace("DYNAMICS", dynamics));
        var e = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains("/Lems/warmingTissue[@id='slice'] is a <warmingTissue>", e.Message);
    }
}
