using System.Text.RegularExpressions;

namespace NeuroSharp.Formats;

/// <summary>
/// One sentence for a file or folder the machine refused, in place of .NET's message (<c>Is a directory :
/// '/out/spikes.csv'</c>): the path as the caller named it and what is wrong, in words (it is a folder, a file stands where a
/// folder should, permission denied, the disk is full, ...). Writers throw <see cref="CannotWrite"/>, an
/// <see cref="IOException"/> like the one it replaces, so a caller that tells a failed run (exit 1) from bad input (exit 2)
/// still can.
/// </summary>
public static partial class FileErrors
{
    /// <summary>The exception a writer throws when <paramref name="path"/> cannot be written.</summary>
    /// <param name="path">The file, as the caller named it.</param>
    /// <param name="error">What .NET threw (an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>); kept as the inner exception.</param>
    /// <returns>"PATH cannot be written: REASON."</returns>
    public static FileProblemException CannotWrite(string path, Exception error) => new($"{path} cannot be written: {Reason(path, error)}.", error);

    /// <summary>What is wrong with <paramref name="path"/>, in words without a final stop, e.g. "it is a folder, not a file".</summary>
    /// <param name="path">The file or folder that was read, written or made.</param>
    /// <param name="error">What .NET threw.</param>
    /// <param name="folder">True when <paramref name="path"/> was to be a folder, false for a file.</param>
    /// <returns>The reason.</returns>
    public static string Reason(string path, Exception error, bool folder = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(error);
        string? full = Full(path);
        // Linux reports a folder opened as a file as "access denied": the folder is the reason, not a permission.
        if (full is not null && !folder && Directory.Exists(full)) return "it is a folder, not a file";
        if (full is not null && error is not UnauthorizedAccessException)
        {
            if (folder && File.Exists(full)) return "it is a file, not a folder";
            for (string? dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(dir)) return $"{dir} is a file, not a folder";
            }
        }
        return error switch
        {
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "the path is too long",
            FileNotFoundException => "there is no such file",
            DirectoryNotFoundException => "a folder on its path does not exist",
            IOException io when IsDiskFull(io) => "the disk is full",
            IOException io when IsReadOnly(io) => "the file system is read-only",
            _ => WithoutPath(error.Message),
        };
    }

    /// <summary>
    /// One sentence for an I/O error whose path is known only from .NET's message (a last resort, where no writer named the
    /// file): "PATH: REASON." when the message quotes a path, else the message.
    /// </summary>
    /// <param name="error">What .NET threw.</param>
    /// <returns>The sentence.</returns>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is FileProblemException) return error.Message; // already one sentence naming the file
        var quoted = QuotedPath().Match(error.Message);
        if (!quoted.Success) return error.Message;
        string path = quoted.Groups["path"].Value;
        return $"{path}: {Reason(path, error)}.";
    }

    private static bool IsDiskFull(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 112 or 39 : e.HResult is 28 || (OperatingSystem.IsLinux() ? e.HResult == 122 : e.HResult == 69);

    private static bool IsReadOnly(IOException e) => OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == 19 : e.HResult == 30;

    /// <summary>.NET's message less the path it quotes ("Is a directory : '/x'" gives "is a directory").</summary>
    private static string WithoutPath(string message)
    {
        string text = SuffixPath().Replace(message, "").Trim().TrimEnd('.');
        return text.Length == 0 ? "the system refused it" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static string? Full(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\s*:\s*'[^']*'\s*\.?$")]
    private static partial Regex SuffixPath();

    [GeneratedRegex(@"'(?<path>[^']+)'")]
    private static partial Regex QuotedPath();
}

/// <summary>A file or folder the machine refused, its message one sentence naming it and what is wrong (<see cref="FileErrors"/>).</summary>
public sealed class FileProblemException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The sentence.</param>
    /// <param name="inner">What .NET threw.</param>
    public FileProblemException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
