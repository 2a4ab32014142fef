using NeuroSharp.Testing;

namespace NeuroSharp.Studio.Tests;

/// <summary>Small network JSON texts for the tests.</summary>
internal static class Networks
{
    /// <summary>Two transmitter neurons of the repository's preset, a -> b: a releases at step index 4 and activates b.</summary>
    public const string TwoLinked = """
        { "format": "neurosharp.network", "version": 1, "name": "two", "dtMs": 1,
          "neurons": [
            { "id": "a", "model": "transmitter", "preset": "repository", "x": 100, "y": 100 },
            { "id": "b", "model": "transmitter", "preset": "repository", "x": 300, "y": 100 } ],
          "links": [ { "from": "a", "to": "b" } ] }
        """;

    /// <summary>The same with a link to a neuron that does not exist.</summary>
    public const string BadLink = """
        { "format": "neurosharp.network", "version": 1, "dtMs": 1,
          "neurons": [ { "id": "a", "model": "transmitter", "preset": "repository" } ],
          "links": [ { "from": "a", "to": "ghost" } ] }
        """;

    /// <summary>
    /// A small c302-style NeuroML file of our own (c302's level-A iafCell parameters: E_L = reset = -50 mV, threshold -30 mV,
    /// 3 pF, 0.1 nS): ASEL, driven by a 5 pA pulse from 10 ms on (V_inf = 0 mV, so it fires every
    /// 30 ms x ln(50 / 30) = 15.3 ms), excites the head muscle MDL01; AVAL gets nothing and stays silent.
    /// </summary>
    public const string MiniC302 = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="mini_c302">
          <expTwoSynapse id="exc_syn" gbase="0.01nS" erev="0mV" tauDecay="10ms" tauRise="3ms"/>
          <iafCell id="cell" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
          <pulseGenerator id="drive" delay="10ms" duration="1000000000ms" amplitude="5pA"/>
          <network id="mini_c302">
            <property tag="recommended_dt_ms" value="0.1"/>
            <population id="ASEL" component="cell" size="1" type="populationList"><instance id="0"><location x="0" y="0" z="0"/></instance></population>
            <population id="MDL01" component="cell" size="1" type="populationList"><instance id="0"><location x="0" y="1" z="0"/></instance></population>
            <population id="AVAL" component="cell" size="1" type="populationList"><instance id="0"><location x="0" y="2" z="0"/></instance></population>
            <projection id="ASEL_MDL01" presynapticPopulation="ASEL" postsynapticPopulation="MDL01" synapse="exc_syn">
              <connectionWD id="0" preCellId="../ASEL/0/cell" postCellId="../MDL01/0/cell" weight="4" delay="0ms"/>
            </projection>
            <inputList id="in" population="ASEL" component="drive"><input id="0" target="../ASEL/0/cell" destination="synapses"/></inputList>
          </network>
        </neuroml>
        """;

    /// <summary>The ten cells both mini worms declare, one population each.</summary>
    private const string MiniWormPopulations = """
        <population id="AWCL" component="neuron" size="1"/>
        <population id="ASEL" component="neuron" size="1"/>
        <population id="ASER" component="neuron" size="1"/>
        <population id="ALML" component="neuron" size="1"/>
        <population id="SMDDL" component="neuron" size="1"/>
        <population id="SMDVL" component="neuron" size="1"/>
        <population id="RMED" component="neuron" size="1"/>
        <population id="AVAL" component="neuron" size="1"/>
        <population id="MDL01" component="muscle" size="1"/>
        <population id="MVL01" component="muscle" size="1"/>
        """;

    /// <summary>The chemical synapses both mini worms share.</summary>
    private const string MiniWormSharedSynapses = """
        <projection id="SMDDL_MDL01" presynapticPopulation="SMDDL" postsynapticPopulation="MDL01" synapse="exc_syn"><connectionWD id="0" preCellId="../SMDDL/0/neuron" postCellId="../MDL01/0/muscle" weight="4" delay="0ms"/></projection>
        <projection id="SMDVL_MVL01" presynapticPopulation="SMDVL" postsynapticPopulation="MVL01" synapse="exc_syn"><connectionWD id="0" preCellId="../SMDVL/0/neuron" postCellId="../MVL01/0/muscle" weight="4" delay="0ms"/></projection>
        <projection id="RMED_MVL01" presynapticPopulation="RMED" postsynapticPopulation="MVL01" synapse="inh_syn"><connectionWD id="0" preCellId="../RMED/0/neuron" postCellId="../MVL01/0/muscle" weight="2" delay="0ms"/></projection>
        <projection id="ALML_AVAL" presynapticPopulation="ALML" postsynapticPopulation="AVAL" synapse="exc_syn"><connectionWD id="0" preCellId="../ALML/0/neuron" postCellId="../AVAL/0/neuron" weight="6" delay="0ms"/></projection>
        """;

    /// <summary>
    /// A small C. elegans-style connectome of our own for the worm's network (c302's level-A cell and synapse parameters,
    /// written here; c302's files are not committed): the smell and touch cells, the head motor neurons SMDDL and SMDVL,
    /// each exciting a dorsal or ventral head muscle, RMED inhibiting the ventral muscle, and AVAL; 10 cells.
    /// </summary>
    public const string MiniWormConnectome = $"""
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="mini_worm">
          <expTwoSynapse id="exc_syn" gbase="0.01nS" erev="0mV" tauDecay="10ms" tauRise="3ms"/>
          <expTwoSynapse id="inh_syn" gbase="0.01nS" erev="-80mV" tauDecay="10ms" tauRise="3ms"/>
          <iafCell id="neuron" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
          <iafCell id="muscle" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS"/>
          <network id="mini_worm">
            {MiniWormPopulations}
            {MiniWormSharedSynapses}
            <projection id="ASEL_SMDDL" presynapticPopulation="ASEL" postsynapticPopulation="SMDDL" synapse="exc_syn"><connectionWD id="0" preCellId="../ASEL/0/neuron" postCellId="../SMDDL/0/neuron" weight="2" delay="0ms"/></projection>
          </network>
        </neuroml>
        """;

    /// <summary>
    /// The same ten cells as level B writes them: each cell an <c>iafActivityCell</c>, a LEMS extension that the file does
    /// not define but includes from <c>mini_cell.xml</c> (<see cref="MiniActivityCell"/>), and gap junctions between the
    /// head motor neurons, as c302's level B has them.
    /// </summary>
    public const string MiniWormConnectomeB = $"""
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="mini_worm_b">
          <include href="mini_cell.xml"/>
          <expTwoSynapse id="exc_syn" gbase="0.01nS" erev="0mV" tauDecay="10ms" tauRise="3ms"/>
          <expTwoSynapse id="inh_syn" gbase="0.01nS" erev="-80mV" tauDecay="10ms" tauRise="3ms"/>
          <gapJunction id="elec_syn" conductance="0.01 nS"/>
          <iafCell type="iafActivityCell" id="neuron" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS" tau1="50ms"/>
          <iafCell type="iafActivityCell" id="muscle" leakReversal="-50mV" thresh="-30mV" reset="-50mV" C="3pF" leakConductance="0.1nS" tau1="50ms"/>
          <network id="mini_worm_b">
            {MiniWormPopulations}
            {MiniWormSharedSynapses}
            <electricalProjection id="SMDDL_SMDVL" presynapticPopulation="SMDDL" postsynapticPopulation="SMDVL"><electricalConnectionInstanceW id="0" preCell="../SMDDL/0/neuron" postCell="../SMDVL/0/neuron" synapse="elec_syn" weight="1.0"/></electricalProjection>
            <electricalProjection id="ASEL_ASER" presynapticPopulation="ASEL" postsynapticPopulation="ASER"><electricalConnectionInstanceW id="0" preCell="../ASEL/0/neuron" postCell="../ASER/0/neuron" synapse="elec_syn" weight="1.0"/></electricalProjection>
          </network>
        </neuroml>
        """;

    /// <summary>The LEMS extension <see cref="MiniWormConnectomeB"/> includes (iafCell's equations plus an activity trace, as c302's cell_B.xml defines one), written anew.</summary>
    public const string MiniActivityCell = NeuroMlExtensions.IafActivityCell;
}
