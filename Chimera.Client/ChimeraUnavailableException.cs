namespace Chimera.Client;

/// <summary>
/// The cluster could not be reached: no gateway answered, or the membership table could not be read.
/// The message names the gateways or clustering that were tried.
/// </summary>
public sealed class ChimeraUnavailableException : Exception
{
    public ChimeraUnavailableException()
    {
    }

    public ChimeraUnavailableException(string message)
        : base(message)
    {
    }

    public ChimeraUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
