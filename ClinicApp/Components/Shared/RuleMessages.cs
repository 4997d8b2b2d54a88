using ClinicApp.Data.Common;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Components.Shared;

public static class RuleMessages
{
    /// <summary>The refusal in the reader's language; arguments that are themselves resource keys
    /// (such as "Appointment.Status.Confirmed") are translated too, and amounts are money (BRL).</summary>
    public static string Describe(this IStringLocalizer localizer, DomainRuleException refusal)
    {
        var arguments = refusal.Arguments
            .Select(a => a switch
            {
                string key when localizer[key] is { ResourceNotFound: false } text => text.Value,
                decimal money => money.Brl(),
                _ => a,
            })
            .ToArray();
        return localizer[refusal.Message, arguments].Value;
    }
}
