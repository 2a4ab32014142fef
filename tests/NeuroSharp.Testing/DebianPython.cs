using System.Diagnostics;

namespace NeuroSharp.Testing;

/// <summary>
/// Runs Debian's Python (/usr/bin/python3, which sees the apt-installed python3-h5py, python3-pynn,
/// python3-brian and python3-neo that ./test installs; a pyenv or venv python3 earlier on PATH would not).
/// </summary>
public static class DebianPython
{
    /// <summary>The interpreter.</summary>
    public const string Path = "/usr/bin/python3";

    /// <summary>Runs a script and waits for it.</summary>
    /// <param name="timeout">How long it may run before it is killed (and the call throws).</param>
    /// <param name="environment">Extra environment variables (null: none).</param>
    /// <param name="arguments">The script and its arguments.</param>
    /// <returns>The exit code and the output and error text.</returns>
    public static (int Exit, string Out, string Err) Run(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        RunIn(timeout, environment, null, arguments);

    /// <summary>Runs a script in a working folder and waits for it.</summary>
    /// <param name="timeout">How long it may run before it is killed (and the call throws).</param>
    /// <param name="environment">Extra environment variables (null: none).</param>
    /// <param name="workingDirectory">The folder it runs in (null: the current one).</param>
    /// <param name="arguments">The script and its arguments.</param>
    /// <returns>The exit code and the output and error text.</returns>
    public static (int Exit, string Out, string Err) RunIn(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, params string[] arguments)
    {
        if (!System.IO.File.Exists(Path))
            throw new InvalidOperationException($"{Path} is missing: install Debian's python3 with python3-h5py, python3-pynn, python3-brian and python3-neo (./test does).");
        var info = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (string a in arguments) info.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (key, value) in environment) info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', arguments)} ran longer than {timeout.TotalSeconds} s.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
