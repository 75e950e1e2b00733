namespace Sluice.Browser.Tests.Support;

/// <summary>
/// The pipelines committed to the test repository. <c>live</c> waits for a gate file the test creates (so the test
/// sees it running), fails one matrix shard until a "fixed" file exists, then deploys to staging. <c>preview</c> runs
/// for pull requests (a fork's waits for approval) and deploys to preview. <c>deliver</c> builds version
/// 2.0.RUN_ID and deploys it to production, which needs alice's approval (<c>environments.yml</c>, as in
/// examples/canary-service); <c>qa</c> does the same for qa, without approval. <c>big</c> prints 100,000 coloured lines.
/// </summary>
internal static class SitePipelines
{
    public static string Gate(string root) => Path.Combine(root, "gate");

    public static string Fixed(string root) => Path.Combine(root, "fixed");

    public static (string File, string Text)[] Files(string root) =>
    [
        (".sluice/live.yml", $$$"""
            name: live
            on:
              manual: {}
            jobs:
              build:
                run: |
                  for i in 1 2 3 4 5; do printf '\033[32mcompiling\033[0m unit %s\n' $i; done
                  while [ ! -f "{{{Gate(root)}}}" ]; do sleep 0.1; done
                  echo "build done"
              test:
                needs: [build]
                matrix:
                  shard: [1, 2]
                run: |
                  echo "shard ${{ matrix.shard }}"
                  test "${{ matrix.shard }}" = 1 || { sleep 0.5; test -f "{{{Fixed(root)}}}"; } || { echo "shard 2 is broken" >&2; exit 1; }
              deploy:
                needs: [test]
                environment: staging
                run: echo "deploying to staging"
            """),
        (".sluice/preview.yml", """
            name: preview
            on:
              pull_request:
                types: [opened, synchronize, reopened]
            jobs:
              preview:
                environment: preview
                run: echo "preview deployed"
            """),
        (".sluice/deliver.yml", """
            name: deliver
            on:
              manual: {}
            jobs:
              build:
                outputs: [version]
                run: echo "version=2.0.$SLUICE_RUN_ID" >> "$SLUICE_OUTPUT"
              ship:
                needs: [build]
                environment: production
                env:
                  SLUICE_VERSION: ${{ needs.build.outputs.version }}
                run: echo "shipping $SLUICE_VERSION to production"
            """),
        (".sluice/qa.yml", """
            name: qa
            on:
              manual: {}
            jobs:
              build:
                outputs: [version]
                run: echo "version=3.0.$SLUICE_RUN_ID" >> "$SLUICE_OUTPUT"
              install:
                needs: [build]
                environment: qa
                env:
                  SLUICE_VERSION: ${{ needs.build.outputs.version }}
                run: echo "installing $SLUICE_VERSION on qa"
            """),
        (".sluice/environments.yml", """
            environments:
              staging: {}
              preview: {}
              qa: {}
              production:
                branches: [main]
                approval:
                  reviewers: [alice]
                  required: 1
            """),
        (".sluice/big.yml", """
            name: big
            on:
              manual: {}
            jobs:
              print:
                run: awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "line %d \033[33mcolour\033[0m padding text for width\n", i }'
            """),
    ];
}
