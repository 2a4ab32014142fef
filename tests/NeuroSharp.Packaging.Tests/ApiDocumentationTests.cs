using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using NeuroSharp.Testing;

namespace NeuroSharp.Packaging.Tests;

/// <summary>
/// The API reference (tools/api-docs) is made from the XML docs: every public type of every package has a
/// summary, and the build keeps it so (docs on, a missing comment an error).
/// </summary>
public class ApiDocumentationTests
{
    public static TheoryData<string> SrcProjects()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src")).Order(StringComparer.Ordinal))
            if (File.Exists(Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(SrcProjects))]
    public void SrcProject_Build_WritesXmlDocs_AndFailsOnAMissingComment(string project)
    {
        string csproj = Path.Combine(RepositoryRoot.Path, "src", project, project + ".csproj");
        var eval = ChildProcess.Dotnet(RepositoryRoot.Path, TimeSpan.FromMinutes(3), null, "msbuild", csproj, "-nologo",
            "-getProperty:GenerateDocumentationFile", "-getProperty:TreatWarningsAsErrors", "-getProperty:NoWarn", "-getProperty:WarningsNotAsErrors", "-getProperty:IsPackable");
        Assert.True(eval.Exit == 0, eval.Describe("dotnet msbuild -getProperty"));
        var props = JsonDocument.Parse(eval.Output[eval.Output.IndexOf('{')..]).RootElement.GetProperty("Properties");
        Assert.Equal("true", props.GetProperty("GenerateDocumentationFile").GetString());
        Assert.Equal("true", props.GetProperty("TreatWarningsAsErrors").GetString());
        Assert.Equal("true", props.GetProperty("IsPackable").GetString());
        // CS1591 is "missing XML comment for a publicly visible type or member".
        Assert.DoesNotContain("1591", props.GetProperty("NoWarn").GetString());
        Assert.DoesNotContain("1591", props.GetProperty("WarningsNotAsErrors").GetString());
    }

    [Theory]
    [InlineData("NeuroSharp.Numerics")]
    [InlineData("NeuroSharp")]
    [InlineData("NeuroSharp.Reports")]
    [InlineData("NeuroSharp.Studio")]
    [InlineData("NeuroSharp.Cli")]
    public void PublicTypes_Everyone_HasASummary(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        string xmlPath = Path.Combine(AppContext.BaseDirectory, assemblyName + ".xml");
        Assert.True(File.Exists(xmlPath), $"no XML docs beside {assemblyName}.dll");
        var summaries = XDocument.Load(xmlPath).Descendants("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value) || m.Element("inheritdoc") is not null)
            .Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var publicTypes = assembly.GetExportedTypes();
        Assert.NotEmpty(publicTypes);
        string[] missing = publicTypes.Select(t => t.FullName!.Replace('+', '.')).Where(n => !summaries.Contains("T:" + n)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, $"{assemblyName}: public types without a summary: {string.Join(", ", missing)}");
    }
}
