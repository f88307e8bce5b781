namespace IstioTls.Sources;

/// <summary>Input the tool cannot use at all (a missing path, a binary file, a context that does
/// not exist): one line for the user, exit code 2.</summary>
public sealed class InputException(string message) : Exception(message);
