using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>neurosharp simulate</c> on a cell whose gate functions are LEMS ComponentTypes (docs/neuroml.md, "LEMS ComponentTypes"):
/// it runs, and a bad expression exits 2 with one sentence naming the file, line, position, element and expression text.
/// </summary>
public class LemsComponentTypeCommandTests
{
    private static string Cell(string value) => $"""
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="lems">
          <ComponentType name="myRate" extends="baseVoltageDepRate">
            <Constant name="rate" dimension="per_time" value="0.125per_ms"/>
            <Constant name="midpoint" dimension="voltage" value="-65mV"/>
            <Constant name="scale" dimension="voltage" value="-80mV"/>
            <Dynamics><DerivedVariable name="r" exposure="r" dimension="per_time" value="{value}"/></Dynamics>
          </ComponentType>
          <ionChannel id="k" type="ionChannelHH">
            <gateHHrates id="n" instances="4"><forwardRate type="HHExpLinearRate" rate="0.1per_ms" midpoint="-55mV" scale="10mV"/><reverseRate type="myRate"/></gateHHrates>
          </ionChannel>
          <ionChannel id="na" type="ionChannelHH">
            <gateHHrates id="m" instances="3"><forwardRate type="HHExpLinearRate" rate="1per_ms" midpoint="-40mV" scale="10mV"/><reverseRate type="HHExpRate" rate="4per_ms" midpoint="-65mV" scale="-18mV"/></gateHHrates>
            <gateHHrates id="h" instances="1"><forwardRate type="HHExpRate" rate="0.07per_ms" midpoint="-65mV" scale="-20mV"/><reverseRate type="HHSigmoidRate" rate="1per_ms" midpoint="-35mV" scale="10mV"/></gateHHrates>
          </ionChannel>
          <ionChannelPassive id="leak"/>
          <cell id="squid">
            <morphology id="m"><segment id="0"><proximal x="0" y="0" z="0" diameter="17.841242"/><distal x="0" y="0" z="0" diameter="17.841242"/></segment></morphology>
            <biophysicalProperties id="b">
              <membraneProperties>
                <channelDensity id="leak" ionChannel="leak" condDensity="3 S_per_m2" erev="-54.3mV"/>
                <channelDensity id="na" ionChannel="na" condDensity="1200 S_per_m2" erev="50mV"/>
                <channelDensity id="k" ionChannel="k" condDensity="360 S_per_m2" erev="-77mV"/>
                <spikeThresh value="-20mV"/><specificCapacitance value="1 uF_per_cm2"/><initMembPotential value="-65mV"/>
              </membraneProperties>
            </biophysicalProperties>
          </cell>
          <pulseGenerator id="stim" delay="0ms" duration="100ms" amplitude="0.1nA"/>
          <network id="net">
            <property tag="recommended_dt_ms" value="0.01"/>
            <property tag="recommended_duration_ms" value="100"/>
            <population id="P" component="squid" size="1"/>
            <explicitInput target="P[0]" input="stim"/>
          </network>
        </neuroml>
        """;

    [Fact]
    public void Simulate_ComponentTypeRate_Runs()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lems.net.nml");
        File.WriteAllText(path, Cell("rate * exp((v - midpoint)/scale)"));
        var (code, output, err) = Run("simulate", path, "--out", dir.File("out"), "--json");
        Assert.True(code == 0, err);
        Assert.Contains("\"spikes\":", output);
        Assert.DoesNotContain("\"spikes\":0,", output);
    }

    [Theory]
    [InlineData("rate * exp((v - midpoint)/scale", "@value 'rate * exp((v - midpoint)/scale' is not a LEMS expression: expected ',' or ')' at column 32")]
    [InlineData("rate * exp((v - mid)/scale)", "@value 'rate * exp((v - mid)/scale)' reads 'mid' at column 17, which ComponentType 'myRate' does not define")]
    [InlineData("rate * exp(v - midpoint)", "@value 'rate * exp(v - midpoint)' calls 'exp' of voltage at column 8; its argument must be dimensionless")]
    [InlineData("rate * scale", "declares dimension 'per_time', but its value 'rate * scale' has dimension M^1 L^2 T^-4 I^-1 K^0 N^0")]
    public void Simulate_BadExpression_Exit2NamesTheFileLineAndText(string value, string sentence)
    {
        using var dir = new TempDirectory();
        string path = dir.File("lems.net.nml");
        File.WriteAllText(path, Cell(value));
        CliAssert.Refused(Run("simulate", path, "--out", dir.File("out")), $"{path}:6:", "/neuroml/ComponentType[1]/Dynamics[1]/DerivedVariable[1]", sentence);
    }
}
