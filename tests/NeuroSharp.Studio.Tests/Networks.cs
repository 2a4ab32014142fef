namespace NeuroSharp.Studio.Tests;

/// <summary>Small network JSON texts for the tests.</summary>
internal static class Networks
{
    /// <summary>Two transmitter neurons of the repository's preset, a -> b: a releases at step index 4 and activates b.</summary>
    public const string TwoLinked = """
        { "format": "neurosharp.network", "version": 1, "name": "two", "dtMs": 1,
          "neurons": [
            { "id": "a", "model": "transmitter", "preset": "repository", "x": 100, "y": 100 },
            { "id": "b", "model": "transmitter", "preset": "repository", "x": 300, "y": 100 } ],
          "links": [ { "from": "a", "to": "b" } ] }
        """;

    /// <summary>The same with a link to a neuron that does not exist.</summary>
    public const string BadLink = """
        { "format": "neurosharp.network", "version": 1, "dtMs": 1,
          "neurons": [ { "id": "a", "model": "transmitter", "preset": "repository" } ],
          "links": [ { "from": "a", "to": "ghost" } ] }
        """;
}
