using System.Text.Json;
using NeuroSharp.Testing;
using PureHDF;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary><c>neurosharp simulate circuit_config.json</c> and <c>convert</c> of a SONATA config: exit codes and sentences.</summary>
public class SonataCommandTests
{
    /// <summary>One nest:iaf_psc_exp node driven by I_e = 500 pA, 1000 ms at dt 0.1 ms, in a circuit config that carries its run.</summary>
    private static string Driven(TempDirectory dir)
    {
        new H5File
        {
            ["nodes"] = new H5Group { ["cells"] = new H5Group { ["node_type_id"] = new ulong[] { 1 } } },
        }.Write(dir.File("nodes.h5"));
        File.WriteAllLines(dir.File("node_types.csv"), ["node_type_id model_type model_template dynamics_params", "1 point_neuron nest:iaf_psc_exp cell.json"]);
        File.WriteAllText(dir.File("cell.json"), """{ "I_e": 500.0, "C_m": 250.0, "tau_m": 10.0, "E_L": -70.0, "V_th": -55.0, "V_reset": -70.0, "t_ref": 2.0 }""");
        string config = dir.File("circuit_config.json");
        File.WriteAllText(config, """
            {
              "manifest": { "$DIR": "${configdir}" },
              "components": { "point_neuron_models_dir": "$DIR" },
              "networks": { "nodes": [ { "nodes_file": "$DIR/nodes.h5", "node_types_file": "$DIR/node_types.csv" } ] },
              "run": { "tstop": 1000.0, "dt": 0.1 }
            }
            """);
        return config;
    }

    [Fact]
    public void Simulate_SonataConfig_FiresWithNestsPeriod()
    {
        // V_inf = -70 + 500 x 10 / 250 = -50 mV: the first spike after 13.9 ms, then one every t_ref + 13.9 = 15.9 ms,
        // so steps 138 + 159 k for k = 0..62 fall in the 10 000 steps: 63 spikes.
        using var dir = new TempDirectory();
        var (code, output, err) = Run("simulate", Driven(dir), "--out", dir.File("out"), "--json");
        Assert.True(code == 0, err);
        var metrics = JsonDocument.Parse(output).RootElement;
        Assert.Equal(10000, metrics.GetProperty("steps").GetInt32());
        Assert.Equal(63, metrics.GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Simulate_MisspeltDynamicsParamsColumn_RunsWithAWarningOnStderr()
    {
        using var dir = new TempDirectory();
        string config = Driven(dir);
        File.WriteAllLines(dir.File("node_types.csv"), ["node_type_id model_type model_template dynamic_params", "1 point_neuron nest:iaf_psc_exp cell.json"]);
        var (code, _, err) = Run("simulate", config, "--duration-ms", "10", "--out", dir.File("out"), "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal($"neurosharp: warning: {dir.File("node_types.csv")}: the column 'dynamic_params' is not one NeuroSharp reads, so it is kept as an extra attribute "
            + "and the types have no dynamics_params (did you mean dynamics_params?).\n", err.Replace("\r", "", StringComparison.Ordinal));
    }

    /// <summary>play reads the network as simulate does, so it warns of the same column before the task looks at the network.</summary>
    [Fact]
    public void Play_MisspeltDynamicsParamsColumn_WarnsAsSimulateDoes()
    {
        using var dir = new TempDirectory();
        string config = Driven(dir);
        File.WriteAllLines(dir.File("node_types.csv"), ["node_type_id model_type model_template dynamic_params", "1 point_neuron nest:iaf_psc_exp cell.json"]);
        var (_, _, err) = Run("play", config, "--task", "xor", "--animation", "none", "--out", dir.File("play"), "--quiet");
        Assert.StartsWith($"neurosharp: warning: {dir.File("node_types.csv")}: the column 'dynamic_params' is not one NeuroSharp reads", err);
    }

    [Fact]
    public void Simulate_BadTstop_RefusedWithoutARunLength_AcceptedWithDurationOrSteps()
    {
        using var dir = new TempDirectory();
        string config = Driven(dir);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"tstop\": 1000.0", "\"tstop\": \"long\"", StringComparison.Ordinal));
        var refused = Run("simulate", config, "--out", dir.File("a"), "--quiet");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("run.tstop", refused.Err);
        // Until 2026-12-07 the bad run.tstop was refused even when --duration-ms or --steps set the run's length.
        var (code, output, err) = Run("simulate", config, "--duration-ms", "100", "--out", dir.File("b"), "--json");
        Assert.True(code == 0, err);
        Assert.Equal(1000, JsonDocument.Parse(output).RootElement.GetProperty("steps").GetInt32());
        var steps = Run("simulate", config, "--steps", "50", "--out", dir.File("c"), "--quiet");
        Assert.True(steps.Exit == 0, steps.Err);
    }

    [Fact]
    public void Convert_SonataToJson_WritesTheProjectsFormat()
    {
        using var dir = new TempDirectory();
        var (code, output, err) = Run("convert", Driven(dir), dir.File("net.json"));
        Assert.True(code == 0, err);
        Assert.Contains("1 populations (1 neurons)", output);
        var json = JsonDocument.Parse(File.ReadAllText(dir.File("net.json"))).RootElement;
        Assert.Equal("lif", json.GetProperty("populations")[0].GetProperty("model").GetString());
        Assert.Equal(20, json.GetProperty("inputs")[0].GetProperty("amplitude").GetDouble(), 12); // 500 pA x 10 ms / 250 pF
    }

    [Fact]
    public void Simulate_MalformedNodesFile_Exit2NamesTheFile()
    {
        using var dir = new TempDirectory();
        string config = Driven(dir);
        File.WriteAllText(dir.File("nodes.h5"), "not HDF5 at all");
        var (code, _, err) = Run("simulate", config, "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("nodes.h5: not a readable HDF5 file", err);
    }

    [Fact]
    public void Simulate_NodesFileWithoutNodeTypeIds_Exit2NamesTheHdf5Path()
    {
        using var dir = new TempDirectory();
        string config = Driven(dir);
        new H5File { ["nodes"] = new H5Group { ["cells"] = new H5Group { ["node_group_id"] = new uint[1] } } }.Write(dir.File("nodes.h5"));
        var (code, _, err) = Run("simulate", config, "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("/nodes/cells/node_type_id is missing", err);
        Assert.Single(err.Trim().Split('\n'));
    }
}
