using Npgsql;

namespace Chimera.Postgres.Migrations;

/// <summary>
/// The connection string names a database that does not exist and cannot be created with its credentials.
/// The message is one line that names the database, the server and the command that fixes it.
/// </summary>
public sealed class DatabaseMissingException : InvalidOperationException
{
    public DatabaseMissingException()
    {
    }

    public DatabaseMissingException(string message)
        : base(message)
    {
    }

    public DatabaseMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DatabaseMissingException(NpgsqlConnectionStringBuilder target, string why, Exception innerException)
        : base($"database \"{target.Database}\" does not exist on {target.Host}:{target.Port} and could not be created ({why}); " +
               $"create it as a superuser (createdb -h {target.Host} -p {target.Port} -U postgres {target.Database}) and run migrate again", innerException)
    {
    }
}
