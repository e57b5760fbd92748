using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Npgsql;
using NpgsqlTypes;

namespace Chimera.Postgres.Audit;

/// <summary>Maps <see cref="AuditRecord"/> to and from audit rows.</summary>
internal static class AuditRows
{
    public static async Task WriteAsync(NpgsqlBinaryImporter importer, int ordinal, AuditRecord r, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(ordinal, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(r.EventId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync((short)r.Kind, NpgsqlDbType.Smallint, cancellationToken);
        await importer.WriteAsync(r.InfluencerId, NpgsqlDbType.Text, cancellationToken);
        if (r.PreviousStatus is { } previous)
        {
            await importer.WriteAsync((short)previous, NpgsqlDbType.Smallint, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }

        await importer.WriteAsync((short)r.NewStatus, NpgsqlDbType.Smallint, cancellationToken);
        await importer.WriteAsync(r.Load, NpgsqlDbType.Double, cancellationToken);
        await importer.WriteAsync(r.Confidence, NpgsqlDbType.Double, cancellationToken);
        await importer.WriteAsync(r.RelevanceScore, NpgsqlDbType.Double, cancellationToken);
        await importer.WriteAsync(Capabilities(r), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await WriteTextAsync(importer, r.CurrentTask, cancellationToken);
        await importer.WriteAsync(r.EventTime.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(r.RecordedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        await WriteTextAsync(importer, r.Source, cancellationToken);
        await WriteTextAsync(importer, r.AdapterId, cancellationToken);
        await WriteTextAsync(importer, r.TraceId, cancellationToken);
        await WriteTextAsync(importer, r.Detail, cancellationToken);
    }

    public static string[] Capabilities(AuditRecord record)
    {
        var result = new string[record.Capabilities.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = record.Capabilities[i].ToString();
        }

        return result;
    }

    /// <summary>Reads a row selected with <see cref="AuditSql.Columns"/>.</summary>
    public static AuditRecord Read(NpgsqlDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        EventId = reader.GetString(1),
        Kind = (AuditKind)reader.GetInt16(2),
        InfluencerId = reader.GetString(3),
        PreviousStatus = reader.IsDBNull(4) ? null : (InfluencerStatus)reader.GetInt16(4),
        NewStatus = (InfluencerStatus)reader.GetInt16(5),
        Load = reader.GetDouble(6),
        Confidence = reader.GetDouble(7),
        RelevanceScore = reader.GetDouble(8),
        Capabilities = [.. reader.GetFieldValue<string[]>(9).Select(Capability.Parse)],
        CurrentTask = TextOrNull(reader, 10),
        EventTime = reader.GetFieldValue<DateTimeOffset>(11),
        RecordedAt = reader.GetFieldValue<DateTimeOffset>(12),
        Source = TextOrNull(reader, 13),
        AdapterId = TextOrNull(reader, 14),
        TraceId = TextOrNull(reader, 15),
        Detail = TextOrNull(reader, 16),
        Revision = reader.GetInt64(17),
    };

    private static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }
}
