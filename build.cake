// The project's build, test and release, run with the local Cake tool:
//   dotnet tool restore && dotnet cake --target=Test
//   dotnet cake --target=Release -- --version=v0.1.0
// Cake keeps --version for itself (it prints Cake's version), so script arguments that share a
// name with Cake's own go after "--". Without a version, the git tag vX.Y.Z on HEAD is used, else
// v0.0.0-dev. The release steps are the scripts in scripts/release/, which also run without Cake.

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Debug");
var version = Argument("version", "");
var rids = Argument("rid", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
var fuzzSeconds = Argument("fuzz-seconds", 600);
var mutate = Argument("mutate", "");
var mutationConcurrency = Argument("mutation-concurrency", 1);

var root = MakeAbsolute(Directory("."));
var solution = root.CombineWithFilePath("istio-tls.slnx");
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");
var dist = artifacts.Combine("dist");

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution.FullPath, new DotNetCleanSettings { Configuration = configuration });
});

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings { Configuration = configuration });
});

// What the tests run besides .NET: kubectl (plugin list and completion, the test API server),
// jq and the seed's script, luajit for the 421 filter's Lua, script (bsdutils) for a terminal;
// and for the browser tests, Chromium, Firefox ESR, certutil (an NSS database trusting the test
// CA), curl, and nginx with its Lua module as the gateway stand-in; npm's SARIF multitool. Debian's luajit package and
// libnginx-mod-http-lua exclude each other (installing one removes the other): luajit2 gives the
// same luajit command and coexists with the module, so it is what gets installed.
Task("TestPrerequisites")
    .Does(() =>
{
    if (IsRunningOnWindows())
    {
        throw new CakeException("the tests run on Linux (they use kubectl, jq, luajit, script, nginx and headless browsers); on Windows use WSL");
    }
    var packages = new Dictionary<string, string>
    {
        ["jq"] = "jq", ["luajit"] = "luajit2", ["script"] = "bsdutils",
        ["chromium"] = "chromium", ["firefox-esr"] = "firefox-esr", ["certutil"] = "libnss3-tools", ["curl"] = "curl",
        ["nginx"] = "nginx-light", ["unshare"] = "util-linux",
        // The completion scripts are run in the shells they are for.
        ["zsh"] = "zsh", ["fish"] = "fish",
    };
    var missing = packages.Where(p => !OnPath(p.Key)).Select(p => p.Value).ToList();
    if (!System.IO.File.Exists("/usr/lib/nginx/modules/ngx_http_lua_module.so"))
    {
        // With the module comes luajit2, in the same command: otherwise apt removes Debian's luajit.
        missing.AddRange(["libnginx-mod-http-lua", "luajit2"]);
    }
    missing = missing.Distinct().ToList();
    if (missing.Count > 0)
    {
        var install = "install -y " + string.Join(" ", missing);
        if (Run("id", "-u").Output.Trim() == "0" && OnPath("apt-get"))
        {
            Information($"installing {string.Join(", ", missing)}: apt-get update && apt-get {install}");
            Check(Run("apt-get", "update -qq"), "apt-get update");
            // RUNLEVEL=1: nginx's package would start the system nginx on port 80 where init scripts
            // run; the browser tests start their own on loopback ports and need none.
            Check(Run("apt-get", install, new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive", ["RUNLEVEL"] = "1" }), "apt-get " + install);
        }
        else
        {
            throw new CakeException($"the tests need {string.Join(", ", missing)}; install them with: sudo apt-get update && sudo apt-get {install}");
        }
    }
    // Microsoft's SARIF multitool validates check -o sarif against the SARIF 2.1.0 schema; npm
    // serves it with its native binary (npm itself comes from Debian's npm package).
    if (!OnPath("sarif-multitool"))
    {
        if (!OnPath("npm") && Run("id", "-u").Output.Trim() == "0" && OnPath("apt-get"))
        {
            Check(Run("apt-get", "update -qq"), "apt-get update");
            Check(Run("apt-get", "install -y npm", new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" }), "apt-get install -y npm");
        }
        Information("installing the SARIF multitool: npm install -g @microsoft/sarif-multitool@5.7.0");
        Check(Run("npm", "install -g --no-audit --no-fund @microsoft/sarif-multitool@5.7.0"), "npm install -g @microsoft/sarif-multitool (as root, or with an npm prefix you can write)");
    }
    // Debian's kubectl (kubernetes-client) is 1.20, too old for plugin completion (1.26+), so
    // kubectl is not installed from apt here.
    var kubectl = OnPath("kubectl");
    var minor = kubectl ? System.Text.RegularExpressions.Regex.Match(Run("kubectl", "version --client -o json").Output, "\"minor\"\\s*:\\s*\"(\\d+)").Groups[1].Value : "";
    if (minor.Length == 0 || int.Parse(minor) < 26)
    {
        throw new CakeException((kubectl ? $"the tests need kubectl 1.26 or newer, not 1.{minor}" : "the tests need kubectl")
            + ": install it from https://kubernetes.io/docs/tasks/tools/ (Debian's kubernetes-client package is 1.20, too old for plugin completion)");
    }
});

Task("Test")
    .IsDependentOn("TestPrerequisites")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    // Every test project of the solution, one after the other, each with its own .trx file
    // (several projects writing default-named .trx files at once can overwrite each other).
    var failures = new List<string>();
    foreach (var project in TestProjects())
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = [$"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx"],
                ResultsDirectory = testResults,
            });
        }
        catch (CakeException e)
        {
            Error($"{project.GetFilename()}: {e.Message}");
            failures.Add(project.GetFilename().ToString());
        }
    }
    if (failures.Count > 0)
    {
        throw new CakeException($"tests failed in {string.Join(", ", failures)}; results in {testResults}");
    }
});

// The inner loop: build and run the in-process unit tests only (no browsers, no packaging, no
// prerequisites to install); `Test` runs everything before a push.
Task("QuickTest")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetTest(root.CombineWithFilePath("tests/IstioTls.Tests/IstioTls.Tests.csproj").FullPath, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Filter = "Category!=Packaging",
    });
});

// Coverage-guided fuzzing of the loader for a time budget: AFL++ over the SharpFuzz target in
// fuzz/ (fuzz/run.sh), then its findings replayed; fails when any is a defect. Not part of Test
// (minutes, and AFL++ is not a test prerequisite):
//   dotnet cake --target=Fuzz --fuzz-seconds=1800
Task("Fuzz")
    .Does(() =>
{
    if (!OnPath("afl-fuzz"))
    {
        throw new CakeException("fuzzing needs AFL++: sudo apt-get install afl++");
    }
    Check(Run("bash", $"fuzz/run.sh --seconds {fuzzSeconds} --out \"{artifacts.Combine("fuzz")}\"", echo: true), "fuzz/run.sh (findings in artifacts/fuzz/default)");
});

// Mutation testing of the analysis and the plans (Stryker.NET, the local tool dotnet-stryker):
// tests/IstioTls.Tests/stryker-config.json names the files to mutate, the tests to run (all but
// Category=Packaging) and the break threshold; the run fails below it. Reports (HTML and JSON)
// go to artifacts/mutation/reports. Not part of Test (tens of minutes). One folder at a time:
//   dotnet cake --target=Mutate -- --mutate="**/Plans/**/*.cs" --mutation-concurrency=2
Task("Mutate")
    .Does(() =>
{
    var output = artifacts.Combine("mutation");
    CleanDirectory(output);
    var arguments = $"stryker --output \"{output}\" --concurrency {mutationConcurrency} --skip-version-check"
        + (string.IsNullOrEmpty(mutate) ? "" : $" --mutate \"{mutate}\"");
    // Stryker finds its project from the test project's folder, where its configuration is
    // (from the root it would take the solution and run every test project).
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = arguments, WorkingDirectory = root.Combine("tests/IstioTls.Tests") });
    if (exitCode != 0)
    {
        throw new CakeException($"dotnet stryker failed (exit {exitCode}): the mutation score is below the break threshold of tests/IstioTls.Tests/stryker-config.json, or the run broke; report in {output.Combine("reports")}");
    }
});

Task("Publish")
    .Does(() =>
{
    foreach (var rid in RidsOrHost())
    {
        ReleaseScript("publish.sh", $"--rid {rid} --out \"{artifacts.Combine("publish").Combine(rid)}\"");
    }
});

Task("Package")
    .IsDependentOn("Publish")
    .Does(() =>
{
    CleanDirectory(dist);
    foreach (var rid in RidsOrHost())
    {
        ReleaseScript("archive.sh", $"--rid {rid} --from \"{artifacts.Combine("publish").Combine(rid)}\" --out \"{dist}\"");
    }
    ReleaseScript("checksums.sh", $"\"{dist}\"", withVersion: false);
});

Task("KrewManifest")
    .Does(() =>
{
    var manifest = dist.CombineWithFilePath("istio-tls.yaml");
    var result = Run("bash", $"scripts/release/render-krew-manifest.sh {VersionArgument()} --checksums \"{dist.CombineWithFilePath("checksums.txt")}\"");
    Check(result, "render-krew-manifest.sh");
    System.IO.File.WriteAllText(manifest.FullPath, result.Output);
    Information($"krew manifest: {manifest}");
});

Task("Release")
    .IsDependentOn("Test")
    .IsDependentOn("Package")
    .IsDependentOn("KrewManifest")
    .Does(() =>
{
    Information($"release in {dist}:");
    foreach (var file in GetFiles($"{dist}/*"))
    {
        Information($"  {file.GetFilename()}");
    }
});

RunTarget(target);

// The runtime identifiers named by --rid (comma-separated), else those the release script builds
// here by default.
IEnumerable<string> RidsOrHost()
{
    if (rids.Length > 0)
    {
        return rids;
    }
    var defaults = Run("bash", "scripts/release/release.sh --print-rids");
    Check(defaults, "release.sh --print-rids");
    return defaults.Output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

// The projects of the solution that reference the test SDK.
IEnumerable<FilePath> TestProjects()
{
    var solutionXml = System.Xml.Linq.XDocument.Load(solution.FullPath);
    return solutionXml.Descendants("Project")
        .Select(p => root.CombineWithFilePath(p.Attribute("Path").Value))
        .Where(p => System.IO.File.ReadAllText(p.FullPath).Contains("\"Microsoft.NET.Test.Sdk\""))
        .ToList();
}

string VersionArgument() => string.IsNullOrEmpty(version) ? "" : $"--version {version}";

void ReleaseScript(string script, string arguments, bool withVersion = true)
{
    var result = Run("bash", $"scripts/release/{script} {(withVersion ? VersionArgument() : "")} {arguments}", echo: true);
    Check(result, script);
}

bool OnPath(string command) => Run("sh", $"-c \"command -v {command}\"").ExitCode == 0;

(int ExitCode, string Output) Run(string command, string arguments, IDictionary<string, string> environment = null, bool echo = false)
{
    var settings = new ProcessSettings { Arguments = arguments, WorkingDirectory = root, EnvironmentVariables = environment };
    if (echo)
    {
        return (StartProcess(command, settings), "");
    }
    settings.RedirectStandardOutput = true;
    var exitCode = StartProcess(command, settings, out IEnumerable<string> output);
    return (exitCode, string.Join("\n", output) + "\n");
}

void Check((int ExitCode, string Output) result, string what)
{
    if (result.ExitCode != 0)
    {
        throw new CakeException($"{what} failed (exit {result.ExitCode})");
    }
}
