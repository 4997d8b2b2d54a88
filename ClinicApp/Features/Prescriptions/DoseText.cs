using System.Globalization;
using ClinicApp.Data.Clinical;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Prescriptions;

/// <summary>A dose in words, the same on the dialog, the lists and the receituário:
/// "310 mg = 0,62 mL", "500 mg = 2 comprimidos", or "20 mg" when no volume is known.</summary>
public static class DoseText
{
    public static string Of(IStringLocalizer l, decimal doseMg, decimal? volume, Presentation? presentation)
    {
        var mg = Number(doseMg);
        if (volume is not { } v)
        {
            return l["Prescriptions.Dose.Mg", mg];
        }

        var amount = Number(v);
        var one = v == 1m;
        return presentation switch
        {
            Presentation.Injectable or Presentation.OralSolution or Presentation.OralSuspension => l["Prescriptions.Dose.Volume", mg, amount],
            Presentation.Tablet => one ? l["Prescriptions.Dose.Tablet", mg] : l["Prescriptions.Dose.Tablets", mg, amount],
            Presentation.Capsule => one ? l["Prescriptions.Dose.Capsule", mg] : l["Prescriptions.Dose.Capsules", mg, amount],
            _ => l["Prescriptions.Dose.Units", mg, amount],
        };
    }

    /// <summary>"every 8 h · 3 days · IV".</summary>
    public static string Schedule(IStringLocalizer l, DoseRoute route, int everyHours, int days) =>
        l["Prescriptions.ScheduleText", l[$"DoseRoute.{route}"], everyHours, days];

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);
}
