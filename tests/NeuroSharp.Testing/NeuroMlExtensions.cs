namespace NeuroSharp.Testing;

/// <summary>NeuroML texts that several test projects include beside their own networks.</summary>
public static class NeuroMlExtensions
{
    /// <summary>
    /// The LEMS extension c302's level-B cell file defines: iafCell's equations plus an activity trace, written anew
    /// (c302's own files are not committed).
    /// </summary>
    public const string IafActivityCell = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="iaf_activity_cell">
          <ComponentType name="iafActivityCell" extends="iafCell" description="iafCell plus an activity trace">
            <Parameter name="tau1" dimension="time"/>
            <Dynamics>
              <StateVariable name="v" exposure="v" dimension="voltage"/>
              <StateVariable name="activity" exposure="activity" dimension="none"/>
              <DerivedVariable name="iSyn" dimension="current" exposure="iSyn" select="synapses[*]/i" reduce="add"/>
              <DerivedVariable name="iMemb" dimension="current" exposure="iMemb" value="leakConductance * (leakReversal - v) + iSyn"/>
              <TimeDerivative variable="v" value="iMemb / C"/>
              <TimeDerivative variable="activity" value="((v - reset) / (thresh - reset) - activity) / tau1"/>
              <OnCondition test="v .gt. thresh">
                <StateAssignment variable="v" value="reset"/>
                <EventOut port="spike"/>
              </OnCondition>
            </Dynamics>
          </ComponentType>
        </neuroml>
        """;
}
