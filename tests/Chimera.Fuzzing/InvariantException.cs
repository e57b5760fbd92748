namespace Chimera.Fuzzing;

/// <summary>An invariant of spec §8.6 did not hold for the input: a finding, never an expected outcome.</summary>
public sealed class InvariantException : Exception
{
    public InvariantException()
    {
    }

    public InvariantException(string message)
        : base(message)
    {
    }

    public InvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
