using System.Runtime.InteropServices;
using System.Text;

namespace NeuroSharp.Formats;

/// <summary>
/// Opens the files a user names as input (data sets, models, checkpoints) so that no file can make a
/// reader hang or read without end: the path must lead, through any symbolic links, to a regular file
/// (not a folder, a character device such as <c>/dev/zero</c>, a FIFO or a socket), and a file that
/// reports a size of zero yet has content (a device, a <c>/proc</c> file) is refused. Readers then
/// read no more than the size the file reports, and check the end with <see cref="RequireEnd"/>.
/// Every refusal is an <see cref="InvalidInputException"/> with one sentence naming the path.
/// </summary>
internal static class InputFile
{
    /// <summary>Opens <paramref name="path"/> for reading after the checks above.</summary>
    /// <param name="path">The file as the user named it.</param>
    /// <returns>The stream, positioned at the start; its <see cref="Stream.Length"/> is the file's size.</returns>
    /// <exception cref="InvalidInputException">The path is missing, not a regular file, or cannot be read.</exception>
    public static FileStream OpenRead(string path)
    {
        CheckRegular(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot be opened for reading: {FileErrors.Reason(path, e)}.", e);
        }
        try
        {
            // A device or a /proc file reports size 0 but has content: refuse rather than read it without end.
            if (stream.Length == 0 && stream.ReadByte() != -1)
                throw new InvalidInputException($"{path}: reports a size of 0 bytes but has content; it is not a regular file.");
            stream.Position = 0;
            return stream;
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw new InvalidInputException($"{path}: cannot be read: {FileErrors.Reason(path, e)}.", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a path that does not lead, through symbolic links, to an existing regular file.</summary>
    /// <param name="path">The file as the user named it.</param>
    /// <exception cref="InvalidInputException">Missing, a folder, a link loop, a device, a FIFO or a socket.</exception>
    public static void CheckRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new InvalidInputException($"{path}: is a folder, not a file.");
        if (!File.Exists(path))
        {
            string? link = null;
            try
            {
                link = new FileInfo(path).LinkTarget;
            }
            catch (IOException)
            {
            }
            throw new InvalidInputException(link is null
                ? $"{path}: file not found."
                : $"{path}: file not found (it is a symbolic link to {link}, which does not lead to a file, or a loop of links).");
        }
        string target = path;
        try
        {
            if (File.ResolveLinkTarget(path, returnFinalTarget: true) is { } resolved)
            {
                target = resolved.FullName;
                if (!resolved.Exists && !Directory.Exists(target))
                    throw new InvalidInputException($"{path}: file not found (it is a symbolic link to {target}, which does not exist).");
            }
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"{path}: the symbolic link cannot be followed: {FileErrors.Reason(path, e)}.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidInputException($"{path}: cannot be read: {FileErrors.Reason(path, e)}.", e);
        }
        if (Directory.Exists(target)) throw new InvalidInputException($"{path}: leads to the folder {target}, not a file.");
        if (NonRegularKind(target) is { } kind)
            throw new InvalidInputException($"{path}: {(target == path ? "is" : $"leads to {target}, which is")} {kind}, not a regular file.");
    }

    /// <summary>Fills <paramref name="buffer"/> from the stream, refusing a stream that ends first.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="path">The file, for the message.</param>
    /// <param name="what">What was being read, for the message ("the header").</param>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got < buffer.Length)
            throw new InvalidInputException($"{path}: the file ends {got} bytes into {what}, which needs {buffer.Length}; it is truncated.");
    }

    /// <summary>Refuses a stream that goes on after the <paramref name="expected"/> bytes its header declared.</summary>
    /// <param name="stream">The stream, just after the declared bytes.</param>
    /// <param name="path">The file, for the message.</param>
    /// <param name="expected">The bytes declared (named in the message).</param>
    public static void RequireEnd(Stream stream, string path, long expected)
    {
        if (stream.ReadByte() != -1)
            throw new InvalidInputException($"{path}: holds more than the {expected} bytes it declares (it grew while being read, or is not a regular file).");
    }

    /// <summary>A short, printable view of text from a file for a message: at most <paramref name="max"/> characters, control and other unprintable characters as \xNN or \uNNNN.</summary>
    /// <param name="text">The text.</param>
    /// <param name="max">The most characters shown before "...".</param>
    /// <returns>The escaped text.</returns>
    public static string Printable(string text, int max = 20)
    {
        var sb = new StringBuilder();
        int shown = 0;
        foreach (char c in text)
        {
            if (shown == max)
            {
                sb.Append("...");
                break;
            }
            if (c == '\\') sb.Append(@"\\");
            else if (c < 0x20 || c is >= '\x7F' and <= '\xA0') sb.Append($"\\x{(int)c:X2}");
            else if (char.IsSurrogate(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                     or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.PrivateUse)
                sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
            shown++;
        }
        return sb.ToString();
    }

    /// <summary>"a character device", "a FIFO (named pipe)", ... for a path that exists but is not a regular file; null for a regular file or when the kind cannot be told.</summary>
    private static string? NonRegularKind(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        var status = new byte[512];
        try
        {
            if (SystemNativeStat(path, status) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another runtime layout: OpenRead's size check still refuses devices; a FIFO would wait for a writer.
            return null;
        }
        // The runtime's own FileStatus: int Flags, int Mode (S_IFMT bits normalised by the runtime).
        int mode = BitConverter.ToInt32(status, 4);
        return (mode & 0xF000) switch
        {
            0x8000 or 0x4000 or 0 => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "a special file",
        };
    }

    /// <summary>The .NET runtime's stat (System.Native), which every .NET build on Unix ships; it follows symbolic links.</summary>
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
