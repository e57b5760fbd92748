namespace Chimera.Silo.Http;

/// <summary>One page of <c>/api/changes</c>.</summary>
internal sealed record ChangesPage(long After, int Limit);
