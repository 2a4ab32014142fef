using System.CommandLine;
using System.Diagnostics;
using NeuroSharp.Distributed;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp mpirun -n N [--hostfile F] [--oversubscribe] -- COMMAND ...</c>: starts an MPI job of this
/// neurosharp. mpiexec reads the host file and places the ranks before any NeuroSharp code runs, so its errors
/// are MPICH's; this command checks first (the host file line by line, the rank count against the slots or this
/// machine's cores, the command, mpiexec itself) and refuses an impossible job with exit 2 and one sentence.
/// Then it runs mpiexec with this same executable and passes its output and exit code through
/// (docs/distributed.md, "Launching").
/// </summary>
public static class MpirunCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("mpirun", "Start an MPI job of neurosharp (mpiexec) after checking the rank count and host file: neurosharp mpirun -n 4 -- evolve --task xor.");
        var ranks = new Option<int>("-n", "--ranks") { Description = "Ranks (processes) to start.", Required = true };
        var hostFile = new Option<string?>("--hostfile") { Description = "MPICH host file: one host a line, host or host:slots (default: this machine only)." };
        var oversubscribe = new Option<bool>("--oversubscribe") { Description = "Allow more ranks than the host file's slots (or this machine's cores); ranks then share cores." };
        var inner = new Argument<string[]>("command") { Description = "The neurosharp command every rank runs, after --.", Arity = ArgumentArity.OneOrMore };
        foreach (var o in new Option[] { ranks, hostFile, oversubscribe }) command.Options.Add(o);
        command.Arguments.Add(inner);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(ranks);
            string? hostPath = parse.GetValue(hostFile);
            string[] args = parse.GetValue(inner)!;
            CheckCommand(args, n, parse.RootCommandResult.Command.Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
            var hosts = hostPath is null ? null : HostFile.Read(hostPath);
            MpiLaunch.CheckRanks(n, hosts, hostPath, parse.GetValue(oversubscribe), Environment.ProcessorCount, MemoryLimit.Read(parse));
            string mpiexec = MpiLaunch.FindMpiexec();
            return Run(ctx, mpiexec, MpiLaunch.Arguments(n, hostPath, Self(), args));
        });
        return command;
    }

    private static void CheckCommand(string[] args, int ranks, HashSet<string> known)
    {
        string name = args[0];
        if (name == "mpirun") throw new InvalidInputException("mpirun cannot start mpirun: give the neurosharp command each rank runs, e.g. -- job.");
        if (!known.Contains(name))
            throw new InvalidInputException($"'{name}' is not a neurosharp command (the commands that spread over ranks are {string.Join(", ", NeuroSharpCli.DistributedCommands)}).");
        if (ranks > 1 && !NeuroSharpCli.DistributedCommands.Contains(name))
            throw new InvalidInputException($"'{name}' runs in one process, so -n {ranks} would only repeat it: the commands that spread over ranks are {string.Join(", ", NeuroSharpCli.DistributedCommands)}.");
    }

    /// <summary>This neurosharp as mpiexec must start it: the installed command itself, or the dotnet host and the CLI's dll.</summary>
    private static string[] Self()
    {
        string? process = Environment.ProcessPath;
        string dll = typeof(NeuroSharpCli).Assembly.Location;
        string processName = process is null ? "" : Path.GetFileNameWithoutExtension(process);
        if (process is not null && (processName is "neurosharp" or "NeuroSharp.Cli" || dll.Length == 0)) return [process];
        string dotnet = processName == "dotnet" ? process! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        return [dotnet, dll];
    }

    private static int Run(CliContext ctx, string mpiexec, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(mpiexec) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        // Ctrl+C reaches mpiexec too (same process group), which stops the ranks; this process waits for it and
        // returns its exit code instead of dying first.
        using var ctrlC = CtrlC.Listen(ctx.Interactive);
        using var process = new Process { StartInfo = psi };
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) ctx.Out.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) ctx.Error.WriteLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidInputException($"{mpiexec} cannot be started: {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit(); // also drains the redirected output
        return process.ExitCode;
    }
}
