using System.Diagnostics;

namespace NeuroSharp.Packaging.Tests;

/// <summary>What one run of a child process did.</summary>
/// <param name="Exit">The exit code (-1 when it was killed at the time limit).</param>
/// <param name="Output">Standard output and standard error, interleaved as they came.</param>
internal sealed record ProcessResult(int Exit, string Output)
{
    /// <summary>The run as one message for a failed assert.</summary>
    public string Describe(string what) => $"{what} exited {Exit}:\n{Output}";
}

/// <summary>
/// Runs <c>dotnet</c> (or an installed tool) as a child process in a clean environment: no MSBuild
/// variables of the test host's own build, no build servers that would outlive the run and hold its
/// output open, no first-run banners.
/// </summary>
internal static class ChildProcess
{
    private static readonly string[] InheritedBuildVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE", "DOTNET_CLI_TELEMETRY_SESSIONID"];

    public static ProcessResult Run(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (string name in InheritedBuildVariables) info.Environment.Remove(name);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        if (environment is not null)
            foreach (var (name, value) in environment) info.Environment[name] = value;

        var output = new System.Text.StringBuilder();
        using var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            lock (output) return new ProcessResult(-1, output + $"\n(killed after {timeout.TotalMinutes:F0} minutes)");
        }
        p.WaitForExit(); // drains the output events
        lock (output) return new ProcessResult(p.ExitCode, output.ToString());
    }

    /// <summary>Runs the dotnet CLI.</summary>
    public static ProcessResult Dotnet(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run("dotnet", args, workingDirectory, timeout, environment);
}
