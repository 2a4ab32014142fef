using System.Globalization;

namespace NeuroSharp.Distributed;

/// <summary>
/// What <c>neurosharp mpirun</c> checks before it starts mpiexec, so that an impossible job is refused with one
/// sentence instead of an MPICH error or an oversubscribed machine: the rank count against the host file's
/// slots (or this machine's cores), and where mpiexec is (docs/distributed.md, "Launching").
/// </summary>
public static class MpiLaunch
{
    /// <summary>The environment variable that names the mpiexec to use instead of the one on PATH.</summary>
    public const string MpiexecVariable = "NEUROSHARP_MPIEXEC";

    /// <summary>Memory one rank needs before it does any work (the runtime, the command line and MPI loaded: about 40 MB measured, rounded up).</summary>
    public const long BytesPerRank = 64L << 20;

    /// <summary>Checks a rank count.</summary>
    /// <param name="ranks">The ranks asked for (-n).</param>
    /// <param name="hosts">The host file's hosts, or null for this machine only.</param>
    /// <param name="hostFile">The host file's path (for the sentence), or null.</param>
    /// <param name="oversubscribe">Whether more ranks than slots (or cores) may run.</param>
    /// <param name="cores">This machine's cores (<see cref="Environment.ProcessorCount"/>).</param>
    /// <param name="budget">The memory budget that local ranks' baseline memory must fit (only without a host file).</param>
    /// <exception cref="InvalidInputException">Fewer than 1 rank, more ranks than slots or cores without <paramref name="oversubscribe"/>, or more local ranks than memory allows.</exception>
    public static void CheckRanks(int ranks, IReadOnlyList<HostSlots>? hosts, string? hostFile, bool oversubscribe, int cores, MemoryBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (ranks < 1) throw new InvalidInputException($"-n must be at least 1 (got {ranks}).");
        if (hosts is not null)
        {
            long slots = HostFile.TotalSlots(hosts);
            if (ranks > slots && !oversubscribe)
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"-n {ranks} is more than the {slots} slot{(slots == 1 ? "" : "s")} of host file {hostFile} ({Describe(hosts)}): give fewer ranks, more slots, or --oversubscribe."));
            return;
        }
        if (ranks > cores && !oversubscribe)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"-n {ranks} is more than this machine's {cores} core{(cores == 1 ? "" : "s")}: give fewer ranks, a --hostfile with more machines, or --oversubscribe (ranks then share cores, for tests, not speed)."));
        budget.Require($"-n {ranks} (ranks on this machine, about {BytesPerRank >> 20} MB each before any work)", MemoryBudget.Times(ranks, BytesPerRank));
    }

    /// <summary>
    /// Finds mpiexec: <see cref="MpiexecVariable"/> when set, else MPICH's own launcher on PATH (<c>mpiexec.mpich</c>, then
    /// <c>mpiexec.hydra</c>), else the first <c>mpiexec</c>. MPICH's names come first because Debian's plain <c>mpiexec</c> is an
    /// alternative that points at Open MPI's launcher once Open MPI is installed too (NEURON's packages bring it), and ranks
    /// that Open MPI starts are each a job of one rank to the MPICH library NeuroSharp binds.
    /// </summary>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <returns>The path of mpiexec.</returns>
    /// <exception cref="InvalidInputException">The variable names no file, or there is no mpiexec on PATH.</exception>
    public static string FindMpiexec(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(MpiexecVariable) is { Length: > 0 } chosen)
        {
            if (!File.Exists(chosen)) throw new InvalidInputException($"{MpiexecVariable}={chosen} names no file: point it at mpiexec or unset it to use the one on PATH.");
            return chosen;
        }
        foreach (string dir in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in OperatingSystem.IsWindows() ? (string[])["mpiexec.exe"] : ["mpiexec.mpich", "mpiexec.hydra"])
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        foreach (string dir in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "mpiexec");
            if (!OperatingSystem.IsWindows() && File.Exists(candidate)) return candidate;
        }
        throw new InvalidInputException(
            $"mpiexec was not found on PATH: install MPICH (sudo apt-get install mpich on Debian or Ubuntu; the repository's ./test installs it) or set {MpiexecVariable} to its path.");
    }

    /// <summary>The mpiexec arguments that start <paramref name="ranks"/> copies of <paramref name="program"/>.</summary>
    /// <param name="ranks">The ranks (-n).</param>
    /// <param name="hostFile">The checked host file (Hydra's -f), or null for this machine.</param>
    /// <param name="program">The executable and its leading arguments (e.g. dotnet and the CLI's dll).</param>
    /// <param name="command">The command each rank runs.</param>
    /// <returns>The arguments, after the mpiexec path.</returns>
    public static IReadOnlyList<string> Arguments(int ranks, string? hostFile, IReadOnlyList<string> program, IReadOnlyList<string> command)
    {
        var args = new List<string> { "-n", ranks.ToString(CultureInfo.InvariantCulture) };
        if (hostFile is not null) args.AddRange(["-f", Path.GetFullPath(hostFile)]);
        args.AddRange(program);
        args.AddRange(command);
        return args;
    }

    private static string Describe(IReadOnlyList<HostSlots> hosts)
    {
        string shown = string.Join(", ", hosts.Take(4).Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Name}:{h.Slots}")));
        return hosts.Count > 4 ? $"{shown} and {hosts.Count - 4} more" : shown;
    }
}
