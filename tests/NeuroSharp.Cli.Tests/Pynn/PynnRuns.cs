using System.Collections.Concurrent;
using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// Runs of tests/pynn/small_networks.py on pyNN.neurosharp (the CLI this test project built) and on pyNN.brian2, for
/// the PyNN test classes. A case's pyNN.neurosharp run is deterministic (its inputs and seed are fixed), so it runs
/// once per test process and every test that reads it gets that run's output (a closed-form test and a Brian2
/// comparison read the same "alpha" and "synaptic" runs).
/// </summary>
internal static class PynnRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<JsonElement>> OursByCase = new(StringComparer.Ordinal);

    private static string Root => RepositoryRoot.Path;

    private static string Script => Path.Combine(Root, "tests", "pynn", "small_networks.py");

    /// <summary>The case's populations on pyNN.neurosharp (run on first use; a failed run fails every test that reads it).</summary>
    public static JsonElement Ours(string example) =>
        OursByCase.GetOrAdd(example, e => new Lazy<JsonElement>(() => RunOurs(e), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The case's populations on pyNN.neurosharp (its run shared, above) and on pyNN.brian2, one after the other.</summary>
    /// <remarks>
    /// Not side by side: on CI's two cores the PyNN classes already run beside the studio's browser tests, and two more
    /// processes at once starved a page's navigation past its 90 s limit in a full run (docs/results.md, "The test suite's wall
    /// time: the longest project first...").
    /// </remarks>
    public static (JsonElement Ours, JsonElement Theirs) Both(string example) => (Ours(example), RunBrian2(example));

    /// <summary>
    /// The CLI this test project built, as the backend's $NEUROSHARP (a script in <paramref name="dir"/>), run with tiered
    /// compilation's quick JIT and without PGO instrumentation, as the fuzz suite's processes: a case's CLI process lives a
    /// second or a few, much of it JIT (the shipped CLI turns quick JIT off for long numeric loops), and what it writes does
    /// not depend on how a method was compiled.
    /// </summary>
    public static Dictionary<string, string> BackendEnvironment(TempDirectory dir)
    {
        string cli = dir.File("neurosharp");
        if (!File.Exists(cli))
        {
            File.WriteAllText(cli, $"#!/bin/sh\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "NeuroSharp.Cli.dll")}\" \"$@\"\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(cli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new Dictionary<string, string> { ["NEUROSHARP"] = cli, ["MPLBACKEND"] = "Agg", ["DOTNET_TC_QuickJit"] = "1", ["DOTNET_TieredPGO"] = "0" };
    }

    private static JsonElement RunOurs(string example)
    {
        using var dir = new TempDirectory();
        return Run(BackendEnvironment(dir), dir, Path.Combine(Root, "python", "run_pynn.py"), Script, "neurosharp", example, dir.File("ours.json"));
    }

    private static JsonElement RunBrian2(string example)
    {
        using var dir = new TempDirectory();
        // Brian2 with numpy code (no C compiler run), read from brian_preferences in its working folder.
        File.WriteAllText(dir.File("brian_preferences"), "codegen.target = 'numpy'\n");
        return Run(BackendEnvironment(dir), dir, Script, "brian2", example, dir.File("theirs.json"));
    }

    private static JsonElement Run(Dictionary<string, string> env, TempDirectory dir, params string[] arguments)
    {
        var (exit, output, error) = DebianPython.RunIn(TimeSpan.FromMinutes(8), env, dir.Path, arguments);
        Assert.True(exit == 0, $"{string.Join(' ', arguments)} exited {exit}: {error[Math.Max(0, error.Length - 3000)..]}");
        // Cloned: the element outlives its document (the file's folder is deleted when the run returns).
        return JsonDocument.Parse(File.ReadAllText(arguments[^1])).RootElement.GetProperty("populations").Clone();
    }
}
