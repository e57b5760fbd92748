using System.Net;
using Microsoft.Extensions.Logging;

namespace Chimera.Adapters.Sidecar;

internal static partial class SidecarLog
{
    [LoggerMessage(1, LogLevel.Information, "Adapter sidecar for {InfluencerId} listening on {Prefix}")]
    public static partial void Listening(ILogger logger, string influencerId, string prefix);

    [LoggerMessage(2, LogLevel.Warning, "Adapter sidecar refused a request from non-loopback {Remote}")]
    public static partial void RefusedRemote(ILogger logger, IPEndPoint? remote);

    [LoggerMessage(3, LogLevel.Warning, "Adapter sidecar rejected a status report: {Violations}")]
    public static partial void ReportRejected(ILogger logger, string violations);

    [LoggerMessage(4, LogLevel.Error, "Adapter sidecar failed to handle a request")]
    public static partial void RequestFailed(ILogger logger, Exception exception);
}
