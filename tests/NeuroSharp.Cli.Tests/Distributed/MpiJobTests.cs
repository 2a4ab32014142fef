using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Distributed;

/// <summary>
/// Real MPI jobs on this machine: mpiexec (Debian's MPICH, installed by ./test) starts 1 to 4 ranks of
/// the built CLI. Oversubscribed on a 2-core machine, so these check results, never speed.
/// </summary>
[Trait("Category", "Mpi")]
public class MpiJobTests
{
    private static readonly string Cli = typeof(NeuroSharpCli).Assembly.Location;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Job_UnderMpiexec_EveryCollectiveGivesTheKnownAnswer(int ranks)
    {
        var r = Mpiexec(ranks, TimeSpan.FromSeconds(120), "job", "--json");
        Assert.True(r.Exit == 0, r.Err);
        var o = JsonNode.Parse(r.Out.Trim())!;
        Assert.Equal(ranks, (int)o["ranks"]!);
        Assert.Equal("ok", (string)o["collectives"]!);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Sweep_OverRanks_GivesTheSameTableAsOneProcess(int ranks)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), """
            { "command": ["cluster", "--data", "uniform:dims=3,samples=300", "--clusters", "4", "--threads", "1"],
              "grid": { "--seed": [1, 2, 3, 4, 5] }, "metrics": ["inertiaPerRow", "clustersUsed"] }
            """);
        Assert.Equal(0, CliRunner.Run("sweep", dir.File("s.json"), "--out", dir.File("one"), "--quiet").Exit);
        var r = Mpiexec(ranks, TimeSpan.FromSeconds(180), "sweep", dir.File("s.json"), "--out", dir.File("many"), "--quiet");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal(File.ReadAllText(dir.File("one/sweep.csv")), File.ReadAllText(dir.File("many/sweep.csv")));
        Assert.Equal(ranks, (int)JsonNode.Parse(File.ReadAllText(dir.File("many/metrics.json")))!["ranks"]!);
    }

    [Fact]
    public void Sweep_OverTwoRanks_MetricNoPointWrote_EveryRankExitsTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("s.json"), """
            { "command": ["cluster", "--data", "uniform:dims=3,samples=300", "--clusters", "4", "--threads", "1"],
              "grid": { "--seed": [1, 2, 3] }, "metrics": ["inertiaPerRows"] }
            """);
        var r = Mpiexec(2, TimeSpan.FromSeconds(180), "sweep", dir.File("s.json"), "--out", dir.File("many"), "--quiet");
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Err}");
        Assert.Contains("$.metrics[0] is 'inertiaPerRows', which no point's metrics.json has (did you mean inertiaPerRow?", r.Err);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("$.metrics[0]", StringComparison.Ordinal));
        Assert.True(File.Exists(dir.File("many/sweep.csv")));
    }

    [Fact]
    public void Evolve_OverTwoRanks_GivesTheSameChampionAndHistoryAsOneProcess()
    {
        using var dir = new TempDirectory();
        string[] args = ["evolve", "--task", "xor", "--algorithm", "neat", "--population", "24", "--generations", "3", "--seed", "5", "--threads", "1", "--quiet"];
        Assert.Equal(0, CliRunner.Run([.. args, "--out", dir.File("one")]).Exit);
        var r = Mpiexec(2, TimeSpan.FromSeconds(180), [.. args, "--out", dir.File("two")]);
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal(File.ReadAllBytes(dir.File("one/champion.json")), File.ReadAllBytes(dir.File("two/champion.json")));
        // history.csv's evaluations_per_second column is a wall-clock figure; every other column must agree.
        static string[] Stable(string path) => [.. File.ReadAllLines(path).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 5)))];
        Assert.Equal(Stable(dir.File("one/history.csv")), Stable(dir.File("two/history.csv")));
        Assert.Equal(2, (int)JsonNode.Parse(File.ReadAllText(dir.File("two/metrics.json")))!["ranks"]!);
    }

    [Fact]
    public void OneProcessCommand_UnderMpiexec_ExitsTwoWithOneSentence()
    {
        using var dir = new TempDirectory();
        var r = Mpiexec(2, TimeSpan.FromSeconds(120), "cluster", "--data", "uniform:dims=2", "--out", dir.File("o"));
        CliAssert.Refused((r.Exit, r.Out, r.Err), "'cluster' runs in one process", "rank 0 of an MPI job of 2", "without mpiexec");
    }

    [Fact]
    public void Refusals_UnderMpiexec_ExitTwoEveryTime()
    {
        // Every rank refuses before the ranks first talk; they meet at one all-reduce and all exit 2 after
        // MPI_Finalize. (A rank exiting alone let the launcher kill the others, and the job exited 9 at times.)
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.json"), """{"command": ["cluster"], "grid": {"--seed": "x"}}""");
        string[][] commands =
        [
            ["cluster", "--data", "uniform:dims=2", "--out", dir.File("o")], // a one-process command
            ["simulate", "--no-such-option"], // a parse error
            ["sweep", dir.File("bad.json"), "--out", dir.File("s")], // refused inside the command
        ];
        for (int k = 0; k < 6; k++)
        {
            var r = Mpiexec(2 + k % 2, TimeSpan.FromSeconds(120), commands[k % 3]);
            Assert.True(r.Exit == 2, $"try {k} ({commands[k % 3][0]} on {2 + k % 2} ranks): exit {r.Exit}: {r.Err}{r.Out}");
            Assert.DoesNotContain("BAD TERMINATION", r.Out + r.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sweep_RankKilled_JobEndsWithAnErrorInsteadOfHanging()
    {
        using var dir = new TempDirectory();
        // Points long enough that rank 1 is still working when it is killed.
        File.WriteAllText(dir.File("s.json"), """
            { "command": ["cluster", "--data", "uniform:dims=64,samples=200000", "--clusters", "64", "--epochs", "50", "--threads", "1"],
              "grid": { "--seed": [1, 2, 3, 4] } }
            """);
        var psi = Start(2, "sweep", dir.File("s.json"), "--out", dir.File("o"), "--quiet");
        using var mpiexec = Process.Start(psi)!;
        var stderr = mpiexec.StandardError.ReadToEndAsync();
        var stdout = mpiexec.StandardOutput.ReadToEndAsync();
        int rank1 = WaitForRank(dir.File("s.json"), rank: 1, TimeSpan.FromSeconds(60));
        Thread.Sleep(1000); // inside its first point
        Process.GetProcessById(rank1).Kill();
        bool ended = mpiexec.WaitForExit(TimeSpan.FromSeconds(60));
        if (!ended) mpiexec.Kill(entireProcessTree: true);
        Assert.True(ended, "mpiexec did not end within 60 s of a rank's death");
        Assert.NotEqual(0, mpiexec.ExitCode);
        // MPICH's launcher reports the death (on its stdout): "BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES".
        Assert.Contains("BAD TERMINATION", await stdout + await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_RankThatNeverStarts_JobEndsWithOneSentenceWithinTheStartWait()
    {
        // Rank 1's program does not exist: Hydra reports it but leaves rank 0 waiting in MPI_Init. Rank 0 waits at most
        // NEUROSHARP_MPI_START_SECONDS for every rank, then says so and exits, which ends the job.
        var psi = Start(1, "job");
        foreach (var a in (string[])[":", "-n", "1", "/nonexistent/neurosharp", "job"]) psi.ArgumentList.Add(a);
        psi.Environment["NEUROSHARP_MPI_START_SECONDS"] = "10";
        var clock = Stopwatch.StartNew();
        using var mpiexec = Process.Start(psi)!;
        var stderr = mpiexec.StandardError.ReadToEndAsync();
        var stdout = mpiexec.StandardOutput.ReadToEndAsync();
        bool ended = mpiexec.WaitForExit(TimeSpan.FromSeconds(90));
        if (!ended) mpiexec.Kill(entireProcessTree: true);
        Assert.True(ended, "mpiexec did not end within 90 s of a rank that never started");
        Assert.NotEqual(0, mpiexec.ExitCode);
        string all = await stdout + await stderr;
        Assert.Contains("neurosharp: rank 0 of 2: not every rank of this MPI job started within 10 s", all, StringComparison.Ordinal);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(9), $"ended after {clock.Elapsed.TotalSeconds:F1} s, before the wait");
    }

    private static int WaitForRank(string marker, int rank, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            foreach (var d in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(d), out int pid)) continue;
                try
                {
                    if (!File.ReadAllText(Path.Combine(d, "cmdline")).Contains(marker, StringComparison.Ordinal)) continue;
                    string env = File.ReadAllText(Path.Combine(d, "environ"));
                    if (env.Split('\0').Contains($"PMI_RANK={rank}") && !Path.GetFileName(File.ReadAllText(Path.Combine(d, "cmdline")).Split('\0')[0]).StartsWith("mpiexec", StringComparison.Ordinal)) return pid;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process ended or is not ours.
                }
            }
            Thread.Sleep(200);
        }
        throw new TimeoutException($"rank {rank} did not start within {timeout.TotalSeconds} s");
    }

    /// <summary>The version of MPICH's Hydra that <c>mpiexec --version</c> reports ("Version: 4.0.2"), or null for another launcher.</summary>
    internal static Version? HydraVersion()
    {
        var psi = new ProcessStartInfo(NeuroSharp.Distributed.MpiLaunch.FindMpiexec(), "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (!text.Contains("HYDRA", StringComparison.Ordinal)) return null;
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Version:", StringComparison.Ordinal));
        return line is not null && Version.TryParse(line["Version:".Length..].Trim(), out var v) ? v : null;
    }

    internal static ProcessStartInfo Start(int ranks, params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(NeuroSharp.Distributed.MpiLaunch.FindMpiexec()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), dotnet, Cli, .. args]) psi.ArgumentList.Add(a);
        return psi;
    }

    internal static (int Exit, string Out, string Err) Mpiexec(int ranks, TimeSpan timeout, params string[] args)
    {
        using var p = Process.Start(Start(ranks, args))!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpiexec -n {ranks} {string.Join(' ', args)} did not end within {timeout.TotalSeconds} s");
        }
        return (p.ExitCode, output.Result, error.Result);
    }
}
