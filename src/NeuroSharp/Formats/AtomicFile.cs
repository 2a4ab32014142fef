using System.Text;

namespace NeuroSharp.Formats;

/// <summary>
/// Atomic file writes: the content goes to a temporary file in the same folder, is flushed to disk,
/// and then renamed over the target. A reader sees the old file or the new one, never half of one;
/// a crash or Ctrl+C mid-write leaves the old file intact. A process killed mid-write leaves its temporary
/// file (<c>.NAME.PID.GUID.tmp</c>); the next write of the same target deletes such leftovers of processes
/// that are no longer running (<see cref="DeleteStaleTemps(string)"/> does it for a whole folder). A write the machine refuses
/// (the target is a folder, the disk is full, ...) throws <see cref="FileProblemException"/>: one sentence naming the target
/// and what is wrong (<see cref="FileErrors"/>).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes a file atomically through a stream callback.</summary>
    /// <param name="path">The target path; its folder is created if missing.</param>
    /// <param name="write">Writes the whole content to the stream.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            DeleteStaleTemps(dir, Path.GetFileName(full));
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileProblemException)
        {
            // One sentence naming the file the caller asked for (not the temporary one) and what is wrong, for .NET's "Is a directory : '...'".
            TryDelete(temp);
            throw FileErrors.CannotWrite(path, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes bytes atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="bytes">The content.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            s.Write(bytes);
        });

    /// <summary>
    /// Deletes the temporary files that writes into <paramref name="directory"/> left behind when their
    /// process was killed: names of this class's pattern (<c>.NAME.PID.GUID.tmp</c>) whose process is no
    /// longer running. Files of running processes (a write in progress) and every other file are left alone.
    /// </summary>
    /// <param name="directory">The folder; nothing happens if it does not exist.</param>
    /// <returns>How many files were deleted.</returns>
    public static int DeleteStaleTemps(string directory) => DeleteStaleTemps(directory, null);

    /// <summary>Deletes the stale temporary files of one target (<paramref name="target"/>), or of all targets (null).</summary>
    private static int DeleteStaleTemps(string directory, string? target)
    {
        if (!Directory.Exists(directory)) return 0;
        int deleted = 0;
        try
        {
            string pattern = target is null ? ".*.tmp" : $".{target}.*.tmp";
            foreach (string path in Directory.EnumerateFiles(directory, pattern))
            {
                if (!IsTempName(Path.GetFileName(path), target, out int pid) || pid == Environment.ProcessId || IsRunning(pid)) continue;
                if (TryDelete(path)) deleted++;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return deleted;
    }

    /// <summary>Whether a file name is <c>.TARGET.PID.GUID.tmp</c> (any non-empty target when <paramref name="target"/> is null).</summary>
    private static bool IsTempName(string name, string? target, out int pid)
    {
        pid = 0;
        if (!name.StartsWith('.') || !name.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        string middle = name[1..^4]; // TARGET.PID.GUID
        int guidDot = middle.LastIndexOf('.');
        if (guidDot < 2 || middle.Length - guidDot - 1 != 32) return false;
        foreach (char ch in middle.AsSpan(guidDot + 1))
        {
            if (!char.IsAsciiHexDigit(ch)) return false;
        }
        int pidDot = middle.LastIndexOf('.', guidDot - 1);
        if (pidDot <= 0) return false;
        if (!int.TryParse(middle.AsSpan(pidDot + 1, guidDot - pidDot - 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out pid)) return false;
        return target is null || middle.AsSpan(0, pidDot).SequenceEqual(target);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // it exists but cannot be inspected: leave its files alone
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
