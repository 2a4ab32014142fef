using System.CommandLine;
using System.Globalization;
using NeuroSharp.Cli;
using NeuroSharp.Testing;

namespace NeuroSharp.Fuzz.Tests;

/// <summary>
/// Out-of-range values for every option of every command, found by walking the command tree (so a new
/// option is fuzzed without a line here). Each command starts from a small valid run; one option at a
/// time takes an extreme value of its type. The property is in <see cref="Property"/>; a valid but long
/// request (say --samples 2147483647) may still be running at the time limit: it is killed, and counts
/// as accepted work, since the heap cap would have ended it had it allocated past its estimate.
/// </summary>
[Trait("Category", Categories.Slow)]
public class OptionFuzzTests(FuzzCorpus corpus) : IClassFixture<FuzzCorpus>
{
    /// <summary>A small valid run of each command; {dir} is the case folder, {corpus} the seed folder.</summary>
    private static readonly Dictionary<string, string[]> BaseRuns = new()
    {
        ["cluster"] = ["cluster", "--data", "mnist", "--clusters", "3", "--samples", "100"],
        ["metacluster"] = ["metacluster", "--data", "mnist", "--meta", "2", "--clusters", "3", "--samples", "100"],
        ["readout"] = ["readout", "--data", "mnist", "--test", "mnist:test", "--clusters", "5", "--samples", "200"],
        ["hash"] = ["hash", "--data", "mnist", "--rows", "100"],
        ["column"] = ["column", "--data", "mnist", "--rows", "100", "--clusters", "5"],
        ["train"] = ["train", "--layers", "784,8,10", "--data", "mnist", "--test", "mnist:test", "--rows", "100", "--epochs", "1"],
        ["simulate"] = ["simulate", "{corpus}/reflex-arc.json", "--duration-ms", "20"],
        ["experiment run"] = ["experiment", "run", "stdp-window", "--quick"],
        ["data info"] = ["data", "info", "onehot:groups=2,size=3"],
        ["bench clustering"] = ["bench", "clustering", "--rows", "50"],
    };

    // Options that only choose where files go or how text is printed: fuzzing them says nothing of input checks.
    private static readonly HashSet<string> Skipped = ["--help", "-h", "-?", "--version", "--json", "--quiet", "--out", "--cache", "--workspace"];

    private static readonly string[] IntegerValues = ["-1", "0", "2147483647", "2147483648", "1e12", "abc", ""];
    private static readonly string[] FloatValues = ["-1", "0", "NaN", "1e39", "-1e300", "Infinity", "abc"];
    private static readonly string[] UnsignedValues = ["-1", "18446744073709551616", "abc"];
    private static readonly string[] TextValues =
        ["", "x", "l3", "4,100000,100000,3", "uniform:dims=100000000", "onehot:groups=100000,size=100000", "uniform:dims=2,samples=2147483647", new string('z', 4000)];

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (string c in BaseRuns.Keys) data.Add(c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void ExtremeOptionValues_EveryRun_ExitsCleanlyOrRefusesInOneSentence(string commandPath)
    {
        var command = Find(commandPath);
        var cases = new List<string[]>();
        var rotation = (int)(FuzzSettings.Seed % 7);
        foreach (var option in command.Options)
        {
            if (Skipped.Contains(option.Name) || option.ValueType == typeof(bool)) continue;
            string[] values = ValuesOf(option.ValueType);
            int take = FuzzSettings.ValuesPerOption == 0 ? values.Length : Math.Min(values.Length, FuzzSettings.ValuesPerOption);
            for (int k = 0; k < take; k++)
            {
                string value = values[(rotation + k + cases.Count) % values.Length];
                cases.Add(WithOption(BaseRuns[commandPath], option.Name, value));
            }
        }

        // The shared options a command has (data info has no --out); a flag it lacks would make every case a usage error.
        var has = command.Options.Select(o => o.Name).ToHashSet();
        using var work = new TempDirectory();
        var verdicts = new string?[cases.Count];
        var exits = new int[cases.Count];
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = FuzzSettings.Parallelism }, i =>
        {
            string dir = Path.Combine(work.Path, i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            var args = cases[i].Select(a => a.Replace("{corpus}", corpus.Root, StringComparison.Ordinal)).ToList();
            if (has.Contains("--out")) args.AddRange(["--out", Path.Combine(dir, "out")]);
            if (has.Contains("--quiet")) args.Add("--quiet");
            if (has.Contains("--threads") && !cases[i].Contains("--threads")) args.AddRange(["--threads", "1"]);
            args.AddRange(["--memory-limit", CliProcess.MemoryLimit]);
            var result = CliProcess.Run(args, TimeSpan.FromSeconds(20), dir);
            exits[i] = result.Exit;
            // Past the time limit without a crash: valid long work (see the class remarks), not a hang.
            string? v = result.TimedOut ? null : Property.Violation(result, allowRunFailure: commandPath == "train");
            verdicts[i] = v is null ? null : $"neurosharp {string.Join(' ', args.Select(Quote))}: {v}";
        });
        var failures = verdicts.Where(v => v is not null).ToList();
        FuzzReport.Append("options: " + commandPath, cases.Count, exits.Count(e => e == 0), exits.Count(e => e == 2), failures.Count);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} option values broke the property:\n" + string.Join("\n", failures));
    }

    private static Command Find(string path)
    {
        Command c = NeuroSharpCli.Build(new CliContext(TextWriter.Null, TextWriter.Null, false));
        foreach (string part in path.Split(' ')) c = c.Subcommands.Single(s => s.Name == part);
        return c;
    }

    private static string[] ValuesOf(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(int) || t == typeof(long)) return IntegerValues;
        if (t == typeof(ulong)) return UnsignedValues;
        if (t == typeof(float) || t == typeof(double)) return FloatValues;
        return TextValues;
    }

    /// <summary>The base run with the option set to the value (replacing the base run's own value, if any).</summary>
    private static string[] WithOption(string[] baseRun, string option, string value)
    {
        var args = new List<string>(baseRun);
        int at = args.IndexOf(option);
        if (at >= 0) args.RemoveRange(at, 2);
        args.Add(option);
        args.Add(value);
        return [.. args];
    }

    private static string Quote(string a) => a.Length == 0 || a.Contains(' ') ? $"\"{a}\"" : a.Length > 60 ? a[..20] + "...(" + a.Length + " chars)" : a;
}
