using System.Reflection;

namespace NeuroSharp.Studio.Hosting;

/// <summary>The built front end, embedded in this assembly under <c>wwwroot/</c> by the project's client build.</summary>
internal sealed class StaticAssets
{
    private const string Prefix = "wwwroot/";
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    /// <summary>Loads every embedded file.</summary>
    public StaticAssets()
    {
        var assembly = typeof(StaticAssets).Assembly;
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            _files[name[Prefix.Length..]] = copy.ToArray();
        }
    }

    /// <summary>True when the front end was built into the assembly.</summary>
    public bool IsBuilt => _files.ContainsKey("index.html") && _files.ContainsKey("app.js");

    /// <summary>A file by name (e.g. "app.js"), or null.</summary>
    /// <param name="name">The file name.</param>
    /// <returns>Its bytes or null.</returns>
    public byte[]? Find(string name) => _files.GetValueOrDefault(name);

    /// <summary>The content type of a file name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The MIME type.</returns>
    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    /// <summary>The page served when the front end was not built (npm missing at build time).</summary>
    public const string NotBuiltPage = """
        <!doctype html><html><head><meta charset="utf-8"><title>NeuroSharp studio</title></head>
        <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
        <h1>The studio's front end was not built</h1>
        <p>The server runs (its HTTP API answers under <code>/api</code>, see docs/studio.md), but this build
        has no page: building <code>src/NeuroSharp.Studio</code> runs <code>npm ci</code> and <code>npm run build</code>
        in <code>src/NeuroSharp.Studio/client</code>, and npm was not found. Install Node.js and npm, then run
        <code>dotnet build</code> again.</p></body></html>
        """;

    /// <summary>The assembly's informational version, for /api/info.</summary>
    public static string Version =>
        typeof(StaticAssets).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
}
