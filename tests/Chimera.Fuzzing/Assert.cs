namespace Chimera.Fuzzing;

/// <summary>Invariant checks that name what failed (the fuzzer reports the exception as a crash).</summary>
internal static class Assert
{
    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvariantException(what);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvariantException($"{what}: expected {expected}, got {actual}");
        }
    }
}
