namespace NeuroSharp.Testing;

/// <summary>
/// Test traits. <c>[Trait("Category", Categories.Statistical)]</c> marks tests that judge a random
/// process over several seeds with a stated tolerance; <c>Categories.Slow</c> marks tests over a minute.
/// Both run in CI; filter them out locally with <c>dotnet test --filter "Category!=Slow"</c>.
/// </summary>
public static class Categories
{
    /// <summary>Judges a random process over seeds, with a tolerance.</summary>
    public const string Statistical = "Statistical";

    /// <summary>Takes more than about a minute on 2 cores.</summary>
    public const string Slow = "Slow";
}
