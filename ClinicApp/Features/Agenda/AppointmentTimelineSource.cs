using ClinicApp.Features.Pets;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Agenda;

/// <summary>Appointments on the pet's timeline.</summary>
internal sealed class AppointmentTimelineSource(AgendaService agenda, IStringLocalizer<SharedResource> l) : IPetTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct) =>
        (await agenda.HistoryAsync(petId, null, ct: ct))
        .Select(a => new TimelineEntry(
            a.Start,
            "Appointment",
            $"{l[$"Appointment.Type.{a.Type}"]} · {l[$"Appointment.Status.{a.Status}"]}",
            a.CancellationReason ?? a.Notes,
            $"agenda?date={a.Day:yyyy-MM-dd}"))
        .ToList();
}
