using System.Text.RegularExpressions;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Docs;

/// <summary>
/// Code and docs cite pages of this repository (docs/design.md, docs/articles.md, the algorithm pages), never
/// documents a clone does not have: no paths into a shared folder beside the repository, no numbered sections
/// of an outside spec or style guide. And every <c>page.md#anchor</c> they cite names a heading or anchor that exists.
/// </summary>
public class DocCitationTests
{
    // Written so that this file does not match itself: "\\.\\." is not "..", and "[0-9]" is not a digit.
    private static readonly Regex OutsideCitation = new(@"\.\./shared|\bSPEC [0-9]|\bSPEC section|\bSTYLE (rule )?[0-9]", RegexOptions.Compiled);

    private static readonly Regex PageAnchor = new(@"(?<![A-Za-z0-9_/.-])(?:docs/)?([A-Za-z0-9_-]+)\.md#([A-Za-z0-9_-]+)", RegexOptions.Compiled);

    private static readonly string[] TextExtensions = [".cs", ".md", ".json", ".ts", ".js", ".html", ".css", ".sh", ".py", ".csproj", ".props", ".txt"];

    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "wwwroot", ".git"];

    [Fact]
    public void Sources_AndDocs_CiteNoDocumentOutsideTheRepository()
    {
        var files = ScannedFiles();
        Assert.Contains(files, f => f.EndsWith(Path.Combine("docs", "design.md"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".cs", StringComparison.Ordinal));
        var offences = new List<string>();
        foreach (var file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                var match = OutsideCitation.Match(lines[i]);
                if (match.Success) offences.Add($"{Relative(file)}:{i + 1}: \"{match.Value}\" (cite a page in docs/ instead: docs/design.md, docs/articles.md or an algorithm page)");
            }
        }
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void PageAnchors_CitedInSourcesAndDocs_Exist()
    {
        var anchorsByPage = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var offences = new List<string>();
        int cited = 0;
        foreach (var file in ScannedFiles())
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (Match m in PageAnchor.Matches(lines[i]))
                {
                    string page = m.Groups[1].Value, anchor = m.Groups[2].Value;
                    if (!anchorsByPage.TryGetValue(page, out var anchors))
                    {
                        anchors = PagePath(page) is { } path ? Anchors(File.ReadAllLines(path)) : null;
                        anchorsByPage[page] = anchors;
                    }
                    if (anchors is null) continue;   // not a page of this repository (e.g. a peer's README)
                    cited++;
                    if (!anchors.Contains(anchor)) offences.Add($"{Relative(file)}:{i + 1}: {page}.md has no anchor #{anchor}");
                }
            }
        }
        Assert.True(cited > 0, "no page anchors found: the scan looked in the wrong place");
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void Anchors_OfHeadings_FollowGitHubsRule()
    {
        var anchors = Anchors(["# Design", "## The spiking engine's step order", "### Reproductions (reference rules, [meta-clustering.md](meta-clustering.md))",
            "```", "# not a heading", "```", "<a id=\"article-000-clusterizers\"></a>", "## Design"]);
        Assert.Contains("design", anchors);
        Assert.Contains("the-spiking-engines-step-order", anchors);
        Assert.Contains("reproductions-reference-rules-meta-clusteringmd", anchors);
        Assert.Contains("article-000-clusterizers", anchors);
        Assert.Contains("design-1", anchors);
        Assert.DoesNotContain("not-a-heading", anchors);
    }

    private static List<string> ScannedFiles()
    {
        string root = RepositoryRoot.Path;
        var files = new List<string> { Path.Combine(root, "README.md"), Path.Combine(root, "CONTRIBUTING.md") };
        foreach (string folder in new[] { "src", "docs", "tests", "bench", "examples" })
        {
            Collect(Path.Combine(root, folder), files);
        }
        return files;
    }

    private static void Collect(string folder, List<string> files)
    {
        if (!Directory.Exists(folder)) return;
        foreach (string file in Directory.GetFiles(folder))
        {
            if (TextExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)) files.Add(file);
        }
        foreach (string sub in Directory.GetDirectories(folder))
        {
            if (!SkippedFolders.Contains(Path.GetFileName(sub), StringComparer.Ordinal)) Collect(sub, files);
        }
    }

    private static string? PagePath(string page)
    {
        string root = RepositoryRoot.Path;
        foreach (string candidate in new[] { Path.Combine(root, "docs", page + ".md"), Path.Combine(root, page + ".md") })
        {
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The anchors GitHub gives a page: explicit ids, and headings lowercased with punctuation dropped and spaces as hyphens.</summary>
    private static HashSet<string> Anchors(IEnumerable<string> lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        bool inFence = false;
        foreach (string line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (inFence) continue;
            foreach (Match id in Regex.Matches(line, "<a (?:id|name)=\"([^\"]+)\"")) anchors.Add(id.Groups[1].Value);
            var heading = Regex.Match(line, @"^#{1,6}\s+(.*?)\s*#*\s*$");
            if (!heading.Success) continue;
            string text = Regex.Replace(heading.Groups[1].Value, @"\[([^\]]*)\]\([^)]*\)", "$1").Replace("`", "");
            string slug = Regex.Replace(text.ToLowerInvariant(), @"[^\p{L}\p{Nd} _-]", "").Replace(' ', '-');
            int count = seen.GetValueOrDefault(slug);
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            seen[slug] = count + 1;
        }
        return anchors;
    }

    private static string Relative(string file) => Path.GetRelativePath(RepositoryRoot.Path, file);
}
