namespace Chimera.Silo.Http;

/// <summary>A parsed input: a value, or the problem to answer with (HTTP 400).</summary>
internal readonly record struct Parsed<T>(T? Value, string? Problem)
    where T : notnull
{
    public static Parsed<T> Ok(T value) => new(value, null);

    public static Parsed<T> Error(string problem) => new(default, problem);
}
