namespace Chimera.Silo.Http;

/// <summary>Where the change stream starts: after <see cref="After"/>, or at the head (less the recent backlog when <see cref="Recent"/>).</summary>
internal sealed record StreamStart(long? After, bool Recent);
