using NeuroSharp.Formats;

namespace NeuroSharp.Cli;

/// <summary>
/// The check every command that writes a named output file (simulate's <c>--checkpoint</c>, convert's OUT, the model file a
/// training command keeps in <c>--out</c>) makes before its work starts, so that a long run never ends in a file it cannot
/// write (exit 1 after the work) but is refused at once (exit 2, one sentence). The <c>--out</c> folder itself has
/// <see cref="OutputFolder"/>'s lock.
/// </summary>
internal static class OutputFile
{
    /// <summary>
    /// Refuses <paramref name="path"/> if a file cannot be written there (a folder in its place, a file where a folder should
    /// be, no permission, too long a name, or with <paramref name="createsFolders"/> false a folder on its path that does not
    /// exist): a file made beside it, or with <paramref name="createsFolders"/> in the nearest folder that exists, and deleted
    /// at once tells. An existing file is left as it is.
    /// </summary>
    /// <param name="path">The file to be written, as given.</param>
    /// <param name="subject">How the sentence names it (e.g. "--checkpoint run.safetensors"); default the path itself.</param>
    /// <param name="createsFolders">Whether the writer makes the folders on the path that are missing (convert's writers do,
    /// through AtomicFile and the SONATA writer; simulate's checkpoint does not).</param>
    /// <exception cref="InvalidInputException">"SUBJECT cannot be written: REASON." (the CLI's exit 2).</exception>
    public static void CheckWritable(string path, string? subject = null, bool createsFolders = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        subject ??= path;
        try
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new IOException("a folder");
            string probeAt = full;
            if (createsFolders)
            {
                // The name must be one the file system takes (NAME_MAX: 255 bytes a component on Linux) and the nearest
                // existing folder one this process can write in; a file standing where a folder should be is the reason
                // FileErrors finds.
                string? existing = Path.GetDirectoryName(full);
                while (existing is not null && !Directory.Exists(existing))
                {
                    if (File.Exists(existing)) throw new IOException("a file on its path");
                    existing = Path.GetDirectoryName(existing);
                }
                foreach (string part in full.Split(Path.DirectorySeparatorChar))
                {
                    if (System.Text.Encoding.UTF8.GetByteCount(part) > 255) throw new PathTooLongException();
                }
                if (existing != Path.GetDirectoryName(full)) probeAt = Path.Combine(existing ?? Path.GetPathRoot(full)!, ".neurosharp-output");
            }
            using var probe = new FileStream($"{probeAt}.{Environment.ProcessId}.probe", FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException($"{subject} cannot be written: {FileErrors.Reason(path, e)}.", e);
        }
    }
}
