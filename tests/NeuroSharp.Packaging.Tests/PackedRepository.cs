using System.IO.Compression;
using System.Text.RegularExpressions;
using NeuroSharp.Testing;

namespace NeuroSharp.Packaging.Tests;

/// <summary>
/// The repository packed once for the packaging tests, the way docs/install.md tells a user to
/// (<c>dotnet pack</c> of the src projects into a folder), built in Release with CI settings. The build's
/// bin/obj go to a temporary artifacts folder, so packing does not touch (or race) the bin/obj folders
/// of a build of the solution running beside it.
/// </summary>
public sealed class PackedRepository : IDisposable
{
    /// <summary>The ids of the packages the repository makes, one per project under src/.</summary>
    public static readonly string[] ExpectedIds = ["NeuroSharp", "NeuroSharp.Cli", "NeuroSharp.Numerics", "NeuroSharp.Reports", "NeuroSharp.Studio"];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(20);
    private readonly TempDirectory _root = new();
    private readonly Lazy<string> _secondPack;

    /// <summary>Packs the repository into <see cref="PackagesDirectory"/>.</summary>
    public PackedRepository()
    {
        PackagesDirectory = _root.File("packages");
        ArtifactsDirectory = _root.File("artifacts");
        var pack = Pack(PackagesDirectory);
        PackOutput = pack.Output;
        if (pack.Exit != 0)
        {
            _root.Dispose(); // a constructor that throws is never disposed: the build's hundreds of megabytes go now
            throw new InvalidOperationException(pack.Describe("dotnet pack"));
        }
        var match = Regex.Match(Path.GetFileName(Directory.GetFiles(PackagesDirectory, "NeuroSharp.Numerics.*.nupkg").Single()), @"^NeuroSharp\.Numerics\.(.+)\.nupkg$");
        Version = match.Groups[1].Value;
        _secondPack = new Lazy<string>(() =>
        {
            // A clean second build of the same commit: same paths, nothing reused from the first.
            Directory.Delete(ArtifactsDirectory, recursive: true);
            string second = _root.File("packages-again");
            var again = Pack(second);
            if (again.Exit != 0) throw new InvalidOperationException(again.Describe("the second dotnet pack"));
            return second;
        });
    }

    /// <summary>The folder of the .nupkg and .snupkg files.</summary>
    public string PackagesDirectory { get; }

    /// <summary>The packing build's bin/obj folder.</summary>
    public string ArtifactsDirectory { get; }

    /// <summary>The version every package got (from git tags, 0.0.0-alpha.0.N without one).</summary>
    public string Version { get; }

    /// <summary>What dotnet pack printed.</summary>
    public string PackOutput { get; }

    /// <summary>A second, clean pack of the same working tree into another folder (made on first use).</summary>
    public string SecondPackDirectory => _secondPack.Value;

    /// <summary>A fresh folder under the fixture's temporary root.</summary>
    public string NewDirectory(string name)
    {
        string path = _root.File(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The .nupkg files (not the symbol packages).</summary>
    public string[] Packages => Directory.GetFiles(PackagesDirectory, "*.nupkg").Order(StringComparer.Ordinal).ToArray();

    /// <summary>The entry names of one package.</summary>
    public static string[] Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>The user's NuGet global packages folder, which the repository's restore filled: an offline source.</summary>
    public static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private ProcessResult Pack(string output) =>
        ChildProcess.Dotnet(RepositoryRoot.Path, PackTimeout, new Dictionary<string, string> { ["CI"] = "true" },
            "pack", Path.Combine("src", "NeuroSharp.Packages.slnf"), "-c", "Release", "-o", output, "--artifacts-path", ArtifactsDirectory,
            "-nodeReuse:false", "--disable-build-servers", "-p:ContinuousIntegrationBuild=true");

    /// <inheritdoc />
    public void Dispose() => _root.Dispose();
}
