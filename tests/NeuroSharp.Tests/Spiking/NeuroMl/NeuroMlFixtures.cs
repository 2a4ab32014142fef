using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>Small NeuroML 2 documents written for these tests, covering the elements c302's level A and B files use.</summary>
internal static class NeuroMlFixtures
{
    public const string Header = """<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="test">""";

    /// <summary>
    /// One iafCell (C 3 pF, g 0.1 nS: tau 30 ms; E_L = reset = -50 mV, thresh -30 mV) driven by a pulse of
    /// <paramref name="amplitudePa"/> for 1 s from t = 0.
    /// </summary>
    public static string DrivenIaf(string amplitudePa) => Header + $"""
          <iafCell id="cell" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
          <pulseGenerator id="stim" delay="0ms" duration="1000ms" amplitude="{amplitudePa}"/>
          <network id="net">
            <property tag="recommended_dt_ms" value="0.01"/>
            <population id="P" component="cell" size="1"/>
            <inputList id="in" population="P" component="stim">
              <input id="0" target="../P[0]" destination="synapses"/>
            </inputList>
          </network>
        </neuroml>
        """;

    /// <summary>
    /// c302-style level B: an included LEMS extension of iafCell, populationList instances, expTwoSynapse
    /// excitatory and inhibitory projections with connection and connectionWD, a gap junction pair and
    /// pulse inputs; plus alphaSynapse and a Poisson input on a third population.
    /// </summary>
    public static string LevelB => Header + """
          <include href="cell_ext.xml"/>
          <expTwoSynapse id="exc" gbase="0.01nS" erev="0mV" tauDecay="10ms" tauRise="3ms"/>
          <expTwoSynapse id="inh" gbase="0.02 nS" erev="-80mV" tauDecay="10ms" tauRise="3ms"/>
          <alphaSynapse id="alpha" gbase="0.05nS" erev="0mV" tau="2ms"/>
          <gapJunction id="gj" conductance="0.01 nS"/>
          <iafCell type="iafActivityCell" id="neuron" C="3pF" thresh="-30mV" reset="-50mV" leakConductance="0.1nS" leakReversal="-50mV" tau1="50ms"/>
          <iafRefCell id="refcell" C="0.003 nF" thresh="-30mV" reset="-55mV" leakConductance="0.0001 uS" leakReversal="-50mV" refract="2ms"/>
          <pulseGenerator id="stimA" delay="50 ms" duration="800ms" amplitude="5pA"/>
          <poissonFiringSynapse id="noise" averageRate="0.05 per_ms" synapse="alpha" spikeTarget="./alpha"/>
          <network id="levelB">
            <property tag="recommended_dt_ms" value="0.05"/>
            <property tag="recommended_duration_ms" value="500"/>
            <population id="A" component="neuron" size="2" type="populationList">
              <property tag="color" value="1 0 .4"/>
              <instance id="0"><location x="0" y="0" z="0"/></instance>
              <instance id="1"><location x="1" y="0" z="0"/></instance>
            </population>
            <population id="B" component="neuron" size="1" type="populationList">
              <instance id="0"><location x="0" y="1" z="0"/></instance>
            </population>
            <population id="C" component="refcell" size="3"/>
            <projection id="AB" presynapticPopulation="A" postsynapticPopulation="B" synapse="exc">
              <connectionWD id="0" preCellId="../A/0/neuron" postCellId="../B/0/neuron" weight="3.0" delay="1ms"/>
              <connection id="1" preCellId="../A/1/neuron" postCellId="../B/0/neuron"/>
            </projection>
            <projection id="BA" presynapticPopulation="B" postsynapticPopulation="A" synapse="inh">
              <connectionWD id="0" preCellId="../B/0/neuron" postCellId="../A/1/neuron" weight="2" delay="0ms"/>
            </projection>
            <electricalProjection id="gapAB" presynapticPopulation="A" postsynapticPopulation="B">
              <electricalConnectionInstanceW id="0" preCell="../A/0/neuron" postCell="../B/0/neuron" synapse="gj" weight="2.0"/>
            </electricalProjection>
            <inputList id="inA" population="A" component="stimA">
              <input id="0" target="../A/0/neuron" destination="synapses"/>
            </inputList>
            <inputList id="inC" population="C" component="noise">
              <input id="0" target="../C[0]" destination="synapses"/>
              <inputW id="1" target="../C[2]" destination="synapses" weight="0.5"/>
            </inputList>
          </network>
        </neuroml>
        """;

    /// <summary>The LEMS extension c302's cell_B.xml defines (an activity trace beside iafCell's equations), written anew.</summary>
    public const string ActivityExtension = NeuroMlExtensions.IafActivityCell;

    /// <summary>Writes <paramref name="text"/> to cell.nml in <paramref name="dir"/> and reads it as NeuroSharp does.</summary>
    public static NetworkSpec Load(string text, TempDirectory dir)
    {
        string path = dir.File("cell.nml");
        File.WriteAllText(path, text);
        return NeuroMlFile.Load(path);
    }

    /// <summary>Writes the level-B document and its include into a folder; returns the main file.</summary>
    public static string WriteLevelB(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "cell_ext.xml"), ActivityExtension);
        string path = Path.Combine(folder, "levelB.net.nml");
        File.WriteAllText(path, LevelB);
        return path;
    }
}
