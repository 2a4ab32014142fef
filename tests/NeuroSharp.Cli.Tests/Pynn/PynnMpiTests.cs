using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// pyNN.neurosharp and MPI (docs/pynn.md, "MPI"): a script is one Python process holding every cell. PyNN's
/// distrib_example.py needs Debian's python3-mpi4py, which ./test does not install; these check its two halves without it.
/// </summary>
public class PynnMpiTests
{
    private static string Root => RepositoryRoot.Path;

    private const string OneCell = "import pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\np = sim.Population(1, sim.IF_curr_exp(i_offset=1.0))\n"
        + "p.record('spikes')\nsim.run(50)\nprint('spikes', len(p.get_data().segments[0].spiketrains[0]), sim.num_processes(), sim.rank())\n";

    private static (int Exit, string Output, string Error) Run(TempDirectory dir, Dictionary<string, string> extra)
    {
        string script = dir.File("one.py");
        File.WriteAllText(script, OneCell);
        var env = PynnRuns.BackendEnvironment(dir);
        foreach (var (k, v) in extra) env[k] = v;
        return DebianPython.RunIn(TimeSpan.FromMinutes(2), env, dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
    }

    [Fact]
    public void Setup_UnderALauncherOfTwoRanks_RefusedInOneSentence()
    {
        // Each of mpiexec's N processes would build and run the whole network (every cell is on every rank).
        using var dir = new TempDirectory();
        var (exit, _, err) = Run(dir, new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "2", ["OMPI_COMM_WORLD_RANK"] = "1" });
        Assert.NotEqual(0, exit);
        Assert.Contains("NotImplementedError: pyNN.neurosharp runs a script as one Python process, and this is one of 2 that an MPI launcher "
            + "started (OMPI_COMM_WORLD_SIZE=2): each would build and run the whole network. Run the script without mpiexec", err);
    }

    [Fact]
    public void Run_WithOpenMpiSingletonVariables_RunsTheEngineAsOneProcess()
    {
        // What importing Debian's mpi4py (Open MPI) leaves in the environment, as PyNN's NumpyRNG does in every script once it
        // is installed. The engine reads PMIX_RANK as "under mpiexec": until 2026-12-07 every run then failed with exit 2
        // ("--checkpoint: a run under mpiexec is not checkpointed yet"). 1 nA into 20 mV: one spike at 27.7 ms in 50 ms.
        using var dir = new TempDirectory();
        var (exit, output, err) = Run(dir, new Dictionary<string, string>
        {
            ["PMIX_RANK"] = "0", ["PMIX_NAMESPACE"] = "1", ["OMPI_MCA_ess"] = "singleton", ["OMPI_MCA_orte_launch"] = "1", ["OMPI_COMM_WORLD_SIZE"] = "1",
        });
        Assert.True(exit == 0, err);
        Assert.Equal("spikes 1 1 0", output.Trim().Split('\n')[^1]);
    }
}
