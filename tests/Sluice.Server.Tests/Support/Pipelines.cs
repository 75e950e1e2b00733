namespace Sluice.Server.Tests.Support;

/// <summary>Pipeline files the end-to-end tests commit into the test repository.</summary>
internal static class Pipelines
{
    /// <summary>push to main + pull requests; lint and test; `docs` runs only when docs/ changed.</summary>
    public const string Ci = """
        name: ci
        on:
          push:
            branches: ["**"]
          pull_request:
            types: [opened, synchronize, reopened]
        jobs:
          lint:
            run: echo "lint $SLUICE_SHA"
          test:
            needs: [lint]
            run: test ! -f FAIL || { echo "failing on purpose"; cat FAIL; exit 1; }
          docs:
            changes: ["docs/**"]
            run: echo docs changed
        """;
}
