namespace Chimera.Contracts.Validation;

/// <summary>
/// Reads the ratification table of <c>specs/_meta.md</c>: a Markdown table whose first column holds the
/// spec path in backticks and whose second column says <c>ratified</c>. Rows with any other status
/// (draft, superseded) do not count.
/// </summary>
public sealed class RatifiedSpecs : IRatifiedSpecs
{
    private readonly HashSet<string> _references;

    private RatifiedSpecs(HashSet<string> references) => _references = references;

    /// <inheritdoc/>
    public IReadOnlyCollection<string> References => _references;

    /// <inheritdoc/>
    public bool IsRatified(string reference) => _references.Contains(reference);

    /// <summary>The copy of <c>specs/_meta.md</c> built into this assembly.</summary>
    public static RatifiedSpecs Embedded()
    {
        using var stream = typeof(RatifiedSpecs).Assembly.GetManifestResourceStream("Chimera.Contracts.specs._meta.md")
            ?? throw new InvalidOperationException("specs/_meta.md is not embedded in Chimera.Contracts; the build is broken.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Reads a <c>_meta.md</c> from disk (an operator's override of the built-in list).</summary>
    public static RatifiedSpecs Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The ratified-spec list '{path}' does not exist (setting Chimera:Specs:MetaPath).", path);
        }

        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses the text of a <c>_meta.md</c>; throws when it ratifies nothing, because then every event would be rejected.</summary>
    public static RatifiedSpecs Parse(string markdown)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('|'))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 2 || !cells[0].StartsWith('`') || !cells[0].EndsWith('`') || cells[0].Length < 3)
            {
                continue;
            }

            if (string.Equals(cells[1], "ratified", StringComparison.OrdinalIgnoreCase))
            {
                set.Add(cells[0][1..^1]);
            }
        }

        if (set.Count == 0)
        {
            throw new FormatException("The ratified-spec list has no row whose status is 'ratified'; expected a table row like | `specs/openclaw_integration.md` | ratified | 2026-11-23 |.");
        }

        return new RatifiedSpecs(set);
    }
}
