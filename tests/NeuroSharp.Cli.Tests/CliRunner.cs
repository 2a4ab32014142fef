using System.Diagnostics;

namespace NeuroSharp.Cli.Tests;

/// <summary>Runs the command line in-process and captures its output (no terminal: no progress bars).</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = NeuroSharpCli.Run(args, output, error, interactive: false);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Runs the command line as a process of its own with a progress line for every report (NEUROSHARP_PROGRESS_SECONDS=0), a
    /// setting no other test sees; fails the test if it runs past <paramref name="timeoutSeconds"/>.
    /// </summary>
    public static Task<(int Exit, string Out, string Err)> RunProcessWithEveryProgressLineAsync(int timeoutSeconds, params string[] args) =>
        RunProcessAsync(null, new Dictionary<string, string> { [ProgressLines.SecondsVariable] = "0" }, timeoutSeconds, args);

    /// <summary>Runs the command line as a process of its own in <paramref name="workingDirectory"/> (for what it writes relative to it).</summary>
    public static Task<(int Exit, string Out, string Err)> RunProcessInAsync(string workingDirectory, int timeoutSeconds, params string[] args) =>
        RunProcessAsync(workingDirectory, null, timeoutSeconds, args);

    /// <summary>Runs the command line as a process of its own with <paramref name="environment"/> added to this process's (runtime knobs).</summary>
    public static Task<(int Exit, string Out, string Err)> RunProcessWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, int timeoutSeconds, params string[] args) =>
        RunProcessAsync(null, environment, timeoutSeconds, args);

    private static async Task<(int Exit, string Out, string Err)> RunProcessAsync(string? workingDirectory, IReadOnlyDictionary<string, string>? environment, int timeoutSeconds, string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : Environment.ProcessPath!;
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        psi.ArgumentList.Add(typeof(NeuroSharpCli).Assembly.Location);
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{string.Join(' ', args)} did not end within {timeoutSeconds} s");
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
