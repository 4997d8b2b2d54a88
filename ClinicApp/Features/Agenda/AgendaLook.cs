using ClinicApp.Data.FrontDesk;
using MudBlazor;

namespace ClinicApp.Features.Agenda;

/// <summary>How appointments look and what the desk may pick, in one place for the agenda, the
/// today list and the home pages: the same colour, icon and words everywhere.</summary>
public static class AgendaLook
{
    public static IReadOnlyList<int> DurationChoices { get; } = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240];

    /// <summary>How long each kind of appointment usually takes, minutes.</summary>
    public static int DefaultDuration(AppointmentType type) => type switch
    {
        AppointmentType.Return => 20,
        AppointmentType.Vaccination => 15,
        AppointmentType.Surgery => 120,
        _ => 30,
    };

    /// <summary>The sign of an appointment the tutor booked in the portal.</summary>
    public const string BookedOnlineIcon = Icons.Material.Filled.Language;

    /// <summary>CSS class carrying the type's colour (app.css).</summary>
    public static string TypeClass(AppointmentType type) => $"agenda-type-{type.ToString().ToLowerInvariant()}";

    public static string SpeciesIcon(Species species) => species switch
    {
        Species.Bird => Icons.Material.Filled.FlutterDash,
        Species.Rabbit => Icons.Material.Filled.CrueltyFree,
        Species.Rodent => Icons.Material.Filled.PestControlRodent,
        Species.Reptile => Icons.Material.Filled.EggAlt,
        _ => Icons.Material.Filled.Pets,
    };

    public static string AlertIcon(PetAlerts alert) => alert switch
    {
        // One icon per alert: "bites" and "aggressive" were the same icon, so a glance could not tell them apart.
        PetAlerts.Aggressive => Icons.Material.Filled.Dangerous,
        PetAlerts.Bites => Icons.Material.Filled.DoNotTouch,
        PetAlerts.Fearful => Icons.Material.Filled.SentimentVeryDissatisfied,
        PetAlerts.EscapeRisk => Icons.Material.Filled.DirectionsRun,
        PetAlerts.Brachycephalic => Icons.Material.Filled.Air,
        PetAlerts.Diabetic => Icons.Material.Filled.Bloodtype,
        PetAlerts.BloodDonor => Icons.Material.Filled.VolunteerActivism,
        PetAlerts.Epileptic => Icons.Material.Filled.Bolt,
        _ => Icons.Material.Filled.Warning,
    };

    /// <summary>The behaviour warnings the agenda's legend explains (the ones that keep staff safe).</summary>
    public static readonly IReadOnlyList<PetAlerts> LegendAlerts = [PetAlerts.Aggressive, PetAlerts.Bites, PetAlerts.Fearful];

    /// <summary>A card this short has room for one line only: the tutor goes on the first line.</summary>
    public static bool IsCompact(int durationMinutes) => durationMinutes * TimeGrid.PixelsPerMinute < 36;

    /// <summary>The single alerts a pet carries, in a stable order.</summary>
    public static IReadOnlyList<PetAlerts> AlertsOf(PetAlerts alerts) =>
        Enum.GetValues<PetAlerts>().Where(a => a != PetAlerts.None && alerts.HasFlag(a)).ToList();

    public static string StatusIcon(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Confirmed => Icons.Material.Filled.EventAvailable,
        AppointmentStatus.CheckedIn => Icons.Material.Filled.HowToReg,
        AppointmentStatus.InProgress => Icons.Material.Filled.MedicalServices,
        AppointmentStatus.Completed => Icons.Material.Filled.TaskAlt,
        AppointmentStatus.Cancelled => Icons.Material.Filled.EventBusy,
        AppointmentStatus.NoShow => Icons.Material.Filled.PersonOff,
        _ => Icons.Material.Filled.Schedule,
    };

    public static Color StatusColor(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Confirmed => Color.Info,
        AppointmentStatus.CheckedIn => Color.Warning,
        AppointmentStatus.InProgress => Color.Secondary,
        AppointmentStatus.Completed => Color.Success,
        AppointmentStatus.Cancelled or AppointmentStatus.NoShow => Color.Error,
        _ => Color.Default,
    };

    /// <summary>The resource key of the button that moves an appointment to <paramref name="to"/>.</summary>
    public static string ActionKey(AppointmentStatus to) => to switch
    {
        AppointmentStatus.Confirmed => "Agenda.Action.Confirm",
        AppointmentStatus.CheckedIn => "Agenda.Action.CheckIn",
        AppointmentStatus.InProgress => "Agenda.Action.Start",
        AppointmentStatus.Completed => "Agenda.Action.Complete",
        AppointmentStatus.NoShow => "Agenda.Action.NoShow",
        AppointmentStatus.Cancelled => "Agenda.Action.Cancel",
        _ => throw new ArgumentOutOfRangeException(nameof(to), to, "No appointment goes back to this status."),
    };

    /// <summary>The resource key of the message after a one-click status change.</summary>
    public static string DoneKey(AppointmentStatus to) => to switch
    {
        AppointmentStatus.Confirmed => "Agenda.Done.Confirmed",
        AppointmentStatus.CheckedIn => "Agenda.Done.CheckedIn",
        AppointmentStatus.InProgress => "Agenda.Done.Started",
        AppointmentStatus.Completed => "Agenda.Done.Completed",
        AppointmentStatus.NoShow => "Agenda.Done.NoShow",
        AppointmentStatus.Cancelled => "Agenda.Done.Cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(to), to, "No appointment goes back to this status."),
    };

    /// <summary>Which roles may move an appointment to a status (the service checks the same).</summary>
    public static string RolesFor(AppointmentStatus to) =>
        to is AppointmentStatus.InProgress or AppointmentStatus.Completed ? Data.Identity.Roles.Clinical : Data.Identity.Roles.FrontDesk;
}
