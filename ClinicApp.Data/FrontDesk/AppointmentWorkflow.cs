namespace ClinicApp.Data.FrontDesk;

/// <summary>Which status may follow which.</summary>
public static class AppointmentWorkflow
{
    private static readonly Dictionary<AppointmentStatus, AppointmentStatus[]> Next = new()
    {
        [AppointmentStatus.Scheduled] = [AppointmentStatus.Confirmed, AppointmentStatus.CheckedIn, AppointmentStatus.Cancelled, AppointmentStatus.NoShow],
        [AppointmentStatus.Confirmed] = [AppointmentStatus.CheckedIn, AppointmentStatus.Cancelled, AppointmentStatus.NoShow],
        [AppointmentStatus.CheckedIn] = [AppointmentStatus.InProgress, AppointmentStatus.Cancelled],
        [AppointmentStatus.InProgress] = [AppointmentStatus.Completed],
        [AppointmentStatus.Completed] = [],
        [AppointmentStatus.Cancelled] = [],
        [AppointmentStatus.NoShow] = [],
    };

    public static bool CanChange(AppointmentStatus from, AppointmentStatus to) => Next[from].Contains(to);

    public static IReadOnlyList<AppointmentStatus> NextOf(AppointmentStatus from) => Next[from];

    /// <summary>Time, vet and room may change until the patient has arrived.</summary>
    public static bool CanReschedule(AppointmentStatus status) =>
        status is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed;

    public static bool IsFinal(AppointmentStatus status) => Next[status].Length == 0;
}
