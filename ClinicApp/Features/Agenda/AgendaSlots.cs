namespace ClinicApp.Features.Agenda;

/// <summary>The appointment dialog's actions that belong to other areas (Consultations' start/open);
/// <see cref="Leaving"/> closes the dialog before the piece navigates away. See <c>ISlotComponent</c>.</summary>
public sealed record AppointmentActions(AgendaItem Item, Func<Task> Leaving);

/// <summary>The Today page's tools that belong to other areas (the Reports area's attendance report
/// download); <see cref="Today"/> is the hospital's day the page shows. See <c>ISlotComponent</c>.</summary>
public sealed record TodayTools(DateOnly Today);
