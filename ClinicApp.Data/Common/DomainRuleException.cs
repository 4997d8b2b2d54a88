namespace ClinicApp.Data.Common;

/// <summary>A domain rule refused an operation. <see cref="Exception.Message"/> is a resource key the
/// UI localizes (with <see cref="Arguments"/> as its format arguments); nothing was changed.</summary>
public sealed class DomainRuleException(string messageKey, params object[] arguments) : Exception(messageKey)
{
    public IReadOnlyList<object> Arguments { get; } = arguments;
}
