using System.Diagnostics;

namespace NeuroSharp.Fuzz.Tests;

/// <summary>What one run of the command line did.</summary>
/// <param name="Exit">The exit code (-1 when it was killed at the time limit).</param>
/// <param name="Out">Standard output.</param>
/// <param name="Err">Standard error.</param>
/// <param name="TimedOut">True when the run was still going at the time limit and was killed.</param>
internal sealed record CliResult(int Exit, string Out, string Err, bool TimedOut);

/// <summary>
/// Runs the built <c>neurosharp</c> (NeuroSharp.Cli.dll beside this assembly) as a child process, with
/// the managed heap capped by <c>DOTNET_GCHeapHardLimit</c>: a request that allocates past the cap
/// instead of being refused fails with OutOfMemoryException, which the property then reports.
/// </summary>
internal static class CliProcess
{
    /// <summary>The heap cap of every fuzzed run; runs also pass --memory-limit well below it.</summary>
    public const long HeapHardLimitBytes = 1L << 30;

    /// <summary>The --memory-limit every fuzzed run is given.</summary>
    public const string MemoryLimit = "256M";

    public static CliResult Run(IReadOnlyList<string> args, TimeSpan timeout, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeuroSharp.Cli.dll"));
        foreach (string a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + HeapHardLimitBytes.ToString("X");
        info.Environment["DOTNET_TieredPGO"] = "0";
        // Tiered compilation's quick JIT (the runtime's default; the shipped CLI turns it off for long numeric loops): a fuzzed
        // run lives a second or two, most of it JIT, and quick JIT halves its CPU time. What the property judges (the exit code
        // and the sentence) does not depend on how a method was compiled.
        info.Environment["DOTNET_TC_QuickJit"] = "1";
        info.Environment["NPM_CONFIG_OFFLINE"] = "true";
        info.Environment["NEUROSHARP_CACHE"] = Path.Combine(workingDirectory, "cache");
        // "mnist" specs read the committed 1 000-image subset: offline, and small enough to fuzz.
        info.Environment["NEUROSHARP_MNIST_DIR"] = NeuroSharp.Testing.TestData.MnistSubsetDirectory;
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        bool exited = p.WaitForExit(timeout);
        if (!exited)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
        }
        return new CliResult(exited ? p.ExitCode : -1, stdout.Result, stderr.Result, !exited);
    }
}
