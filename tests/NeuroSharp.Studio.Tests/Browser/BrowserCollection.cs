namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>The browser tests share one server and one Chromium and run one after another (a browser is heavy on two cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
