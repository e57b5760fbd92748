using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Chimera.Postgres.Hosting;

/// <summary>Reads PostgreSQL connection strings totally: any text is parsed or refused with a reason, never an exception.</summary>
public static class PostgresConnectionStrings
{
    /// <summary>
    /// Parses <paramref name="connectionString"/>. On failure <paramref name="error"/> says why without quoting the text
    /// (it may hold a password). Npgsql reports most mistakes as <see cref="ArgumentException"/> naming the keyword, but
    /// some text (an empty keyword after a value, e.g. <c>Host=x,=</c>) escapes as another type; a parser of operator input
    /// must not let either through.
    /// </summary>
    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out NpgsqlConnectionStringBuilder? builder, [NotNullWhen(false)] out string? error)
    {
        builder = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = "it is empty";
            return false;
        }

        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or InvalidCastException or OverflowException or IndexOutOfRangeException)
        {
            error = $"it cannot be parsed ({ex.GetType().Name})";
        }

        return false;
    }
}
