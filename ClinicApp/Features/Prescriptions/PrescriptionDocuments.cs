using ClinicApp.Common;
using ClinicApp.Data.Common;
using System.Globalization;
using ClinicApp.Features.Account;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Prescriptions;

/// <summary>The receituário: a prescription as the tutor takes it home, in the reader's language, with the
/// hospital, the date, the vet, the tutor (CPF) and the pet, each medicine's dose, and the vet's signature line.</summary>
public sealed class PrescriptionDocuments(PrescriptionService prescriptions, TenantContext tenant, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>The receituário, or null when there is no such prescription. Refused when every item
    /// was suspended or replaced: an empty receituário with a signature line could be filled in by hand.</summary>
    public async Task<PdfFile?> ReceituarioAsync(Guid prescriptionId, CancellationToken ct = default)
    {
        if (await prescriptions.GetAsync(prescriptionId, ct) is not { } details)
        {
            return null;
        }

        if (!details.Items.Any(i => i.IsActive))
        {
            throw new DomainRuleException("Prescriptions.Error.NothingToPrint");
        }

        return Render(details, tenant.Tenant, localizer);
    }

    public static PdfFile Render(PrescriptionDetails details, TenantInfo hospital, IStringLocalizer l)
    {
        var prescription = details.Prescription;
        var issued = HospitalTime.ToLocal(prescription.IssuedAt, hospital.TimeZone);
        List<(string, string)> tutor = [(l["Pdf.Tutor"], details.TutorName)];
        if (details.TutorCpf is { } cpf)
        {
            tutor.Add((l["Pdf.Cpf"], Cpf.Format(cpf)));
        }

        var species = l[$"Species.{details.Species}"].Value;
        tutor.Add((l["Pdf.Pet"], details.Breed is { } breed ? $"{details.PetName} · {species} · {breed}" : $"{details.PetName} · {species}"));
        if (prescription.WeightKg is { } kg)
        {
            tutor.Add((l["Prescriptions.Pdf.Weight"], $"{kg.ToString("0.###", CultureInfo.CurrentCulture)} kg"));
        }

        var composer = new PdfComposer(new PdfPageFrame(hospital.Name, null, (page, pages) => l["Pdf.PageOf", page, pages]))
            .Text(l["Prescriptions.Pdf.Title"], 16f, bold: true, spaceAfter: 10f)
            .KeyValues([
                (l["Prescriptions.Pdf.Date"], issued.ToString("d", CultureInfo.CurrentCulture)),
                (l["Prescriptions.Pdf.Veterinarian"], details.VeterinarianName),
                (l["Prescriptions.Pdf.Use"], l[$"PrescriptionKind.{prescription.Kind}"]),
            ])
            .KeyValues(tutor);

        var number = 0;
        foreach (var item in details.Items.Where(i => i.IsActive))
        {
            number++;
            composer.Text($"{number}. {item.MedicationName}", 12f, bold: true, spaceAfter: 2f)
                .Text(l["Prescriptions.Pdf.ItemLine", DoseText.Of(l, item.DoseMg, item.DoseVolume, item.Presentation), l[$"DoseRoute.{item.Route}"], item.EveryHours, item.DurationDays],
                    spaceAfter: item.Instructions is null ? 10f : 2f);
            if (item.Instructions is { } instructions)
            {
                composer.Text(instructions, spaceAfter: 10f);
            }
        }

        if (prescription.Notes is { } notes)
        {
            composer.Text(l["Pdf.Notes"], bold: true, spaceAfter: 2f).Text(notes);
        }

        composer.Space(48f)
            .Text("_______________________________________________", align: PdfAlign.Center, spaceAfter: 2f)
            .Text(details.VeterinarianName, bold: true, align: PdfAlign.Center, spaceAfter: 2f)
            .Text(l["Prescriptions.Pdf.Signature"], align: PdfAlign.Center);
        return new PdfFile($"receita-{issued:yyyyMMdd}-{prescription.Id.ToString("N")[..8]}.pdf", composer.ToPdf());
    }
}

