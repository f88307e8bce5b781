namespace IstioTls.Application;

/// <summary>The exit codes every command uses, as linters do: findings are not usage errors.</summary>
public static class ExitCodes
{
    /// <summary>Nothing reached the <c>--fail-on</c> threshold (or the command did its job).</summary>
    public const int Ok = 0;

    /// <summary>A finding reached the <c>--fail-on</c> threshold.</summary>
    public const int Findings = 1;

    /// <summary>Writes were asked for and declined at the confirmation: nothing was changed.</summary>
    public const int Declined = 1;

    /// <summary>Usage errors, unreadable input, an unreachable or refusing cluster.</summary>
    public const int Error = 2;
}
