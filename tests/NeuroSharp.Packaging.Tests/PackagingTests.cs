using System.Globalization;
using System.Text.RegularExpressions;
using NeuroSharp.Testing;

namespace NeuroSharp.Packaging.Tests;

/// <summary>
/// What docs/install.md promises, done as a user would: the packages, the tool installed from them, the C#
/// examples built against them. One pack for the class (the fixture); slow, since it is a Release build.
/// </summary>
[Trait("Category", Categories.Slow)]
[Trait("Category", "Packaging")]
public sealed class PackagingTests(PackedRepository packed) : IClassFixture<PackedRepository>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(15);

    [Fact]
    public void Pack_EverySrcProject_IsOnePackageWithSymbols_AndNoTestOrBenchAssembly()
    {
        string[] projects = Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj"))).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        string[] ids = packed.Packages.Select(p => IdOf(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(projects, ids);
        Assert.Subset(ids.ToHashSet(), PackedRepository.ExpectedIds.ToHashSet());
        foreach (string package in packed.Packages)
        {
            Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{Path.GetFileName(package)} has no symbol package beside it");
            foreach (string entry in PackedRepository.Entries(package))
                Assert.False(Regex.IsMatch(entry, @"Tests?\b|Testing|Bench|xunit|testhost|Microsoft\.TestPlatform", RegexOptions.IgnoreCase),
                    $"{Path.GetFileName(package)} contains {entry}");
        }
    }

    [Fact]
    public void Pack_Metadata_NamesTheVersionReadmeDocsAndTheToolCommand()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$", packed.Version);
        foreach (string package in packed.Packages)
        {
            string id = IdOf(package);
            string nuspec = ReadEntry(package, id + ".nuspec");
            Assert.Contains($"<version>{packed.Version}</version>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Matches("<description>.{40,}</description>", nuspec);
            Assert.Contains("<tags>", nuspec);
            Assert.Matches("<repository type=\"git\"[^>]* commit=\"[0-9a-f]{40}\"", nuspec);
            Assert.Contains("README.md", PackedRepository.Entries(package));
        }
        string library = packed.Packages.Single(p => IdOf(p) == "NeuroSharp");
        Assert.Contains("lib/net10.0/NeuroSharp.dll", PackedRepository.Entries(library));
        Assert.Contains("lib/net10.0/NeuroSharp.xml", PackedRepository.Entries(library)); // the API docs an IDE shows
        Assert.Contains($"<dependency id=\"NeuroSharp.Numerics\" version=\"{packed.Version}\"", ReadEntry(library, "NeuroSharp.nuspec"));

        string tool = packed.Packages.Single(p => IdOf(p) == "NeuroSharp.Cli");
        Assert.Contains("<packageType name=\"DotnetTool\" />", ReadEntry(tool, "NeuroSharp.Cli.nuspec"));
        Assert.Contains("<Command Name=\"neurosharp\"", ReadEntry(tool, "tools/net10.0/any/DotnetToolSettings.xml"));
    }

    [Fact]
    public void Pack_TwiceFromTheSameCommit_GivesByteIdenticalPackages()
    {
        string second = packed.SecondPackDirectory;
        string[] first = Directory.GetFiles(packed.PackagesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(first, Directory.GetFiles(second).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        foreach (string name in first)
        {
            byte[] a = File.ReadAllBytes(Path.Combine(packed.PackagesDirectory, name)), b = File.ReadAllBytes(Path.Combine(second, name));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{name} differs between two packs of the same commit ({a.Length} and {b.Length} bytes)");
        }
    }

    [Fact]
    public void InstalledTool_FromThePackageFolder_RunsTheQuickTour()
    {
        string tools = packed.NewDirectory("tools");
        var env = IsolatedNuGet("tool-nuget");
        var install = ChildProcess.Dotnet(RepositoryRoot.Path, StepTimeout, env,
            "tool", "install", "--tool-path", tools, "--add-source", packed.PackagesDirectory, "NeuroSharp.Cli", "--version", packed.Version);
        Assert.True(install.Exit == 0, install.Describe("dotnet tool install"));
        Assert.Contains("neurosharp", install.Output);

        string neurosharp = Path.Combine(tools, OperatingSystem.IsWindows() ? "neurosharp.exe" : "neurosharp");
        string work = packed.NewDirectory("tour");
        var toolEnv = new Dictionary<string, string> { ["NEUROSHARP_CACHE"] = Path.Combine(work, "cache"), ["NPM_CONFIG_OFFLINE"] = "true" };

        var list = ChildProcess.Run(neurosharp, ["experiment", "list"], work, StepTimeout, toolEnv);
        Assert.True(list.Exit == 0, list.Describe("neurosharp experiment list"));
        Assert.Contains("onehot-5x5", list.Output);

        // The tour command of the installed tool, quick, on two experiments and the committed MNIST subset: the whole
        // quick tour takes minutes on two cores, longer than this suite may spend (docs/install.md).
        var tour = ChildProcess.Run(neurosharp, ["tour", "--quick", "--only", "onehot-5x5", "side-by-side", "--mnist-dir", TestData.MnistSubsetDirectory,
            "--out", Path.Combine(work, "out"), "--quiet"], work, StepTimeout, toolEnv);
        Assert.True(tour.Exit == 0, tour.Describe("neurosharp tour --quick"));
        string report = File.ReadAllText(Path.Combine(work, "out", "report.html"));
        Assert.Contains("id=\"onehot-5x5\"", report);
        Assert.True(File.Exists(Path.Combine(work, "out", "side-by-side", "masks.png")));
    }

    [Fact]
    public void CSharpExamples_BuiltAgainstThePackages_RunAndLearn()
    {
        // A copy of examples/csharp whose nuget.config names only the packed folder and the local NuGet cache:
        // offline, and sure to use the packages just made (a fresh global packages folder, no cached NeuroSharp).
        string examples = packed.NewDirectory("examples");
        CopyDirectory(Path.Combine(RepositoryRoot.Path, "examples", "csharp"), examples);
        File.WriteAllText(Path.Combine(examples, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packed.PackagesDirectory}" />
                <add key="cache" value="{PackedRepository.GlobalPackagesFolder}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="packed"><package pattern="NeuroSharp" /><package pattern="NeuroSharp.*" /></packageSource>
                <packageSource key="cache"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        var env = IsolatedNuGet("examples-nuget");
        var build = ChildProcess.Dotnet(examples, StepTimeout, env, "build", "Examples.slnx", "-c", "Release", $"-p:NeuroSharpVersion={packed.Version}",
            "-nodeReuse:false", "--disable-build-servers");
        Assert.True(build.Exit == 0, build.Describe("dotnet build examples/csharp"));
        Assert.True(Directory.Exists(Path.Combine(env["NUGET_PACKAGES"], "neurosharp", packed.Version)), "the examples did not restore NeuroSharp " + packed.Version);

        string mnist = TestData.MnistSubsetDirectory;
        var cluster = RunExample(examples, "ClusterMnist", mnist, "20");
        // 20 clusters of the 1 000-digit subset, labelled by majority: typically 60-70 % on the 500 test digits; chance is 10 %.
        Assert.True(Percent(cluster, @"test accuracy of the cluster labels ([\d.]+) ?%") > 40, cluster);
        Assert.True(File.Exists(Path.Combine(examples, "ClusterMnist", "cluster-mnist.safetensors")));

        var meta = RunExample(examples, "MetaCluster", "1");
        Assert.Contains("recovered the 5 planted groups", meta);

        var simulate = RunExample(examples, "SimulateNetwork", Path.Combine(RepositoryRoot.Path, "examples", "networks", "reflex-arc.json"), "200");
        Assert.Matches(@"\n[1-9]\d* spikes", "\n" + simulate);

        // NEAT on spiking XOR: 20 of 20 seeds solve it within 100 generations (docs/evolution-xor.md; seed 1 here in
        // generation 15), and the saved champion replayed through the task must still solve it.
        var evolve = RunExample(examples, "EvolveController", "xor", "1", "100");
        Assert.Matches(@"solved xor in generation \d+ after \d+ evaluations", evolve);
        Assert.Contains("replayed: fitness", evolve);
        Assert.Contains("solved True", evolve);
        Assert.Contains("\"populations\"", File.ReadAllText(Path.Combine(examples, "EvolveController", "champion.json")));

        var dfa = RunExample(examples, "TrainDfa", mnist, "3");
        // DFA on 1 000 digits, 3 epochs of batches of 20: about 110 of the 500 test digits wrong (chance is 450); under 200 is learning.
        var last = Regex.Matches(dfa, @"epoch (\d+): .* test errors (\d+) of 500").Last();
        Assert.Equal("3", last.Groups[1].Value);
        Assert.True(int.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture) < 200, dfa);
    }

    private string RunExample(string examples, string name, params string[] args)
    {
        string dll = Path.Combine(examples, name, "bin", "Release", "net10.0", name + ".dll");
        string workDir = Path.Combine(examples, name);
        var run = ChildProcess.Dotnet(workDir, StepTimeout, null, [dll, .. args]);
        Assert.True(run.Exit == 0, run.Describe(name));
        return run.Output;
    }

    private static double Percent(string output, string pattern)
    {
        var m = Regex.Match(output, pattern);
        Assert.True(m.Success, $"no '{pattern}' in:\n{output}");
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private Dictionary<string, string> IsolatedNuGet(string name) => new()
    {
        ["NUGET_PACKAGES"] = packed.NewDirectory(name),
        ["NUGET_HTTP_CACHE_PATH"] = packed.NewDirectory(name + "-http"),
    };

    private static string IdOf(string package) => Path.GetFileName(package)[..^(".nupkg".Length)] is var n ? Regex.Replace(n, @"\.\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$", "") : "";

    private static string ReadEntry(string package, string entry)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var e = zip.GetEntry(entry) ?? throw new Xunit.Sdk.XunitException($"{Path.GetFileName(package)} has no {entry}");
        using var reader = new StreamReader(e.Open());
        return reader.ReadToEnd();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(from, dir);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.Combine(to, rel));
        }
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(from, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            File.Copy(file, Path.Combine(to, rel));
        }
    }
}
