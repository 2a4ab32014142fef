using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>neurosharp simulate</c> on NeuroML's abstract and PyNN cells and the inputs read with them (docs/neuroml.md, "Abstract and PyNN
/// cells"): a LEMS file of the FitzHugh-Nagumo cells runs and writes its columns; each element that does not map is refused with
/// exit 2 and one sentence naming the file, line and element.
/// </summary>
public class NeuroMlAbstractCommandTests
{
    [Fact]
    public void Simulate_FitzHughNagumo1969Lems_WritesItsColumns()
    {
        using var dir = new TempDirectory();
        foreach (string f in Directory.GetFiles(Path.Combine(TestData.Directory, "neuroml-abstract"))) File.Copy(f, dir.File(Path.GetFileName(f)));
        var (code, _, err) = Run("simulate", dir.File("LEMS_FitzHughNagumo1969.xml"), "--out", dir.File("out"), "--quiet", "--duration-ms", "10");
        Assert.True(code == 0, err);
        var rows = File.ReadAllLines(dir.File(Path.Combine("out", "fn1969.dat")));
        Assert.Equal(1_001, rows.Length);
        Assert.Equal("0.0\t-1.0\t-0.5\t-1.0\t-0.5\t-0.6666666\t", rows[0]);
    }

    [Theory]
    [InlineData("<EIF_cond_exp_isfa_ista id=\"c\" a=\"0\" b=\"0.08\" cm=\"0.281\" delta_T=\"-2\" e_rev_E=\"0\" e_rev_I=\"-80\" i_offset=\"0.6\" tau_m=\"9.4\" tau_refrac=\"5\" tau_syn_E=\"5\" tau_syn_I=\"5\" tau_w=\"144\" v_init=\"-65\" v_reset=\"-68\" v_rest=\"-70.6\" v_spike=\"-40\" v_thresh=\"-52\"/>",
        "", "has delta_T -2 mV; PyNN.xml's delta_I is defined for delta_T > 0")]
    [InlineData("<SpikeSourcePoisson id=\"c\" start=\"-50ms\" duration=\"400ms\" rate=\"50Hz\"/>", "", "@start is -50 ms; it must be at least 0.")]
    [InlineData("<hindmarshRose1984Cell id=\"c\"/>", "", "/neuroml/hindmarshRose1984Cell[@id='c'] has no v_scaling attribute.")]
    [InlineData("<fitzHughNagumoCell id=\"c\" I=\"0.8\"/>", "<population id=\"p\" component=\"c\" size=\"1\"/><explicitInput target=\"p[0]\" input=\"pg\"/>",
        "drives population 'p', a fitzHughNagumoCell, which receives no input.")]
    [InlineData("<pinskyRinzelCA3Cell id=\"c\" iSoma=\"0.75 nA\" iDend=\"0 uA_per_cm2\" gc=\"2.1 mS_per_cm2\" qd0=\"0\" gLs=\"0.1 mS_per_cm2\" gLd=\"0.1 mS_per_cm2\" gNa=\"30 mS_per_cm2\" gKdr=\"15 mS_per_cm2\" gCa=\"10 mS_per_cm2\" gKahp=\"0.8 mS_per_cm2\" gKC=\"15 mS_per_cm2\" eNa=\"60 mV\" eCa=\"80 mV\" eK=\"-75 mV\" eL=\"-60 mV\" pp=\"0.5\" cm=\"3 uF_per_cm2\"/>",
        "", "@iSoma is '0.75 nA', not a current density (units: uA_per_cm2, mA_per_cm2, A_per_m2).")]
    public void Simulate_ElementsThatDoNotMap_ExitTwoWithOneSentence(string element, string network, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("abstract.net.nml");
        File.WriteAllText(path, "<neuroml xmlns=\"http://www.neuroml.org/schema/neuroml2\" id=\"t\">\n  " + element
            + "\n  <pulseGenerator id=\"pg\" delay=\"0ms\" duration=\"10ms\" amplitude=\"1pA\"/>\n  <network id=\"n\">" + network + "</network>\n</neuroml>\n");
        var r = Run("simulate", path, "--out", dir.File("out"), "--quiet");
        CliAssert.Refused(r, "abstract.net.nml:", expected);
    }
}
