namespace Chimera.Testing;

/// <summary>
/// A private copy of the built silo whose <c>appsettings.json</c> is a test's own: the file the silo reads from its
/// own directory, so a test drives the documented configuration path rather than options set in code. Deleted on disposal.
/// </summary>
public sealed class SiloCopy : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chimera-silo-").FullName;

    /// <summary>Copies the built silo and writes <paramref name="appSettingsJson"/> as its appsettings.json.</summary>
    public SiloCopy(string appSettingsJson)
    {
        var source = Path.GetDirectoryName(RepositoryLayout.SiloDll)!;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_directory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), appSettingsJson);
        SiloDll = Path.Combine(_directory, Path.GetFileName(RepositoryLayout.SiloDll));
    }

    /// <summary>The copy's Chimera.Silo.dll, for <see cref="SiloProcess.StartAsync"/>'s <c>siloDll</c>.</summary>
    public string SiloDll { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
