namespace IstioTls.CommandLine;

/// <summary>A command line that cannot work (an unknown output format, conflicting flags):
/// one line for the user, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
