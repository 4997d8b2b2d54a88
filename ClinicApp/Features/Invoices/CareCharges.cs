using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Invoices;

/// <summary>A piece of care with no charge on any invoice.</summary>
/// <param name="What">A resource key; <paramref name="Detail"/> fills its placeholder (a medicine, an exam).</param>
/// <param name="VisitKey">The visit whose invoice it belongs on (a stay, an appointment); its own key when alone.</param>
/// <param name="Amount">What it would be charged at, when the price list says.</param>
public sealed record UnbilledCare(string SourceKey, DateTime At, Guid TutorId, string TutorName, Guid PetId, string PetName, string What, string? Detail = null, string? VisitKey = null, decimal? Amount = null)
{
    public string Visit => VisitKey ?? SourceKey;
}

/// <summary>One visit or stay with care not charged: what the desk reviews, one line per visit rather
/// than one per dose (a stay of a few days gives dozens of doses).</summary>
/// <param name="What">A resource key (<see cref="UnbilledCare.What"/> for a visit of one item).</param>
/// <param name="StayId">The hospital stay, when the visit is one.</param>
/// <param name="Total">The sum of the items that have a price; null when none has.</param>
public sealed record UnbilledVisit(
    string VisitKey, DateTime At, Guid TutorId, string TutorName, Guid PetId, string PetName, string What, string? Detail, Guid? StayId, int Items, decimal? Total);

/// <summary>No missed charges: completed care posts its own line on the visit's invoice (clinical
/// areas add their kinds here: doses, stay days, exams), and what could not be charged is listed.</summary>
public sealed class CareCharges(ClinicDbFactory dbFactory, InvoiceService invoices, HospitalTime hospitalTime)
    : Ram.IAdministrationObserver, Agenda.IAppointmentObserver, Exams.IExamObserver, Hospitalizations.IStayObserver
{
    private const string StayVisitPrefix = "hospitalization:";
    private const string AppointmentKeyPrefix = "appointment:";
    private const string DoseKeyPrefix = "dose:";

    public static string AppointmentKey(Guid appointmentId) => $"{AppointmentKeyPrefix}{appointmentId}";

    /// <summary>The visit a stay's charges gather on (one invoice for the whole stay).</summary>
    public static string StayVisitKey(Guid stayId) => $"{StayVisitPrefix}{stayId}";

    public static string DoseKey(Guid administrationId) => $"{DoseKeyPrefix}{administrationId}";

    public static string StayKey(Guid stayId) => $"stay:{stayId}";

    public static string ExamKey(Guid examId) => $"exam:{examId}";

    /// <summary>Days charged for a stay: started days, at least one.</summary>
    public static int StayDays(DateTime admittedUtc, DateTime endedUtc) =>
        Math.Max(1, (int)Math.Ceiling((endedUtc - admittedUtc).TotalHours / 24d - 1e-9));

    /// <summary>Charges a dose given in hospital at its medicine's price per dose, once, on the stay's invoice.
    /// A medicine without a price is not charged.</summary>
    public async Task ChargeDoseAsync(Guid administrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var dose = await (from a in db.MedicationAdministrations.AsNoTracking()
                          where a.Id == administrationId && a.Status == AdministrationStatus.Given
                          join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
                          join m in db.Medications on i.MedicationId equals m.Id
                          join h in db.Hospitalizations on a.HospitalizationId equals h.Id
                          select new { a.Id, a.RecordedAt, a.HospitalizationId, h.TutorId, h.PetId, i.MedicationName, i.DoseMg, m.PricePerDose })
            .FirstOrDefaultAsync(ct);
        if (dose?.PricePerDose is not { } price)
        {
            return;
        }

        var description = DoseDescription(dose.MedicationName, dose.DoseMg, hospitalTime.ToLocal(dose.RecordedAt ?? hospitalTime.UtcNow));
        await invoices.PostChargeAsync(StayVisitKey(dose.HospitalizationId), dose.TutorId, dose.PetId, DoseKey(dose.Id), description, ChargeKind.Medication, 1, price, ct);
    }

    /// <summary>The invoice line of a dose given at <paramref name="localTime"/> (the hospital's clock).</summary>
    public static string DoseDescription(string medicationName, decimal doseMg, DateTime localTime) =>
        string.Create(CultureInfo.InvariantCulture, $"{medicationName} — {doseMg:0.##} mg ({localTime:dd/MM HH:mm})");

    /// <summary>A dose given posts its charge in the same step (DOMAIN.md area 4).</summary>
    public Task DoseGivenAsync(Guid administrationId, CancellationToken ct) => ChargeDoseAsync(administrationId, ct);

    /// <summary>A dose taken back: its charge is withdrawn while its invoice is open with nothing paid;
    /// once money was taken on it the undo is refused (the desk refunds or credits instead).</summary>
    public async Task DoseUndoneAsync(Guid administrationId, CancellationToken ct)
    {
        if (!await invoices.WithdrawChargeAsync(DoseKey(administrationId), ct))
        {
            throw new Data.Common.DomainRuleException("Ram.Error.UndoBilled");
        }
    }

    public Task AppointmentCompletedAsync(Guid appointmentId, CancellationToken ct) => ChargeAppointmentAsync(appointmentId, ct);

    public Task ExamCompletedAsync(Guid examId, CancellationToken ct) => ChargeExamAsync(examId, ct);

    public Task StayEndedAsync(Guid stayId, CancellationToken ct) => ChargeStayAsync(stayId, ct);

    /// <summary>Charges an ended stay's days at the price list's daily rate, once.</summary>
    public async Task ChargeStayAsync(Guid stayId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stay = await db.Hospitalizations.AsNoTracking().FirstOrDefaultAsync(h => h.Id == stayId && h.EndedAt != null, ct);
        var price = await db.PriceItems.AsNoTracking().Where(p => p.Kind == ChargeKind.HospitalizationDay && p.IsActive).OrderBy(p => p.Name).FirstOrDefaultAsync(ct);
        if (stay is null || price is null)
        {
            return;
        }

        await invoices.PostChargeAsync(StayVisitKey(stay.Id), stay.TutorId, stay.PetId, StayKey(stay.Id), price.Name, price.Kind, StayDays(stay.AdmittedAt, stay.EndedAt!.Value), price.Price, ct);
    }

    /// <summary>Charges a completed exam at its price-list line, once: on the stay's invoice when in
    /// hospital, else on its consultation's visit.</summary>
    public async Task ChargeExamAsync(Guid examId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exam = await db.ExamRequests.AsNoTracking().FirstOrDefaultAsync(e => e.Id == examId && e.Status == ExamStatus.Completed, ct);
        if (exam?.PriceItemId is not { } priceId)
        {
            return;
        }

        var price = await db.PriceItems.AsNoTracking().FirstOrDefaultAsync(p => p.Id == priceId, ct);
        if (price is null)
        {
            return;
        }

        var appointmentId = exam.ConsultationId is { } consultationId
            ? await db.Consultations.Where(c => c.Id == consultationId).Select(c => c.AppointmentId).FirstOrDefaultAsync(ct)
            : null;
        var visit = exam.HospitalizationId is { } stayId ? StayVisitKey(stayId)
            : appointmentId is { } appointment ? AppointmentKey(appointment)
            : exam.ConsultationId is { } consultation ? $"consultation:{consultation}"
            : ExamKey(exam.Id);
        await invoices.PostChargeAsync(visit, exam.TutorId, exam.PetId, ExamKey(exam.Id), price.Name, price.Kind, 1, price.Price, ct);
    }

    /// <summary>Charges a completed appointment at its type's price, once. Without a price for the
    /// type nothing is posted and the appointment shows in <see cref="UnbilledAsync"/>.</summary>
    public async Task ChargeAppointmentAsync(Guid appointmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId && a.Status == AppointmentStatus.Completed, ct);
        if (appointment is null)
        {
            return;
        }

        var price = await db.PriceItems.AsNoTracking().FirstOrDefaultAsync(p => p.ChargesAppointment == appointment.Type && p.IsActive, ct);
        if (price is null)
        {
            return;
        }

        var key = AppointmentKey(appointment.Id);
        await invoices.PostChargeAsync(key, appointment.TutorId, appointment.PetId, key, price.Name, price.Kind, 1, price.Price, ct);
    }

    /// <summary>Completed appointments since <paramref name="sinceUtc"/> with no invoice line.</summary>
    public Task<IReadOnlyList<UnbilledCare>> UnbilledAsync(DateTime sinceUtc, CancellationToken ct = default) => UnbilledAsync(sinceUtc, null, ct);

    /// <summary>Care given from <paramref name="sinceUtc"/> up to (excluded) <paramref name="untilUtc"/> (no end when null)
    /// that has no invoice line now: the bounded form lets a past period's figure (analytics' revenue at risk) read only its own rows.</summary>
    public async Task<IReadOnlyList<UnbilledCare>> UnbilledAsync(DateTime sinceUtc, DateTime? untilUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // "Not billed" is asked of the database, one index look-up of the item's source key per visit, so only the
        // few visits left to charge are read (a year of a busy hospital is some 90,000 completed visits).
        var completed = await (from a in db.Appointments.AsNoTracking()
                               where a.Status == AppointmentStatus.Completed && a.Start >= sinceUtc && (untilUtc == null || a.Start < untilUtc)
#pragma warning disable CA1304, CA1311 // translated to SQL's lower() (keys hold the id as .NET writes it: lower case), never run here
                                     && !db.InvoiceItems.Any(i => i.SourceKey == AppointmentKeyPrefix + a.Id.ToString().ToLower())
#pragma warning restore CA1304, CA1311
                               join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                               join t in db.Tutors.IgnoreQueryFilters() on a.TutorId equals t.Id
                               select new { a.Id, a.Start, a.Type, a.TutorId, TutorName = t.Name, a.PetId, PetName = p.Name })
            .ToListAsync(ct);
        var prices = await db.PriceItems.AsNoTracking().Where(p => p.IsActive && p.ChargesAppointment != null)
            .Select(p => new { Type = p.ChargesAppointment!.Value, p.Price }).ToListAsync(ct);
        var unbilled = completed
            .Select(c => new UnbilledCare(AppointmentKey(c.Id), c.Start, c.TutorId, c.TutorName, c.PetId, c.PetName, $"Appointment.Type.{c.Type}",
                VisitKey: AppointmentKey(c.Id), Amount: prices.FirstOrDefault(p => p.Type == c.Type)?.Price))
            .ToList();
        unbilled.AddRange(await UnbilledCareAsync(db, sinceUtc, untilUtc, ct));
        return unbilled.OrderByDescending(c => c.At).ToList();
    }

    /// <summary>Care not charged since <paramref name="sinceUtc"/>, one line per visit or stay (latest first).</summary>
    public async Task<IReadOnlyList<UnbilledVisit>> UnbilledVisitsAsync(DateTime sinceUtc, CancellationToken ct = default) =>
        ByVisit(await UnbilledAsync(sinceUtc, ct));

    /// <summary>Gathers care by the visit it belongs to: a stay's doses, days and exams are one line,
    /// with how many items and what they add up to.</summary>
    public static IReadOnlyList<UnbilledVisit> ByVisit(IEnumerable<UnbilledCare> care) =>
        care.GroupBy(c => c.Visit, StringComparer.Ordinal)
            .Select(visit =>
            {
                var items = visit.ToList();
                var latest = items.MaxBy(c => c.At)!;
                var stayId = visit.Key.StartsWith(StayVisitPrefix, StringComparison.Ordinal) && Guid.TryParse(visit.Key[StayVisitPrefix.Length..], out var id) ? id : (Guid?)null;
                (string What, string? Detail) label = stayId is not null ? ("Charge.Unbilled.Visit.Stay", null)
                    : items.Count == 1 ? (latest.What, latest.Detail)
                    : items.FirstOrDefault(c => c.SourceKey == visit.Key) is { } appointment ? (appointment.What, appointment.Detail)
                    : ("Charge.Unbilled.Visit.Consultation", null);
                var priced = items.Where(c => c.Amount is not null).ToList();
                return new UnbilledVisit(visit.Key, latest.At, latest.TutorId, latest.TutorName, latest.PetId, latest.PetName, label.What, label.Detail, stayId, items.Count,
                    priced.Count == 0 ? null : priced.Sum(c => c.Amount!.Value));
            })
            .OrderByDescending(v => v.At)
            .ToList();

    /// <summary>Priced doses given, ended stays and priced completed exams with no invoice line.</summary>
    private static async Task<List<UnbilledCare>> UnbilledCareAsync(ClinicDbContext db, DateTime sinceUtc, DateTime? untilUtc, CancellationToken ct)
    {
        var doses = await (from a in db.MedicationAdministrations.AsNoTracking()
                           where a.Status == AdministrationStatus.Given && a.RecordedAt >= sinceUtc && (untilUtc == null || a.RecordedAt < untilUtc)
#pragma warning disable CA1304, CA1311 // translated to SQL's lower(), as above
                                 && !db.InvoiceItems.Any(ii => ii.SourceKey == DoseKeyPrefix + a.Id.ToString().ToLower())
#pragma warning restore CA1304, CA1311
                           join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
                           join m in db.Medications on i.MedicationId equals m.Id
                           where m.PricePerDose != null
                           join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                           join t in db.Tutors.IgnoreQueryFilters() on p.TutorId equals t.Id
                           select new { a.Id, At = a.RecordedAt!.Value, a.HospitalizationId, TutorId = t.Id, TutorName = t.Name, PetId = p.Id, PetName = p.Name, i.MedicationName, m.PricePerDose })
            .ToListAsync(ct);
        var stays = await (from h in db.Hospitalizations.AsNoTracking()
                           where h.EndedAt != null && h.EndedAt >= sinceUtc && (untilUtc == null || h.EndedAt < untilUtc)
                           join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                           join t in db.Tutors.IgnoreQueryFilters() on h.TutorId equals t.Id
                           select new { h.Id, At = h.EndedAt!.Value, h.AdmittedAt, TutorId = t.Id, TutorName = t.Name, PetId = p.Id, PetName = p.Name })
            .ToListAsync(ct);
        var exams = await (from e in db.ExamRequests.AsNoTracking()
                           where e.Status == ExamStatus.Completed && e.PriceItemId != null && e.CompletedAt >= sinceUtc && (untilUtc == null || e.CompletedAt < untilUtc)
                           join p in db.Pets.IgnoreQueryFilters() on e.PetId equals p.Id
                           join t in db.Tutors.IgnoreQueryFilters() on e.TutorId equals t.Id
                           join price in db.PriceItems on e.PriceItemId equals price.Id
                           select new { e.Id, At = e.CompletedAt!.Value, e.HospitalizationId, e.ConsultationId, TutorId = t.Id, TutorName = t.Name, PetId = p.Id, PetName = p.Name, e.ExamType, price.Price })
            .ToListAsync(ct);
        var dayRate = await db.PriceItems.AsNoTracking().Where(p => p.Kind == ChargeKind.HospitalizationDay && p.IsActive).OrderBy(p => p.Name)
            .Select(p => (decimal?)p.Price).FirstOrDefaultAsync(ct);
        var consultationIds = exams.Where(e => e.HospitalizationId is null && e.ConsultationId is not null).Select(e => e.ConsultationId!.Value).Distinct().ToList();
        var appointmentOf = new Dictionary<Guid, Guid>();
        foreach (var chunk in consultationIds.Chunk(500))
        {
            foreach (var (consultation, appointment) in await db.Consultations.AsNoTracking().Where(c => chunk.Contains(c.Id) && c.AppointmentId != null)
                         .Select(c => new ValueTuple<Guid, Guid>(c.Id, c.AppointmentId!.Value)).ToListAsync(ct))
            {
                appointmentOf[consultation] = appointment;
            }
        }
        // Stays and exams are few; doses were filtered by the database above.
        var keys = stays.Select(s => StayKey(s.Id)).Concat(exams.Select(e => ExamKey(e.Id))).ToList();
        var billed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            billed.UnionWith(await db.InvoiceItems.AsNoTracking().Where(i => i.SourceKey != null && chunk.Contains(i.SourceKey)).Select(i => i.SourceKey!).ToListAsync(ct));
        }

        return
        [
            .. doses.Select(d => new UnbilledCare(DoseKey(d.Id), d.At, d.TutorId, d.TutorName, d.PetId, d.PetName, "Charge.Unbilled.Dose", d.MedicationName,
                StayVisitKey(d.HospitalizationId), d.PricePerDose)),
            .. stays.Where(s => !billed.Contains(StayKey(s.Id))).Select(s => new UnbilledCare(StayKey(s.Id), s.At, s.TutorId, s.TutorName, s.PetId, s.PetName, "Charge.Unbilled.Stay", StayDays(s.AdmittedAt, s.At).ToString(CultureInfo.InvariantCulture),
                StayVisitKey(s.Id), dayRate * StayDays(s.AdmittedAt, s.At))),
            .. exams.Where(e => !billed.Contains(ExamKey(e.Id))).Select(e => new UnbilledCare(ExamKey(e.Id), e.At, e.TutorId, e.TutorName, e.PetId, e.PetName, "Charge.Unbilled.Exam", e.ExamType,
                // The visit ChargeExamAsync would post it on.
                e.HospitalizationId is { } stayId ? StayVisitKey(stayId)
                    : e.ConsultationId is { } consultationId ? appointmentOf.TryGetValue(consultationId, out var appointmentId) ? AppointmentKey(appointmentId) : $"consultation:{consultationId}"
                    : null,
                e.Price)),
        ];
    }
}
