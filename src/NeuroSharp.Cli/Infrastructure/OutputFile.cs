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
    /// Refuses <paramref name="path"/> if a file cannot be written there (no such folder on its path, a folder in its place,
    /// a file where a folder should be, no permission, too long a name): a file made beside it and deleted at once tells.
    /// An existing file is left as it is.
    /// </summary>
    /// <param name="path">The file to be written, as given.</param>
    /// <param name="subject">How the sentence names it (e.g. "--checkpoint run.safetensors"); default the path itself.</param>
    /// <exception cref="InvalidInputException">"SUBJECT cannot be written: REASON." (the CLI's exit 2).</exception>
    public static void CheckWritable(string path, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        subject ??= path;
        try
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new IOException("a folder");
            using var probe = new FileStream($"{full}.{Environment.ProcessId}.probe", FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException($"{subject} cannot be written: {FileErrors.Reason(path, e)}.", e);
        }
    }
}
