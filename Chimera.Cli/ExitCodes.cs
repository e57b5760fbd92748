namespace Chimera.Cli;

/// <summary>The process exit codes (also in <c>--help</c> and README.md); scripts rely on them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The influencer, record or probe does not exist.</summary>
    public const int NotFound = 1;

    /// <summary>Bad command line or argument value.</summary>
    public const int Usage = 2;

    /// <summary>No gateway answered / the membership table could not be read.</summary>
    public const int Unreachable = 3;

    /// <summary>The silo refused the request (e.g. an event with violations) or failed it.</summary>
    public const int Rejected = 4;

    public const string HelpText = "Exit codes: 0 ok, 1 not found, 2 usage or validation error, 3 cluster unreachable, 4 rejected by the silo.";
}
