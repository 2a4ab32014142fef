using System.Reflection;
using NeuroSharp.Stochastic;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Stochastic;

/// <summary>
/// The stochastic domain stands beside clustering, not on it (docs/design.md): the online presentation
/// loop both use lives in NeuroSharp.Fitting.
/// </summary>
public class DependencyTests
{
    [Fact]
    public void StochasticTypes_DoNotReferenceTheClusteringNamespace()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = typeof(Column).Assembly.GetTypes().Where(t => t.Namespace == "NeuroSharp.Stochastic").ToList();
        Assert.Contains(types, t => t == typeof(Column));
        var offences = new List<string>();
        foreach (var t in types)
        {
            var used = new List<Type?> { t.BaseType };
            used.AddRange(t.GetFields(all).Select(f => f.FieldType));
            used.AddRange(t.GetProperties(all).Select(p => p.PropertyType));
            foreach (var m in t.GetMethods(all))
            {
                used.Add(m.ReturnType);
                used.AddRange(m.GetParameters().Select(p => p.ParameterType));
            }
            foreach (var u in used.OfType<Type>().SelectMany(Expand))
                if (u.Namespace == "NeuroSharp.Clustering") offences.Add($"{t.Name} uses {u.FullName}");
        }
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void StochasticSources_DoNotImportClustering()
    {
        string folder = Path.Combine(RepositoryRoot.Path, "src", "NeuroSharp", "Stochastic");
        foreach (string file in Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories))
            Assert.False(File.ReadAllText(file).Contains("NeuroSharp.Clustering", StringComparison.Ordinal), $"{Path.GetFileName(file)} mentions NeuroSharp.Clustering");
    }

    private static IEnumerable<Type> Expand(Type t)
    {
        yield return t;
        if (t.HasElementType) foreach (var e in Expand(t.GetElementType()!)) yield return e;
        if (t.IsGenericType) foreach (var a in t.GetGenericArguments().SelectMany(Expand)) yield return a;
    }
}
