using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Home;

/// <summary>Whom an audited record is about, for the activity feed ("Consulta de Rex" rather than a
/// type name): the pet for clinical and agenda records, the tutor for billing, the name of named
/// things (users, medications, wards, rooms, prices). Deleted records are described too.</summary>
/// <param name="Name">The pet's, tutor's or record's own name.</param>
/// <param name="IsOwner">True when the record belongs to <paramref name="Name"/> ("Consulta de Rex"),
/// false when it is the record's own name ("Medicamento Dipirona").</param>
public sealed record ActivitySubject(string Name, bool IsOwner);

internal static class ActivitySubjects
{
    private sealed record Link(Guid Id, Guid Target);

    private sealed record Named(Guid Id, string Name);

    public static async Task<IReadOnlyDictionary<(string Type, string Id), ActivitySubject>> DescribeAsync(
        ClinicDbContext db, IEnumerable<(string Type, string Id)> records, CancellationToken ct)
    {
        var pets = new List<(string Type, Link Link)>();
        var tutors = new List<(string Type, Link Link)>();
        var names = new Dictionary<(string Type, string Id), ActivitySubject>();

        foreach (var group in records.Distinct().GroupBy(r => r.Type, StringComparer.Ordinal))
        {
            var ids = group.Select(r => Guid.TryParse(r.Id, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
            var type = group.Key;
            if (ids.Count == 0)
            {
                continue;
            }

            if (await PetLinksAsync(db, type, ids, ct) is { } petLinks)
            {
                pets.AddRange(petLinks.Select(l => (type, l)));
            }
            else if (await TutorLinksAsync(db, type, ids, ct) is { } tutorLinks)
            {
                tutors.AddRange(tutorLinks.Select(l => (type, l)));
            }
            else if (await NamesAsync(db, type, ids, ct) is { } named)
            {
                foreach (var n in named)
                {
                    names[(type, n.Id.ToString())] = new ActivitySubject(n.Name, IsOwner: false);
                }
            }
        }

        await ResolveAsync(pets, names, ids => db.Pets.IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).Select(p => new Named(p.Id, p.Name)), ct);
        await ResolveAsync(tutors, names, ids => db.Tutors.IgnoreQueryFilters().Where(t => ids.Contains(t.Id)).Select(t => new Named(t.Id, t.Name)), ct);
        return names;
    }

    private static async Task ResolveAsync(
        List<(string Type, Link Link)> links, Dictionary<(string, string), ActivitySubject> names, Func<List<Guid>, IQueryable<Named>> query, CancellationToken ct)
    {
        if (links.Count == 0)
        {
            return;
        }

        var found = await query(links.Select(l => l.Link.Target).Distinct().ToList()).ToDictionaryAsync(n => n.Id, n => n.Name, ct);
        foreach (var (type, link) in links)
        {
            if (found.TryGetValue(link.Target, out var name))
            {
                // A pet's or tutor's own record is named, not owned ("Pet Rex", not "Pet of Rex").
                names[(type, link.Id.ToString())] = new ActivitySubject(name, IsOwner: link.Id != link.Target);
            }
        }
    }

    private static async Task<List<Link>?> PetLinksAsync(ClinicDbContext db, string type, List<Guid> ids, CancellationToken ct) => type switch
    {
        nameof(Pet) => await db.Pets.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.Id)).ToListAsync(ct),
        nameof(PetWeight) => await db.PetWeights.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(Vaccination) => await db.Vaccinations.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(Appointment) => await db.Appointments.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(Consultation) => await db.Consultations.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(Hospitalization) => await db.Hospitalizations.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(Prescription) => await db.Prescriptions.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(ExamRequest) => await db.ExamRequests.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(VitalSigns) => await db.VitalSigns.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(VitalAlert) => await db.VitalAlerts.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(MedicationAdministration) => await db.MedicationAdministrations.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.PetId)).ToListAsync(ct),
        nameof(PrescriptionItem) => await (from i in db.PrescriptionItems.IgnoreQueryFilters()
                                           join p in db.Prescriptions.IgnoreQueryFilters() on i.PrescriptionId equals p.Id
                                           where ids.Contains(i.Id)
                                           select new Link(i.Id, p.PetId)).ToListAsync(ct),
        nameof(ProgressNote) => await (from n in db.ProgressNotes.IgnoreQueryFilters()
                                       join h in db.Hospitalizations.IgnoreQueryFilters() on n.HospitalizationId equals h.Id
                                       where ids.Contains(n.Id)
                                       select new Link(n.Id, h.PetId)).ToListAsync(ct),
        nameof(ExamFile) => await (from f in db.ExamFiles.IgnoreQueryFilters()
                                   join e in db.ExamRequests.IgnoreQueryFilters() on f.ExamRequestId equals e.Id
                                   where ids.Contains(f.Id)
                                   select new Link(f.Id, e.PetId)).ToListAsync(ct),
        _ => null,
    };

    private static async Task<List<Link>?> TutorLinksAsync(ClinicDbContext db, string type, List<Guid> ids, CancellationToken ct) => type switch
    {
        nameof(Tutor) => await db.Tutors.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.Id)).ToListAsync(ct),
        nameof(Invoice) => await db.Invoices.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Link(x.Id, x.TutorId)).ToListAsync(ct),
        nameof(InvoiceItem) => await (from i in db.InvoiceItems.IgnoreQueryFilters()
                                      join v in db.Invoices.IgnoreQueryFilters() on i.InvoiceId equals v.Id
                                      where ids.Contains(i.Id)
                                      select new Link(i.Id, v.TutorId)).ToListAsync(ct),
        nameof(Payment) => await (from p in db.Payments.IgnoreQueryFilters()
                                  join v in db.Invoices.IgnoreQueryFilters() on p.InvoiceId equals v.Id
                                  where ids.Contains(p.Id)
                                  select new Link(p.Id, v.TutorId)).ToListAsync(ct),
        nameof(PaymentLink) => await (from p in db.PaymentLinks.IgnoreQueryFilters()
                                      join v in db.Invoices.IgnoreQueryFilters() on p.InvoiceId equals v.Id
                                      where ids.Contains(p.Id)
                                      select new Link(p.Id, v.TutorId)).ToListAsync(ct),
        _ => null,
    };

    private static async Task<List<Named>?> NamesAsync(ClinicDbContext db, string type, List<Guid> ids, CancellationToken ct) => type switch
    {
        nameof(ApplicationUser) => await db.Users.Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.DisplayName)).ToListAsync(ct),
        nameof(Medication) => await db.Medications.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        nameof(Ward) => await db.Wards.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        nameof(Bed) => await db.Beds.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        nameof(Room) => await db.Rooms.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        nameof(PriceItem) => await db.PriceItems.IgnoreQueryFilters().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        _ => null,
    };
}
