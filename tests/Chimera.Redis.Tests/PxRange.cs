namespace Chimera.Redis.Tests;

/// <summary>The bounds a write's PX lies within (see <see cref="KeyExpiry"/>).</summary>
internal readonly record struct PxRange(long Lowest, long Highest)
{
    /// <summary>Fails unless <paramref name="px"/> is the PX the write could have set.</summary>
    public void ShouldContain(long px)
    {
        if (px < Lowest || px > Highest)
        {
            throw new Shouldly.ShouldAssertException($"the write set a PX in [{Lowest}, {Highest}] ms, not {px} ms");
        }
    }
}
