namespace NeuroSharp.Studio.Files;

/// <summary>
/// The one folder the studio reads and writes network files in. Every name a request gives is checked
/// here: a relative path of plain segments (letters, digits, space, '-', '_', '.') ending in ".json",
/// no "..", no hidden segment, no absolute path, and no symbolic link on the way; anything else is
/// refused with a sentence saying why, so no request reaches a file outside the folder.
/// </summary>
public sealed class WorkspaceFolder
{
    /// <summary>The longest relative path accepted, in characters.</summary>
    public const int MaxPathLength = 200;

    private const int MaxListed = 1000;
    private const int MaxDepth = 4;

    /// <summary>Opens (and creates if missing) the workspace folder.</summary>
    /// <param name="root">The folder.</param>
    /// <exception cref="InvalidInputException">The folder cannot be created.</exception>
    public WorkspaceFolder(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"The workspace folder '{full}' cannot be created: {NeuroSharp.Formats.FileErrors.Reason(full, e, folder: true)}.", e);
        }
        Root = full;
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <summary>The full path of a network file named relative to the workspace, after every check.</summary>
    /// <param name="relativePath">E.g. <c>nets/reflex.json</c>.</param>
    /// <param name="neuroMl">Also accept a NeuroML file (<c>.nml</c>), which the studio reads but never writes.</param>
    /// <returns>The full path, inside <see cref="Root"/>.</returns>
    /// <exception cref="InvalidInputException">The name is not a plain relative .json (or, when allowed, .nml) path inside the workspace.</exception>
    public string Resolve(string? relativePath, bool neuroMl = false)
    {
        string p = relativePath ?? "";
        if (p.Length == 0) throw Refuse(p, "is empty");
        if (p.Length > MaxPathLength) throw Refuse(p[..40] + "...", $"is longer than {MaxPathLength} characters");
        if (p.Contains('\\')) throw Refuse(p, "contains a backslash (use '/')");
        if (Path.IsPathRooted(p) || p.StartsWith('/')) throw Refuse(p, "is absolute; give a path relative to the workspace");
        var segments = p.Split('/');
        foreach (string s in segments)
        {
            if (s.Length == 0) throw Refuse(p, "has an empty segment");
            if (s is "." or "..") throw Refuse(p, "goes outside the workspace ('..' and '.' are not allowed)");
            if (s.StartsWith('.')) throw Refuse(p, "names a hidden file or folder");
            foreach (char c in s)
            {
                if (!(char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.')) throw Refuse(p, $"contains '{Printable(c)}' (allowed: letters, digits, space, '-', '_', '.', and '/' between folders)");
            }
        }
        if (!p.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !(neuroMl && IsNeuroMl(p)))
            throw Refuse(p, neuroMl ? "does not end in .json or .nml" : "does not end in .json");
        string full = Path.GetFullPath(Path.Combine(Root, p));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw Refuse(p, "goes outside the workspace");
        // No link may lead out: check every part that exists.
        string current = Root;
        foreach (string s in segments)
        {
            current = Path.Combine(current, s);
            var info = new FileInfo(current);
            if (info.Exists || Directory.Exists(current))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(current).LinkTarget is not null) throw Refuse(p, "goes through a symbolic link");
            }
            else
            {
                break;
            }
        }
        return full;
    }

    /// <summary>True for a NeuroML file name (<c>.nml</c>, e.g. c302's <c>c302_A_Full.net.nml</c>).</summary>
    /// <param name="path">A file name or path.</param>
    /// <returns>Whether it ends in .nml.</returns>
    public static bool IsNeuroMl(string path) => path.EndsWith(".nml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The .json and .nml files in the workspace (up to 4 folders deep, at most 1000), as sorted relative paths with '/'.</summary>
    /// <returns>The relative paths.</returns>
    public IReadOnlyList<string> ListNetworkFiles()
    {
        var found = new List<string>();
        Walk(Root, "", 0, found);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static void Walk(string dir, string prefix, int depth, List<string> found)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var e in entries.OrderBy(x => x.Name, StringComparer.Ordinal))
        {
            if (found.Count >= MaxListed) return;
            if (e.Name.StartsWith('.') || e.LinkTarget is not null || e.Name == "node_modules") continue;
            string rel = prefix + e.Name;
            if (e is DirectoryInfo && depth + 1 < MaxDepth) Walk(e.FullName, rel + "/", depth + 1, found);
            else if (e is FileInfo && (e.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || IsNeuroMl(e.Name)) && IsPlain(rel)) found.Add(rel);
        }
    }

    private static bool IsPlain(string rel) =>
        rel.Length <= MaxPathLength && rel.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '/');

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();

    private static InvalidInputException Refuse(string path, string why) =>
        new($"The file name '{new string(path.Select(c => char.IsControl(c) ? '?' : c).ToArray())}' {why}.");
}
