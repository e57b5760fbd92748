namespace Chimera.Testing;

/// <summary>
/// The <c>appendfsync</c> policy a <see cref="RedisServer"/> starts with. The tests use <see cref="Always"/> (every
/// acknowledged write survives a kill); the benchmark's production profile uses <see cref="EverySecond"/>, Redis'
/// own default for an AOF and what a deployment runs.
/// </summary>
public enum RedisAppendFsync
{
    /// <summary><c>appendfsync always</c>: fsync the AOF before each reply.</summary>
    Always,

    /// <summary><c>appendfsync everysec</c>: fsync the AOF once a second (up to a second of writes lost on a power cut).</summary>
    EverySecond,
}
