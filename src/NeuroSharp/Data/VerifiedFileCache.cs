using System.Globalization;
using System.Security.Cryptography;
using NeuroSharp.Formats;

namespace NeuroSharp.Data;

/// <summary>
/// A cache folder of downloaded data files checked by SHA-256 (MNIST, Fashion-MNIST): the files enter it only
/// when every one has its expected hash, and a marker listing "name size sha256" per file says the folder is
/// complete. How the files are fetched stays with each repository.
/// </summary>
/// <param name="directory">The cache folder of one dataset version.</param>
/// <param name="expected">Each file's name and the SHA-256 (lower-case hex) of its content.</param>
internal sealed class VerifiedFileCache(string directory, IReadOnlyDictionary<string, string> expected)
{
    private const string Marker = "verified.txt";

    /// <summary>The cache folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>True when the marker lists every expected file with its hash and each file still has the listed size.</summary>
    public bool IsComplete()
    {
        string marker = Path.Combine(Directory, Marker);
        if (!File.Exists(marker)) return false;
        var lines = File.ReadAllLines(marker);
        if (lines.Length != expected.Count) return false;
        foreach (string line in lines)
        {
            // A changed size, or another expected hash (a new dataset version), means the cache is not this data.
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !expected.TryGetValue(parts[0], out var hash) || hash != parts[2]) return false;
            var file = new FileInfo(Path.Combine(Directory, parts[0]));
            if (!file.Exists || file.Length.ToString(CultureInfo.InvariantCulture) != parts[1]) return false;
        }
        return true;
    }

    /// <summary>
    /// Checks every expected file's hash, then writes the files and the marker (each atomically); nothing is written
    /// when one is missing or wrong.
    /// </summary>
    /// <param name="files">The fetched contents by file name.</param>
    /// <param name="missing">The refusal's sentence for a missing file (its name).</param>
    /// <param name="damaged">The refusal's sentence for a wrong hash (name, actual hash, expected hash).</param>
    /// <exception cref="InvalidInputException">A file is missing or has another hash.</exception>
    public void Store(IReadOnlyDictionary<string, byte[]> files, Func<string, string> missing, Func<string, string, string, string> damaged)
    {
        foreach (var (name, hash) in expected)
        {
            if (!files.TryGetValue(name, out var content)) throw new InvalidInputException(missing(name));
            string actual = Convert.ToHexStringLower(SHA256.HashData(content));
            if (actual != hash) throw new InvalidInputException(damaged(name, actual, hash));
        }
        System.IO.Directory.CreateDirectory(Directory);
        var lines = new List<string>();
        foreach (var (name, hash) in expected)
        {
            AtomicFile.WriteAllBytes(Path.Combine(Directory, name), files[name]);
            lines.Add($"{name} {files[name].Length} {hash}");
        }
        AtomicFile.WriteAllText(Path.Combine(Directory, Marker), string.Join('\n', lines) + "\n");
    }
}
