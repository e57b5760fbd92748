using System.Net;

namespace Chimera.Silo.Http;

/// <summary>One listening endpoint of <see cref="ChimeraHttpOptions.Urls"/>; a null address is <c>localhost</c> (IPv4 and IPv6 loopback).</summary>
public sealed record HttpEndpoint(IPAddress? Address, int Port);
