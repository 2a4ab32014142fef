using NeuroSharp.Testing;
using System.Reflection;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Description apart from execution (docs/design.md#layering-rules): description types in NeuroSharp.Spiking never reference NeuroSharp.Spiking.Simulation.</summary>
public class ArchitectureTests
{
    private const string Descriptions = "NeuroSharp.Spiking";
    private const string Engine = "NeuroSharp.Spiking.Simulation";

    [Fact]
    public void DescriptionTypes_DoNotReferenceTheSimulationNamespace_InTheirSignatures()
    {
        var types = typeof(NetworkSpec).Assembly.GetTypes().Where(t => t.Namespace == Descriptions).ToList();
        Assert.Contains(types, t => t == typeof(NetworkSpec));
        var offences = new List<string>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var t in types)
        {
            void Check(Type? used, string where)
            {
                if (used is null) return;
                if (used.IsGenericType)
                {
                    foreach (var a in used.GetGenericArguments()) Check(a, where);
                }
                if (used.HasElementType) Check(used.GetElementType(), where);
                if (used.Namespace == Engine) offences.Add($"{t.FullName}: {where} uses {used.FullName}");
            }
            Check(t.BaseType, "base type");
            foreach (var i in t.GetInterfaces()) Check(i, "interface");
            foreach (var f in t.GetFields(all)) Check(f.FieldType, $"field {f.Name}");
            foreach (var p in t.GetProperties(all)) Check(p.PropertyType, $"property {p.Name}");
            foreach (var m in t.GetMethods(all))
            {
                Check(m.ReturnType, $"method {m.Name}");
                foreach (var p in m.GetParameters()) Check(p.ParameterType, $"parameter {p.Name} of {m.Name}");
            }
            foreach (var c in t.GetConstructors(all))
            {
                foreach (var p in c.GetParameters()) Check(p.ParameterType, $"constructor parameter {p.Name}");
            }
        }
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void DescriptionSources_DoNotMentionTheSimulationNamespace()
    {
        // Catches method bodies and usings too, which reflection on signatures cannot see.
        string folder = Path.Combine(RepositoryRoot.Path, "src", "NeuroSharp", "Spiking");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.TopDirectoryOnly);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            string text = File.ReadAllText(file);
            Assert.False(text.Contains(Engine, StringComparison.Ordinal), $"{Path.GetFileName(file)} mentions {Engine}");
        }
    }
}
