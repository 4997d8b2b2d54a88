using ClinicApp.Components.Shared;
using ClinicApp.Features.Pets;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Invoices;

/// <summary>Invoices on the pet's timeline.</summary>
internal sealed class InvoiceTimelineSource(InvoiceService invoices, HospitalTime hospitalTime, IStringLocalizer<SharedResource> l) : IPetTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct) =>
        (await invoices.OfPetAsync(petId, ct))
        .Select(i => new TimelineEntry(
            hospitalTime.ToLocal(i.IssuedAt),
            "Invoice",
            $"{l["Invoices.Heading", i.Number]} · {l[$"Invoice.Status.{i.Status}"]}",
            l["Timeline.InvoiceDetail", MoneyFormat.Brl(i.Total), MoneyFormat.Brl(i.Balance)].Value,
            $"invoices/{i.Id}"))
        .ToList();
}
