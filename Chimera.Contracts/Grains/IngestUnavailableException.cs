namespace Chimera.Contracts.Grains;

/// <summary>
/// The ingest grain admitted an entry but could not hand it on (the status stream's transport failed, e.g. Redis
/// is unreachable). Nothing was published and nothing was dead-lettered: the entry is valid, so the adapter keeps
/// it and retries. Serializable, unlike the transport's own exceptions, so it reaches the caller intact.
/// </summary>
[GenerateSerializer]
public sealed class IngestUnavailableException : Exception
{
    public IngestUnavailableException()
    {
    }

    public IngestUnavailableException(string message)
        : base(message)
    {
    }

    public IngestUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
