using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Chimera.Postgres.Migrations;

/// <summary>One versioned script from <c>sql/</c>, embedded in this assembly as <c>Migrations.Scripts.NNNN_name.sql</c>.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql, string Checksum)
{
    private const string Marker = ".Migrations.Scripts.";

    /// <summary>Every embedded script, in version order. Versions must be unique and start at 1.</summary>
    public static IReadOnlyList<MigrationScript> LoadEmbedded()
    {
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(Marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(s => s.Version)
            .ToList();
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"sql/ scripts must be numbered 0001, 0002, ... without gaps or duplicates; found {scripts[i].Name} at position {i + 1}.");
            }
        }

        return scripts;
    }

    private static MigrationScript Load(Assembly assembly, string resource)
    {
        var name = resource[(resource.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..];
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"sql/{name}: a migration file name must start with its version, e.g. 0007_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
        return new MigrationScript(version, name, sql, checksum);
    }
}
