using System.Globalization;
using NeuroSharp.Formats;

namespace NeuroSharp.Cli;

/// <summary>
/// The --out folder of a run, held for the run's duration: <see cref="Open"/> creates it if missing, takes
/// an exclusive lock on <c>.neurosharp.lock</c> inside it (a second run on the same folder is refused with
/// exit code 2 instead of mixing its files with the first's), and then deletes the temporary files that
/// killed writes left there (no live writer can own one, since the lock is held). Dispose releases the lock
/// deletes the pid file, and removes the folder again if this run created it and wrote nothing into it (a refused run leaves no
/// empty folder behind).
/// </summary>
/// <remarks>
/// The lock is the operating system's (FileShare.None: flock on Unix, a share mode on Windows), so it
/// goes away with the process however that ends. The lock file itself stays in the folder (deleting it
/// while another run waits to open it would let two runs lock two different files); the holder's
/// process id is written beside it in <c>.neurosharp.pid</c>, since a locked file cannot be read by others.
/// </remarks>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string LockFileName = ".neurosharp.lock";

    /// <summary>The name of the file holding the lock holder's process id.</summary>
    public const string PidFileName = ".neurosharp.pid";

    private readonly FileStream _lock;
    private readonly string? _createdRoot;

    private OutputFolder(string path, FileStream lockStream, string? createdRoot)
    {
        Path = path;
        _lock = lockStream;
        _createdRoot = createdRoot;
    }

    /// <summary>The folder's path, as given.</summary>
    public string Path { get; }

    /// <summary>Creates the folder if missing, locks it and deletes stale temporary files.</summary>
    /// <param name="path">The folder (--out, or a folder inside it).</param>
    /// <param name="label">How messages name it (default "--out PATH").</param>
    /// <returns>The held folder; dispose it when the run ends.</returns>
    /// <exception cref="InvalidInputException">Another run holds the folder, or it cannot be created.</exception>
    public static OutputFolder Open(string path, string? label = null)
    {
        label ??= $"--out {path}";
        string full = System.IO.Path.GetFullPath(path);
        string? createdRoot = TopmostMissing(full);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{label} cannot be created: {FileErrors.Reason(full, e, folder: true)}.", e);
        }
        string lockPath = System.IO.Path.Combine(full, LockFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e) when (File.Exists(lockPath))
        {
            throw new InvalidInputException($"{label} is in use by another neurosharp run ({Holder(full)}); wait for it or choose another folder.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveIfEmpty(full, createdRoot);
            throw new InvalidInputException($"{label} cannot be locked for this run: {FileErrors.Reason(lockPath, e)}.", e);
        }
        var folder = new OutputFolder(path, stream, createdRoot);
        try
        {
            AtomicFile.WriteAllText(System.IO.Path.Combine(full, PidFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            AtomicFile.DeleteStaleTemps(full);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
        return folder;
    }

    /// <summary>Releases the lock; removes the folder (and the parents this run created) if nothing else was written.</summary>
    public void Dispose()
    {
        string full = System.IO.Path.GetFullPath(Path);
        TryDelete(System.IO.Path.Combine(full, PidFileName));
        if (_createdRoot is not null && OnlyOurFiles(full))
        {
            TryDelete(System.IO.Path.Combine(full, LockFileName)); // still ours: unlinking before closing is safe here, nobody else waits for a folder we just made
        }
        _lock.Dispose();
        RemoveIfEmpty(full, _createdRoot);
    }

    private static string Holder(string full)
    {
        try
        {
            string text = File.ReadAllText(System.IO.Path.Combine(full, PidFileName)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? $"pid {pid}" : "pid unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "pid unknown";
        }
    }

    /// <summary>The outermost folder of <paramref name="full"/> that does not exist yet, or null if it exists.</summary>
    private static string? TopmostMissing(string full)
    {
        string? missing = null;
        for (string? dir = full; dir is not null && !Directory.Exists(dir); dir = System.IO.Path.GetDirectoryName(dir)) missing = dir;
        return missing;
    }

    private static bool OnlyOurFiles(string full)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(full).All(e => System.IO.Path.GetFileName(e) is LockFileName or PidFileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Deletes <paramref name="full"/> and its parents up to <paramref name="createdRoot"/> while they are empty.</summary>
    private static void RemoveIfEmpty(string full, string? createdRoot)
    {
        if (createdRoot is null) return;
        for (string? dir = full; dir is not null && dir.Length >= createdRoot.Length; dir = System.IO.Path.GetDirectoryName(dir))
        {
            try
            {
                if (!Directory.Exists(dir) || Directory.EnumerateFileSystemEntries(dir).Any()) return;
                Directory.Delete(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
