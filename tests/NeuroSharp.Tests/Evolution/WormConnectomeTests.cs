using NeuroSharp.Evolution.Worlds;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>
/// A C. elegans connectome as the worm's network (docs/world-worm.md, "A C. elegans connectome as the network"): a
/// small c302-style NeuroML file of our own (iafCells named as in the worm, one population each) drives the worm
/// through the named-cell mapping.
/// </summary>
public class WormConnectomeTests
{
    // c302's level-A cells and synapse (leak and reset -50 mV, threshold -30 mV, 3 pF, 0.1 nS); written here, not copied.
    private const string Nml = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="mini_c302">
            <expTwoSynapse id="exc_syn" gbase="0.01nS" erev="0mV" tauDecay="5ms" tauRise="3ms"/>
            <iafCell id="neuron_iaf" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
            <iafCell id="muscle_iaf" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
            <network id="mini_c302">
                <population id="ASEL" component="neuron_iaf" size="1" type="populationList"><instance id="0"><location x="0" y="0" z="0"/></instance></population>
                <population id="ASER" component="neuron_iaf" size="1" type="populationList"><instance id="0"><location x="0" y="1" z="0"/></instance></population>
                <population id="ALML" component="neuron_iaf" size="1" type="populationList"><instance id="0"><location x="0" y="2" z="0"/></instance></population>
                <population id="AVAL" component="neuron_iaf" size="1" type="populationList"><instance id="0"><location x="0" y="3" z="0"/></instance></population>
                <population id="MDL01" component="muscle_iaf" size="1" type="populationList"><instance id="0"><location x="0" y="4" z="0"/></instance></population>
                <population id="MVL01" component="muscle_iaf" size="1" type="populationList"><instance id="0"><location x="0" y="5" z="0"/></instance></population>
                <projection id="ASEL_MDL01" presynapticPopulation="ASEL" postsynapticPopulation="MDL01" synapse="exc_syn">
                    <connectionWD id="0" preCellId="../ASEL/0/neuron_iaf" postCellId="../MDL01/0/muscle_iaf" weight="400" delay="0ms"/>
                </projection>
                <projection id="ASER_MVL01" presynapticPopulation="ASER" postsynapticPopulation="MVL01" synapse="exc_syn">
                    <connectionWD id="0" preCellId="../ASER/0/neuron_iaf" postCellId="../MVL01/0/muscle_iaf" weight="400" delay="0ms"/>
                </projection>
                <projection id="ALML_AVAL" presynapticPopulation="ALML" postsynapticPopulation="AVAL" synapse="exc_syn">
                    <connectionWD id="0" preCellId="../ALML/0/neuron_iaf" postCellId="../AVAL/0/neuron_iaf" weight="400" delay="0ms"/>
                </projection>
            </network>
        </neuroml>
        """;

    private static NetworkSpec Load()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "mini_c302.net.nml");
        File.WriteAllText(path, Nml);
        return NeuroMlFile.Load(path) with { DtMs = 1 };
    }

    [Fact]
    public void Map_NamedCells_FoundBySensorAndMuscleSide()
    {
        var map = WormConnectome.Map(Load())!;
        Assert.Equal(["ASEL"], map.Sensors[1]);
        Assert.Equal(["ASER"], map.Sensors[2]);
        Assert.Equal(["ALML"], map.Sensors[3]);
        Assert.Empty(map.Sensors[0]);
        Assert.Equal(["MDL01"], map.Motors[0]);
        Assert.Equal(["MVL01"], map.Motors[1]);
        Assert.Equal(["AVAL"], map.Motors[2]);
        Assert.Null(WormConnectome.Map(WormReferenceNetwork.Build()));
    }

    [Fact]
    public void Binding_EachSensor_DrivesItsMuscleSideOrTheReversal()
    {
        var options = new WormTaskOptions();
        var net = Load();
        int[] Window(int sensor)
        {
            var binding = new NetworkBinding(net, "worm-klinotaxis", WormWorld.SensorCount, WormEpisode.OutputCount, 1, options.InputGain, options.Stimulus, WormConnectome.Map(net));
            var sensors = new float[WormWorld.SensorCount];
            if (sensor >= 0) sensors[sensor] = 1;
            var total = new int[3];
            var counts = new int[3];
            for (int w = 0; w < 10; w++)
            {
                binding.RunWindow(sensors, 20, counts);
                for (int j = 0; j < 3; j++) total[j] += counts[j];
            }
            return total;
        }
        Assert.Equal([0, 0, 0], Window(-1));
        var rise = Window(1);
        Assert.True(rise[0] > 0 && rise[1] == 0 && rise[2] == 0, string.Join(",", rise));
        var fall = Window(2);
        Assert.True(fall[1] > 0 && fall[0] == 0 && fall[2] == 0, string.Join(",", fall));
        var touch = Window(3);
        Assert.True(touch[2] > 0 && touch[0] == 0 && touch[1] == 0, string.Join(",", touch));
    }

    [Fact]
    public void Klinotaxis_ConnectomeNetwork_RunsATrialInTheWorld()
    {
        var task = new WormKlinotaxisTask(new WormTaskOptions { Trials = 1, EpisodeSeconds = 2 });
        var r = task.RunTrial(Load(), task.TestTrials(1)[0]);
        Assert.Equal(100, r.Steps);
        Assert.True(double.IsFinite(r.Fitness));
    }
}
