namespace Chimera.Testing;

/// <summary>Where the built silo and CLI live, for tests that run them as real processes.</summary>
public static class RepositoryLayout
{
    /// <summary>The directory holding Chimera.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever the running test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string SiloDll => Built("Chimera.Silo", "Chimera.Silo.dll");

    public static string CliDll => Built("Chimera.Cli", "chimera.dll");

    private static string Built(string project, string file)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built; build the solution in {Configuration} first (scripts/test.sh does).", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chimera.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Chimera.sln above {AppContext.BaseDirectory}.");
    }
}
