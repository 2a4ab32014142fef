using System.Text.Json.Serialization;
using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

/// <summary>A small metadata record for the tests of <see cref="ModelFile{TMeta}"/>.</summary>
public sealed record ToyMetadata : IModelMetadata
{
    public required string Format { get; init; }

    public required int Version { get; init; }

    public required string Name { get; init; }

    public int[]? Sizes { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    NumberHandling = JsonNumberHandling.Strict, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ToyMetadata))]
internal sealed partial class ToyJsonContext : JsonSerializerContext;

public class ModelFileTests
{
    private const string Small = "toy.small";
    private const string Large = "toy.large";

    private static readonly ModelFile<ToyMetadata> Toys =
        new(ToyJsonContext.Default.ToyMetadata, 2, "toy metadata", [Small, Large], "a toy model");

    private static readonly ModelFile<ToyMetadata> SmallOnly = new(ToyJsonContext.Default.ToyMetadata, 2, "toy metadata", [Small]);

    private static readonly SafetensorsTensor[] Tensors = [SafetensorsTensor.FromSingle("w", [1f, 2f, 3f], 3)];

    private static ToyMetadata Meta(string format = Small, int version = 2) =>
        new() { Format = format, Version = version, Name = "x", Sizes = [3] };

    [Fact]
    public void Save_ThenRead_RoundTripsMetadataTensorsAndSidecar()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        string json = Toys.Save(path, Meta(), Tensors, sidecar: true);

        Assert.Equal("{\n  \"format\": \"toy.small\",\n  \"version\": 2,\n  \"name\": \"x\",\n  \"sizes\": [\n    3\n  ]\n}", json.ReplaceLineEndings("\n"));
        Assert.Equal(json + "\n", File.ReadAllText(dir.File("model.json")));
        var (content, meta) = Toys.Read(path, Small);
        Assert.Equal((Small, 2, "x"), (meta.Format, meta.Version, meta.Name));
        Assert.Equal([3], meta.Sizes!);
        Assert.Equal(json, content.Metadata[ModelFile<ToyMetadata>.MetadataKey]);
        Assert.Equal([1f, 2f, 3f], content.Require("w", SafetensorsDataType.F32, 3).ToSingleArray());
        Assert.Equal("x", Toys.ReadSidecar(path, Small).Name);
    }

    [Fact]
    public void Save_WithoutSidecar_WritesOnlyTheModel()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        Toys.Save(path, Meta(), Tensors);
        Assert.False(File.Exists(dir.File("model.json")));
        Assert.Equal("x", Toys.Read(path).Metadata.Name);
    }

    [Fact]
    public void Read_WrongFormat_NamesFormatAndKind()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SmallOnly.Save(path, Meta("neurosharp.mlp"), Tensors);

        var one = Assert.Throws<InvalidInputException>(() => SmallOnly.Read(path));
        Assert.Equal($"{path}: format is 'neurosharp.mlp', expected 'toy.small'.", one.Message);
        var family = Assert.Throws<InvalidInputException>(() => Toys.Read(path));
        Assert.Equal($"{path}: format 'neurosharp.mlp' is not a toy model.", family.Message);
    }

    [Fact]
    public void Read_NewerVersion_NamesVersionAndWhatThisBuildReads()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        Toys.Save(path, Meta(version: 3), Tensors, sidecar: true);

        var e = Assert.Throws<InvalidInputException>(() => Toys.Read(path));
        Assert.Equal($"{path}: version 3 of toy.small is not supported (this build reads version 2).", e.Message);
        var sidecar = Assert.Throws<InvalidInputException>(() => Toys.ReadSidecar(path));
        Assert.Contains("version 3 of toy.small is not supported", sidecar.Message);
        Assert.Contains("model.json", sidecar.Message);
    }

    [Fact]
    public void Read_WrongModelType_NamesBothFormats()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        Toys.Save(path, Meta(Large), Tensors);

        Assert.Equal(Large, Toys.Read(path).Metadata.Format);
        var e = Assert.Throws<InvalidInputException>(() => Toys.Read(path, Small));
        Assert.Equal($"{path}: format is 'toy.large', expected 'toy.small'.", e.Message);
    }

    [Fact]
    public void ReadSidecar_Missing_SaysFileNotFound()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        Toys.Save(path, Meta(), Tensors);

        var e = Assert.Throws<InvalidInputException>(() => Toys.ReadSidecar(path));
        Assert.Equal($"{dir.File("model.json")}: file not found.", e.Message);
        Assert.Equal("x", Toys.Read(path).Metadata.Name); // the model itself needs no sidecar
    }

    [Fact]
    public void Read_MissingMetadataEntry_NamesTheEntry()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SafetensorsFile.Write(path, Tensors);

        var e = Assert.Throws<InvalidInputException>(() => Toys.Read(path));
        Assert.Equal($"{path}: metadata entry 'neurosharp' is missing.", e.Message);
    }

    [Theory]
    [InlineData("{\"format\": \"toy.small\", \"version\": 2, \"name\": null}", "toy metadata is invalid at $.name")]
    [InlineData("{\"format\": \"toy.small\", \"version\": 2}", "toy metadata is invalid at $")]
    [InlineData("{\"format\": \"toy.small\", \"version\": \"2\", \"name\": \"x\"}", "toy metadata is invalid at $.version")]
    [InlineData("null", "toy metadata is null.")]
    [InlineData("{\"format\": \"toy.small\", \"version\": 2, \"name\": \"x\"", "toy metadata is invalid")]
    public void Read_BadJson_NamesPathInOneSentence(string json, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SafetensorsFile.Write(path, Tensors, new Dictionary<string, string> { ["neurosharp"] = json });
        File.WriteAllText(dir.File("model.json"), json);

        var e = Assert.Throws<InvalidInputException>(() => Toys.Read(path));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => Toys.ReadSidecar(path)).Message);
    }

    [Fact]
    public void SidecarPath_ReplacesTheExtension()
    {
        Assert.Equal(Path.Combine("out", "model.json"), ModelFile<ToyMetadata>.SidecarPath(Path.Combine("out", "model.safetensors")));
        Assert.Equal(Path.Combine("out", "checkpoint.json"), ModelFile<ToyMetadata>.SidecarPath(Path.Combine("out", "checkpoint.safetensors")));
    }
}
