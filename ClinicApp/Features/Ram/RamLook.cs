using System.Globalization;
using ClinicApp.Data.Clinical;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClinicApp.Features.Ram;

/// <summary>How a dose's state looks in a day grid cell.</summary>
public enum DoseCellState
{
    Scheduled,
    LateNow,
    GivenOnTime,
    GivenLate,
    NotGiven,
    Cancelled,
}

/// <summary>Colours, icons and texts of the RAM screens, and the grid cell state (pure).</summary>
public static class RamLook
{
    public static DoseCellState StateOf(AdministrationStatus status, DateTime dueAt, DateTime? recordedAt, DateTime nowUtc, int toleranceMinutes) => status switch
    {
        AdministrationStatus.Scheduled => dueAt.AddMinutes(toleranceMinutes) < nowUtc ? DoseCellState.LateNow : DoseCellState.Scheduled,
        AdministrationStatus.Given => recordedAt is { } at && at <= dueAt.AddMinutes(toleranceMinutes) ? DoseCellState.GivenOnTime : DoseCellState.GivenLate,
        AdministrationStatus.Cancelled => DoseCellState.Cancelled,
        _ => DoseCellState.NotGiven,
    };

    public static string Icon(DoseCellState state) => state switch
    {
        DoseCellState.Scheduled => Icons.Material.Outlined.Schedule,
        DoseCellState.LateNow => Icons.Material.Filled.Alarm,
        DoseCellState.GivenOnTime => Icons.Material.Filled.CheckCircle,
        DoseCellState.GivenLate => Icons.Material.Filled.CheckCircleOutline,
        DoseCellState.NotGiven => Icons.Material.Filled.DoNotDisturbOn,
        _ => Icons.Material.Filled.Block,
    };

    public static Color Color(DoseCellState state) => state switch
    {
        DoseCellState.Scheduled => MudBlazor.Color.Info,
        DoseCellState.LateNow => MudBlazor.Color.Error,
        DoseCellState.GivenOnTime => MudBlazor.Color.Success,
        DoseCellState.GivenLate => MudBlazor.Color.Warning,
        DoseCellState.NotGiven => MudBlazor.Color.Secondary,
        _ => MudBlazor.Color.Default,
    };

    public static Color StatusColor(AdministrationStatus status) => status switch
    {
        AdministrationStatus.Given => MudBlazor.Color.Success,
        AdministrationStatus.Scheduled => MudBlazor.Color.Info,
        AdministrationStatus.Cancelled => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Warning,
    };

    public static string GroupIcon(RamGroup group) => group switch
    {
        RamGroup.Late => Icons.Material.Filled.Alarm,
        RamGroup.DueNow => Icons.Material.Filled.NotificationsActive,
        RamGroup.Next4Hours => Icons.Material.Filled.Upcoming,
        _ => Icons.Material.Filled.TaskAlt,
    };

    public static Color GroupColor(RamGroup group) => group switch
    {
        RamGroup.Late => MudBlazor.Color.Error,
        RamGroup.DueNow => MudBlazor.Color.Warning,
        RamGroup.Next4Hours => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Success,
    };

    public static string TestId(RamGroup group) => group switch
    {
        RamGroup.Late => "ram-group-late",
        RamGroup.DueNow => "ram-group-due",
        RamGroup.Next4Hours => "ram-group-next",
        _ => "ram-group-done",
    };

    public static string Title(IStringLocalizer L, RamGroup group) => group switch
    {
        RamGroup.Late => L["Ram.Group.Late"],
        RamGroup.DueNow => L["Ram.Group.DueNow"],
        RamGroup.Next4Hours => L["Ram.Group.Next4Hours"],
        _ => L["Ram.Group.DoneToday"],
    };

    /// <summary>"100 mg · 2 mL" (or "1 un." for tablets).</summary>
    public static string Dose(IStringLocalizer L, decimal doseMg, decimal? volume, bool isLiquid)
    {
        var mg = string.Format(CultureInfo.CurrentCulture, L["Ram.Mg"], doseMg.ToString("0.##", CultureInfo.CurrentCulture));
        if (volume is not { } v)
        {
            return mg;
        }

        var amount = v.ToString("0.##", CultureInfo.CurrentCulture);
        return $"{mg} · {string.Format(CultureInfo.CurrentCulture, isLiquid ? L["Ram.Ml"] : L["Ram.Units"], amount)}";
    }

    /// <summary>"25 min" or "2 h 05 min".</summary>
    public static string Minutes(IStringLocalizer L, int minutes) => minutes < 60
        ? string.Format(CultureInfo.CurrentCulture, L["Ram.Minutes"], minutes)
        : string.Format(CultureInfo.CurrentCulture, L["Ram.HoursMinutes"], minutes / 60, (minutes % 60).ToString("00", CultureInfo.InvariantCulture));
}
