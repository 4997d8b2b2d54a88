using System.Globalization;
using ClinicApp.Components.Shared;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Privacy;

/// <summary>The readable copy of "download my data" (the PDF next to data.json), in the current
/// culture's language and the hospital's time zone.</summary>
public static class TutorDataDocument
{
    public static byte[] Render(TutorData data, TenantInfo hospital, IStringLocalizer localizer)
    {
        var culture = CultureInfo.CurrentCulture;
        string When(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), hospital.TimeZone).ToString("g", culture);
        string Day(DateOnly? day) => day?.ToString("d", culture) ?? "—";
        string Text(string? text) => string.IsNullOrWhiteSpace(text) ? "—" : text;
        string YesNo(bool value) => value ? localizer["MyData.Pdf.Yes"] : localizer["MyData.Pdf.No"];

        var person = data.Tutor;
        var composer = new PdfComposer(new PdfPageFrame(data.Hospital, localizer["MyData.Pdf.Subtitle", When(data.GeneratedAt)],
                (page, pages) => localizer["Pdf.PageOf", page, pages]))
            .Text(localizer["MyData.Pdf.Title"], 16f, bold: true, spaceAfter: 4f)
            .Text(localizer["MyData.Pdf.Intro"], spaceAfter: 10f)
            .Text(localizer["MyData.Pdf.Person"], 12f, bold: true, spaceAfter: 4f)
            .KeyValues(
            [
                (localizer["MyData.Pdf.Name"], person.Name),
                (localizer["MyData.Pdf.Cpf"], Text(ClinicApp.Common.Cpf.Format(person.Cpf))),
                (localizer["MyData.Pdf.Phone"], Text(ClinicApp.Common.Phones.Display(person.Phone))),
                (localizer["MyData.Pdf.Email"], Text(person.Email)),
                (localizer["MyData.Pdf.Address"], Text(string.Join(", ", new[] { person.AddressLine, person.District, person.City, person.State, person.PostalCode }
                    .Where(p => !string.IsNullOrWhiteSpace(p))))),
                (localizer["MyData.Pdf.RegisteredAt"], When(person.RegisteredAt)),
                (localizer["Consent.Purpose.Reminders"], YesNo(person.RemindersConsent)),
                (localizer["Consent.Purpose.Marketing"], YesNo(person.MarketingConsent)),
            ]);

        composer.Text(localizer["MyData.Pdf.Pets"], 12f, bold: true, spaceAfter: 4f);
        foreach (var pet in data.Pets)
        {
            composer.Text(pet.Name, 11f, bold: true, spaceAfter: 2f)
                .KeyValues(
                [
                    (localizer["MyData.Pdf.Species"], localizer[$"Species.{pet.Species}"]),
                    (localizer["MyData.Pdf.Breed"], Text(pet.Breed)),
                    (localizer["MyData.Pdf.BirthDate"], Day(pet.BirthDate)),
                    (localizer["MyData.Pdf.Microchip"], Text(pet.Microchip)),
                    (localizer["MyData.Pdf.Weights"], pet.Weights.Count == 0 ? "—"
                        : string.Join("; ", pet.Weights.Select(w => $"{w.Kilograms.ToString("0.###", culture)} kg ({When(w.MeasuredAt)})"))),
                ], spaceAfter: 4f);
            if (pet.Vaccinations.Count > 0)
            {
                composer.Table(
                    [new PdfColumn(localizer["MyData.Pdf.Vaccine"], 3), new PdfColumn(localizer["MyData.Pdf.AppliedOn"], 1.5f), new PdfColumn(localizer["MyData.Pdf.NextDue"], 1.5f)],
                    pet.Vaccinations.Select(v => (IReadOnlyList<string>)[v.Vaccine, Day(v.AppliedOn), Day(v.NextDueOn)]));
            }
        }

        composer.Text(localizer["MyData.Pdf.Appointments"], 12f, bold: true, spaceAfter: 4f);
        Table(composer, localizer,
            [new PdfColumn(localizer["MyData.Pdf.When"], 2), new PdfColumn(localizer["MyData.Pdf.Pet"], 1.5f), new PdfColumn(localizer["MyData.Pdf.Type"], 1.5f),
             new PdfColumn(localizer["MyData.Pdf.Status"], 1.5f), new PdfColumn(localizer["MyData.Pdf.Veterinarian"], 2)],
            data.Appointments.Select(a => (IReadOnlyList<string>)[When(a.Start), a.Pet, localizer[$"Appointment.Type.{a.Type}"],
                localizer[$"Appointment.Status.{a.Status}"], Text(a.Veterinarian)]));

        composer.Text(localizer["MyData.Pdf.Invoices"], 12f, bold: true, spaceAfter: 4f);
        Table(composer, localizer,
            [new PdfColumn(localizer["MyData.Pdf.Number"], 1), new PdfColumn(localizer["MyData.Pdf.IssuedAt"], 2), new PdfColumn(localizer["MyData.Pdf.Status"], 1.5f),
             new PdfColumn(localizer["MyData.Pdf.Total"], 1.5f, PdfAlign.Right), new PdfColumn(localizer["MyData.Pdf.Paid"], 1.5f, PdfAlign.Right)],
            data.Invoices.Select(i => (IReadOnlyList<string>)[i.Number.ToString(culture), When(i.IssuedAt), localizer[$"Invoice.Status.{i.Status}"],
                i.Total.Brl(), i.Paid.Brl()]));

        composer.Text(localizer["MyData.Pdf.Documents"], 12f, bold: true, spaceAfter: 4f);
        Table(composer, localizer,
            [new PdfColumn(localizer["MyData.Pdf.When"], 2), new PdfColumn(localizer["MyData.Pdf.Pet"], 1.5f), new PdfColumn(localizer["MyData.Pdf.Document"], 4)],
            data.Prescriptions.Select(p => (IReadOnlyList<string>)[When(p.IssuedAt), p.Pet, localizer["MyData.Pdf.Prescription", string.Join(", ", p.Medications)]])
                .Concat(data.Exams.Select(e => (IReadOnlyList<string>)[When(e.ReleasedAt), e.Pet, localizer["MyData.Pdf.Exam", e.ExamType]])));

        composer.Text(localizer["MyData.Pdf.Consents"], 12f, bold: true, spaceAfter: 4f);
        Table(composer, localizer,
            [new PdfColumn(localizer["MyData.Pdf.When"], 2), new PdfColumn(localizer["Consent.Column.Purpose"], 1.5f), new PdfColumn(localizer["Consent.Column.Change"], 1.5f),
             new PdfColumn(localizer["Consent.Column.Channel"], 1.5f)],
            data.Consents.Select(c => (IReadOnlyList<string>)[When(c.At), localizer[PrivacyTexts.Purpose(c.Purpose)],
                c.Granted ? localizer["Consent.Granted"] : localizer["Consent.Withdrawn"], localizer[PrivacyTexts.Channel(c.Channel)]]));
        return composer.ToPdf();
    }

    private static void Table(PdfComposer composer, IStringLocalizer localizer, IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            composer.Text(localizer["MyData.Pdf.None"], spaceAfter: 10f);
        }
        else
        {
            composer.Table(columns, list);
        }
    }
}
