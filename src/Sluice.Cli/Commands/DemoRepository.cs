using Sluice.Engine.Git;

namespace Sluice.Cli.Commands;

/// <summary>
/// The demo's repository: <c>examples/python-lib</c> (looked up from the working directory and the binary's folder;
/// an embedded copy when neither has it) committed on <c>main</c>, and a branch <c>fix-add</c> whose change breaks a test.
/// </summary>
internal static class DemoRepository
{
    private static readonly Dictionary<string, string> Embedded = new(StringComparer.Ordinal)
    {
        [".sluice/ci.yml"] = """
            name: ci
            on:
              push:
                branches: [main]
              pull_request:
                types: [opened, synchronize, reopened]
                paths: ["src/**", "tests/**", "pyproject.toml"]
            concurrency:
              group: ci-${{ event.ref }}
              cancel-in-progress: true
            jobs:
              lint:
                run: python3 -m py_compile src/pylib/*.py tests/*.py
              test:
                needs: [lint]
                run: PYTHONPATH=src python3 -m unittest discover -s tests -v
            """,
        ["src/pylib/__init__.py"] = "\"\"\"A tiny library used by Sluice's examples.\"\"\"\n\n__version__ = \"1.2.0\"\n\n\ndef add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n    return a + b\n",
        ["tests/test_add.py"] = "import unittest\n\nfrom pylib import add\n\n\nclass AddTest(unittest.TestCase):\n    def test_adds(self):\n        self.assertEqual(add(2, 3), 5)\n\n\nif __name__ == \"__main__\":\n    unittest.main()\n",
        ["pyproject.toml"] = "[project]\nname = \"pylib\"\nversion = \"1.2.0\"\n",
    };

    public static async Task<(string MainSha, string PullRequestSha)> CreateAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        if (FindExample() is { } example)
        {
            Copy(example, path);
        }
        else
        {
            foreach (var (file, text) in Embedded)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(path, file))!);
                await File.WriteAllTextAsync(Path.Combine(path, file), text, cancellationToken);
            }
        }

        var git = new GitCli(path);
        await RunAsync(git, cancellationToken, "init", "--quiet", "--initial-branch=main");
        await RunAsync(git, cancellationToken, "add", "-A");
        await RunAsync(git, cancellationToken, "commit", "--quiet", "-m", "pylib: first version");
        var main = (await git.HeadShaAsync(cancellationToken))!;
        await RunAsync(git, cancellationToken, "checkout", "--quiet", "-b", "fix-add");
        var library = Path.Combine(path, "src", "pylib", "__init__.py");
        await File.WriteAllTextAsync(library, (await File.ReadAllTextAsync(library, cancellationToken)).Replace("return a + b", "return a - b  # oops", StringComparison.Ordinal), cancellationToken);
        await RunAsync(git, cancellationToken, "commit", "--quiet", "-am", "add: simplify (breaks the test)");
        var head = (await git.HeadShaAsync(cancellationToken))!;
        await RunAsync(git, cancellationToken, "update-ref", "refs/pull/1/head", head);
        await RunAsync(git, cancellationToken, "checkout", "--quiet", "main");
        return (main, head);
    }

    private static string? FindExample()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "examples", "python-lib");
                if (File.Exists(Path.Combine(candidate, ".sluice", "ci.yml")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task RunAsync(GitCli git, CancellationToken cancellationToken, params string[] args)
    {
        var result = await git.RunAsync(["-c", "user.name=Sluice Demo", "-c", "user.email=demo@sluice.invalid", .. args], cancellationToken);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {result.Error.Trim()}");
        }
    }
}
