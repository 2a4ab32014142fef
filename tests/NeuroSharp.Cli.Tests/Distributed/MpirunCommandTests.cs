using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuroSharp.Distributed;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Distributed;

/// <summary>
/// <c>neurosharp mpirun</c>: an impossible job (a bad host file, a rank count the slots or cores cannot hold, a
/// command that does not spread, no mpiexec) is refused with exit 2 and one sentence before mpiexec starts; a good
/// one runs under mpiexec and its exit code comes back.
/// </summary>
public class MpirunCommandTests
{
    private static (int Exit, string Out, string Err) Mpirun(params string[] args) => CliRunner.Run(["mpirun", .. args]);

    [Fact]
    public void Mpirun_MissingHostFile_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Mpirun("-n", "2", "--hostfile", dir.File("hosts"), "--", "job"), "Host file", "hosts does not exist");
    }

    [Theory]
    [InlineData("localhost:2\n\nnode one two\n", "line 3: 'node one two' is not host or host:slots")]
    [InlineData("# the cluster\nnode1:4 # four cores\nnode_2:4\n", "line 3: 'node_2:4' is not host or host:slots")]
    [InlineData("node1:-1\n", "line 1: 'node1:-1' is not host or host:slots")]
    [InlineData("node1:4\r\nnode2:\r\n", "line 2: 'node2:' is not host or host:slots")]
    [InlineData("node1:0\n", "line 1: 'node1:0' gives 0 slots; slots must be 1 to")]
    [InlineData("node1:99999999999\n", "line 1: 'node1:99999999999' gives 99999999999 slots")]
    [InlineData("# nothing but comments\n\n", "names no host")]
    public void Mpirun_BadHostFile_RefusedNamingFileLineAndText(string text, string sentence)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("hosts"), text);
        var r = Mpirun("-n", "1", "--hostfile", dir.File("hosts"), "--", "job");
        CliAssert.Refused(r, dir.File("hosts"), sentence);
    }

    [Fact]
    public void Mpirun_HostFileIsAFolder_Refused()
    {
        using var dir = new TempDirectory();
        CliAssert.Refused(Mpirun("-n", "1", "--hostfile", dir.Path, "--", "job"), "is a folder");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Mpirun_RanksBelowOne_Refused(string n) =>
        CliAssert.Refused(Mpirun("-n", n, "--", "job"), $"-n must be at least 1 (got {n})");

    [Fact]
    public void Mpirun_MoreRanksThanSlots_RefusedUnlessOversubscribed()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("hosts"), "node1:2\nnode2\n");
        CliAssert.Refused(Mpirun("-n", "4", "--hostfile", dir.File("hosts"), "--", "job"),
            "-n 4 is more than the 3 slots of host file", "(node1:2, node2:1)", "--oversubscribe");
    }

    [Fact]
    public void Mpirun_MoreRanksThanCores_RefusedUnlessOversubscribed()
    {
        int n = Environment.ProcessorCount + 1;
        CliAssert.Refused(Mpirun("-n", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--", "job"),
            $"-n {n} is more than this machine's {Environment.ProcessorCount} core", "--oversubscribe");
    }

    [Fact]
    public void Mpirun_MoreLocalRanksThanMemory_Refused() =>
        // 64 ranks at 64 MB each against a 1 GB limit, oversubscribed so that only memory stops it.
        CliAssert.Refused(Mpirun("-n", "64", "--oversubscribe", "--memory-limit", "1G", "--", "job"), "-n 64", "memory", "--memory-limit");

    [Fact]
    public void Mpirun_OneProcessCommandOnSeveralRanks_Refused() =>
        CliAssert.Refused(Mpirun("-n", "2", "--", "cluster", "--data", "uniform:dims=2"), "'cluster' runs in one process", "-n 2", "sweep, evolve, job");

    [Fact]
    public void Mpirun_UnknownCommand_Refused() =>
        CliAssert.Refused(Mpirun("-n", "1", "--", "juggle"), "'juggle' is not a neurosharp command");

    [Fact]
    public async Task Mpirun_NoMpiexecOnPath_RefusedSayingHowToInstall()
    {
        // A real process whose PATH holds no mpiexec (the dotnet host by its full path).
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : Environment.ProcessPath!;
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[typeof(NeuroSharpCli).Assembly.Location, "mpirun", "-n", "1", "--", "job"]) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = "/nonexistent";
        psi.Environment.Remove(MpiLaunch.MpiexecVariable);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = await p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(120)));
        CliAssert.Refused((p.ExitCode, await stdout, err), "mpiexec was not found on PATH", "apt-get install mpich", "./test");
    }

    [Fact]
    public void FindMpiexec_VariableNamesNoFile_Refused()
    {
        var e = Assert.Throws<InvalidInputException>(() => MpiLaunch.FindMpiexec(v => v == MpiLaunch.MpiexecVariable ? "/nonexistent/mpiexec" : null));
        Assert.Equal("NEUROSHARP_MPIEXEC=/nonexistent/mpiexec names no file: point it at mpiexec or unset it to use the one on PATH.", e.Message);
    }

    [Fact]
    public void FindMpiexec_PrefersMpichsOwnLauncher_AnywhereOnPath()
    {
        // Debian's plain mpiexec points at Open MPI's launcher once Open MPI is installed too (NEURON's packages bring it).
        using var dir = new TempDirectory();
        string first = Directory.CreateDirectory(dir.File("a")).FullName, second = Directory.CreateDirectory(dir.File("b")).FullName;
        File.WriteAllText(Path.Combine(first, "mpiexec"), "");
        File.WriteAllText(Path.Combine(second, "mpiexec.hydra"), "");
        string path = first + Path.PathSeparator + second;
        Assert.Equal(Path.Combine(second, "mpiexec.hydra"), MpiLaunch.FindMpiexec(v => v == "PATH" ? path : null));
        File.WriteAllText(Path.Combine(second, "mpiexec.mpich"), "");
        Assert.Equal(Path.Combine(second, "mpiexec.mpich"), MpiLaunch.FindMpiexec(v => v == "PATH" ? path : null));
        Assert.Equal(Path.Combine(first, "mpiexec"), MpiLaunch.FindMpiexec(v => v == "PATH" ? first : null));
    }

    [Fact]
    [Trait("Category", "Mpi")]
    public async Task StartedByOpenMpisLauncher_RefusedNamingMpichsLauncher()
    {
        // What each rank sees when Open MPI's mpiexec starts it: OMPI_COMM_WORLD_SIZE, and MPICH's library alone in a job of one.
        var (exit, _, err) = await CliRunner.RunProcessWithEnvironmentAsync(new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "2" }, 120, "job", "--json");
        Assert.Equal(1, exit);
        Assert.Contains("started by Open MPI's launcher (OMPI_COMM_WORLD_SIZE=2)", err);
        Assert.Contains("mpiexec.mpich -n 2", err);
    }

    [Fact]
    public void Arguments_HostFileAndProgram_InMpiexecOrder()
    {
        var args = MpiLaunch.Arguments(3, "hosts", ["dotnet", "cli.dll"], ["job", "--json"]);
        Assert.Equal(["-n", "3", "-f", Path.GetFullPath("hosts"), "dotnet", "cli.dll", "job", "--json"], args);
    }

    [Fact]
    [Trait("Category", "Mpi")]
    public void Mpirun_TwoRankJobOnAHostFile_RunsUnderMpiexec()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("hosts"), "# this machine, two slots\nlocalhost:2\n");
        var r = Mpirun("-n", "2", "--hostfile", dir.File("hosts"), "--", "job", "--json");
        Assert.True(r.Exit == 0, r.Err);
        var o = JsonNode.Parse(r.Out.Trim())!;
        Assert.Equal(2, (int)o["ranks"]!);
        Assert.Equal("ok", (string)o["collectives"]!);
    }

    [Fact]
    [Trait("Category", "Mpi")]
    public void Mpirun_RanksRefuseTheirInput_ExitCodeAndSentencePassThrough()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("hosts"), "localhost:2\n");
        var r = Mpirun("-n", "2", "--hostfile", dir.File("hosts"), "--", "evolve", "--task", "juggling", "--out", dir.File("o"));
        CliAssert.Refused(r, "Unknown task 'juggling'");
    }
}
