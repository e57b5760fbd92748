namespace Chimera.Core.Hosting;

/// <summary>
/// Registered by every hosting extension that connects the silo to a real server (<c>AddChimeraRedis</c>,
/// <c>AddChimeraPostgres</c>). While any is registered, the keyring may not hold the public development key
/// (spec §7.4): the check lives in the library, so a host that composes the silo itself is covered too.
/// </summary>
public sealed record ConfiguredServer(string Name);
