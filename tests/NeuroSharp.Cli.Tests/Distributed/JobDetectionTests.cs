using NeuroSharp.Distributed;

namespace NeuroSharp.Cli.Tests.Distributed;

public class JobDetectionTests
{
    [Theory]
    [InlineData("PMI_SIZE", "2", true)]     // MPICH's Hydra (mpiexec)
    [InlineData("PMI_RANK", "0", true)]     // srun with PMI-2
    [InlineData("PMIX_RANK", "0", true)]    // srun with PMIx
    [InlineData("OMPI_COMM_WORLD_SIZE", "4", true)]
    [InlineData("SLURM_JOB_ID", "17", false)] // inside a batch script but not launched as a rank
    public void StartedByLauncher_LauncherVariables_AreRecognised(string name, string value, bool expected)
    {
        Assert.Equal(expected, Job.StartedByLauncher(n => n == name ? value : null));
    }

    [Fact]
    public void StartedByLauncher_NeurosharpMpiZero_ForcesOneProcess()
    {
        Assert.False(Job.StartedByLauncher(n => n switch { "PMI_SIZE" => "2", "NEUROSHARP_MPI" => "0", _ => null }));
    }

    [Theory]
    [InlineData("PMI_RANK", "3", 3)]
    [InlineData("PMIX_RANK", "0", 0)]
    [InlineData("OMPI_COMM_WORLD_RANK", "12", 12)]
    [InlineData("PMI_RANK", "x", null)]
    [InlineData("SLURM_PROCID", "1", null)]
    public void LauncherRank_BeforeMpiStarts_ComesFromTheLaunchersVariable(string name, string value, int? expected)
    {
        // Read by a rank's Ctrl+C handler, which may run while MPI_Init still waits (only rank 0 prints its sentence).
        Assert.Equal(expected, Job.LauncherRank(n => n == name ? value : null));
    }

    [Fact]
    public void RoundRobin_OneProcess_ComputesEveryItemInOrder()
    {
        var seen = new List<int>();
        var results = RoundRobin.Map(5, SingleProcess.Instance, i => { seen.Add(i); return [(byte)(i * i)]; });
        Assert.Equal([0, 1, 2, 3, 4], seen);
        Assert.Equal([0, 1, 4, 9, 16], results.Select(r => (int)r[0]));
    }

    [Fact]
    public void Job_WithoutLauncher_IsOneProcessWhoseCollectivesAreCopies()
    {
        var r = CliRunner.Run("job", "--json");
        Assert.Equal(0, r.Exit);
        Assert.Contains("\"ranks\":1", r.Out);
        Assert.Contains("\"collectives\":\"ok\"", r.Out);
    }
}
