using ClinicApp.Common;
using System.Globalization;
using ClinicApp.Data.Clinical;
using ClinicApp.Features.Account;
using ClinicApp.Features.Invoices;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Hospitalizations;

/// <summary>The discharge summary of an ended stay as PDF: patient, tutor, dates, reason, vets, summary
/// and the progress notes, in the reader's language and the hospital's time zone.</summary>
public sealed class HospitalizationDocuments(HospitalizationService stays, TenantContext tenant, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Null when there is no such stay here or it has not ended.</summary>
    public async Task<PdfFile?> DischargeAsync(Guid id, CancellationToken ct = default) =>
        await stays.GetAsync(id, ct) is { IsActive: false } stay ? RenderDischarge(stay, tenant.Tenant, localizer) : null;

    /// <summary>The discharge document; <paramref name="forTutor"/> leaves out what stays inside the
    /// hospital (the reason as the staff wrote it and the progress notes): the tutor's copy in the portal.</summary>
    public static PdfFile RenderDischarge(StayDetails stay, TenantInfo hospital, IStringLocalizer localizer, bool forTutor = false)
    {
        List<(string, string)> facts =
        [
            (localizer["Pdf.Pet"], $"{stay.PetName} ({localizer[$"Species.{stay.Species}"]})"),
            (localizer["Pdf.Tutor"], stay.TutorPhone is { } phone ? $"{stay.TutorName} · {Common.Phones.Display(phone)}" : stay.TutorName),
            (localizer["Stay.AdmittedAt"], Time(stay.AdmittedAt, hospital)),
            (localizer["Stay.EndedAt"], stay.EndedAt is { } ended ? Time(ended, hospital) : "—"),
            (localizer["Stay.DaysIn"], stay.DaysIn(stay.EndedAt ?? stay.AdmittedAt, hospital.TimeZone).ToString(CultureInfo.CurrentCulture)),
            (localizer["Stay.Outcome"], localizer[$"Hospitalization.Status.{stay.Status}"]),
            (localizer["Stay.AdmittingVet"], stay.AdmittingVetName),
            (localizer["Stay.ResponsibleVet"], stay.ResponsibleVetName),
        ];
        if (stay.BedName is { } bed)
        {
            facts.Add((localizer["Stay.Bed"], $"{stay.WardName} · {bed}"));
        }

        var composer = new PdfComposer(new PdfPageFrame(hospital.Name, null, (page, pages) => localizer["Pdf.PageOf", page, pages]))
            .Text(localizer["Pdf.Discharge.Title"], 16f, bold: true, spaceAfter: 10f)
            .KeyValues(facts);
        if (!forTutor)
        {
            composer.Text(localizer["Stay.Reason"], bold: true, spaceAfter: 2f).Text(stay.Reason, spaceAfter: 10f);
        }

        composer.Text(localizer["Pdf.Discharge.Summary"], bold: true, spaceAfter: 2f).Text(stay.DischargeSummary ?? "—", spaceAfter: 10f);
        if (stay.DischargeInstructions is { } instructions)
        {
            composer.Text(localizer["Pdf.Discharge.Instructions"], bold: true, spaceAfter: 2f).Text(instructions, spaceAfter: 10f);
        }

        if (!forTutor && stay.Notes.Count > 0)
        {
            composer.Text(localizer["Stay.Notes"], bold: true, spaceAfter: 4f).Table(
                [new PdfColumn(localizer["Stay.Note.When"], 2), new PdfColumn(localizer["Stay.Note.Author"], 2.5f), new PdfColumn(localizer["Stay.Note.Text"], 7)],
                stay.Notes.OrderBy(n => n.At).Select(n => (IReadOnlyList<string>)[
                    Time(n.At, hospital),
                    $"{n.AuthorName} ({RoleNames.For(n.AuthorRole, n.AuthorGender, localizer)})",
                    n.Text,
                ]));
        }

        return new PdfFile($"alta-{stay.PetName}-{HospitalTime.ToLocal(stay.EndedAt ?? stay.AdmittedAt, hospital.TimeZone):yyyy-MM-dd}.pdf", composer.ToPdf());
    }

    private static string Time(DateTime utc, TenantInfo hospital) =>
        HospitalTime.ToLocal(utc, hospital.TimeZone).ToString("g", CultureInfo.CurrentCulture);
}

/// <summary>The pet's stays on its timeline.</summary>
internal sealed class HospitalizationTimelineSource(HospitalizationService stays, HospitalTime hospitalTime, IStringLocalizer<SharedResource> l) : Pets.IPetTimelineSource
{
    public async Task<IReadOnlyList<Pets.TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct) =>
        (await stays.OfPetAsync(petId, ct))
        .Select(s => new Pets.TimelineEntry(
            hospitalTime.ToLocal(s.AdmittedAt),
            "Hospitalization",
            $"{l["Timeline.Hospitalization"]} · {l[$"Hospitalization.Status.{s.Status}"]}",
            s.Status is HospitalizationStatus.Waiting or HospitalizationStatus.InCare || s.EndedAt is not { } ended
                ? s.Reason
                : l["Timeline.HospitalizationEnded", s.Reason, hospitalTime.Format(ended)].Value,
            $"hospitalizations/{s.Id}"))
        .ToList();
}
