namespace Chimera.Contracts.Grains;

/// <summary>A probe result named a probe that is not pending for that influencer.</summary>
[GenerateSerializer]
public sealed class ProbeNotFoundException : Exception
{
    public ProbeNotFoundException()
    {
    }

    public ProbeNotFoundException(string message)
        : base(message)
    {
    }

    public ProbeNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
