using ClinicApp.Features.Agenda;
using ClinicApp.Features.Vaccinations;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Pets;

/// <summary>One event of a pet's life at the hospital, already in the reader's language.</summary>
public sealed record TimelineEntry(DateTime At, string Kind, string Title, string? Detail, string? Href);

/// <summary>An area that puts entries on the pet's timeline (appointments, vaccinations; later
/// consultations, exams, hospitalizations, invoices). Register with <c>AddScoped&lt;IPetTimelineSource, …&gt;</c>.</summary>
public interface IPetTimelineSource
{
    Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct);
}

/// <summary>The pet record's single timeline: every source's entries, newest first.</summary>
public sealed class PetTimeline(IEnumerable<IPetTimelineSource> sources)
{
    public async Task<IReadOnlyList<TimelineEntry>> ForAsync(Guid petId, CancellationToken ct = default)
    {
        var entries = new List<TimelineEntry>();
        foreach (var source in sources)
        {
            entries.AddRange(await source.EntriesAsync(petId, ct));
        }

        return entries.OrderByDescending(e => e.At).ToList();
    }
}

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

internal sealed class VaccinationTimelineSource(VaccinationService vaccinations, IStringLocalizer<SharedResource> l) : IPetTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct) =>
        (await vaccinations.OfPetAsync(petId, ct))
        .Select(v => new TimelineEntry(
            v.AppliedOn.ToDateTime(new TimeOnly(12, 0)),
            "Vaccination",
            string.IsNullOrEmpty(v.Dose) ? v.Vaccine : $"{v.Vaccine} · {v.Dose}",
            v.NextDueOn is { } next ? l["Vaccinations.NextDue", next.ToShortDateString()].Value : null,
            null))
        .ToList();
}

internal sealed class InvoiceTimelineSource(Invoices.InvoiceService invoices, Tenancy.HospitalTime hospitalTime, IStringLocalizer<SharedResource> l) : IPetTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct) =>
        (await invoices.OfPetAsync(petId, ct))
        .Select(i => new TimelineEntry(
            hospitalTime.ToLocal(i.IssuedAt),
            "Invoice",
            $"{l["Invoices.Heading", i.Number]} · {l[$"Invoice.Status.{i.Status}"]}",
            l["Timeline.InvoiceDetail", Components.Shared.MoneyFormat.Brl(i.Total), Components.Shared.MoneyFormat.Brl(i.Balance)].Value,
            $"invoices/{i.Id}"))
        .ToList();
}
