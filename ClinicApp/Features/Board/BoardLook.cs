using ClinicApp.Data.Clinical;
using ClinicApp.Features.Care;

namespace ClinicApp.Features.Board;

/// <summary>Colours and number formats of the internment board.</summary>
public static class BoardLook
{
    public static string PriorityClass(HospitalizationPriority priority) => $"board-priority-{priority.ToString().ToLowerInvariant()}";

    public static MudBlazor.Color PriorityColor(HospitalizationPriority priority) => priority switch
    {
        HospitalizationPriority.Critical => MudBlazor.Color.Error,
        HospitalizationPriority.High => MudBlazor.Color.Warning,
        HospitalizationPriority.Medium => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Success,
    };

    public static string LevelClass(VitalLevel level) => level switch
    {
        VitalLevel.Critical => "board-vital-critical",
        VitalLevel.Abnormal => "board-vital-abnormal",
        _ => "board-vital-normal",
    };

    /// <summary>Temperature with one decimal, the others as whole numbers.</summary>
    public static string Value(Vital vital, decimal value) =>
        value.ToString(vital == Vital.TemperatureC ? "0.0" : "0.#", System.Globalization.CultureInfo.CurrentCulture);
}
