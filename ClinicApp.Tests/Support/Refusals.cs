using ClinicApp.Data.Common;

namespace ClinicApp.Tests.Support;

public static class Refusals
{
    /// <summary>Runs an operation that may be refused by a domain rule (as the losers of a race are):
    /// null when it succeeded, the refusal otherwise.</summary>
    public static async Task<DomainRuleException?> CaptureAsync(Task operation)
    {
        try
        {
            await operation;
            return null;
        }
        catch (DomainRuleException e)
        {
            return e;
        }
    }
}
