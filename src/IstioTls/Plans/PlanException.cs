namespace IstioTls.Plans;

/// <summary>A plan that cannot be made or applied as asked (a Gateway named for <c>--into</c>
/// that the input does not hold, a namespace nothing tells): one line for the user, exit 2.</summary>
public sealed class PlanException(string message) : Exception(message);
