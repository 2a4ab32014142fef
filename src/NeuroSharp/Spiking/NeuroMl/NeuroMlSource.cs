using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// A NeuroML file and the files it includes (<c>&lt;include href="..."/&gt;</c>, resolved relative to the including
/// file), parsed with line information so that every refusal names the file, the line, the position and
/// the element's path.
/// </summary>
internal sealed class NeuroMlSource
{
    /// <summary>Bytes of parsed XML tree per byte of file (XDocument keeps names, attributes and line info as objects).</summary>
    internal const long TreeBytesPerFileByte = 12;

    private readonly MemoryBudget _budget;
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);

    private NeuroMlSource(MemoryBudget budget) => _budget = budget;

    /// <summary>
    /// The files of NeuroML's core LEMS type definitions, which jnml ships inside itself: a LEMS file's
    /// <c>&lt;Include file="Cells.xml"/&gt;</c> (in any folder) names one of them, and NeuroSharp knows their cells by name,
    /// so they are recognised by file name and not read (docs/neuroml.md, "LEMS simulation files").
    /// </summary>
    internal static readonly HashSet<string> CoreTypeFiles = new(StringComparer.Ordinal)
    {
        "Cells.xml", "Channels.xml", "Inputs.xml", "Networks.xml", "NeuroML2CoreTypes.xml", "NeuroMLCoreCompTypes.xml",
        "NeuroMLCoreDimensions.xml", "PyNN.xml", "Simulation.xml", "Synapses.xml",
    };

    /// <summary>The root elements (&lt;neuroml&gt;, or a LEMS file's &lt;Lems&gt;): the main file's first, then each included file's, in include order.</summary>
    public List<(string File, XElement Root)> Documents { get; } = [];

    /// <summary>Loads a file and, recursively, what it includes.</summary>
    /// <exception cref="InvalidInputException">A file is missing, too big for the budget, not well-formed XML, or not NeuroML.</exception>
    public static NeuroMlSource Load(string path, MemoryBudget budget)
    {
        var source = new NeuroMlSource(budget);
        source.LoadFile(Path.GetFullPath(path), path, null, path);
        return source;
    }

    /// <summary>Reads a NeuroML document from text (an upload): it may not include other files, which an upload cannot bring along.</summary>
    /// <exception cref="InvalidInputException">Too big for the budget, not well-formed XML, not NeuroML, or it has an include.</exception>
    public static NeuroMlSource FromText(string text, string shown, MemoryBudget budget)
    {
        var source = new NeuroMlSource(budget);
        source._budget.Require($"{shown} (NeuroML, {MemoryBudget.FormatBytes(text.Length)} of XML)", MemoryBudget.Times(text.Length, TreeBytesPerFileByte));
        var root = Parse(() => XmlReader.Create(new StringReader(text), ReaderSettings), shown, e => new InvalidInputException($"{shown}: cannot read the NeuroML text ({e.Message}).", e));
        if (root.Elements().FirstOrDefault(e => e.Name.LocalName == "include") is { } include)
            throw new InvalidInputException($"{At(shown, include)}: {PathOf(include)} includes another file, which an uploaded document cannot bring along; put both files in the workspace or convert them first (neurosharp convert).");
        source.Documents.Add((shown, root));
        return source;
    }

    /// <summary>
    /// Reads a NeuroML document and the files it includes from texts (an upload of several files): an include's href,
    /// resolved relative to the including file's folder, must name one of <paramref name="included"/> by its relative path.
    /// Nothing is read from disk.
    /// </summary>
    /// <exception cref="InvalidInputException">Too big for the budget, not well-formed XML, not NeuroML, or an include that
    /// names a URL, leaves the uploaded files' folder or names a file that was not uploaded (the message names it).</exception>
    public static NeuroMlSource FromTexts(string text, string shown, IReadOnlyDictionary<string, string> included, MemoryBudget budget)
    {
        var source = new NeuroMlSource(budget);
        source.LoadText(shown, text, included);
        return source;
    }

    private void LoadText(string shown, string text, IReadOnlyDictionary<string, string> included)
    {
        if (!_loaded.Add(shown)) return; // included twice (or in a cycle): once is enough
        _budget.Require($"{shown} (NeuroML, {MemoryBudget.FormatBytes(text.Length)} of XML)", MemoryBudget.Times(text.Length, TreeBytesPerFileByte));
        var root = Parse(() => XmlReader.Create(new StringReader(text), ReaderSettings), shown, e => new InvalidInputException($"{shown}: cannot read the NeuroML text ({e.Message}).", e));
        Documents.Add((shown, root));
        foreach (var e in root.Elements().Where(e => e.Name.LocalName == "include"))
        {
            string href = HrefOf(shown, e);
            // Resolved inside the uploaded files' own folder: a ".." that climbs out of it names nothing that was sent.
            var parts = new List<string>(shown.Split('/')[..^1]);
            foreach (string segment in href.Split('/', '\\'))
            {
                if (segment is "" or ".") continue;
                if (segment != "..") parts.Add(segment);
                else if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                else throw new InvalidInputException($"{At(shown, e)}: {PathOf(e)} href '{href}' leaves the folder of the uploaded files; an upload's includes must sit beside it (or below it).");
            }
            string target = string.Join('/', parts);
            if (!included.TryGetValue(target, out string? includedText))
                throw new InvalidInputException($"{At(shown, e)}: {PathOf(e)} names '{target}', which was not uploaded with {shown}; pick it too, together with the file that includes it.");
            LoadText(target, includedText, included);
        }
    }

    private static string HrefOf(string shown, XElement e)
    {
        string? href = (string?)e.Attribute("href");
        if (string.IsNullOrWhiteSpace(href))
            throw new InvalidInputException($"{At(shown, e)}: {PathOf(e)} has no href.");
        if (href.Contains("://", StringComparison.Ordinal))
            throw new InvalidInputException($"{At(shown, e)}: {PathOf(e)} href '{href}' is a URL; NeuroSharp reads included files from disk only (download it next to the file).");
        return href;
    }

    private static string FileOf(string shown, XElement e)
    {
        string? file = (string?)e.Attribute("file");
        if (string.IsNullOrWhiteSpace(file))
            throw new InvalidInputException($"{At(shown, e)}: {PathOf(e)} has no file attribute.");
        if (file.Contains("://", StringComparison.Ordinal))
            throw new InvalidInputException($"{At(shown, e)}: {PathOf(e)} file '{file}' is a URL; NeuroSharp reads included files from disk only (download it next to the file).");
        return file;
    }

    /// <summary>
    /// The root element's name of an XML file (<c>neuroml</c>, <c>Lems</c>, ...), "" for a file that starts like XML but is not
    /// well-formed before its root, or null for a file that does not start with '&lt;' (JSON) or cannot be read.
    /// </summary>
    internal static string? RootOf(string path)
    {
        try
        {
            using (var stream = File.OpenRead(path))
            {
                int b;
                do b = stream.ReadByte();
                while (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF); // whitespace, a UTF-8 byte order mark
                if (b != '<') return null;
            }
            using var reader = XmlReader.Create(path, ReaderSettings);
            return reader.MoveToContent() == XmlNodeType.Element ? reader.LocalName : "";
        }
        catch (XmlException)
        {
            return "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static readonly XmlReaderSettings ReaderSettings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };

    private static XElement Parse(Func<XmlReader> open, string shown, Func<Exception, InvalidInputException> unreadable, bool allowLems = false)
    {
        XDocument doc;
        try
        {
            using var reader = open();
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new InvalidInputException($"{shown}: not well-formed XML at line {e.LineNumber}, position {e.LinePosition} ({FirstSentence(e.Message)}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw unreadable(e);
        }
        var root = doc.Root!;
        if (root.Name.LocalName == "neuroml" || (allowLems && root.Name.LocalName == "Lems")) return root;
        throw new InvalidInputException(allowLems
            ? $"{At(shown, root)}: the root element is <{root.Name.LocalName}>, neither <neuroml> (a NeuroML 2 document) nor <Lems> (a LEMS simulation file)."
            : $"{At(shown, root)}: the root element is <{root.Name.LocalName}>, not <neuroml>; this is not a NeuroML 2 document.");
    }

    private void LoadFile(string fullPath, string shown, XElement? include, string includer)
    {
        if (!_loaded.Add(fullPath)) return; // included twice (or in a cycle): once is enough
        long length;
        try
        {
            length = new FileInfo(fullPath).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FileNotFoundException)
        {
            throw Missing(shown, include, includer, e.Message);
        }
        if (!File.Exists(fullPath)) throw Missing(shown, include, includer, "no such file");
        _budget.Require($"{shown} (NeuroML, {MemoryBudget.FormatBytes(length)} of XML)", MemoryBudget.Times(length, TreeBytesPerFileByte));
        var root = Parse(() => XmlReader.Create(fullPath, ReaderSettings), shown, e => Missing(shown, include, includer, e.Message), allowLems: true);
        Documents.Add((shown, root));
        // NeuroML's <include href>, and LEMS's <Include file> (the core type files jnml ships are known by name, not read).
        foreach (var e in root.Elements().Where(e => e.Name.LocalName is "include" or "Include"))
        {
            string href = e.Name.LocalName == "Include" ? FileOf(shown, e) : HrefOf(shown, e);
            if (e.Name.LocalName == "Include" && CoreTypeFiles.Contains(href.Split('/', '\\')[^1])) continue;
            string dir = Path.GetDirectoryName(fullPath) ?? ".";
            string target = Path.GetFullPath(Path.Combine(dir, href));
            string targetShown = Path.Combine(Path.GetDirectoryName(shown) ?? "", href);
            LoadFile(target, targetShown, e, shown);
        }
    }

    private static InvalidInputException Missing(string shown, XElement? include, string includer, string why)
    {
        if (include is null) return new InvalidInputException($"{shown}: cannot read the NeuroML file ({why}).");
        return new InvalidInputException($"{At(includer, include)}: {PathOf(include)} names '{shown}', which cannot be read ({why}).");
    }

    /// <summary>"file:line:position" of an element.</summary>
    public static string At(string file, XObject node)
    {
        var info = (IXmlLineInfo)node;
        return info.HasLineInfo() ? string.Create(CultureInfo.InvariantCulture, $"{file}:{info.LineNumber}:{info.LinePosition}") : file;
    }

    /// <summary>The element's path from the root, e.g. <c>/neuroml/network[@id='net']/projection[@id='p']/connection[2]</c>.</summary>
    public static string PathOf(XElement e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.Parent)
        {
            string name = x.Name.LocalName;
            if ((string?)x.Attribute("id") is { } id && x.Parent is not null) parts.Add($"{name}[@id='{id}']");
            else if (x.Parent is not null)
            {
                int index = 1 + x.ElementsBeforeSelf().Count(s => s.Name.LocalName == name);
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]"));
            }
            else parts.Add(name);
        }
        parts.Reverse();
        return "/" + string.Join("/", parts);
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return (dot > 0 ? message[..dot] : message).TrimEnd('.');
    }
}
