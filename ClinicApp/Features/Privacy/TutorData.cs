using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Privacy;

public sealed record TutorDataPerson(
    string Name, string? Cpf, string? Phone, bool WhatsAppOptIn, string? Email, string? AddressLine, string? District, string? City,
    string? State, string? PostalCode, DateTime RegisteredAt, bool RemindersConsent, bool MarketingConsent);

public sealed record TutorDataWeight(DateTime MeasuredAt, decimal Kilograms);

public sealed record TutorDataVaccination(string Vaccine, string? Dose, DateOnly AppliedOn, DateOnly? NextDueOn);

public sealed record TutorDataPet(
    Guid Id, string Name, Species Species, string? Breed, PetSex Sex, bool Neutered, DateOnly? BirthDate, string? Colour, string? Microchip,
    bool Deceased, IReadOnlyList<TutorDataWeight> Weights, IReadOnlyList<TutorDataVaccination> Vaccinations);

public sealed record TutorDataAppointment(DateTime Start, DateTime End, string Pet, AppointmentType Type, AppointmentStatus Status, string? Veterinarian);

public sealed record TutorDataInvoiceItem(string Description, decimal Quantity, decimal UnitPrice, decimal Total);

public sealed record TutorDataPayment(DateTime PaidAt, PaymentMethod Method, decimal Amount);

public sealed record TutorDataInvoice(
    int Number, DateTime IssuedAt, InvoiceStatus Status, decimal Subtotal, decimal Discount, decimal Total, decimal Paid, decimal Balance,
    IReadOnlyList<TutorDataInvoiceItem> Items, IReadOnlyList<TutorDataPayment> Payments);

public sealed record TutorDataPrescription(DateTime IssuedAt, string Pet, string? Veterinarian, IReadOnlyList<string> Medications);

public sealed record TutorDataExam(string ExamType, string Pet, DateTime RequestedAt, DateTime? CompletedAt, DateTime ReleasedAt);

public sealed record TutorDataConsent(DateTime At, ConsentPurpose Purpose, bool Granted, ConsentChannel Channel, string? Source);

/// <summary>What "download my data" holds (LGPD art. 18 II and V): the tutor's personal data, pets,
/// appointments, invoices, the documents released to them and their consents. Never the clinic's
/// internal notes, nor exams not yet released. Times are UTC.</summary>
public sealed record TutorData(
    string Hospital,
    DateTime GeneratedAt,
    TutorDataPerson Tutor,
    IReadOnlyList<TutorDataPet> Pets,
    IReadOnlyList<TutorDataAppointment> Appointments,
    IReadOnlyList<TutorDataInvoice> Invoices,
    IReadOnlyList<TutorDataPrescription> Prescriptions,
    IReadOnlyList<TutorDataExam> Exams,
    IReadOnlyList<TutorDataConsent> Consents)
{
    public static async Task<TutorData> ReadAsync(ClinicDbFactory dbFactory, string hospital, DateTime now, Guid tutorId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutor = await db.Tutors.AsNoTracking().SingleAsync(t => t.Id == tutorId, ct);
        var pets = await db.Pets.AsNoTracking().Where(p => p.TutorId == tutorId).OrderBy(p => p.Name).ToListAsync(ct);
        var petIds = pets.Select(p => p.Id).ToList();
        var petNames = pets.ToDictionary(p => p.Id, p => p.Name);
        var weights = (await db.PetWeights.AsNoTracking().Where(w => petIds.Contains(w.PetId)).ToListAsync(ct))
            .OrderBy(w => w.MeasuredAt).ToLookup(w => w.PetId);
        var vaccinations = (await db.Vaccinations.AsNoTracking().Where(v => petIds.Contains(v.PetId)).ToListAsync(ct))
            .OrderBy(v => v.AppliedOn).ToLookup(v => v.PetId);
        var vets = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var appointments = (await db.Appointments.AsNoTracking().Where(a => a.TutorId == tutorId).OrderBy(a => a.Start).ToListAsync(ct))
            .Select(a => new TutorDataAppointment(a.Start, a.End, petNames.GetValueOrDefault(a.PetId, ""), a.Type, a.Status, vets.GetValueOrDefault(a.VeterinarianId)))
            .ToList();
        var invoices = (await db.Invoices.AsNoTracking().Include(i => i.Items).Include(i => i.Payments)
                .Where(i => i.TutorId == tutorId).OrderBy(i => i.Number).ToListAsync(ct))
            .Select(i => new TutorDataInvoice(i.Number, i.IssuedAt, i.Status, i.Subtotal, i.Discount, i.Total, i.Paid, i.Balance,
                i.Items.Select(x => new TutorDataInvoiceItem(x.Description, x.Quantity, x.UnitPrice, x.Total)).ToList(),
                i.Payments.OrderBy(p => p.PaidAt).Select(p => new TutorDataPayment(p.PaidAt, p.Method, p.Amount)).ToList()))
            .ToList();

        // The receituários the tutor was given (a stay's internal prescriptions are not theirs).
        var prescriptions = (await db.Prescriptions.AsNoTracking().Include(p => p.Items)
                .Where(p => p.TutorId == tutorId && p.Kind == PrescriptionKind.Outpatient).OrderBy(p => p.IssuedAt).ToListAsync(ct))
            .Select(p => new TutorDataPrescription(p.IssuedAt, petNames.GetValueOrDefault(p.PetId, ""), vets.GetValueOrDefault(p.VeterinarianId),
                p.Items.Select(i => i.MedicationName).ToList()))
            .ToList();
        var exams = (await db.ExamRequests.AsNoTracking()
                .Where(e => e.TutorId == tutorId && e.ReleasedToTutorAt != null).OrderBy(e => e.RequestedAt).ToListAsync(ct))
            .Select(e => new TutorDataExam(e.ExamType, petNames.GetValueOrDefault(e.PetId, ""), e.RequestedAt, e.CompletedAt, e.ReleasedToTutorAt!.Value))
            .ToList();
        var consents = (await Tutors.TutorConsents.HistoryAsync(db, tutorId, ct))
            .Select(c => new TutorDataConsent(c.At, c.Purpose, c.Granted, c.Channel, c.Source)).ToList();

        return new TutorData(
            hospital,
            now,
            new TutorDataPerson(tutor.Name, tutor.Cpf, tutor.Phone, tutor.WhatsAppOptIn, tutor.Email, tutor.AddressLine, tutor.District, tutor.City,
                tutor.State, tutor.PostalCode, tutor.CreatedAt,
                Tutors.TutorConsents.IsGranted(tutor, ConsentPurpose.Reminders), Tutors.TutorConsents.IsGranted(tutor, ConsentPurpose.Marketing)),
            pets.Select(p => new TutorDataPet(p.Id, p.Name, p.Species, p.Breed, p.Sex, p.Neutered, p.BirthDate, p.Colour, p.Microchip, p.Deceased,
                weights[p.Id].Select(w => new TutorDataWeight(w.MeasuredAt, w.Kilograms)).ToList(),
                vaccinations[p.Id].Select(v => new TutorDataVaccination(v.Vaccine, v.Dose, v.AppliedOn, v.NextDueOn)).ToList())).ToList(),
            appointments,
            invoices,
            prescriptions,
            exams,
            consents);
    }
}
